package org.strand.chain;

import static org.strand.chain.ChainSchemas.PEAK_SAMPLES;
import static org.strand.chain.ChainSchemas.SAMPLES_PER_RECORD;

import java.util.Arrays;
import org.strand.chain.PulseProcessing.HitList;
import org.strand.core.InvalidDataException;
import org.strand.core.Schema;
import org.strand.core.Table;

/**
 * strax's peak building on primitive columns: {@code find_peaks}, clipping to the chunk,
 * extension of hits to their integration bounds, and {@code sum_waveform} with
 * {@code store_downsampled_waveform}.
 *
 * <p>find_peaks groups time-ordered hits: a hit starts a new peak when it comes at least
 * {@code gap_threshold} after the latest end seen, or when adding it would make the peak longer
 * than {@code max_duration}; a peak spans from {@code left_extension} before its first hit to
 * {@code right_extension} after its latest hit end, and is kept if its area and channel count
 * pass the minimums. sum_waveform then rebuilds each peak's area, area per channel and summed
 * waveform from the extended hits (hit plus integration bounds, reaching into neighbouring records
 * of the same pulse), downsampling waveforms longer than 200 samples by an integer factor.
 *
 * <p>Float arithmetic follows strax's: per-hit PE in double and sums in float32 where strax keeps
 * float32 fields, so that results agree within float32 rounding.
 */
final class PeakBuilding {
  private PeakBuilding() {}

  /** The find_peaks parameters. */
  record Params(double[] toPe, long gapThreshold, long leftExtension, long rightExtension, double minArea,
      int minChannels, long maxDuration) {}

