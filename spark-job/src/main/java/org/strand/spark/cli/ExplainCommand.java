package org.strand.spark.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.strand.context.Context;
import org.strand.core.InOrder;
import org.strand.processing.RunPlan;
import org.strand.spark.Components;
import org.strand.spark.JobRunner;
import org.strand.spark.JobSpec;
import org.strand.spark.RunScheduler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code strand explain}: the plan and lineages of a job, and which runs are already done. */
@Command(name = "explain", mixinStandardHelpOptions = true,
    description = "Show the plan and lineage of each target, and which runs are already done; processes nothing.",
    footer = {"", "Examples:",
        "  strand explain --output out --generate 4",
        "  strand explain --output out --input data --runs 000001 --set hit_min_amplitude=20"})
final class ExplainCommand implements Callable<Integer> {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec commandSpec;

  private java.io.PrintWriter out() {
    return commandSpec.commandLine().getOut();
  }

  @Mixin
  SelectionOptions selection;

  @picocli.CommandLine.Mixin
  SparkSettings settings;

  @Override
  public Integer call() {
    JobSpec spec = RequestValidation.spec(selection, null);
    List<String> requested = RequestValidation.requestedRuns(selection);
    Configuration conf = Components.hadoopConfiguration(settings.map());
    spec = Components.resolveInput(spec, conf);
    Components.checkOutput(spec, conf);
    Context ctx = Components.context(spec, conf, 1);
    Components.Selection listing = Components.select(spec, requested, conf);
    RequestValidation.byRunTables(ctx, spec, listing.runs(), selection.config);
    // Planned with what the listing found, so each run's directory is opened by name; several at
    // once, as run plans them: planning a run is a few round trips to the file system.
    Context planner = Components.context(listing.spec(), conf, 1);
    List<RunScheduler.SizedRun> runs = listing.runs();
    List<String> targets = spec.targets();
    List<Row> rows = InOrder.map(runs, JobRunner.PLANNING_THREADS, "strand-planning", run -> row(planner, targets, run));
    int done = 0;
    int unplannable = 0;
    StringBuilder table = new StringBuilder();
    RunScheduler.SizedRun firstPlanned = null;
    for (int i = 0; i < rows.size(); i++) {
      Row row = rows.get(i);
      table.append(row.text());
      done += row.done() ? 1 : 0;
      unplannable += row.planned() ? 0 : 1;
      if (firstPlanned == null && row.planned()) {
        firstPlanned = runs.get(i);
      }
    }
    if (firstPlanned != null) {
      try (RunPlan plan = planner.plan(firstPlanned.runId(), targets)) {
        out().println("plan for the first run (every run has the same plugins and options):");
        out().print(plan.explain());
        out().println();
      }
    }
    out().println("runs (target=status(lineage)):");
    out().print(table);
    out().printf("%d of %d runs already done%n", done, runs.size());
    if (unplannable > 0) {
      out().printf("%d of %d runs cannot be planned: a job would fail them%n", unplannable, runs.size());
    }
    out().flush();
    // As run would exit: a scheduler can use explain as a check before submitting.
    return unplannable > 0 ? StrandCli.RUN_FAILED : StrandCli.OK;
  }

  /** A run's line in the table, whether all its targets are published, whether it could be planned. */
  private record Row(String text, boolean done, boolean planned) {}

  private static Row row(Context planner, List<String> targets, RunScheduler.SizedRun run) {
    try (RunPlan plan = planner.plan(run.runId(), targets)) {
      StringBuilder row = new StringBuilder(String.format("  %-12s %10.1f MB", run.runId(), run.bytes() / 1e6));
      boolean all = true;
      for (String t : targets) {
        boolean published = plan.producer(t).action() == RunPlan.Action.LOAD;
        all &= published;
        row.append(String.format("  %s=%s(%s)", t, published ? "done" : "todo", plan.lineage(t).hash()));
      }
      return new Row(row.append('\n').toString(), all, true);
    } catch (RuntimeException e) {
      return new Row(String.format("  %-12s cannot be planned: %s%n", run.runId(), StrandCli.oneLine(e.getMessage())), false, false);
    }
  }
}
