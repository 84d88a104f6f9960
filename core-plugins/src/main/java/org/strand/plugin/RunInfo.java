package org.strand.plugin;

import org.strand.core.Names;

/**
 * What is known of a run before its data is read: its id, time range and the size of its raw
 * data. A source reports it from its metadata (or, for generated runs, from its options).
 *
 * @param runId a valid run id
 * @param start the run's start in ns since the epoch
 * @param end the run's end in ns
 * @param rawBytes the uncompressed size of the source's output, in bytes
 */
public record RunInfo(String runId, long start, long end, long rawBytes) {
  public RunInfo {
    Names.requireRunId(runId);
    if (end < start) {
      throw new IllegalArgumentException("run " + runId + " ends (" + end + ") before it starts (" + start + ")");
    }
    if (rawBytes < 0) {
      throw new IllegalArgumentException("run " + runId + " has negative size " + rawBytes);
    }
  }

  /** A run whose time range and size are not known yet (before its source is opened). */
  public static RunInfo unknown(String runId) {
    return new RunInfo(runId, -1, -1, 0);
  }

  /** Whether the time range is known. */
  public boolean isKnown() {
    return start >= 0;
  }

  /** The run's duration in seconds. */
  public double livetimeSeconds() {
    return (end - start) / 1e9;
  }
}
