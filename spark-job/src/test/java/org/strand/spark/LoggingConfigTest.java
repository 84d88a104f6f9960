package org.strand.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.Test;

/**
 * strand's log4j2.properties: the warning Spark gives when demo and sql open a session over the
 * context strand started itself is dropped, and the SparkContext's other warnings still show.
 */
class LoggingConfigTest {
  @Test
  void existingContextWarning_isDropped_otherSparkContextWarningsShow() {
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    Configuration config = context.getConfiguration();
    List<String> seen = new ArrayList<>();
    AbstractAppender capture = new AbstractAppender("capture", null, null, true, Property.EMPTY_ARRAY) {
      @Override
      public void append(LogEvent event) {
        seen.add(event.getMessage().getFormattedMessage());
      }
    };
    capture.start();
    config.getRootLogger().addAppender(capture, Level.ALL, null);
    context.updateLoggers();
    try {
      org.slf4j.Logger spark = org.slf4j.LoggerFactory.getLogger("org.apache.spark.SparkContext");
      spark.warn("Using an existing SparkContext; some configuration may not take effect.");
      spark.warn("Another SparkContext warning");
    } finally {
      config.getRootLogger().removeAppender("capture");
      context.updateLoggers();
    }
    assertThat(seen).containsExactly("Another SparkContext warning");
  }
}
