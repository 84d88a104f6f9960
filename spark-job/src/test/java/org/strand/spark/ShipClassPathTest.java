package org.strand.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.File;
import java.nio.file.Path;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

/**
 * The class path the strand script's driver hands to a standalone cluster's executors names the
 * same files from wherever an executor runs: each executor works in a directory of its own, so a
 * relative entry (a plugin jar given as {@code STRAND_CLASSPATH=my-plugins.jar}) must arrive
 * absolute, resolved where the user gave it.
 */
class ShipClassPathTest {
  @Test
  void relativeEntry_reachesTheExecutorsAsAnAbsolutePath() throws Exception {
    String own = Path.of(JobRunner.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    SparkConf conf = new SparkConf(false).set("spark.master", "spark://127.0.0.1:7077");
    JobRunner.shipClassPath(conf, own + File.pathSeparator + "plugins/my-plugins.jar");
    assertThat(conf.get("spark.executor.extraClassPath").split(File.pathSeparator))
        .containsExactly(own, Path.of("plugins", "my-plugins.jar").toAbsolutePath().toString());
  }

  @Test
  void localMaster_getsNoExecutorClassPath() throws Exception {
    String own = Path.of(JobRunner.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    SparkConf conf = new SparkConf(false).set("spark.master", "local[2]");
    JobRunner.shipClassPath(conf, own + File.pathSeparator + "plugins/my-plugins.jar");
    assertFalse(conf.contains("spark.executor.extraClassPath"), "local executors share the driver's class path");
  }
}