  /**
   * strax's find_peaks over time-ordered hits.
   *
   * @throws IllegalArgumentException for parameters strax rejects
   * @throws InvalidDataException for hits strax rejects (zero dt, a channel without a gain)
   */
  static Table findPeaks(HitList hits, Params p, Schema schema, int nChannels) {
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
      return Table.empty(schema);
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
        peaks.add(pTime, length, pDt, nHits, pArea, maxGap, apc);
      }
    }
    return peaks.toTable(schema);
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

  /**
   * Hits extended to their integration bounds (straxen's hitlets: time moved left by
   * {@code left - left_integration} samples, length {@code right_integration - left_integration}),
   * in strax's time order.
   */
  static HitList extend(HitList hits) {
    HitList e = new HitList(hits.size);
    e.size = hits.size;
    for (int i = 0; i < hits.size; i++) {
      e.time[i] = hits.time[i] - (long) (hits.left[i] - hits.leftIntegration[i]) * hits.dt[i];
      e.length[i] = hits.rightIntegration[i] - hits.leftIntegration[i];
      e.dt[i] = hits.dt[i];
      e.channel[i] = hits.channel[i];
      e.area[i] = hits.area[i];
      e.left[i] = hits.left[i];
      e.right[i] = hits.right[i];
      e.leftIntegration[i] = hits.leftIntegration[i];
      e.rightIntegration[i] = hits.rightIntegration[i];
      e.recordI[i] = hits.recordI[i];
      e.threshold[i] = hits.threshold[i];
      e.height[i] = hits.height[i];
      e.maxTime[i] = hits.maxTime[i];
    }
    return e.sortedByTime();
  }

  /**
   * strax's sum_waveform with top and start waveforms: rebuilds each peak's area, area per
   * channel, saturation flags and (downsampled) waveforms from the extended hits.
   *
   * @param hits extended hits in time order; {@code record_i} indexes {@code records}
   */
  static void sumWaveform(Table peaks, HitList hits, Table records, int[][] links, double[] toPe, int nTopChannels) {
    int np = peaks.rows();
    int nr = records.rows();
    if (nr == 0 || np == 0) {
      return;
    }
    long[] pTime = peaks.longs("time");
    int[] pLength = peaks.ints("length");
    int[] pDt = peaks.ints("dt");
    float[] pArea = peaks.floats("area");
    float[] pApc = peaks.floats("area_per_channel");
    byte[] saturated = peaks.bytes("saturated_channel");
    short[] nSaturated = peaks.shorts("n_saturated_channels");
    float[] data = peaks.floats("data");
    float[] dataTop = peaks.floats("data_top");
    float[] dataStart = peaks.floats("data_start");
    int nChannels = peaks.schema().field("area_per_channel").length();

    long[] rTime = records.longs("time");
    int[] rLength = records.ints("length");
    short[] rDt = records.shorts("dt");
    float[] rBaseline = records.floats("baseline");
    short[] rShift = records.shorts("amplitude_bit_shift");
    short[] rData = records.shorts("data");
    short[] rChannel = records.shorts("channel");
    int[] previous = links[0];
    int[] next = links[1];
    long dt = rDt[0];

    int maxLength = 0;
    for (int i = 0; i < np; i++) {
      maxLength = Math.max(maxLength, pLength[i]);
    }
    float[] swv = new float[maxLength * 2];
    float[] twv = new float[maxLength * 2];
    float[] apc = new float[nChannels];
    int maxHit = 0;
    for (int i = 0; i < hits.size; i++) {
      maxHit = Math.max(maxHit, hits.length[i]);
    }
    float[] hitWaveform = new float[Math.max(0, maxHit)];
    int leftHit = 0;

    for (int p = 0; p < np; p++) {
      long time = pTime[p];
      int length = pLength[p];
      Arrays.fill(swv, 0, Math.min(2 * length, swv.length), 0f);
      Arrays.fill(twv, 0, Math.min(2 * length, twv.length), 0f);
      Arrays.fill(apc, 0f);
      float area = 0f;
      pArea[p] = 0f;

      int h = leftHit;
      while (h < hits.size && !(time < hits.time[h] + hits.length[h] * dt)) {
        h++;
      }
      if (h == hits.size) {
        // Hits ran out before peaks did: strax leaves the remaining peaks as they are.
        break;
      }
      leftHit = h;
      for (int k = h; k < hits.size; k++) {
        int ch = hits.channel[k];
        int r = hits.recordI[k];
        if (r < 0 || r >= nr || rChannel[r] != ch) {
          throw new InvalidDataException("hit at time " + hits.time[k] + " in channel " + ch + " points to record " + r
              + ", which is not in its channel in these " + nr + " records: hits and records must come from the same chunk");
        }
        if (pDt[p] != hits.dt[k]) {
          throw new InvalidDataException("peak at time " + time + " has dt " + pDt[p] + " but hit at time " + hits.time[k]
              + " has dt " + hits.dt[k] + "; hits and peaks must have the same dt");
        }
        long shift = Math.floorDiv(time - hits.time[k], dt);
        int nHit = hits.length[k];
        if (shift <= -length) {
          break;
        }
        if (nHit <= shift) {
          continue;
        }
        // Overlap of the hit [a1, a1 + nHit) with the peak [b1, b1 + length), in samples.
        long s = Math.floorDiv(hits.time[k], dt) - Math.floorDiv(time, dt);
        int pStart = 0;
        int hStart = 0;
        int hEnd = 0;
        if (nHit > 0 && length > 0 && s > -nHit && Math.max(0, s) < Math.min(length, s + nHit)) {
          pStart = (int) Math.max(0, s);
          hStart = (int) Math.max(0, -s);
          hEnd = (int) Math.min(nHit, -s + length);
        }

        Arrays.fill(hitWaveform, 0f);
        boolean sat = buildHitWaveform(hits, k, r, rTime, rLength, rDt, rBaseline, rShift, rData, hitWaveform);
        if (hits.leftIntegration[k] < 0 && previous[r] != -1) {
          sat |= buildHitWaveform(hits, k, previous[r], rTime, rLength, rDt, rBaseline, rShift, rData, hitWaveform);
        }
        if (hits.rightIntegration[k] > SAMPLES_PER_RECORD && next[r] != -1) {
          sat |= buildHitWaveform(hits, k, next[r], rTime, rLength, rDt, rBaseline, rShift, rData, hitWaveform);
        }
        if (sat) {
          saturated[p * nChannels + ch] = 1;
        }
        float gain = (float) toPe[ch];
        boolean top = ch < nTopChannels;
        float areaPe = 0f;
        int offset = pStart - hStart;
        for (int j = hStart; j < hEnd; j++) {
          float v = hitWaveform[j] * gain;
          swv[offset + j] += v;
          if (top) {
            twv[offset + j] += v;
          }
          areaPe += v;
        }
        apc[ch] += areaPe;
        area += areaPe;
      }
      pArea[p] = area;
      storeDownsampled(p, length, swv, twv, pLength, pDt, data, dataTop, dataStart);
      int sum = 0;
      for (int c = 0; c < nChannels; c++) {
        sum += saturated[p * nChannels + c];
      }
      nSaturated[p] = (short) sum;
      System.arraycopy(apc, 0, pApc, p * nChannels, nChannels);
    }
  }

  /**
   * Writes record {@code r}'s samples that overlap hit {@code k} into the hit's waveform (ADC
   * counts plus the fractional baseline); returns whether the record saturated there.
   */
  private static boolean buildHitWaveform(HitList hits, int k, int r, long[] rTime, int[] rLength, short[] rDt,
      float[] rBaseline, short[] rShift, short[] rData, float[] hitWaveform) {
    long a1 = Math.floorDiv(hits.time[k], (long) hits.dt[k]);
    int nA = hits.length[k];
    long b1 = Math.floorDiv(rTime[r], (long) rDt[r]);
    int nB = rLength[r];
    if (nA <= 0 || nB <= 0) {
      return false;
    }
    long s = a1 - b1;
    if (s <= -nA) {
      return false;
    }
    int bStart = (int) Math.max(0, s);
    int bEnd = (int) Math.min(nB, s + nA);
    if (bStart >= bEnd) {
      return false;
    }
    int aStart = (int) Math.max(0, -s);
    int multiplier = 1 << rShift[r];
    double fpart = PulseProcessing.fraction(rBaseline[r]);
    int base = r * SAMPLES_PER_RECORD;
    int max = Integer.MIN_VALUE;
    for (int j = bStart; j < bEnd; j++) {
      int x = rData[base + j];
      max = Math.max(max, x);
      hitWaveform[aStart + j - bStart] = (float) ((long) multiplier * x + fpart);
    }
    return (long) max * multiplier >= (short) rBaseline[r];
  }

  /** strax's store_downsampled_waveform with top and start waveforms, for peak {@code p}. */
  private static void storeDownsampled(int p, int length, float[] swv, float[] twv, int[] pLength, int[] pDt,
      float[] data, float[] dataTop, float[] dataStart) {
    int base = p * PEAK_SAMPLES;
    int factor = (int) Math.ceil((double) length / PEAK_SAMPLES);
    if (factor > 1) {
      int newLength = (int) Math.floor((double) length / factor);
      pLength[p] = newLength;
      for (int i = 0; i < newLength; i++) {
        float sum = 0f;
        float sumTop = 0f;
        for (int j = 0; j < factor; j++) {
          sum += swv[i * factor + j];
          sumTop += twv[i * factor + j];
        }
        data[base + i] = sum;
        dataTop[base + i] = sumTop;
      }
      pDt[p] *= factor;
    } else {
      System.arraycopy(twv, 0, dataTop, base, length);
      System.arraycopy(swv, 0, data, base, length);
    }
    System.arraycopy(swv, 0, dataStart, base, Math.min(length, PEAK_SAMPLES));
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
    float[] apc;

    PeakList(int nChannels) {
      this.nChannels = nChannels;
      this.apc = new float[64 * nChannels];
    }

    void add(long t, int len, int d, int hitCount, float a, int gap, float[] areaPerChannel) {
      if (size == time.length) {
        int c = size * 2;
        time = Arrays.copyOf(time, c);
        length = Arrays.copyOf(length, c);
        dt = Arrays.copyOf(dt, c);
        nHits = Arrays.copyOf(nHits, c);
        area = Arrays.copyOf(area, c);
        maxGap = Arrays.copyOf(maxGap, c);
        apc = Arrays.copyOf(apc, c * nChannels);
      }
      time[size] = t;
      length[size] = len;
      dt[size] = d;
      nHits[size] = hitCount;
      area[size] = a;
      maxGap[size] = gap;
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
