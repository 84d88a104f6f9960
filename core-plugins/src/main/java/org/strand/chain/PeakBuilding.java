package org.strand.chain;

import java.util.Arrays;
import org.strand.chain.PulseProcessing.HitList;
import org.strand.core.InvalidDataException;
import org.strand.core.Schema;
import org.strand.core.Table;

/**
 * strax's find_peaks on primitive columns, and the clipping of peaks to their chunk.
 *
 * <p>find_peaks groups time-ordered hits: a hit starts a new peak when it comes at least
 * {@code gap_threshold} after the latest end seen, or when adding it would make the peak longer
 * than {@code max_duration}; a peak spans from {@code left_extension} before its first hit to
 * {@code right_extension} after its latest hit end, and is kept if its area and channel count
 * pass the minimums. Areas are summed as strax does: each hit's PE in double, the sums kept in
 * float32. {@link SumWaveform} then rebuilds areas and waveforms.
 */
final class PeakBuilding {
  private PeakBuilding() {}

  /** The find_peaks parameters. */
  record Params(double[] toPe, long gapThreshold, long leftExtension, long rightExtension, double minArea,
      int minChannels, long maxDuration) {}

  /**
   * Peaks as found, and for each the index of its first hit (its hits are the next
   * {@code n_hits} ones). {@code adjacent} says whether some peak was ended by
   * {@code max_duration} rather than by a gap, so that the next one may touch it.
   */
  record Found(Table peaks, int[] firstHit, boolean adjacent) {}

  /**
   * strax's find_peaks over time-ordered hits.
   *
   * @throws IllegalArgumentException for parameters strax rejects
   * @throws InvalidDataException for hits strax rejects (zero dt, a channel without a gain)
   */
  static Found findPeaks(HitList hits, Params p, Schema schema, int nChannels) {
    int n = hits.size;
    if (p.gapThreshold <= p.leftExtension + p.rightExtension) {
      throw new IllegalArgumentException("gap_threshold (" + p.gapThreshold + " ns) must be larger than left_extension + right_extension ("
          + (p.leftExtension + p.rightExtension) + " ns)");
    }
    if (p.minChannels < 1) {
      throw new IllegalArgumentException("min_channels must be >= 1, got " + p.minChannels);
    }
    if (p.leftExtension + p.maxDuration + p.rightExtension >= 429_496_729_400L) {
      throw new IllegalArgumentException("max_duration " + p.maxDuration + " ns is too large: peak lengths would overflow");
    }
    if (n == 0) {
      return new Found(Table.empty(schema), new int[0], false);
    }
    if (hits.dt[0] <= 0) {
      throw new InvalidDataException("hit at time " + hits.time[0] + " has dt " + hits.dt[0] + "; hits need a positive sample width");
    }
    PeakList peaks = new PeakList(nChannels);
    float[] apc = new float[nChannels];
    int[] touched = new int[Math.max(16, nChannels)];
    boolean[] isTouched = new boolean[nChannels];
    int nTouched = 0;
    double[] toPe = p.toPe;
    boolean inPeak = false;
    long peakEnd = 0;
    long pTime = 0;
    int pDt = 0;
    int nHits = 0;
    float pArea = 0;
    int maxGap = 0;
    int firstHit = 0;
    boolean adjacent = false;
    for (int i = 0; i < n; i++) {
      int ch = hits.channel[i];
      if (ch < 0 || ch >= toPe.length || ch >= nChannels) {
        throw new InvalidDataException("hit at time " + hits.time[i] + " is in channel " + ch + ", but to_pe has "
            + toPe.length + " gains and peaks hold " + nChannels + " channels");
      }
      long t0 = hits.time[i];
      int dt = hits.dt[i];
      long t1 = t0 + (long) dt * hits.length[i];
      if (inPeak) {
        maxGap = (int) Math.max(maxGap, t0 - peakEnd);
      } else {
        for (int k = 0; k < nTouched; k++) {
          apc[touched[k]] = 0;
          isTouched[touched[k]] = false;
        }
        nTouched = 0;
        peakEnd = t1;
        pTime = t0 - p.leftExtension;
        pDt = dt;
        firstHit = i;
        nHits = 0;
        pArea = 0;
        inPeak = true;
        maxGap = 0;
      }
      nHits++;
      peakEnd = Math.max(peakEnd, t1);
      double hitPe = hits.area[i] * toPe[ch];
      apc[ch] = (float) (apc[ch] + hitPe);
      if (!isTouched[ch]) {
        isTouched[ch] = true;
        touched[nTouched++] = ch;
      }
      pArea = (float) (pArea + hitPe);

      boolean last = i == n - 1;
      boolean nextFar = false;
      boolean tooLong = false;
      if (!last) {
        long nt = hits.time[i + 1];
        nextFar = nt - peakEnd >= p.gapThreshold;
        tooLong = nt - pTime + (long) hits.dt[i + 1] * hits.length[i + 1] + p.leftExtension + p.rightExtension > p.maxDuration;
      }
      if (last || nextFar || tooLong) {
        inPeak = false;
        adjacent |= tooLong && !nextFar;
        if (pArea < p.minArea) {
          continue;
        }
        int channels = 0;
        for (int k = 0; k < nTouched; k++) {
          if (apc[touched[k]] != 0) {
            channels++;
          }
        }
        if (channels < p.minChannels) {
          continue;
        }
        int length = (int) ((double) (peakEnd - pTime + p.rightExtension) / pDt);
        if (length <= 0) {
          throw new InvalidDataException("peak at time " + pTime + " would have non-positive length " + length);
        }
        peaks.add(pTime, length, pDt, nHits, pArea, maxGap, apc, firstHit);
      }
    }
    return new Found(peaks.toTable(schema), Arrays.copyOf(peaks.firstHit, peaks.size), adjacent);
  }

