package org.strand.chain;

import static org.strand.chain.ChainSchemas.SAMPLES_PER_RECORD;

import org.strand.core.InvalidDataException;
import org.strand.core.Table;

/**
 * strax's pulse processing on primitive columns: {@code raw_to_records}, {@code baseline},
 * {@code integrate}, {@code find_hits} with {@code sort_by_time} and
 * {@code find_hit_integration_bounds}, and {@code record_links}.
 *
 * <p>The arithmetic follows strax's numba code step for step, down to the types it computes in,
 * so that results agree with strax's within float32 rounding: a pulse's baseline is the mean of
 * the first {@code baseline_samples} samples of its first record (zero padding included, as in
 * strax), computed in double and carried to later records through a float32 per channel; data
 * becomes {@code int(baseline) - raw} (wrapped to int16); a record's area is its sample sum plus
 * the fractional baseline times its length, rounded half to even; a hit is a run of samples at or
 * above the threshold inside one record, its area and height include the fractional baseline.
 */
final class PulseProcessing {
  private PulseProcessing() {}

  /**
   * raw_to_records, baseline and integrate.
   *
   * @param where the chunk, for messages
   * @throws InvalidDataException if a record continues a pulse whose first record is not in
   *     {@code raw}, or a channel is negative
   */
  static Table toRecords(Table raw, int baselineSamples, boolean flip, String where) {
    int n = raw.rows();
    Table out = Table.allocate(ChainSchemas.RECORDS, n);
    if (n == 0) {
      return out;
    }
    long[] time = raw.longs("time");
    int[] length = raw.ints("length");
    short[] dt = raw.shorts("dt");
    short[] channel = raw.shorts("channel");
    short[] recordI = raw.shorts("record_i");
    System.arraycopy(time, 0, out.longs("time"), 0, n);
    System.arraycopy(length, 0, out.ints("length"), 0, n);
    System.arraycopy(dt, 0, out.shorts("dt"), 0, n);
    System.arraycopy(channel, 0, out.shorts("channel"), 0, n);
    System.arraycopy(raw.ints("pulse_length"), 0, out.ints("pulse_length"), 0, n);
    System.arraycopy(recordI, 0, out.shorts("record_i"), 0, n);
    short[] rawData = raw.shorts("data");
    short[] data = out.shorts("data");
    float[] baseline = out.floats("baseline");
    float[] rms = out.floats("baseline_rms");
    int[] area = out.ints("area");

    int maxChannel = 0;
    for (int r = 0; r < n; r++) {
      if (channel[r] < 0) {
        throw new InvalidDataException(where + ": raw record " + r + " has negative channel " + channel[r]);
      }
      maxChannel = Math.max(maxChannel, channel[r]);
    }
    float[] lastBaseline = new float[maxChannel + 1];
    float[] lastRms = new float[maxChannel + 1];
    boolean[] seenFirst = new boolean[maxChannel + 1];
    int bs = baselineSamples;
    for (int r = 0; r < n; r++) {
      int ch = channel[r];
      int base = r * SAMPLES_PER_RECORD;
      double bl;
      float blRms;
      if (recordI[r] == 0) {
        seenFirst[ch] = true;
        long sum = 0;
        long squares = 0;
        for (int k = 0; k < bs; k++) {
          int x = rawData[base + k];
          sum += x;
          squares += x * x;
        }
        // strax sums (x - mean)^2 in double; the exact integer form below differs from that by
        // rounding far below float32 precision, and needs one pass instead of two.
        double mean = (double) sum / bs;
        double variance = (double) (bs * squares - sum * sum) / ((double) bs * bs);
        bl = mean;
        blRms = (float) Math.sqrt(variance);
        lastBaseline[ch] = (float) mean;
        lastRms[ch] = blRms;
      } else {
        if (!seenFirst[ch]) {
          throw new InvalidDataException(where + ": record at time " + time[r] + " in channel " + ch
              + " is fragment " + recordI[r] + " of a pulse whose first fragment is not in this chunk;"
              + " baselines come from a pulse's first fragment, so chunks must not cut pulses");
        }
        bl = lastBaseline[ch];
        blRms = lastRms[ch];
      }
      // data = (-1 if flip else 1) * (raw - int(baseline)) within the record's length, wrapped to
      // int16; zero padding beyond it is kept. The area sums every sample.
      int intBaseline = (int) bl;
      int len = length[r];
      if (flip) {
        for (int k = 0; k < len; k++) {
          data[base + k] = (short) (intBaseline - rawData[base + k]);
        }
      } else {
        for (int k = 0; k < len; k++) {
          data[base + k] = (short) (rawData[base + k] - intBaseline);
        }
      }
      System.arraycopy(rawData, base + len, data, base + len, SAMPLES_PER_RECORD - len);
      int sum = 0;
      for (int k = 0; k < SAMPLES_PER_RECORD; k++) {
        sum += data[base + k];
      }
      float storedBaseline = (float) bl;
      baseline[r] = storedBaseline;
      rms[r] = blRms;
      area[r] = (int) (sum + (long) Math.rint(fraction(storedBaseline) * len));
    }
    return out;
  }

