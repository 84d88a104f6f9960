package org.strand.storage.chunkstore;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.strand.core.Chunk;
import org.strand.storage.ChunkInfo;
import org.strand.storage.StoredData;

/**
 * Reads the part of stored data that covers a time range, lazily.
 *
 * <p>Only the chunks overlapping {@code [from, to)} are read, one at a time as the iterator
 * advances. The first is cut at the latest time at or before {@code from}, and the last at the
 * earliest time at or after {@code to}, where no row is in progress, so the result covers the
 * whole range, is contiguous, and holds every row that overlaps the range.
 */
public final class TimeRangeReader {
  private TimeRangeReader() {}

  /** The chunks of {@code data} covering {@code [from, to)}, read as the iterator advances. */
  public static Iterator<Chunk> read(StoredData data, long from, long to) {
    if (to < from) {
      throw new IllegalArgumentException("time range ends (" + to + ") before it starts (" + from + ")");
    }
    List<Integer> overlapping = new ArrayList<>();
    for (ChunkInfo c : data.chunks()) {
      if (c.end() > from && c.start() < to || c.start() == c.end() && c.start() >= from && c.start() < to) {
        overlapping.add(c.index());
      }
    }
    return new Iterator<>() {
      private int next;

      @Override
      public boolean hasNext() {
        return next < overlapping.size();
      }

      @Override
      public Chunk next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        Chunk c = data.read(overlapping.get(next));
        if (next == 0 && from > c.start()) {
          long cut = c.safeSplitTime(from);
          if (cut > c.start()) {
            c = c.split(cut).after();
          }
        }
        if (next == overlapping.size() - 1 && to < c.end()) {
          long cut = earliestSafeSplitAtOrAfter(c, to);
          if (cut < c.end()) {
            c = c.split(cut).before();
          }
        }
        next++;
        return c;
      }
    };
  }

  /** The earliest time {@code >= t} at which {@code c} can be cut without cutting a row. */
  static long earliestSafeSplitAtOrAfter(Chunk c, long t) {
    long[] time = c.data().longs("time");
    long[] end = c.data().endtimes();
    long cut = Math.max(t, c.start());
    while (true) {
      long latest = cut;
      for (int r = 0; r < c.rows() && time[r] < cut; r++) {
        latest = Math.max(latest, end[r]);
      }
      if (latest <= cut) {
        return Math.min(cut, c.end());
      }
      cut = latest;
    }
  }
}
