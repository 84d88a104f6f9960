package org.strand.spark.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** How a job runs: threads, processor, partitioning, failure handling, Spark settings. */
public final class ExecutionOptions {
  @Option(names = "--threads-per-run", paramLabel = "N", description = "Threads per run, 1 to 256 (default: spark.task.cpus).")
  Integer threadsPerRun;

  @Option(names = "--processor", paramLabel = "P", description = "threaded or single (default ${DEFAULT-VALUE}).", defaultValue = "threaded")
  String processor;

  @Option(names = "--max-runs-per-partition", paramLabel = "N", description = "Pack up to N runs per Spark partition, balanced by size (default ${DEFAULT-VALUE}).", defaultValue = "1")
  int maxRunsPerPartition;

  @Option(names = "--fail-fast", description = "Stop the job at the first failed run.")
  boolean failFast;

  @Option(names = "--no-progress", description = "No progress line on stderr.")
  boolean noProgress;

  @Option(names = "--summary-json", paramLabel = "FILE", description = "Write the job summary as JSON to FILE.")
  Path summaryJson;

  @Option(names = "--run-timeout", paramLabel = "DURATION", description = "Fail a run that takes longer (e.g. 90s, 15m, 2h).")
  String runTimeout;

  @Option(names = "--master", paramLabel = "URL", description = "Spark master (default: Spark's own setting, else local[*]).")
  String master;

  @Option(names = "--conf", paramLabel = "key=value", description = "A Spark setting; repeatable.")
  List<String> conf = new ArrayList<>();
}