  /** A bound in ns as a sample index from the start of a record at {@code recordTime}. */
  private static short integrationIndex(long bound, long recordTime, int dt) {
    return (short) floorDiv(bound - recordTime, dt);
  }

  /** {@code floorDiv}, with the common sample width as a constant the compiler divides by quickly. */
  static long floorDiv(long t, long width) {
    return width == 10 ? Math.floorDiv(t, 10L) : Math.floorDiv(t, width);
  }

  /** Python's {@code x % 1} for a float32 value, in double. */
  static double fraction(float x) {
    double d = x;
    return d - Math.floor(d);
  }

  /**
   * strax's find_hits, sort_by_time and find_hit_integration_bounds: the hits of
   * {@code records}, ordered by time then channel (stably, as strax sorts the record-ordered hits
   * that find_hits returns), as a table of {@link ChainSchemas#HITS}.
   *
   * <p>Integration bounds as find_hit_integration_bounds computes them without excluded intervals
   * and with bounds allowed beyond records: each hit integrates from {@code leftNs} before it to
   * {@code rightNs} after it, but not into the next hit of its channel nor into what the previous
   * hit of its channel integrates; bounds are in samples from the start of the hit's record.
   *
   * <p>Done in three passes so that each hit's many fields are written once, in their final place:
   * the records are scanned for runs of samples at or above the threshold (with their sums and
   * maxima), the runs are ordered, and then every field, bounds included, is computed straight into
   * the output columns (a hit's right bound is final when the next hit of its channel is seen).
   *
   * @throws InvalidDataException for a record longer than 110 samples or a hit in a channel
   *     outside {@code [0, nChannels)}
   */
  static Table findHits(Table records, int minAmplitude, int nChannels, long leftNs, long rightNs) {
    int n = records.rows();
    if (n == 0) {
      return Table.empty(ChainSchemas.HITS);
    }
    long[] time = records.longs("time");
    int[] length = records.ints("length");
    short[] dt = records.shorts("dt");
    short[] channel = records.shorts("channel");
    float[] baseline = records.floats("baseline");
    short[] data = records.shorts("data");

    Runs runs = new Runs(n * 5 / 2 + 16);
    for (int r = 0; r < n; r++) {
      int len = length[r];
      if (len > SAMPLES_PER_RECORD || len < 0) {
        throw new InvalidDataException("record " + r + " at time " + time[r] + " has length " + len
            + ", outside 0.." + SAMPLES_PER_RECORD);
      }
      int base = r * SAMPLES_PER_RECORD;
      int end = base + len;
      int k = base;
      while (true) {
        while (k < end && data[k] < minAmplitude) {
          k++;
        }
        if (k >= end) {
          break;
        }
        int from = k;
        int area = 0;
        int height = Integer.MIN_VALUE;
        int maxAt = k;
        while (k < end) {
          int x = data[k];
          if (x < minAmplitude) {
            break;
          }
          area += x;
          // strax keeps the first maximum; branch-free, as the maximum's place is unpredictable.
          maxAt = x > height ? k : maxAt;
          height = Math.max(height, x);
          k++;
        }
        runs.add(r, from - base, k - base, time[r] + (long) (from - base) * dt[r], channel[r], area, height, maxAt - base);
      }
    }

    int m = runs.size;
    int[] order = TimeOrder.of(runs.time, runs.channel, m);
    Table out = Table.allocate(ChainSchemas.HITS, m);
    long[] hTime = out.longs("time");
    int[] hLength = out.ints("length");
    short[] hDt = out.shorts("dt");
    short[] hChannel = out.shorts("channel");
    float[] hArea = out.floats("area");
    short[] hLeft = out.shorts("left");
    short[] hRight = out.shorts("right");
    int[] hRecord = out.ints("record_i");
    float[] hThreshold = out.floats("threshold");
    float[] hHeight = out.floats("height");
    long[] hMaxTime = out.longs("max_time");
    short[] hLeftIntegration = out.shorts("left_integration");
    short[] hRightIntegration = out.shorts("right_integration");
    // Per channel: its latest hit, where that hit's integration may end, and the start time and
    // sample width of that hit's record (kept here: reading them back through the hit's record
    // index is a cache miss per hit).
    int[] lastHit = new int[nChannels];
    java.util.Arrays.fill(lastHit, -1);
    long[] lastRight = new long[nChannels];
    long[] lastRecordTime = new long[nChannels];
    int[] lastDt = new int[nChannels];
    float threshold = minAmplitude;
    for (int k = 0; k < m; k++) {
      int i = order == null ? k : order[k];
      int r = runs.record[i];
      int left = runs.left[i];
      int right = runs.right[i];
      double fpart = fraction(baseline[r]);
      int hitLength = right - left;
      long t = runs.time[i];
      int ch = channel[r];
      int d = dt[r];
      hTime[k] = t;
      hLength[k] = hitLength;
      hDt[k] = dt[r];
      hChannel[k] = (short) ch;
      hArea[k] = (float) (runs.area[i] + hitLength * fpart);
      hLeft[k] = (short) left;
      hRight[k] = (short) right;
      hRecord[k] = r;
      hThreshold[k] = threshold;
      hHeight[k] = (float) (runs.height[i] + fpart);
      hMaxTime[k] = time[r] + (long) runs.maxAt[i] * d;

      if (ch < 0 || ch >= nChannels) {
        throw new InvalidDataException("hit at time " + t + " is in channel " + ch + ", outside the n_channels = "
            + nChannels + " channels");
      }
      long from = Math.max(0, t - leftNs);
      int previous = lastHit[ch];
      if (previous >= 0) {
        long previousRight = Math.min(lastRight[ch], t);
        hRightIntegration[previous] = integrationIndex(previousRight, lastRecordTime[ch], lastDt[ch]);
        from = Math.max(previousRight, from);
      }
      hLeftIntegration[k] = integrationIndex(from, time[r], d);
      lastHit[ch] = k;
      lastRight[ch] = t + (long) hitLength * d + rightNs;
      lastRecordTime[ch] = time[r];
      lastDt[ch] = d;
    }
    for (int ch = 0; ch < nChannels; ch++) {
      int h = lastHit[ch];
      if (h >= 0) {
        hRightIntegration[h] = integrationIndex(lastRight[ch], lastRecordTime[ch], lastDt[ch]);
      }
    }
    return out;
  }

