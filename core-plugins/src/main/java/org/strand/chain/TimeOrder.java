package org.strand.chain;

/**
 * strax's {@code sort_by_time}: a stable order by time, then channel, on primitive arrays.
 *
 * <p>The rows this sorts are nearly in order: hits come out of time-ordered records, and a hit
 * is never more than a record's length later than its record. So the sort first cuts the rows
 * into blocks that need no exchange with each other (every row before a cut sorts before every
 * row after it, found with a prefix maximum and a suffix minimum), leaves blocks that are in
 * order alone, and sorts the others on their own. Lone pulses make blocks of one; a busy stretch,
 * such as an S2 seen by every channel, makes one block. A disordered block whose times fall on a
 * grid of few steps (a digitiser's samples) is sorted by two stable counting passes, by channel
 * then by time step; any other block by a stable merge sort of its natural runs. The cost is
 * linear, plus {@code b log b} for a disordered block of {@code b} rows with times off any grid.
 */
final class TimeOrder {
  private TimeOrder() {}

  /**
   * The stable order of the first {@code n} rows by ({@code time}, {@code channel}), or null when
   * they are in that order already.
   */
  static int[] of(long[] time, short[] channel, int n) {
    if (isSorted(time, channel, n)) {
      return null;
    }
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    // Suffix minimum of (time, channel): the row index holding it.
    int[] suffixMin = new int[n];
    suffixMin[n - 1] = n - 1;
    for (int i = n - 2; i >= 0; i--) {
      int m = suffixMin[i + 1];
      suffixMin[i] = less(time, channel, i, m) ? i : m;
    }
    int[] scratch = new int[0];
    int blockStart = 0;
    int prefixMax = 0;
    boolean blockSorted = true;
    for (int i = 1; i <= n; i++) {
      if (i == n || !less(time, channel, suffixMin[i], prefixMax)) {
        if (!blockSorted) {
          if (scratch.length < i - blockStart) {
            scratch = new int[Math.max(i - blockStart, 2 * scratch.length)];
          }
          sortBlock(time, channel, order, scratch, blockStart, i);
        }
        if (i == n) {
          break;
        }
        blockStart = i;
        prefixMax = i;
        blockSorted = true;
      } else {
        if (less(time, channel, i, i - 1)) {
          blockSorted = false;
        }
        if (!less(time, channel, i, prefixMax)) {
          prefixMax = i;
        }
      }
    }
    return order;
  }

  /**
   * As {@link #of}, for rows expected to form one disordered block (the hits of one peak): sorted
   * as a whole, without looking for blocks.
   */
  static int[] ofBlock(long[] time, short[] channel, int n) {
    if (isSorted(time, channel, n)) {
      return null;
    }
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    sortBlock(time, channel, order, new int[n], 0, n);
    return order;
  }

  static boolean isSorted(long[] time, short[] channel, int n) {
    for (int i = 1; i < n; i++) {
      if (less(time, channel, i, i - 1)) {
        return false;
      }
    }
    return true;
  }

  private static boolean less(long[] time, short[] channel, int i, int j) {
    return time[i] < time[j] || (time[i] == time[j] && channel[i] < channel[j]);
  }

  /** Sorts order[from, to), which holds from..to-1, stably. */
  private static void sortBlock(long[] time, short[] channel, int[] order, int[] scratch, int from, int to) {
    if (!countingSort(time, channel, order, from, to)) {
      mergeSort(time, channel, order, scratch, from, to);
    }
  }

