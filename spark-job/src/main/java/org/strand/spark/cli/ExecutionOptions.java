package org.strand.spark.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * How a job runs, on Spark or in-process: threads, processor, failure handling, reporting, and
 * {@code --conf} settings (for an in-process job only those it reads; see
 * {@link RequestValidation#inProcessSettings}). What only a Spark job has is in
 * {@link SparkJobOptions}.
 */
public final class ExecutionOptions {
  @Option(names = "--threads-per-run", paramLabel = "N", description = "Threads per run, 1 to 256 (default: spark.task.cpus).")
  Integer threadsPerRun;

  @Option(names = "--processor", paramLabel = "P", description = "threaded or single (default ${DEFAULT-VALUE}).", defaultValue = "threaded")
  String processor;

  @Option(names = "--fail-fast", description = "Stop the job at the first failed run.")
  boolean failFast;

  @Option(names = "--no-progress", description = "No progress line on stderr.")
  boolean noProgress;

  @Option(names = "--summary-json", paramLabel = "FILE", description = "Write the job summary as JSON to FILE.")
  Path summaryJson;

  @Option(names = "--run-timeout", paramLabel = "DURATION", description = "Fail a run that takes longer (e.g. 90s, 15m, 2h).")
  String runTimeout;

  @Option(names = "--conf", paramLabel = "key=value", description = "A Spark setting; repeatable.")
  List<String> conf = new ArrayList<>();
}
