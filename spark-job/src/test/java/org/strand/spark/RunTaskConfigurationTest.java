package org.strand.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

/**
 * An executor's tasks share one Hadoop configuration per Spark environment, holding its
 * {@code spark.hadoop.*} settings; another environment (a new Spark context in the same JVM)
 * gets its own.
 */
class RunTaskConfigurationTest {
  @Test
  void oneConfigurationPerSparkConf_withItsHadoopSettings() {
    SparkConf first = new SparkConf(false).set("spark.hadoop.strand.test.setting", "first");
    SparkConf second = new SparkConf(false).set("spark.hadoop.strand.test.setting", "second");

    Configuration a = RunTask.hadoopConfiguration(first);
    assertSame(a, RunTask.hadoopConfiguration(first), "made once for the tasks of one environment");
    assertEquals("first", a.get("strand.test.setting"));

    Configuration b = RunTask.hadoopConfiguration(second);
    assertNotSame(a, b);
    assertEquals("second", b.get("strand.test.setting"));
  }
}
