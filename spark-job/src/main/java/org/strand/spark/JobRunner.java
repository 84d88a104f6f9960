package org.strand.spark;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.strand.context.Context;
import org.strand.core.ConfigurationException;
import org.strand.core.InOrder;
import org.strand.core.StorageException;
import org.strand.processing.RunPlan;
import org.strand.storage.StoredData;

/**
 * The driver side of a job. It works out, per run, which targets are already published with
 * their current lineage (rerunning a finished job does nothing and says so), packs the remaining
 * runs into partitions (largest first), runs them with {@code mapPartitions}, prints progress
 * and the summary table, writes the JSON summary, and returns the exit code.
 */
public final class JobRunner {
  private final JobRequest request;
  private final PrintWriter out;
  private final PrintWriter err;

  private final int inProcessRuns;

  public JobRunner(JobRequest request, PrintWriter out, PrintWriter err) {
    this(request, out, err, 0);
  }

  /**
   * A runner that, when {@code inProcessRuns > 0}, processes the runs in this JVM without Spark,
   * that many at a time, largest first: the baseline that Spark's overhead is measured against.
   */
  public JobRunner(JobRequest request, PrintWriter out, PrintWriter err, int inProcessRuns) {
    this.request = request;
    this.out = out;
    this.err = err;
    this.inProcessRuns = inProcessRuns;
  }

  /** Runs the job; returns 0 when every run is done or was done, 1 when any failed. */
  public int run() {
    Instant started = Instant.now();
    JobSpec spec = request.spec();
    Configuration conf = Components.hadoopConfiguration(request.sparkConf());
    if (warmupHere()) {
      Warmup.start(Warmup.kind(spec));
    }
    List<RunResult> results = new ArrayList<>();
    List<WorkItem> work = new ArrayList<>();
    Map<String, Map<String, RunResult.TargetResult>> reused = new HashMap<>();
    Context planner = Components.context(spec, conf, 1);
    for (Planned p : InOrder.map(request.runs(), PLANNING_THREADS, "strand-planning", run -> plan(planner, spec, run))) {
      if (p.result() != null) {
        results.add(p.result());
      } else {
        work.add(p.work());
        reused.put(p.work().runId(), p.published());
      }
    }
    Throwable failure = null;
    try {
      return process(spec, conf, started, results, work, reused);
    } catch (RuntimeException | Error e) {
      failure = e;
      throw e;
    } finally {
      // The run log and tables.sql follow what was published, also when the summary could not be
      // written or the job stopped with an error: runs published before it are there to query.
      afterJob(spec, conf, results, failure);
    }
  }

  /**
   * Runs planned on the driver at once: planning a run reads its metadata and asks the output
   * and the store what is published, a few milliseconds locally and several round trips to a
   * remote file system, so a job of thousands of runs would otherwise wait on them one by one.
   */
  public static final int PLANNING_THREADS = 8;

  /**
   * A run as planned on the driver: its result if nothing is left to do or it cannot be planned,
   * else its work and the targets already published.
   */
  private record Planned(RunResult result, WorkItem work, Map<String, RunResult.TargetResult> published) {}

  private static Planned plan(Context planner, JobSpec spec, RunScheduler.SizedRun run) {
    Map<String, RunResult.TargetResult> done;
    try (RunPlan plan = planner.plan(run.runId(), spec.targets())) {
      done = published(plan, spec.targets(), true);
    } catch (RuntimeException e) {
      return new Planned(RunResult.failed(run.runId(), run.bytes(), 0, 0, RunResult.oneLine(e)), null, null);
    }
    List<String> pending = spec.targets().stream().filter(t -> !done.containsKey(t)).toList();
    if (pending.isEmpty()) {
      return new Planned(RunResult.skipped(run.runId(), run.bytes(), done), null, null);
    }
    return new Planned(null, new WorkItem(run.runId(), run.bytes(), pending), done);
  }

  /**
   * Of {@code targets}, those the plan loads (already published), with their rows, bytes and
   * lineage; {@code reused} says whether they were published before this job.
   */
  private static Map<String, RunResult.TargetResult> published(RunPlan plan, List<String> targets, boolean reused) {
    Map<String, RunResult.TargetResult> out = new LinkedHashMap<>();
    for (String t : targets) {
      RunPlan.Step step = plan.producer(t);
      if (step.action() == RunPlan.Action.LOAD) {
        StoredData d = step.stored();
        long rows = d.chunks().stream().mapToLong(c -> c.rows()).sum();
        out.put(t, new RunResult.TargetResult(rows, d.totalBytes(), plan.lineage(t).hash(), reused));
      }
    }
    return out;
  }

