package org.strand.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The rows of one data type of one run over the time range {@code [start, end)} in ns.
 *
 * <p>A chunk checks itself when it is built: rows sorted by {@code time}, every row's
 * {@code time >= start}, {@code endtime >= time} and {@code endtime <= end}. The chunks of one
 * stream are contiguous: the next one starts where the previous one ended. A chunk can be split
 * at a time where no row is in progress, and contiguous chunks can be concatenated.
 *
 * <p>Immutable (under {@link Table}'s contract) and thread-safe.
 */
public final class Chunk {
  private final String runId;
  private final String type;
  private final long start;
  private final long end;
  private final Table data;

  private Chunk(String runId, String type, long start, long end, Table data) {
    this.runId = runId;
    this.type = type;
    this.start = start;
    this.end = end;
    this.data = data;
  }

  /**
   * A checked chunk.
   *
   * @throws InvalidDataException naming run, type, the chunk's times and the offending row when
   *     an invariant does not hold
   */
  public static Chunk of(String runId, String type, long start, long end, Table data) {
    Objects.requireNonNull(data, "data");
    Chunk c = new Chunk(runId, type, start, end, data);
    c.check();
    return c;
  }

  /** An empty chunk covering {@code [start, end)}. */
  public static Chunk empty(String runId, String type, Schema schema, long start, long end) {
    return of(runId, type, start, end, Table.empty(schema));
  }

  private void check() {
    if (end < start) {
      throw new InvalidDataException(where() + ": end " + end + " is before start " + start);
    }
    Schema schema = data.schema();
    if (schema.timeLayout() == Schema.TimeLayout.NONE) {
      throw new InvalidDataException(
          where() + ": schema " + schema + " has no time fields (time and endtime, or time, length and dt)");
    }
    int n = data.rows();
    if (n == 0) {
      return;
    }
    long[] time = data.longs("time");
    EndTimes ends = new EndTimes(data);
    long previous = Long.MIN_VALUE;
    for (int r = 0; r < n; r++) {
      long t = time[r];
      if (t < previous) {
        throw rowError(r, "is out of time order: time " + t + " follows " + previous);
      }
      if (t < start) {
        throw rowError(r, "starts at " + t + ", before the chunk's start " + start);
      }
      long e = ends.at(r);
      if (e < t) {
        throw rowError(r, "ends at " + e + ", before its own time " + t);
      }
      if (e > end) {
        throw rowError(r, "ends at " + e + ", after the chunk's end " + end);
      }
      previous = t;
    }
  }

  private InvalidDataException rowError(int row, String problem) {
    return new InvalidDataException(where() + ": row " + row + " " + problem + "; row " + data.describeRow(row));
  }

  /** Where this chunk is, for messages: {@code run 000001, type 'hits', [10, 20)}. */
  public String where() {
    return "run " + runId + ", type '" + type + "', [" + start + ", " + end + ")";
  }

  public String runId() {
    return runId;
  }

  public String type() {
    return type;
  }

  public long start() {
    return start;
  }

  public long end() {
    return end;
  }

  public long duration() {
    return end - start;
  }

  public Table data() {
    return data;
  }

  public Schema schema() {
    return data.schema();
  }

  public int rows() {
    return data.rows();
  }

  public long nbytes() {
    return data.nbytes();
  }

  /** The same rows and range under another data type name (for aliases and copies). */
  public Chunk renamed(String newType) {
    return new Chunk(runId, newType, start, end, data);
  }

  /** The two halves of a {@link #split(long)}. */
  public record Split(Chunk before, Chunk after) {}

  /**
   * Splits at {@code t}: rows with {@code time < t} go before, the rest after.
   *
   * @throws InvalidDataException if a row is in progress at {@code t} (starts before, ends after)
   *     or {@code t} is outside {@code [start, end]}
   */
  public Split split(long t) {
    if (t < start || t > end) {
      throw new InvalidDataException(where() + ": cannot split at " + t + ", outside the chunk");
    }
    if (t == end) {
      // Every row ends by the chunk's end (checked when it was built): nothing to look at.
      return new Split(this, new Chunk(runId, type, end, end, data.slice(data.rows(), data.rows())));
    }
    int cut = firstAtOrAfter(t);
    EndTimes ends = new EndTimes(data);
    for (int r = 0; r < cut; r++) {
      if (ends.at(r) > t) {
        throw rowError(r, "is in progress at the split time " + t + " (ends at " + ends.at(r) + ")");
      }
    }
    Chunk before = new Chunk(runId, type, start, t, data.slice(0, cut));
    Chunk after = new Chunk(runId, type, t, end, data.slice(cut, data.rows()));
    return new Split(before, after);
  }

  /**
   * The latest time {@code t' <= t} (and {@code >= start}) at which this chunk can be split
   * without cutting through a row. {@code t} beyond the end is taken as the end.
   */
  public long safeSplitTime(long t) {
    long target = Math.min(Math.max(t, start), end);
    int n = data.rows();
    if (n == 0 || target == end) {
      // No row, or the chunk's end, which every row ends by (checked when it was built).
      return target;
    }
    long[] time = data.longs("time");
    EndTimes ends = new EndTimes(data);
    // A cut at c is safe when every row with time < c ends by c. The candidates are the target
    // itself and, below it, the distinct row times (where the set of rows before the cut changes).
    long[] prefixMaxEnd = new long[n + 1];
    prefixMaxEnd[0] = Long.MIN_VALUE;
    for (int r = 0; r < n; r++) {
      prefixMaxEnd[r + 1] = Math.max(prefixMaxEnd[r], ends.at(r));
    }
    int k = firstAtOrAfter(target);
    if (prefixMaxEnd[k] <= target) {
      return target;
    }
    // Walk down through distinct times time[j] < target; a cut at time[j] keeps rows [0, first(time[j])).
    int j = k - 1;
    while (j >= 0) {
      long c = time[j];
      int first = j;
      while (first > 0 && time[first - 1] == c) {
        first--;
      }
      if (prefixMaxEnd[first] <= c && c >= start) {
        return c;
      }
      j = first - 1;
    }
    return start;
  }

  /** Index of the first row with {@code time >= t} (binary search; rows are time-sorted). */
  public int firstAtOrAfter(long t) {
    long[] time = data.longs("time");
    int lo = 0;
    int hi = data.rows();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (time[mid] < t) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /**
   * The rows of contiguous chunks of one run and type as one chunk.
   *
   * @throws InvalidDataException if the list is empty, or the chunks differ in run, type or
   *     schema, or a chunk does not start where the previous one ended
   */
  public static Chunk concatenate(List<Chunk> chunks) {
    if (chunks.isEmpty()) {
      throw new InvalidDataException("cannot concatenate an empty list of chunks");
    }
    Chunk first = chunks.get(0);
    if (chunks.size() == 1) {
      return first;
    }
    List<Table> tables = new ArrayList<>(chunks.size());
    Chunk previous = null;
    for (Chunk c : chunks) {
      if (!c.runId.equals(first.runId) || !c.type.equals(first.type)) {
        throw new InvalidDataException("cannot concatenate " + c.where() + " with " + first.where());
      }
      if (!c.schema().equals(first.schema())) {
        throw new InvalidDataException(c.where() + ": schema " + c.schema() + " differs from " + first.schema());
      }
      if (previous != null && c.start != previous.end) {
        throw new InvalidDataException(
            "chunks are not contiguous: " + c.where() + " does not start where " + previous.where() + " ended");
      }
      tables.add(c.data);
      previous = c;
    }
    Table all = Table.concat(first.schema(), tables);
    return new Chunk(first.runId, first.type, first.start, previous.end, all);
  }

  @Override
  public String toString() {
    return "Chunk[" + where() + ", " + data.rows() + " rows]";
  }

  /** Row end times without materialising an array: {@code endtime}, or {@code time + length * dt}. */
  static final class EndTimes {
    private final long[] time;
    private final long[] endtime;
    private final Table table;
    private final int lengthCol;
    private final int dtCol;
    // The usual column types, read directly: a read through Table.getLong switches on the type
    // for every row, which costs most where the check runs before the JIT has compiled it.
    private final int[] lengthInts;
    private final short[] dtShorts;
    private final int[] dtInts;

    EndTimes(Table table) {
      this.table = table;
      Schema s = table.schema();
      this.time = table.longs("time");
      if (s.timeLayout() == Schema.TimeLayout.ENDTIME) {
        endtime = table.longs("endtime");
        lengthCol = -1;
        dtCol = -1;
        lengthInts = null;
        dtShorts = null;
        dtInts = null;
      } else {
        endtime = null;
        lengthCol = s.indexOf("length");
        dtCol = s.indexOf("dt");
        lengthInts = s.field(lengthCol).type() == FieldType.INT32 ? table.ints("length") : null;
        dtShorts = s.field(dtCol).type() == FieldType.INT16 ? table.shorts("dt") : null;
        dtInts = s.field(dtCol).type() == FieldType.INT32 ? table.ints("dt") : null;
      }
    }

    long at(int r) {
      if (endtime != null) {
        return endtime[r];
      }
      long length = lengthInts != null ? lengthInts[r] : table.getLong(lengthCol, r);
      long dt = dtShorts != null ? dtShorts[r] : dtInts != null ? dtInts[r] : table.getLong(dtCol, r);
      return time[r] + length * dt;
    }
  }
}
