package org.strand.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The outcome of a job: one row per run, totals, and the overall status. Written as the JSON
 * summary schedulers read ({@code --summary-json}) and printed as a table at the end of a job.
 *
 * <p>The JSON's names are a contract: {@code status} ({@code ok} or {@code failed}); {@code runs},
 * each with {@code run_id}, {@code status} ({@code done}, {@code skipped}, {@code failed}),
 * {@code raw_bytes}, {@code seconds}, {@code threads}, {@code targets} (type to
 * {@code {rows, bytes, lineage, reused}}) and {@code error} (one line or null); and {@code totals}. Each
 * run also gives {@code peak_heap_bytes}, its JVM's peak heap use after a garbage collection up to
 * the run's end (what was kept alive; JVM-wide,
 * 0 for runs not processed by this job), and {@code totals} the largest of them. Each
 * run also lists {@code stages}: the wall seconds of every stage (source, loaders, plugins,
 * savers) it ran, so a reader can see what was computed and what was loaded.
 */
public final class JobSummary {
  private final List<RunResult> runs;
  private final List<String> targets;
  private final Instant started;
  private final Instant finished;
  private final Map<String, Object> job;

  /**
   * @param runs one result per run, in any order (sorted by run id here)
   * @param targets the job's targets, for the per-target table
   * @param job descriptive fields (output, format, master, processor, ...) kept in the JSON
   */
  public JobSummary(List<RunResult> runs, List<String> targets, Instant started, Instant finished, Map<String, Object> job) {
    List<RunResult> sorted = new ArrayList<>(runs);
    sorted.sort((a, b) -> a.runId().compareTo(b.runId()));
    this.runs = List.copyOf(sorted);
    this.targets = List.copyOf(targets);
    this.started = started;
    this.finished = finished;
    this.job = new LinkedHashMap<>(job);
  }

  public List<RunResult> runs() {
    return runs;
  }

  public long count(String status) {
    return runs.stream().filter(r -> r.status().equals(status)).count();
  }

  /** {@code ok} when no run failed. */
  public String status() {
    return count(RunResult.FAILED) == 0 ? "ok" : "failed";
  }

  /** The job's exit code: 0 when every run is done or was done before, 1 when any failed. */
  public int exitCode() {
    return count(RunResult.FAILED) == 0 ? 0 : 1;
  }

  /** The summary as a JSON-ready map. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("status", status());
    m.put("started_at", started.toString());
    m.put("finished_at", finished.toString());
    m.putAll(job);
    List<Map<String, Object>> list = new ArrayList<>();
    long rawBytes = 0;
    long processedBytes = 0;
    double runSeconds = 0;
    long peakHeap = 0;
    Map<String, long[]> perTarget = new TreeMap<>();
    for (RunResult r : runs) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("run_id", r.runId());
      row.put("status", r.status());
      row.put("raw_bytes", r.rawBytes());
      row.put("seconds", round(r.seconds()));
      row.put("threads", r.threads());
      Map<String, Object> t = new LinkedHashMap<>();
      r.targets().forEach((type, tr) -> {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("rows", tr.rows());
        v.put("bytes", tr.bytes());
        v.put("lineage", tr.lineage());
        v.put("reused", tr.reused());
        t.put(type, v);
        long[] acc = perTarget.computeIfAbsent(type, k -> new long[2]);
        acc[0] += tr.rows();
        acc[1] += tr.bytes();
      });
      row.put("targets", t);
      row.put("error", r.error());
      row.put("peak_heap_bytes", r.peakHeapBytes());
      peakHeap = Math.max(peakHeap, r.peakHeapBytes());
      Map<String, Object> stages = new LinkedHashMap<>();
      r.stages().forEach((stage, sec) -> stages.put(stage, round(sec)));
      row.put("stages", stages);
      list.add(row);
      rawBytes += r.rawBytes();
      if (r.status().equals(RunResult.DONE)) {
        processedBytes += r.rawBytes();
        runSeconds += r.seconds();
      }
    }
    m.put("runs", list);
    Map<String, Object> totals = new LinkedHashMap<>();
    totals.put("runs", runs.size());
    totals.put("done", count(RunResult.DONE));
    totals.put("skipped", count(RunResult.SKIPPED));
    totals.put("failed", count(RunResult.FAILED));
    totals.put("raw_bytes", rawBytes);
    totals.put("processed_raw_bytes", processedBytes);
    double wall = (finished.toEpochMilli() - started.toEpochMilli()) / 1e3;
    totals.put("wall_seconds", round(wall));
    totals.put("run_seconds", round(runSeconds));
    totals.put("mb_per_second", wall > 0 ? round(processedBytes / 1e6 / wall) : 0.0);
    totals.put("peak_heap_bytes", peakHeap);
    Map<String, Object> targetTotals = new LinkedHashMap<>();
    perTarget.forEach((type, acc) -> targetTotals.put(type, Map.of("rows", acc[0], "bytes", acc[1])));
    totals.put("targets", targetTotals);
    m.put("totals", totals);
    return m;
  }

  private static double round(double x) {
    return Math.round(x * 1000) / 1000.0;
  }

  /** Writes the JSON summary. */
  public void writeJson(OutputStream out) throws IOException {
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out, toMap());
  }

  /** The end-of-job table: per target, runs done/skipped/failed, rows, MB, time; then the slowest plugins and failures. */
  public String toTable() {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%-16s %6s %8s %7s %14s %12s %10s%n", "target", "done", "skipped", "failed", "rows", "MB", "run s"));
    for (String t : targets) {
      long done = 0;
      long skipped = 0;
      long failed = 0;
      long rows = 0;
      long bytes = 0;
      double seconds = 0;
      for (RunResult r : runs) {
        RunResult.TargetResult tr = r.targets().get(t);
        switch (r.status()) {
          case RunResult.DONE -> {
            if (tr != null && !tr.reused()) {
              done++;
              seconds += r.seconds();
            } else {
              skipped++;
            }
          }
          case RunResult.SKIPPED -> skipped++;
          default -> failed++;
        }
        if (tr != null) {
          rows += tr.rows();
          bytes += tr.bytes();
        }
      }
      sb.append(String.format(Locale.ROOT, "%-16s %6d %8d %7d %14d %12.1f %10.1f%n", t, done, skipped, failed, rows, bytes / 1e6, seconds));
    }
    Map<String, Double> stages = new TreeMap<>();
    runs.forEach(r -> r.stages().forEach((s, sec) -> stages.merge(s, sec, Double::sum)));
    if (!stages.isEmpty()) {
      sb.append("slowest plugins (wall seconds summed over runs):\n");
      RunResult.slowest(stages, 5).forEach((s, sec) -> sb.append(String.format(Locale.ROOT, "  %-40s %10.2f%n", s, sec)));
    }
    for (RunResult r : runs) {
      if (r.status().equals(RunResult.FAILED)) {
        sb.append("failed run ").append(r.runId()).append(": ").append(r.error()).append('\n');
      }
    }
    long done = count(RunResult.DONE);
    sb.append(String.format(Locale.ROOT, "%d run%s: %d done, %d skipped (already published), %d failed; status %s%n",
        runs.size(), runs.size() == 1 ? "" : "s", done, count(RunResult.SKIPPED), count(RunResult.FAILED), status()));
    return sb.toString();
  }
}
