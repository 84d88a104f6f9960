package org.strand.spark;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.strand.spark.testing.LogLines;

/**
 * strand's log4j2.properties: the warning Spark gives when demo and sql open a session over the
 * context strand started itself is dropped, and the SparkContext's other warnings still show.
 */
class LoggingConfigTest {
  @Test
  void existingContextWarning_isDropped_otherSparkContextWarningsShow() {
    try (LogLines log = LogLines.of("org.apache.spark.SparkContext")) {
      org.slf4j.Logger spark = org.slf4j.LoggerFactory.getLogger("org.apache.spark.SparkContext");
      spark.warn("Using an existing SparkContext; some configuration may not take effect.");
      spark.warn("Another SparkContext warning");
      assertThat(log.lines()).containsExactly("WARN Another SparkContext warning");
    }
  }
}
