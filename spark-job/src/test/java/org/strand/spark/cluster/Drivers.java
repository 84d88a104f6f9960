package org.strand.spark.cluster;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts strand drivers the two ways users do, each in a JVM of its own (a driver in this test
 * JVM would share its one SparkContext with every other test):
 * <ul>
 *   <li>{@link #strand} as {@code submit-scripts/strand} does: {@code java} with Spark's module
 *       options and the project's class path, which the driver hands to the executors;
 *   <li>{@link #strandSubmit} through {@code submit-scripts/strand-submit}: spark-submit from
 *       the cluster's Spark home with the application jar.
 * </ul>
 */
final class Drivers {
  /**
   * JVM options for the test's drivers and executors: short-lived JVMs on a small, busy machine
   * start about twice as fast with the client compiler only and one GC thread.
   */
  static final String QUICK_START = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC";

  private Drivers() {}

  static Script.Running strand(Path log, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(LoopbackCluster.Repository.java());
    command.add("-Xmx1g");
    command.addAll(List.of(QUICK_START.split(" ")));
    command.addAll(LoopbackCluster.Repository.jvmOptions());
    command.add("-cp");
    command.add(LoopbackCluster.Repository.testClassPath());
    command.add("org.strand.spark.cli.StrandCli");
    command.addAll(args);
    return Script.start(command, Map.of(), log);
  }

  static Script.Running strandSubmit(LoopbackCluster cluster, Path log, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(cluster.repo.resolve("submit-scripts/strand-submit").toString());
    command.addAll(List.of("--driver-java-options", QUICK_START, "--conf", "spark.executor.extraJavaOptions=" + QUICK_START));
    command.addAll(args);
    return Script.start(command, cluster.submitEnvironment(), log);
  }
}