  /** Runs of samples above threshold: where each hit is, its sample sum, maximum and where. */
  private static final class Runs {
    int size;
    int[] record;
    short[] left;
    short[] right;
    long[] time;
    short[] channel;
    int[] area;
    int[] height;
    short[] maxAt;

    Runs(int capacity) {
      record = new int[capacity];
      left = new short[capacity];
      right = new short[capacity];
      time = new long[capacity];
      channel = new short[capacity];
      area = new int[capacity];
      height = new int[capacity];
      maxAt = new short[capacity];
    }

    void add(int r, int from, int to, long t, short ch, int sum, int max, int maxIndex) {
      if (size == record.length) {
        int c = size * 2;
        record = java.util.Arrays.copyOf(record, c);
        left = java.util.Arrays.copyOf(left, c);
        right = java.util.Arrays.copyOf(right, c);
        time = java.util.Arrays.copyOf(time, c);
        channel = java.util.Arrays.copyOf(channel, c);
        area = java.util.Arrays.copyOf(area, c);
        height = java.util.Arrays.copyOf(height, c);
        maxAt = java.util.Arrays.copyOf(maxAt, c);
      }
      record[size] = r;
      left[size] = (short) from;
      right[size] = (short) to;
      time[size] = t;
      channel[size] = ch;
      area[size] = sum;
      height[size] = max;
      maxAt[size] = (short) maxIndex;
      size++;
    }
  }

