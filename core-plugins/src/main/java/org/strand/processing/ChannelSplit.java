package org.strand.processing;

import java.util.ArrayList;
import java.util.List;
import org.strand.core.Table;

/**
 * Splits a table's rows into channel groups and merges per-group results back (FACETpy's
 * {@code parallel_safe} processors split by channel).
 *
 * <p>A row goes to group {@code floorMod(channel, groups)}, keeping its order, so every channel
 * lives in exactly one group. Each group's result is sorted by ({@code time}, channel), as the
 * {@link org.strand.plugin.ChunkPlugin} contract asks; merging them by ({@code time}, channel),
 * taking rows of equal keys from one group in their order, gives exactly the rows of the unsplit
 * computation in its order: rows of different channels are ordered by the key, rows of one
 * channel come from one group in the plugin's own order.
 */
final class ChannelSplit {
  private ChannelSplit() {}

  /**
   * The rows of each non-empty group, in group order; a list of one (the table itself) when all
   * rows fall in one group.
   */
  static List<Table> split(Table t, String field, int groups) {
    int n = t.rows();
    if (groups <= 1 || n == 0) {
      return List.of(t);
    }
    int col = t.schema().indexOf(field);
    int[] groupOf = new int[n];
    int[] sizes = new int[groups];
    for (int r = 0; r < n; r++) {
      int g = (int) Math.floorMod(t.getLong(col, r), (long) groups);
      groupOf[r] = g;
      sizes[g]++;
    }
    int nonEmpty = 0;
    for (int size : sizes) {
      nonEmpty += size > 0 ? 1 : 0;
    }
    if (nonEmpty == 1) {
      return List.of(t);
    }
    int[][] rows = new int[groups][];
    int[] filled = new int[groups];
    for (int g = 0; g < groups; g++) {
      rows[g] = new int[sizes[g]];
    }
    for (int r = 0; r < n; r++) {
      int g = groupOf[r];
      rows[g][filled[g]++] = r;
    }
    List<Table> out = new ArrayList<>(nonEmpty);
    for (int g = 0; g < groups; g++) {
      if (sizes[g] > 0) {
        out.add(t.gather(rows[g]));
      }
    }
    return out;
  }

  /**
   * The first row of {@code t} that is out of ({@code time}, channel) order, or -1 when it is
   * sorted.
   */
  static int firstUnordered(Table t, String field) {
    int n = t.rows();
    if (n < 2) {
      return -1;
    }
    long[] time = t.longs("time");
    int col = t.schema().indexOf(field);
    for (int r = 1; r < n; r++) {
      if (time[r] < time[r - 1] || (time[r] == time[r - 1] && t.getLong(col, r) < t.getLong(col, r - 1))) {
        return r;
      }
    }
    return -1;
  }

  /** The rows of {@code parts} (each sorted by (time, channel)) merged by (time, channel), stably. */
  static Table merge(List<Table> parts, String field) {
    if (parts.size() == 1) {
      return parts.get(0);
    }
    Table all = Table.concat(parts.get(0).schema(), parts);
    int col = all.schema().indexOf(field);
    long[] time = all.rows() == 0 ? new long[0] : all.longs("time");
    int k = parts.size();
    int[] next = new int[k];
    int[] end = new int[k];
    int offset = 0;
    for (int p = 0; p < k; p++) {
      next[p] = offset;
      offset += parts.get(p).rows();
      end[p] = offset;
    }
    int[] order = new int[all.rows()];
    for (int o = 0; o < order.length; o++) {
      int best = -1;
      for (int p = 0; p < k; p++) {
        if (next[p] < end[p] && (best < 0 || before(time, all, col, next[p], next[best]))) {
          best = p;
        }
      }
      order[o] = next[best]++;
    }
    return all.gather(order);
  }

  /** Whether row {@code a} sorts strictly before row {@code b} by (time, channel). */
  private static boolean before(long[] time, Table t, int col, int a, int b) {
    if (time[a] != time[b]) {
      return time[a] < time[b];
    }
    return t.getLong(col, a) < t.getLong(col, b);
  }
}
