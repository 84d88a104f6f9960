package org.strand.spark.cli;

import java.util.concurrent.Callable;
import org.strand.spark.JobRequest;
import org.strand.spark.JobRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code strand run}: process runs into the output root. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Process runs (generated, or from a strax or strand input) into tables under the output root.",
    footer = {"", "Examples:",
        "  strand run --output out --generate 16 --run-size-mb 50",
        "  strand run --output hdfs:///strand/out --input hdfs:///strax/data --runs-file runs.txt --threads-per-run 4",
        "  strand run --output out --input data --set hit_min_amplitude=20 --store cache --summary-json summary.json",
        "", "Exit codes: 0 all runs done or already done, 1 a run failed, 2 usage or configuration error."})
final class RunCommand implements Callable<Integer> {
  @Mixin
  SelectionOptions selection;

  @Mixin
  ExecutionOptions execution;

  @Mixin
  SparkJobOptions sparkJob;

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    JobRequest request = Requests.jobRequest(selection, execution, sparkJob);
    return new JobRunner(request, spec.commandLine().getOut(), spec.commandLine().getErr()).run();
  }
}
