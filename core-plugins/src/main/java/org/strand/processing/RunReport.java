package org.strand.processing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.strand.core.CanonicalJson;

/**
 * What processing one run cost, per stage and in total (pax's per-plugin timing printout).
 *
 * @param runId the run
 * @param processor {@code single} or {@code threaded}
 * @param threads threads the processor used
 * @param wallNanos from the start of processing to its end
 * @param inputBytes uncompressed bytes read by sources and loaders
 * @param stages per-stage statistics, in plan order
 * @param completed whether the run's streams were produced to their end
 */
public record RunReport(
    String runId,
    String processor,
    int threads,
    long wallNanos,
    long inputBytes,
    List<StageReport> stages,
    boolean completed) {

  public RunReport {
    stages = List.copyOf(stages);
  }

  /** Input throughput: {@link #inputBytes} per wall second, in MB (10^6 bytes) per second. */
  public double megabytesPerSecond() {
    return wallNanos <= 0 ? 0 : inputBytes / 1e6 / (wallNanos / 1e9);
  }

  /** The stage with this label, or null. */
  public StageReport stage(String label) {
    for (StageReport s : stages) {
      if (s.stage().equals(label)) {
        return s;
      }
    }
    return null;
  }

  /** The largest peak of in-flight chunks over the stages. */
  public int peakInFlight() {
    return stages.stream().mapToInt(StageReport::peakInFlight).max().orElse(0);
  }

  /** As a JSON-ready map. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("run_id", runId);
    m.put("processor", processor);
    m.put("threads", threads);
    m.put("completed", completed);
    m.put("wall_seconds", wallNanos / 1e9);
    m.put("input_bytes", inputBytes);
    m.put("mb_per_second", megabytesPerSecond());
    m.put("peak_in_flight", peakInFlight());
    List<Object> list = new ArrayList<>();
    stages.forEach(s -> list.add(s.toMap()));
    m.put("stages", list);
    return m;
  }

  /** As JSON text. */
  public String toJson() {
    return CanonicalJson.write(toMap());
  }

  /** A readable table, one line per stage, then the totals. */
  public String toTable() {
    StringBuilder sb = new StringBuilder();
    int w = 5;
    for (StageReport s : stages) {
      w = Math.max(w, s.stage().length());
    }
    String fmt = "%-" + w + "s %9s %9s %7s %11s %11s %10s %10s %6s %9s%n";
    sb.append(String.format(Locale.ROOT, fmt, "stage", "wall s", "cpu s", "chunks", "rows in", "rows out",
        "MB in", "MB out", "peak", "blocked s"));
    for (StageReport s : stages) {
      sb.append(String.format(Locale.ROOT, fmt, s.stage(), sec(s.wallNanos()), sec(s.cpuNanos()), s.chunks(),
          s.rowsIn(), s.rowsOut(), mb(s.bytesIn()), mb(s.bytesOut()), s.peakInFlight(), sec(s.blockedNanos())));
    }
    sb.append(String.format(Locale.ROOT, "run %s: %s processor, %d thread%s, %.3f s, %.1f MB in, %.1f MB/s%s%n",
        runId, processor, threads, threads == 1 ? "" : "s", wallNanos / 1e9, inputBytes / 1e6, megabytesPerSecond(),
        completed ? "" : " (incomplete)"));
    return sb.toString();
  }

  private static String sec(long nanos) {
    return String.format(Locale.ROOT, "%.3f", nanos / 1e9);
  }

  private static String mb(long bytes) {
    return String.format(Locale.ROOT, "%.2f", bytes / 1e6);
  }
}