  /**
   * strax's record_links: for each record the index of the previous and next record of the same
   * pulse in this table, or -1.
   */
  static int[][] recordLinks(Table records) {
    int n = records.rows();
    int[] previous = new int[n];
    int[] next = new int[n];
    java.util.Arrays.fill(previous, -1);
    java.util.Arrays.fill(next, -1);
    if (n == 0) {
      return new int[][] {previous, next};
    }
    long[] time = records.longs("time");
    short[] dt = records.shorts("dt");
    short[] channel = records.shorts("channel");
    short[] recordI = records.shorts("record_i");
    int maxChannel = 0;
    for (int r = 0; r < n; r++) {
      if (channel[r] < 0) {
        throw new InvalidDataException("record " + r + " at time " + time[r] + " has negative channel " + channel[r]);
      }
      maxChannel = Math.max(maxChannel, channel[r]);
    }
    int[] lastSeen = new int[maxChannel + 1];
    java.util.Arrays.fill(lastSeen, -1);
    long[] expectedNext = new long[maxChannel + 1];
    for (int r = 0; r < n; r++) {
      int ch = channel[r];
      if (recordI[r] != 0 && lastSeen[ch] >= 0 && time[r] == expectedNext[ch]) {
        previous[r] = lastSeen[ch];
        next[lastSeen[ch]] = r;
      }
      lastSeen[ch] = r;
      expectedNext[ch] = time[r] + (long) SAMPLES_PER_RECORD * dt[r];
    }
    return new int[][] {previous, next};
  }

  /** Hits as primitive columns (strax's hit_dtype, field by field). */
  static final class HitList {
    int size;
    long[] time;
    int[] length;
    short[] dt;
    short[] channel;
    float[] area;
    short[] left;
    short[] right;
    short[] leftIntegration;
    short[] rightIntegration;
    int[] recordI;
    float[] threshold;
    float[] height;
    long[] maxTime;

    HitList(int capacity) {
      time = new long[capacity];
      length = new int[capacity];
      dt = new short[capacity];
      channel = new short[capacity];
      area = new float[capacity];
      left = new short[capacity];
      right = new short[capacity];
      leftIntegration = new short[capacity];
      rightIntegration = new short[capacity];
      recordI = new int[capacity];
      threshold = new float[capacity];
      height = new float[capacity];
      maxTime = new long[capacity];
    }

    /** These hits reordered by ({@code time}, channel), stably (strax's sort_by_time). */
    HitList sortedByTime() {
      int[] order = TimeOrder.of(time, channel, size);
      if (order == null) {
        return this;
      }
      HitList s = new HitList(size);
      s.size = size;
      for (int k = 0; k < size; k++) {
        int i = order[k];
        s.time[k] = time[i];
        s.length[k] = length[i];
        s.dt[k] = dt[i];
        s.channel[k] = channel[i];
        s.area[k] = area[i];
        s.left[k] = left[i];
        s.right[k] = right[i];
        s.leftIntegration[k] = leftIntegration[i];
        s.rightIntegration[k] = rightIntegration[i];
        s.recordI[k] = recordI[i];
        s.threshold[k] = threshold[i];
        s.height[k] = height[i];
        s.maxTime[k] = maxTime[i];
      }
      return s;
    }

    /** Hits read from a table of {@link ChainSchemas#HITS}, sharing its arrays. */
    static HitList of(Table t) {
      HitList h = new HitList(0);
      h.size = t.rows();
      h.time = t.longs("time");
      h.length = t.ints("length");
      h.dt = t.shorts("dt");
      h.channel = t.shorts("channel");
      h.area = t.floats("area");
      h.left = t.shorts("left");
      h.right = t.shorts("right");
      h.leftIntegration = t.shorts("left_integration");
      h.rightIntegration = t.shorts("right_integration");
      h.recordI = t.ints("record_i");
      h.threshold = t.floats("threshold");
      h.height = t.floats("height");
      h.maxTime = t.longs("max_time");
      return h;
    }
  }
}
