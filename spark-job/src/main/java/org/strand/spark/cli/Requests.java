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

  /**
   * The request of a job; {@code sparkJob} null for one processed in this JVM without Spark,
   * which has no master and no partitions and reads only some settings.
   */
  static JobRequest jobRequest(SelectionOptions selection, ExecutionOptions execution, SparkJobOptions sparkJob) {
    JobSpec spec = RequestValidation.spec(selection, execution);
    var sparkConf = RequestValidation.sparkConf(execution.conf);
    if (sparkJob != null) {
      RequestValidation.sparkJob(sparkJob, sparkConf);
    } else {
      RequestValidation.inProcessSettings(sparkConf);
    }
    List<String> requested = RequestValidation.requestedRuns(selection);
    Configuration conf = Components.hadoopConfiguration(sparkConf);
    spec = Components.resolveInput(spec, conf);
    Components.checkOutput(spec, conf);
    var ctx = Components.context(spec, conf, 1);
    Components.Selection listing = Components.select(spec, requested, conf);
    spec = listing.spec();
    List<RunScheduler.SizedRun> runs = listing.runs();
    RequestValidation.byRunTables(ctx, spec, runs, selection.config);
    boolean progress = !execution.noProgress && System.console() != null;
    int runsPerPartition = sparkJob == null ? 1 : sparkJob.maxRunsPerPartition;
    String master = sparkJob == null ? null : sparkJob.master;
    return new JobRequest(spec, runs, runsPerPartition, master, sparkConf, progress, execution.summaryJson);
  }
}
