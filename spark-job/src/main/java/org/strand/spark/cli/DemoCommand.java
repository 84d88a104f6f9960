package org.strand.spark.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.strand.core.ConfigurationException;
import org.strand.spark.Components;
import org.strand.spark.JobRequest;
import org.strand.spark.JobRunner;
import org.strand.spark.sql.LineageSelection;
import org.strand.spark.sql.OutputViews;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code strand demo}: generates a handful of runs, processes them on Spark {@code local[*]},
 * prints the summary and the result of an example SQL query.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Generate a few runs, process them on local[*], print the summary and an example SQL query.",
    footer = {"", "Example:", "  strand demo", "  strand demo --runs 8 --run-size-mb 50 --output demo-output"})
final class DemoCommand implements Callable<Integer> {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec commandSpec;

  private java.io.PrintWriter out() {
    return commandSpec.commandLine().getOut();
  }

  @Option(names = "--output", paramLabel = "ROOT", defaultValue = "strand-output/demo", description = "Output root (default ${DEFAULT-VALUE}).")
  String output;

  @Option(names = "--runs", paramLabel = "N", defaultValue = "4", description = "Runs to generate (default ${DEFAULT-VALUE}).")
  int runs;

  @Option(names = "--run-size-mb", paramLabel = "MB", defaultValue = "20", description = "Raw size of each run (default ${DEFAULT-VALUE}).")
  double runSizeMb;

  @Option(names = "--summary-json", paramLabel = "FILE", description = "Write the job summary as JSON to FILE.")
  String summaryJson;

  private static String absolute(String root) {
    return root.contains("://") || root.startsWith("file:") ? root : java.nio.file.Path.of(root).toAbsolutePath().normalize().toString();
  }

  @Override
  public Integer call() {
    // Checked here, as the run command's message would name its flag (--generate); --run-size-mb
    // is the run command's own flag and checked there.
    if (runs < 1) {
      throw new ConfigurationException("--runs must be at least 1, got " + runs);
    }
    List<String> args = new ArrayList<>(List.of("--output", output, "--generate", Integer.toString(runs),
        "--run-size-mb", Double.toString(runSizeMb), "--master", "local[*]"));
    if (summaryJson != null) {
      args.add("--summary-json");
      args.add(summaryJson);
    }
    // The job is checked as 'run' checks it, before the first line is printed: a usage error
    // (an output root of another format, say) is then the only line, as for any command.
    RunCommand run = new RunCommand();
    CommandLine runLine = new CommandLine(run);
    runLine.setErr(commandSpec.commandLine().getErr());
    runLine.parseArgs(args.toArray(String[]::new));
    JobRequest request = Requests.jobRequest(run.selection, run.execution, run.sparkJob);
    out().println("strand demo: " + runs + " generated runs of " + runSizeMb + " MB -> " + output);
    out().flush();
    int code = new JobRunner(request, out(), commandSpec.commandLine().getErr()).run();
    if (code != StrandCli.OK) {
      return code;
    }
    String sql = "SELECT run_id, COUNT(*) AS events, ROUND(AVG(s2_area), 1) AS mean_s2_area, "
        + "ROUND(AVG(drift_time) / 1000, 1) AS mean_drift_us FROM event_basics GROUP BY run_id ORDER BY run_id";
    SparkSession spark = SparkSession.builder().master("local[*]").config("spark.sql.debug.maxToStringFields", "1000").getOrCreate();
    // The views show the newest lineage of each run, as `strand sql` does, whatever older
    // demo output the root holds.
    OutputViews.register(spark, output, Components.hadoopConfiguration(Map.of()), LineageSelection.newest());
    out().println();
    out().println("example query: " + sql);
    out().print(org.strand.spark.ResultTable.format(spark.sql(sql), 100));
    out().println();
    out().println("next: strand sql --output " + output + " \"SELECT * FROM strand_runs\"");
    out().println("      notebooks/README.md: this output in Jupyter, PySpark and Zeppelin (STRAND_OUTPUT=" + absolute(output) + ")");
    out().flush();
    return StrandCli.OK;
  }
}