  /**
   * Two stable counting passes (by channel, then by time step) when the block's times lie on a
   * grid of at most about eight steps per row; false (nothing done) otherwise.
   */
  private static boolean countingSort(long[] time, short[] channel, int[] order, int from, int to) {
    int n = to - from;
    long tMin = Long.MAX_VALUE;
    long tMax = Long.MIN_VALUE;
    int cMin = Integer.MAX_VALUE;
    int cMax = Integer.MIN_VALUE;
    for (int i = from; i < to; i++) {
      tMin = Math.min(tMin, time[i]);
      tMax = Math.max(tMax, time[i]);
      cMin = Math.min(cMin, channel[i]);
      cMax = Math.max(cMax, channel[i]);
    }
    // The grid: 10 ns (the usual sample width, tested with a constant divisor, which is fast),
    // else the greatest common divisor of the offsets.
    long grid = 10;
    for (int i = from; i < to; i++) {
      if ((time[i] - tMin) % 10 != 0) {
        grid = 0;
        break;
      }
    }
    if (grid == 0) {
      for (int i = from; i < to && grid != 1; i++) {
        grid = gcd(grid, time[i] - tMin);
      }
    }
    long steps = grid == 0 ? 1 : (tMax - tMin) / grid + 1;
    int channels = cMax - cMin + 1;
    if (steps > 8L * n + 64 || channels > 8L * n + 64) {
      return false;
    }
    int[] byChannel = new int[n];
    int[] count = new int[(int) Math.max(steps, channels) + 1];
    for (int i = from; i < to; i++) {
      count[channel[i] - cMin + 1]++;
    }
    for (int c = 0; c < channels; c++) {
      count[c + 1] += count[c];
    }
    for (int i = from; i < to; i++) {
      byChannel[count[channel[i] - cMin]++] = i;
    }
    java.util.Arrays.fill(count, 0, (int) steps + 1, 0);
    for (int k = 0; k < n; k++) {
      count[step(time[byChannel[k]], tMin, grid) + 1]++;
    }
    for (int t = 0; t < steps; t++) {
      count[t + 1] += count[t];
    }
    for (int k = 0; k < n; k++) {
      int i = byChannel[k];
      order[from + count[step(time[i], tMin, grid)]++] = i;
    }
    return true;
  }

  private static int step(long t, long tMin, long grid) {
    if (grid == 10) {
      return (int) ((t - tMin) / 10);
    }
    return grid == 0 ? 0 : (int) ((t - tMin) / grid);
  }

  private static long gcd(long a, long b) {
    while (b != 0) {
      long t = a % b;
      a = b;
      b = t;
    }
    return a;
  }

  /** Stable natural merge sort of order[from, to) (which holds from..to-1). */
  private static void mergeSort(long[] time, short[] channel, int[] order, int[] scratch, int from, int to) {
    int n = to - from;
    int[] bounds = new int[n + 1];
    int runs = 0;
    bounds[runs++] = 0;
    for (int i = 1; i < n; i++) {
      if (less(time, channel, from + i, from + i - 1)) {
        bounds[runs++] = i;
      }
    }
    bounds[runs] = n;
    int[] src = new int[n];
    System.arraycopy(order, from, src, 0, n);
    int[] dst = scratch;
    while (runs > 1) {
      int out = 0;
      int k = 0;
      for (; k + 1 < runs; k += 2) {
        merge(time, channel, src, dst, bounds[k], bounds[k + 1], bounds[k + 2]);
        bounds[out++] = bounds[k];
      }
      if (k < runs) {
        System.arraycopy(src, bounds[k], dst, bounds[k], bounds[k + 1] - bounds[k]);
        bounds[out++] = bounds[k];
      }
      bounds[out] = n;
      runs = out;
      int[] t = src;
      src = dst;
      dst = t;
    }
    System.arraycopy(src, 0, order, from, n);
  }

  /** Merges src[lo, mid) and src[mid, hi) into dst[lo, hi), left first on ties. */
  private static void merge(long[] time, short[] channel, int[] src, int[] dst, int lo, int mid, int hi) {
    if (!less(time, channel, src[mid], src[mid - 1])) {
      System.arraycopy(src, lo, dst, lo, hi - lo);
      return;
    }
    int i = lo;
    int j = mid;
    int o = lo;
    while (i < mid && j < hi) {
      int a = src[i];
      int b = src[j];
      if (less(time, channel, b, a)) {
        dst[o++] = b;
        j++;
      } else {
        dst[o++] = a;
        i++;
      }
    }
    while (i < mid) {
      dst[o++] = src[i++];
    }
    while (j < hi) {
      dst[o++] = src[j++];
    }
  }
}
