package org.strand.spark;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.strand.spark.testing.LogCapture;

/**
 * strand's log4j2.properties: the warning Spark gives when demo and sql open a session over the
 * context strand started itself is dropped, and the SparkContext's other warnings still show.
 */
class LoggingConfigTest {
  @Test
  void existingContextWarning_isDropped_otherSparkContextWarningsShow() {
    try (LogCapture log = new LogCapture()) {
      org.slf4j.Logger spark = org.slf4j.LoggerFactory.getLogger("org.apache.spark.SparkContext");
      spark.warn("Using an existing SparkContext; some configuration may not take effect.");
      spark.warn("Another SparkContext warning");
      assertThat(log.lines()).containsExactly("org.apache.spark.SparkContext: Another SparkContext warning");
    }
  }
}
