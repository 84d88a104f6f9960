package org.strand.processing;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Statistics of one stage of a run: a source, plugin, loader or saver.
 *
 * @param stage the stage's label, e.g. {@code plugin 'Hits'}
 * @param kind {@code source}, {@code plugin}, {@code loader} or {@code saver}
 * @param wallNanos time spent inside the stage's own work (summed over threads)
 * @param cpuNanos CPU time of that work
 * @param chunks chunks the stage produced (or, for savers, wrote)
 * @param rowsIn rows read from inputs
 * @param rowsOut rows produced
 * @param bytesIn uncompressed bytes read from inputs
 * @param bytesOut uncompressed bytes produced
 * @param peakInFlight most chunks of this stage being worked on or waiting for delivery at once
 * @param blockedNanos time producers of this stage waited on backpressure
 */
public record StageReport(
    String stage,
    String kind,
    long wallNanos,
    long cpuNanos,
    long chunks,
    long rowsIn,
    long rowsOut,
    long bytesIn,
    long bytesOut,
    int peakInFlight,
    long blockedNanos) {

  /** As a JSON-ready map. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("stage", stage);
    m.put("kind", kind);
    m.put("wall_seconds", wallNanos / 1e9);
    m.put("cpu_seconds", cpuNanos / 1e9);
    m.put("chunks", chunks);
    m.put("rows_in", rowsIn);
    m.put("rows_out", rowsOut);
    m.put("bytes_in", bytesIn);
    m.put("bytes_out", bytesOut);
    m.put("peak_in_flight", peakInFlight);
    m.put("blocked_seconds", blockedNanos / 1e9);
    return m;
  }
}
