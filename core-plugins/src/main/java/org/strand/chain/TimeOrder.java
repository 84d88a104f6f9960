package org.strand.chain;

/**
 * strax's {@code sort_by_time}: a stable order by time, then channel, on primitive arrays.
 *
 * <p>A natural merge sort over row indices: runs that are already in order (the usual case, hits
 * come out of records nearly sorted) are found and merged, so nearly sorted input costs little
 * more than one pass. Stable, so rows equal in time and channel keep their input order.
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
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    int[] b = new int[n];
    // Run boundaries of the natural runs.
    int[] bounds = new int[n + 1];
    int runs = 0;
    bounds[runs++] = 0;
    for (int i = 1; i < n; i++) {
      if (less(time, channel, i, i - 1)) {
        bounds[runs++] = i;
      }
    }
    bounds[runs] = n;
    int[] src = a;
    int[] dst = b;
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
    return src;
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

  /** Merges src[lo, mid) and src[mid, hi) into dst[lo, hi), left first on ties. */
  private static void merge(long[] time, short[] channel, int[] src, int[] dst, int lo, int mid, int hi) {
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
