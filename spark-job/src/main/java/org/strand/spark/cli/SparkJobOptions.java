package org.strand.spark.cli;

import picocli.CommandLine.Option;

/** What only a job on Spark has: its master and how runs are packed into partitions. */
final class SparkJobOptions {
  @Option(names = "--max-runs-per-partition", paramLabel = "N", description = "Pack up to N runs per Spark partition, balanced by size (default ${DEFAULT-VALUE}).", defaultValue = "1")
  int maxRunsPerPartition;

  @Option(names = "--master", paramLabel = "URL", description = "Spark master (default: Spark's own setting, else local[*]).")
  String master;
}