  /** Processes the work and prints and writes the summary; adds what was processed to {@code results}. */
  private int process(JobSpec spec, Configuration conf, Instant started, List<RunResult> results, List<WorkItem> work,
      Map<String, Map<String, RunResult.TargetResult>> reused) {
    if (work.isEmpty()) {
      long unplanned = results.stream().filter(r -> RunResult.FAILED.equals(r.status())).count();
      if (unplanned == 0) {
        err.println("strand: nothing to do: all " + request.runs().size() + " selected runs are already published with the current lineage");
      } else {
        long published = request.runs().size() - unplanned;
        err.println("strand: nothing to process: " + unplanned + " of the " + request.runs().size()
            + " selected runs cannot be planned (listed below)" + (published > 0 ? ", " + published + " are already published" : ""));
      }
      err.flush();
    } else {
      // Executors run in directories of their own: relative roots are made absolute here, where
      // the user meant them.
      List<RunResult> processed = inProcessRuns > 0 ? runInProcess(spec, conf, work) : runOnSpark(Components.qualifyRoots(spec, conf), work);
      // A processed run's targets published before this job are reported too, as reused.
      processed.forEach(r -> results.add(RunResult.DONE.equals(r.status()) ? r.withReused(reused.getOrDefault(r.runId(), Map.of())) : r));
    }
    JobSummary summary = new JobSummary(results, spec.targets(), started, Instant.now(), describe(spec));
    out.print(summary.toTable());
    out.flush();
    writeSummary(summary);
    return summary.exitCode();
  }

  /** {@link Components#afterJob}; under an error already thrown, its own failure is added to that one. */
  private static void afterJob(JobSpec spec, Configuration conf, List<RunResult> results, Throwable failure) {
    try {
      Components.afterJob(spec, conf, results);
    } catch (RuntimeException e) {
      if (failure == null) {
        throw e;
      }
      failure.addSuppressed(e);
    }
  }

  private List<RunResult> runOnSpark(JobSpec spec, List<WorkItem> work) {
    Map<String, WorkItem> byRun = new HashMap<>();
    List<RunScheduler.SizedRun> sized = new ArrayList<>();
    long totalBytes = 0;
    for (WorkItem w : work) {
      byRun.put(w.runId(), w);
      sized.add(new RunScheduler.SizedRun(w.runId(), w.rawBytes()));
      totalBytes += w.rawBytes();
    }
    List<RunScheduler.Partition> partitions = RunScheduler.partition(sized, request.maxRunsPerPartition());
    List<List<WorkItem>> slices = new ArrayList<>();
    for (RunScheduler.Partition p : partitions) {
      List<WorkItem> items = new ArrayList<>();
      p.runs().forEach(r -> items.add(byRun.get(r.runId())));
      slices.add(items);
    }
    SparkContext sc;
    try {
      sc = sparkContext();
    } catch (Exception e) {
      // Nothing is processed or written yet; most often a --conf value Spark refuses (some with
      // its checked SparkException, which Scala code throws without declaring it).
      throw new ConfigurationException("Spark does not start with these settings: " + RunResult.oneLine(e), e);
    }
    Progress progress = new Progress(err, work.size(), totalBytes, request.progress());
    AtomicInteger running = new AtomicInteger();
    SparkListener listener = new SparkListener() {
      @Override
      public void onTaskStart(SparkListenerTaskStart start) {
        running.incrementAndGet();
      }

      @Override
      public void onTaskEnd(SparkListenerTaskEnd end) {
        running.decrementAndGet();
        if (end.taskInfo().successful()) {
          int i = end.taskInfo().partitionId();
          if (i >= 0 && i < partitions.size()) {
            progress.add(partitions.get(i).runs().size(), partitions.get(i).bytes());
          }
        }
      }
    };
    sc.addSparkListener(listener);
    try {
      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(sc);
      Broadcast<JobSpec> broadcast = jsc.broadcast(spec);
      JavaRDD<List<WorkItem>> rdd = jsc.parallelize(slices, slices.size());
      jsc.setJobDescription("strand: " + work.size() + " runs -> " + spec.targets());
      // Under --fail-fast the other runs' tasks are cancelled: interrupted, so they stop soon.
      jsc.setInterruptOnCancel(spec.failFast());
      List<RunResult> results = rdd.mapPartitions(new RunTask(broadcast)).collect();
      progress.finish();
      broadcast.destroy();
      return results;
    } catch (Exception e) {
      // Spark's collect reports a failed job with its checked SparkException.
      progress.finish();
      if (!spec.failFast()) {
        throw e instanceof RuntimeException r ? r : new IllegalStateException("the Spark job failed: " + RunResult.oneLine(e), e);
      }
      awaitCancelledTasks(running);
      return afterFailFast(spec, work, e);
    } finally {
      sc.removeSparkListener(listener);
    }
  }

