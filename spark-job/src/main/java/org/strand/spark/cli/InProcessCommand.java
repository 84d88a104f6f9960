package org.strand.spark.cli;

import java.util.concurrent.Callable;
import org.strand.core.ConfigurationException;
import org.strand.spark.JobRequest;
import org.strand.spark.JobRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code strand inprocess}: the same job as {@code run}, processed in this JVM without Spark,
 * {@code --parallel-runs} runs at a time. The baseline for measuring what Spark costs; hidden
 * from the help. It has no {@code --master} or {@code --max-runs-per-partition}, and takes only
 * the {@code --conf} settings it reads.
 */
@Command(name = "inprocess", hidden = true, mixinStandardHelpOptions = true,
    description = "Process runs like 'run', in this JVM without Spark (a benchmark baseline).")
final class InProcessCommand implements Callable<Integer> {
  @Mixin
  SelectionOptions selection;

  @Mixin
  ExecutionOptions execution;

  @Option(names = "--parallel-runs", paramLabel = "N", defaultValue = "1", description = "Runs processed at once (default ${DEFAULT-VALUE}).")
  int parallelRuns;

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    if (parallelRuns < 1) {
      throw new ConfigurationException("--parallel-runs must be at least 1, got " + parallelRuns);
    }
    JobRequest request = Requests.jobRequest(selection, execution, null);
    return new JobRunner(request, spec.commandLine().getOut(), spec.commandLine().getErr(), parallelRuns).run();
  }
}
