package org.strand.processing;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.strand.core.Chunk;
import org.strand.core.InvalidDataException;

/**
 * Cuts the input streams of a multi-input plugin to common time ranges, as strax does: it takes
 * the earliest end among the buffered inputs and moves it back, where needed, to a time at which
 * no row of any input is in progress; when no such time exists yet, it reads more of the shortest
 * input. Every aligned set covers the same {@code [start, end)} in every input, and consecutive
 * sets are contiguous.
 *
 * <p>Not thread-safe: one consumer pulls through it. The pull function returns the next chunk
 * of a type, or null at the end of its stream; it may block.
 */
final class InputAligner {
  private final String consumer;
  private final List<String> types;
  private final Function<String, Chunk> pull;
  private final Chunk[] pending;
  private final boolean[] ended;

  /**
   * @param consumer who is reading, for messages (a step label)
   * @param types the input types, in order
   * @param pull the next chunk of a type, or null when that stream has ended
   */
  InputAligner(String consumer, List<String> types, Function<String, Chunk> pull) {
    this.consumer = consumer;
    this.types = List.copyOf(types);
    this.pull = pull;
    this.pending = new Chunk[types.size()];
    this.ended = new boolean[types.size()];
  }

  /** The next aligned set (type to chunk, in input order), or null when every input has ended. */
  Map<String, Chunk> next() {
    if (types.size() == 1) {
      Chunk c = pull.apply(types.get(0));
      return c == null ? null : Map.of(types.get(0), c);
    }
    while (true) {
      for (int i = 0; i < types.size(); i++) {
        while (!ended[i] && (pending[i] == null || isEmpty(pending[i]))) {
          append(i);
        }
      }
      boolean anyData = false;
      boolean allData = true;
      for (Chunk c : pending) {
        boolean has = c != null && !isEmpty(c);
        anyData |= has;
        allData &= has;
      }
      if (!anyData) {
        return null;
      }
      if (!allData) {
        throw new InvalidDataException(consumer + ": inputs do not cover the same time range: " + describePending());
      }
      long start = pending[0].start();
      long minEnd = Long.MAX_VALUE;
      for (Chunk c : pending) {
        if (c.start() != start) {
          throw new InvalidDataException(consumer + ": inputs do not start at the same time: " + describePending());
        }
        minEnd = Math.min(minEnd, c.end());
      }
      long t = commonSafeSplit(List.of(pending), minEnd);
      if (t == start && minEnd > start) {
        boolean pulled = false;
        for (int i = 0; i < types.size(); i++) {
          if (pending[i].end() == minEnd && !ended[i]) {
            pulled |= append(i);
          }
        }
        if (pulled) {
          continue;
        }
        for (Chunk c : pending) {
          if (c.end() != minEnd) {
            throw new InvalidDataException(consumer + ": inputs do not end at the same time: " + describePending());
          }
        }
        t = minEnd;
      }
      if (t == start) {
        t = minEnd;
      }
      Map<String, Chunk> out = new LinkedHashMap<>();
      for (int i = 0; i < types.size(); i++) {
        Chunk.Split split = pending[i].split(t);
        out.put(types.get(i), split.before());
        pending[i] = split.after();
      }
      return out;
    }
  }

  /** Reads one more chunk of input {@code i} onto its pending data; false when its stream ended. */
  private boolean append(int i) {
    Chunk c = pull.apply(types.get(i));
    if (c == null) {
      ended[i] = true;
      return false;
    }
    pending[i] = pending[i] == null ? c : Chunk.concatenate(List.of(pending[i], c));
    return true;
  }

  private static boolean isEmpty(Chunk c) {
    return c.rows() == 0 && c.duration() == 0;
  }

  private String describePending() {
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < types.size(); i++) {
      Chunk c = pending[i];
      parts.add("'" + types.get(i) + "' " + (c == null ? "none" : "[" + c.start() + ", " + c.end() + ")")
          + (ended[i] ? " (ended)" : ""));
    }
    return String.join(", ", parts);
  }

  /**
   * The latest time at or before {@code t} at which none of the chunks has a row in progress.
   */
  static long commonSafeSplit(Collection<Chunk> chunks, long t) {
    long current = t;
    while (true) {
      long next = current;
      for (Chunk c : chunks) {
        next = Math.min(next, c.safeSplitTime(next));
      }
      if (next == current) {
        return current;
      }
      current = next;
    }
  }
}