  private List<RunResult> runInProcess(JobSpec spec, Configuration conf, List<WorkItem> work) {
    List<WorkItem> ordered = new ArrayList<>(work);
    ordered.sort((a, b) -> Long.compare(b.rawBytes(), a.rawBytes()));
    int threads = spec.threadsPerRun() > 0 ? spec.threadsPerRun() : 1;
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(inProcessRuns);
    try {
      List<java.util.concurrent.Future<RunResult>> futures = new ArrayList<>();
      for (WorkItem w : ordered) {
        futures.add(pool.submit(() -> RunProcessor.process(spec, conf, w, threads)));
      }
      List<RunResult> out = new ArrayList<>();
      for (java.util.concurrent.Future<RunResult> f : futures) {
        out.add(f.get());
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for in-process runs", e);
    } catch (java.util.concurrent.ExecutionException e) {
      if (spec.failFast() && e.getCause() instanceof RunProcessor.RunFailedException) {
        // As on Spark: the other runs are stopped (interrupted), and once they have ended what
        // was published is read back for the summary.
        pool.shutdownNow();
        awaitTermination(pool);
        return afterFailFast(spec, work, e);
      }
      throw new IllegalStateException("an in-process run failed: " + RunResult.oneLine(e.getCause()), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /** Waits (up to a minute) for interrupted in-process runs to end. */
  private static void awaitTermination(java.util.concurrent.ExecutorService pool) {
    try {
      pool.awaitTermination(1, TimeUnit.MINUTES);
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Waits (up to a minute) until the job's cancelled tasks have ended: Spark cancels them after
   * reporting the failure, and a run that was publishing may still publish, so what is
   * published is read only afterwards.
   */
  private static void awaitCancelledTasks(AtomicInteger running) {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    int quiet = 0;
    try {
      while (quiet < 4 && System.nanoTime() < deadline) {
        // Task events arrive through Spark's listener bus, a little behind: zero must hold a while.
        quiet = running.get() <= 0 ? quiet + 1 : 0;
        Thread.sleep(50);
      }
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
    }
  }

  /** After a fail-fast stop: runs whose targets were published are done; the rest failed. */
  private List<RunResult> afterFailFast(JobSpec spec, List<WorkItem> work, Exception cause) {
    String why = RunResult.oneLine(rootCause(cause));
    Context planner = Components.context(spec, Components.hadoopConfiguration(request.sparkConf()), 1);
    // Planned again several at once, as before the job.
    return InOrder.map(work, PLANNING_THREADS, "strand-planning", w -> {
      Map<String, RunResult.TargetResult> done = Map.of();
      try (RunPlan plan = planner.plan(w.runId(), w.targets())) {
        done = published(plan, w.targets(), false);
      } catch (RuntimeException e) {
        // Planning failed again: the run stays failed below.
      }
      if (done.size() == w.targets().size()) {
        return new RunResult(w.runId(), RunResult.DONE, w.rawBytes(), 0, 0, done, null, Map.of(), 0);
      }
      boolean culprit = why.contains("run " + w.runId() + " ");
      return RunResult.failed(w.runId(), w.rawBytes(), 0, 0, culprit ? why : "not processed: the job stopped (--fail-fast) after another run failed");
    });
  }

  private static Throwable rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && !(t instanceof RunProcessor.RunFailedException)) {
      t = t.getCause();
    }
    return t;
  }

  /**
   * Whether this JVM processes runs itself (in-process, or a local master) and the warm-up is not
   * turned off, so it can start before Spark does.
   */
  private boolean warmupHere() {
    if (!"true".equalsIgnoreCase(request.sparkConf().getOrDefault(Warmup.ENABLED, "true"))) {
      return false;
    }
    if (inProcessRuns > 0) {
      return true;
    }
    return master(new SparkConf()).startsWith("local");
  }

  /** {@code --master}, else Spark's own setting in {@code conf}, else {@code local[*]}. */
  private String master(SparkConf conf) {
    return request.master() != null ? request.master() : conf.get("spark.master", "local[*]");
  }

  /**
   * The job's Spark context. Processing runs needs no Spark SQL, and with Spark 4 a context alone
   * reaches its first task about 3 s sooner than a session does (measured on local[2]; see
   * docs/BENCHMARKS.md); an active context or session in this JVM is reused.
   */
  private SparkContext sparkContext() {
    SparkConf conf = new SparkConf();
    conf.setMaster(master(conf));
    conf.setAppName(conf.get("spark.app.name", "strand"));
    conf.setIfMissing("spark.ui.enabled", "false");
    conf.setIfMissing("spark.ui.showConsoleProgress", "false");
    request.sparkConf().forEach(conf::set);
    if (conf.getBoolean(Warmup.ENABLED, true)) {
      String plugins = conf.get("spark.plugins", "");
      conf.set("spark.plugins", plugins.isEmpty() ? WarmupPlugin.class.getName() : plugins + "," + WarmupPlugin.class.getName());
      conf.set(Warmup.KIND, Warmup.kind(request.spec()));
    }
    shipClassPath(conf);
    return SparkContext.getOrCreate(conf);
  }

  /**
   * Executors of a cluster need strand's classes. Under spark-submit they come with the
   * application jar; a driver started from a plain class path (the {@code strand} script) hands
   * that class path to the executors instead, which works when they see the same files: a cluster
   * on this machine, or one sharing the installation's file system. Spark adds its module options
   * to the executors' JVM options itself.
   */
  static void shipClassPath(SparkConf conf) {
    shipClassPath(conf, System.getProperty("java.class.path", ""));
  }

  /**
   * As {@link #shipClassPath(SparkConf)} for this class path. Its entries are made absolute: an
   * executor runs in a work directory of its own, where a relative entry (a plugin jar given as
   * {@code STRAND_CLASSPATH=my-plugins.jar}) names nothing, and every run failed for want of it.
   */
  static void shipClassPath(SparkConf conf, String classPath) {
    if (conf.get("spark.master", "local").startsWith("local") || conf.contains("spark.executor.extraClassPath")) {
      return;
    }
    try {
      Path own = Path.of(JobRunner.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      List<String> absolute = new ArrayList<>();
      boolean ours = false;
      for (String entry : classPath.split(File.pathSeparator)) {
        if (!entry.isEmpty()) {
          Path p = Path.of(entry).toAbsolutePath().normalize();
          ours |= p.equals(own);
          absolute.add(p.toString());
        }
      }
      if (ours) {
        conf.set("spark.executor.extraClassPath", String.join(File.pathSeparator, absolute));
      }
    } catch (URISyntaxException | RuntimeException e) {
      // No usable location (a custom class loader): leave the executors' class path to spark.jars.
    }
  }

  private Map<String, Object> describe(JobSpec spec) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("strand_version", Components.version());
    m.put("output", spec.output());
    m.put("format", spec.format());
    // As --input takes them: one root as it was, several joined by commas; each one in input_roots.
    m.put("input", spec.input().generated() ? "generated" : String.join(",", spec.input().paths()));
    m.put("input_roots", spec.input().paths());
    m.put("store", spec.store());
    m.put("targets", spec.targets());
    m.put("processor", spec.processor());
    m.put("master", request.master());
    return m;
  }

  private void writeSummary(JobSummary summary) {
    if (request.summaryJson() == null) {
      return;
    }
    try {
      if (request.summaryJson().getParent() != null) {
        Files.createDirectories(request.summaryJson().getParent());
      }
      try (OutputStream os = Files.newOutputStream(request.summaryJson())) {
        summary.writeJson(os);
      }
    } catch (IOException e) {
      throw new StorageException("cannot write the summary to " + request.summaryJson() + ": " + e.getMessage(), e);
    }
  }
}
