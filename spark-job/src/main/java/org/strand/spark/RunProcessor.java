package org.strand.spark;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.strand.context.Context;
import org.strand.core.StrandException;
import org.strand.processing.RunPlan;
import org.strand.processing.RunReport;
import org.strand.processing.StageReport;

/**
 * Processes one run inside a task (or in-process, without Spark): plans the run's pending
 * targets, runs the processor, and reports the outcome as a {@link RunResult}. Outputs are
 * published by the storage as each (run, type) completes.
 *
 * <p>Errors are caught per run, so one bad run fails alone; with fail-fast they propagate and
 * stop the job.
 */
public final class RunProcessor {
  private static final Logger LOG = LoggerFactory.getLogger(RunProcessor.class);

  private RunProcessor() {}

  /** Thrown under fail-fast: a run failed and the job must stop. */
  public static final class RunFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RunFailedException(String runId, Throwable cause) {
      super("run " + runId + " failed (--fail-fast): " + RunResult.oneLine(cause), cause);
    }
  }

  /**
   * Processes {@code item} with {@code threads} threads.
   *
   * @throws RunFailedException under fail-fast, when the run fails
   */
  public static RunResult process(JobSpec spec, Configuration conf, WorkItem item, int threads) {
    MDC.put("run_id", item.runId());
    HeapUse.install();
    long t0 = System.nanoTime();
    try {
      // What the job's listing found of this run only: a context is made per run, and the whole
      // listing (one entry per run of the job) would be checked and copied each time.
      Context ctx = Components.context(spec.listedFor(item.runId()), conf, threads);
      RunReport report;
      Map<String, RunResult.TargetResult> targets = new LinkedHashMap<>();
      try (RunPlan plan = ctx.plan(item.runId(), item.targets())) {
        report = ctx.processor().run(plan);
        for (String t : item.targets()) {
          StageReport saver = report.stage("saver of '" + t + "'");
          long rows = saver == null ? 0 : saver.rowsIn();
          long bytes = saver == null ? 0 : saver.bytesIn();
          targets.put(t, new RunResult.TargetResult(rows, bytes, plan.lineage(t).hash()));
        }
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      Map<String, Double> stages = new LinkedHashMap<>();
      for (StageReport s : report.stages()) {
        stages.put(s.stage(), s.wallNanos() / 1e9);
      }
      LOG.info("run {} done in {} s ({} MB/s)", item.runId(), String.format("%.2f", seconds),
          String.format("%.1f", item.rawBytes() / 1e6 / Math.max(seconds, 1e-9)));
      return new RunResult(item.runId(), RunResult.DONE, item.rawBytes(), seconds, threads, targets, null,
          stages, HeapUse.peak());
    } catch (RuntimeException | LinkageError | OutOfMemoryError e) {
      double seconds = (System.nanoTime() - t0) / 1e9;
      if (StrandException.explainsItself(e)) {
        // The message names what was wrong (a damaged file, a bad value): no stack trace.
        LOG.error("run {} failed: {}", item.runId(), RunResult.oneLine(e));
        LOG.debug("run {} failed", item.runId(), e);
      } else {
        LOG.error("run {} failed: {}", item.runId(), RunResult.oneLine(e), e);
      }
      if (spec.failFast()) {
        throw new RunFailedException(item.runId(), e);
      }
      return RunResult.failed(item.runId(), item.rawBytes(), seconds, threads, RunResult.oneLine(e));
    } finally {
      MDC.remove("run_id");
    }
  }

  /** Processes items one after another (a partition's runs). */
  public static List<RunResult> processAll(JobSpec spec, Configuration conf, List<WorkItem> items, int threads) {
    return items.stream().map(i -> process(spec, conf, i, threads)).toList();
  }
}
