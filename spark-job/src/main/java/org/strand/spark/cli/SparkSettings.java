package org.strand.spark.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code --conf key=value} for the commands that read an output or input root without running a
 * job ({@code explain}, {@code list}, {@code verify}, {@code sql}): {@code spark.hadoop.*}
 * settings reach a root's file system (an HDFS name node, object-store credentials) as they do
 * for {@code run}.
 */
final class SparkSettings {
  @Option(names = "--conf", paramLabel = "key=value",
      description = "A Spark setting, e.g. spark.hadoop.* for the root's file system; repeatable.")
  List<String> conf = new ArrayList<>();

  /** The settings given, checked. */
  Map<String, String> map() {
    return RequestValidation.sparkConf(conf);
  }
}
