package org.strand.plugin;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.strand.core.ConfigurationException;
import org.strand.core.Names;

/**
 * An option value that depends on the run (strax's {@code default_by_run}): a table of
 * (first run, value) or (first start time, value) entries. A run takes the value of the last
 * entry at or before it; a run before every entry is a configuration error.
 *
 * <p>Run ids compare as numbers when both are all digits ({@code "999" < "1000"}), else as text.
 * The value chosen for a run is part of that run's lineage, so runs on either side of a
 * calibration change get different lineages.
 *
 * <p>Immutable and thread-safe.
 */
public final class ByRun {
  /** One row of the table: from this run (or this start time, in ns) on, this value. */
  public record Entry(String fromRun, long fromTime, Object value) {}

  private final boolean byTime;
  private final List<Entry> entries;

  private ByRun(boolean byTime, List<Entry> entries) {
    if (entries.isEmpty()) {
      throw new ConfigurationException("a by-run option table needs at least one entry");
    }
    this.byTime = byTime;
    List<Entry> sorted = new ArrayList<>(entries);
    sorted.sort(byTime ? Comparator.comparingLong(Entry::fromTime) : (a, b) -> compareRunIds(a.fromRun, b.fromRun));
    this.entries = List.copyOf(sorted);
  }

  /** Values keyed by the first run id they apply to, e.g. {@code {"000000": a, "001000": b}}. */
  public static ByRun fromRuns(Map<String, ?> firstRunToValue) {
    List<Entry> list = new ArrayList<>();
    firstRunToValue.forEach((run, value) -> list.add(new Entry(requireRun(run), 0, value)));
    return new ByRun(false, list);
  }

  /** Values keyed by the first run start time (ns since the epoch) they apply to. */
  public static ByRun fromStartTimes(Map<Long, ?> firstStartToValue) {
    List<Entry> list = new ArrayList<>();
    firstStartToValue.forEach((time, value) -> list.add(new Entry(null, time, value)));
    return new ByRun(true, list);
  }

  private static String requireRun(String run) {
    try {
      return Names.requireRunId(run);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException("by-run option table: " + e.getMessage());
    }
  }

  public boolean byStartTime() {
    return byTime;
  }

  public List<Entry> entries() {
    return entries;
  }

  /**
   * The raw value for a run.
   *
   * @param option the option, for messages
   * @throws ConfigurationException if the run comes before every entry
   */
  Object valueFor(Option<?> option, RunInfo run) {
    Entry chosen = null;
    for (Entry e : entries) {
      boolean applies = byTime ? e.fromTime <= run.start() : compareRunIds(e.fromRun, run.runId()) <= 0;
      if (applies) {
        chosen = e;
      }
    }
    if (chosen == null) {
      Entry first = entries.get(0);
      throw new ConfigurationException(
          "option '" + option.name() + "' has no value for run " + run.runId() + ": its by-run table starts at "
              + (byTime ? "start time " + first.fromTime : "run " + first.fromRun));
    }
    return chosen.value;
  }

  /** Numeric order when both ids are all digits ({@code "001000"} equals {@code "1000"}), else lexicographic. */
  public static int compareRunIds(String a, String b) {
    if (isDigits(a) && isDigits(b)) {
      String x = stripZeros(a);
      String y = stripZeros(b);
      int c = Integer.compare(x.length(), y.length());
      if (c != 0) {
        return c;
      }
      return x.compareTo(y);
    }
    return a.compareTo(b);
  }

  private static boolean isDigits(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private static String stripZeros(String s) {
    int i = 0;
    while (i < s.length() - 1 && s.charAt(i) == '0') {
      i++;
    }
    return s.substring(i);
  }

  @Override
  public String toString() {
    return (byTime ? "by start time " : "by run ") + entries;
  }
}
