package org.strand.spark;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The small summary row a task returns for one run.
 *
 * @param runId the run
 * @param status {@code done}, {@code skipped} or {@code failed}
 * @param rawBytes uncompressed raw_records bytes of the run
 * @param seconds the run's own time inside its task: from opening its input to its outputs
 *     being published
 * @param threads threads the run used
 * @param targets per target type: rows, bytes, lineage, whether published before this job
 * @param error one line, or null
 * @param stages per stage (source, loader, plugin, saver) wall seconds
 * @param peakHeapBytes the executor JVM's peak heap use after collections up to the end of the run (see {@link HeapUse}): JVM-wide,
 *     so it includes whatever else ran in that JVM (other runs, Spark itself); 0 when not measured
 */
public record RunResult(
    String runId,
    String status,
    long rawBytes,
    double seconds,
    int threads,
    Map<String, TargetResult> targets,
    String error,
    Map<String, Double> stages,
    long peakHeapBytes) implements Serializable {

  private static final long serialVersionUID = 1L;

  public static final String DONE = "done";
  public static final String SKIPPED = "skipped";
  public static final String FAILED = "failed";

  public RunResult {
    targets = new LinkedHashMap<>(targets);
    stages = new LinkedHashMap<>(stages);
  }

  /** A run whose targets were all published before. */
  public static RunResult skipped(String runId, long rawBytes, Map<String, TargetResult> targets) {
    return new RunResult(runId, SKIPPED, rawBytes, 0, 0, targets, null, Map.of(), 0);
  }

  public static RunResult failed(String runId, long rawBytes, double seconds, int threads, String error) {
    return new RunResult(runId, FAILED, rawBytes, seconds, threads, Map.of(), error, Map.of(), 0);
  }

  /**
   * One target's output for a run.
   *
   * @param reused whether it was published before this job (and left as it was)
   */
  public record TargetResult(long rows, long bytes, String lineage, boolean reused) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Output this job published. */
    public TargetResult(long rows, long bytes, String lineage) {
      this(rows, bytes, lineage, false);
    }
  }

  /** This result with {@code earlier} (targets published before this job) among its targets. */
  RunResult withReused(Map<String, TargetResult> earlier) {
    if (earlier.isEmpty()) {
      return this;
    }
    Map<String, TargetResult> all = new java.util.LinkedHashMap<>(earlier);
    all.putAll(targets);
    return new RunResult(runId, status, rawBytes, seconds, threads, all, error, stages, peakHeapBytes);
  }

  /** The error as one line: newlines folded, capped in length. */
  public static String oneLine(Throwable e) {
    String msg = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
    msg = msg.replaceAll("\\s*\\R\\s*", " ");
    return msg.length() > 2000 ? msg.substring(0, 2000) + "..." : msg;
  }

  /** Keeps the few slowest stages. */
  static Map<String, Double> slowest(Map<String, Double> stages, int n) {
    Map<String, Double> out = new LinkedHashMap<>();
    stages.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(n)
        .forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  static List<String> statuses() {
    return List.of(DONE, SKIPPED, FAILED);
  }
}
