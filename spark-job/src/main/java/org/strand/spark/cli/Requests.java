package org.strand.spark.cli;

import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.strand.spark.Components;
import org.strand.spark.JobRequest;
import org.strand.spark.JobSpec;
import org.strand.spark.RunScheduler;

/**
 * Turns parsed options into a checked {@link JobRequest}: every check that can fail on the
 * user's input runs here, before Spark starts and before anything is written.
 */
final class Requests {
  private Requests() {}

  static JobRequest jobRequest(SelectionOptions selection, ExecutionOptions execution) {
    JobSpec spec = RequestValidation.spec(selection, execution);
    List<String> requested = RequestValidation.requestedRuns(selection);
    var sparkConf = RequestValidation.sparkConf(execution.conf);
    Configuration conf = Components.hadoopConfiguration(sparkConf);
    spec = Components.resolveInput(spec, conf);
    Components.checkOutput(spec, conf);
    var ctx = Components.context(spec, conf, 1);
    List<RunScheduler.SizedRun> runs = Components.listRuns(spec, requested, conf);
    RequestValidation.byRunTables(ctx, spec, runs, selection.config);
    boolean progress = !execution.noProgress && System.console() != null;
    return new JobRequest(spec, runs, execution.maxRunsPerPartition, execution.master, sparkConf, progress, execution.summaryJson);
  }
}