  /**
   * Clips peaks to the chunk (straxen's clip_peaklet_times): a peak starting before
   * {@code start} starts there; one ending after {@code end} is shortened to end by it.
   */
  static void clip(Table peaks, long start, long end) {
    long[] time = peaks.longs("time");
    int[] length = peaks.ints("length");
    int[] dt = peaks.ints("dt");
    for (int i = 0; i < peaks.rows(); i++) {
      if (time[i] < start) {
        time[i] = start;
      }
      if (time[i] + (long) length[i] * dt[i] > end) {
        length[i] = (int) Math.floorDiv(end - time[i], dt[i]);
      }
    }
  }

  /** Peaks as found, before sum_waveform: growable columns. */
  private static final class PeakList {
    final int nChannels;
    int size;
    long[] time = new long[64];
    int[] length = new int[64];
    int[] dt = new int[64];
    int[] nHits = new int[64];
    float[] area = new float[64];
    int[] maxGap = new int[64];
    int[] firstHit = new int[64];
    float[] apc;

    PeakList(int nChannels) {
      this.nChannels = nChannels;
      this.apc = new float[64 * nChannels];
    }

    void add(long t, int len, int d, int hitCount, float a, int gap, float[] areaPerChannel, int first) {
      if (size == time.length) {
        int c = size * 2;
        time = Arrays.copyOf(time, c);
        length = Arrays.copyOf(length, c);
        dt = Arrays.copyOf(dt, c);
        nHits = Arrays.copyOf(nHits, c);
        area = Arrays.copyOf(area, c);
        maxGap = Arrays.copyOf(maxGap, c);
        firstHit = Arrays.copyOf(firstHit, c);
        apc = Arrays.copyOf(apc, c * nChannels);
      }
      time[size] = t;
      length[size] = len;
      dt[size] = d;
      nHits[size] = hitCount;
      area[size] = a;
      maxGap[size] = gap;
      firstHit[size] = first;
      System.arraycopy(areaPerChannel, 0, apc, size * nChannels, nChannels);
      size++;
    }

    Table toTable(Schema schema) {
      Table t = Table.allocate(schema, size);
      System.arraycopy(time, 0, t.longs("time"), 0, size);
      System.arraycopy(length, 0, t.ints("length"), 0, size);
      System.arraycopy(dt, 0, t.ints("dt"), 0, size);
      Arrays.fill(t.shorts("channel"), 0, size, (short) -1);
      System.arraycopy(nHits, 0, t.ints("n_hits"), 0, size);
      System.arraycopy(area, 0, t.floats("area"), 0, size);
      System.arraycopy(maxGap, 0, t.ints("max_gap"), 0, size);
      System.arraycopy(apc, 0, t.floats("area_per_channel"), 0, size * nChannels);
      return t;
    }
  }
}
