package org.strand.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The driver's Hadoop configuration holds the {@code spark.hadoop.*} settings given to
 * {@code spark-submit} (which reach the driver as system properties) as well as those of
 * strand's own {@code --conf}, the latter winning, as the executors' does.
 */
class HadoopConfigurationTest {
  private static final String FROM_SUBMIT = "spark.hadoop.strand.test.submitted";
  private static final String BOTH = "spark.hadoop.strand.test.both";

  @AfterEach
  void clear() {
    System.clearProperty(FROM_SUBMIT);
    System.clearProperty(BOTH);
  }

  @Test
  void sparkSubmitSettings_reachTheDriver_andStrandsConfWins() {
    System.setProperty(FROM_SUBMIT, "from-submit");
    System.setProperty(BOTH, "from-submit");

    Configuration conf = Components.hadoopConfiguration(Map.of(BOTH, "from-strand", "spark.hadoop.strand.test.own", "own"));

    assertEquals("from-submit", conf.get("strand.test.submitted"));
    assertEquals("from-strand", conf.get("strand.test.both"));
    assertEquals("own", conf.get("strand.test.own"));
  }
}
