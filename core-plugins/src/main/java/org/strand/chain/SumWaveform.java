package org.strand.chain;

import static org.strand.chain.ChainSchemas.PEAK_SAMPLES;
import static org.strand.chain.ChainSchemas.SAMPLES_PER_RECORD;

import java.util.Arrays;
import org.strand.chain.PulseProcessing.HitList;
import org.strand.core.InvalidDataException;
import org.strand.core.Table;

/**
 * strax's sum_waveform with top and start waveforms, and store_downsampled_waveform: rebuilds
 * each peak's area, area per channel, saturation flags and summed waveform from its hits, each
 * extended to its integration bounds (reaching into the neighbouring records of the same pulse
 * where the bounds go beyond the hit's record). Waveforms longer than 200 samples are summed in
 * groups of a whole number of samples, and dt grows by that factor.
 *
 * <p>strax sorts all extended hits by time and scans them for each peak. Since find_peaks makes
 * each peak from consecutive hits, and its gap threshold is larger than the two extensions
 * together, the extended hits that overlap a peak are exactly its own hits; so here each peak's
 * own hits are ordered by extended time and summed, which visits the same hits in the same order
 * as strax. Only when some peak was cut by {@code max_duration} (and the next may touch it) is
 * strax's scan over all extended hits used.
 *
 * <p>Float arithmetic follows strax's: waveforms and sums in float32, so that results agree
 * within float32 rounding.
 */
final class SumWaveform {
  private final Table peaks;
  private final long[] pTime;
  private final int[] pLength;
  private final int[] pDt;
  private final float[] pArea;
  private final byte[] pSaturated;
  private final int nChannels;
  private final int nTopChannels;
  private final double[] toPe;
  private final long[] rTime;
  private final int[] rLength;
  private final short[] rDt;
  private final float[] rBaseline;
  private final short[] rShift;
  private final short[] rData;
  private final short[] rChannel;
  private final int[] previous;
  private final int[] next;
  private final long dt;
  private final float[] swv;
  private final float[] twv;
  private final float[] apc;
  private float[] hitWaveform = new float[256];
  private float area;
  /** The current peak's start in samples of the records' dt. */
  private long peakSample;

  private SumWaveform(Table peaks, Table records, double[] toPe, int nTopChannels) {
    this.peaks = peaks;
    pTime = peaks.longs("time");
    pLength = peaks.ints("length");
    pDt = peaks.ints("dt");
    pArea = peaks.floats("area");
    pSaturated = peaks.bytes("saturated_channel");
    this.nChannels = peaks.schema().field("area_per_channel").length();
    this.nTopChannels = nTopChannels;
    this.toPe = toPe;
    rTime = records.longs("time");
    rLength = records.ints("length");
    rDt = records.shorts("dt");
    rBaseline = records.floats("baseline");
    rShift = records.shorts("amplitude_bit_shift");
    rData = records.shorts("data");
    rChannel = records.shorts("channel");
    int[][] links = PulseProcessing.recordLinks(records);
    previous = links[0];
    next = links[1];
    dt = rDt[0];
    int maxLength = 0;
    for (int i = 0; i < peaks.rows(); i++) {
      maxLength = Math.max(maxLength, pLength[i]);
    }
    swv = new float[maxLength * 2];
    twv = new float[maxLength * 2];
    apc = new float[nChannels];
  }

  /**
   * Sums the waveforms of {@code found}'s peaks from {@code hits} (time-ordered, with integration
   * bounds; {@code record_i} indexes {@code records}).
   */
  static void compute(PeakBuilding.Found found, HitList hits, Table records, double[] toPe, int nTopChannels) {
    Table peaks = found.peaks();
    if (records.rows() == 0 || peaks.rows() == 0) {
      return;
    }
    SumWaveform s = new SumWaveform(peaks, records, toPe, nTopChannels);
    if (found.adjacent()) {
      s.scanAll(hits);
    } else {
      s.byPeak(hits, found.firstHit());
    }
  }

  /** Each peak from its own hits, ordered by extended time. */
  private void byPeak(HitList hits, int[] firstHit) {
    int[] nHits = peaks.ints("n_hits");
    long[] extTime = new long[64];
    short[] channel = new short[64];
    for (int p = 0; p < peaks.rows(); p++) {
      int from = firstHit[p];
      int n = nHits[p];
      if (extTime.length < n) {
        extTime = new long[Math.max(n, extTime.length * 2)];
        channel = new short[extTime.length];
      }
      for (int j = 0; j < n; j++) {
        int h = from + j;
        extTime[j] = hits.time[h] - (long) (hits.left[h] - hits.leftIntegration[h]) * hits.dt[h];
        channel[j] = hits.channel[h];
      }
      int[] order = TimeOrder.ofBlock(extTime, channel, n);
      beginPeak(p);
      for (int k = 0; k < n; k++) {
        int j = order == null ? k : order[k];
        int h = from + j;
        if (!addHit(p, extTime[j], hits.rightIntegration[h] - hits.leftIntegration[h], hits.dt[h], hits.channel[h],
            hits.recordI[h], hits.leftIntegration[h], hits.rightIntegration[h])) {
          break;
        }
      }
      endPeak(p);
    }
  }

  /** strax's own scan: every extended hit in time order, for each peak from the first that reaches it. */
  private void scanAll(HitList hits) {
    int n = hits.size;
    long[] extTime = new long[n];
    for (int i = 0; i < n; i++) {
      extTime[i] = hits.time[i] - (long) (hits.left[i] - hits.leftIntegration[i]) * hits.dt[i];
    }
    int[] order = TimeOrder.of(extTime, hits.channel, n);
    long[] time = new long[n];
    int[] length = new int[n];
    int[] index = new int[n];
    for (int k = 0; k < n; k++) {
      int i = order == null ? k : order[k];
      time[k] = extTime[i];
      length[k] = hits.rightIntegration[i] - hits.leftIntegration[i];
      index[k] = i;
    }
    int leftHit = 0;
    for (int p = 0; p < peaks.rows(); p++) {
      beginPeak(p);
      int h = leftHit;
      while (h < n && !(pTime[p] < time[h] + length[h] * dt)) {
        h++;
      }
      if (h == n) {
        // Hits ran out before peaks did: strax leaves the remaining peaks as they are.
        break;
      }
      leftHit = h;
      for (int k = h; k < n; k++) {
        int i = index[k];
        if (!addHit(p, time[k], length[k], hits.dt[i], hits.channel[i], hits.recordI[i], hits.leftIntegration[i],
            hits.rightIntegration[i])) {
          break;
        }
      }
      endPeak(p);
    }
  }

  private void beginPeak(int p) {
    peakSample = PulseProcessing.floorDiv(pTime[p], dt);
    int length = pLength[p];
    Arrays.fill(swv, 0, Math.min(2 * length, swv.length), 0f);
    Arrays.fill(twv, 0, Math.min(2 * length, twv.length), 0f);
    Arrays.fill(apc, 0f);
    area = 0f;
    pArea[p] = 0f;
  }

  /**
   * Adds one extended hit to peak {@code p}; false when the hit starts after the peak's end (the
   * scan is over).
   */
  private boolean addHit(int p, long hitTime, int nHit, short hitDt, short ch, int r, short leftIntegration,
      short rightIntegration) {
    long time = pTime[p];
    int length = pLength[p];
    if (r < 0 || r >= rTime.length || rChannel[r] != ch) {
      throw new InvalidDataException("hit at time " + hitTime + " in channel " + ch + " points to record " + r
          + ", which is not in its channel in these " + rTime.length + " records: hits and records must come from the same chunk");
    }
    if (pDt[p] != hitDt) {
      throw new InvalidDataException("peak at time " + time + " has dt " + pDt[p] + " but hit at time " + hitTime
          + " has dt " + hitDt + "; hits and peaks must have the same dt");
    }
    long shift = PulseProcessing.floorDiv(time - hitTime, dt);
    if (shift <= -length) {
      return false;
    }
    if (nHit <= shift) {
      return true;
    }
    // Overlap of the hit [a1, a1 + nHit) with the peak [b1, b1 + length), in samples.
    long hitSampleDt = PulseProcessing.floorDiv(hitTime, dt);
    long s = hitSampleDt - peakSample;
    int pStart = 0;
    int hStart = 0;
    int hEnd = 0;
    if (nHit > 0 && length > 0 && s > -nHit && Math.max(0, s) < Math.min(length, s + nHit)) {
      pStart = (int) Math.max(0, s);
      hStart = (int) Math.max(0, -s);
      hEnd = (int) Math.min(nHit, -s + length);
    }
    long hitSample = hitDt == dt ? hitSampleDt : PulseProcessing.floorDiv(hitTime, hitDt);
    boolean fromPrevious = leftIntegration < 0 && previous[r] != -1;
    boolean fromNext = rightIntegration > SAMPLES_PER_RECORD && next[r] != -1;
    float gain = (float) toPe[ch];
    boolean top = ch < nTopChannels;
    float areaPe;
    boolean saturated;
    if (!fromPrevious && !fromNext && rShift[r] == 0) {
      // The usual case: the hit's samples come from its own record only. Summed straight from
      // the record; samples outside it are zero in strax's buffer and add nothing.
      long s0 = hitSample - PulseProcessing.floorDiv(rTime[r], rDt[r]);
      int aStart = (int) Math.max(0, -s0);
      int aEnd = (int) Math.min(nHit, rLength[r] - s0);
      int base = r * SAMPLES_PER_RECORD + (int) s0;
      float fpart = (float) PulseProcessing.fraction(rBaseline[r]);
      int from = Math.max(hStart, aStart);
      int to = Math.min(hEnd, aEnd);
      int offset = pStart - hStart;
      areaPe = 0f;
      // The samples' maximum, for the saturation test, is taken in the pass that sums them, so
      // each sample is read once (it was a scan of every record before).
      int max = Integer.MIN_VALUE;
      if (top) {
        for (int j = from; j < to; j++) {
          int x = rData[base + j];
          float v = (x + fpart) * gain;
          swv[offset + j] += v;
          twv[offset + j] += v;
          areaPe += v;
          max = Math.max(max, x);
        }
      } else {
        for (int j = from; j < to; j++) {
          int x = rData[base + j];
          float v = (x + fpart) * gain;
          swv[offset + j] += v;
          areaPe += v;
          max = Math.max(max, x);
        }
      }
      // Saturation looks at all of the hit's samples in its record, also those outside the peak.
      if (from >= to) {
        max = maxOf(base + aStart, base + aEnd);
      } else {
        max = Math.max(max, Math.max(maxOf(base + aStart, base + from), maxOf(base + to, base + aEnd)));
      }
      saturated = max >= (short) rBaseline[r];
    } else {
      if (hitWaveform.length < nHit) {
        hitWaveform = new float[Math.max(nHit, 2 * hitWaveform.length)];
      }
      saturated = buildHitWaveform(hitSample, nHit, r, true);
      if (fromPrevious) {
        saturated |= buildHitWaveform(hitSample, nHit, previous[r], false);
      }
      if (fromNext) {
        saturated |= buildHitWaveform(hitSample, nHit, next[r], false);
      }
      areaPe = accumulate(hitWaveform, hStart, hEnd, pStart - hStart, gain, top);
    }
    if (saturated) {
      pSaturated[p * nChannels + ch] = 1;
    }
    apc[ch] += areaPe;
    area += areaPe;
    return true;
  }

  /** The largest sample of the records' data in [from, to); {@code Integer.MIN_VALUE} if empty. */
  private int maxOf(int from, int to) {
    int max = Integer.MIN_VALUE;
    for (int i = from; i < to; i++) {
      max = Math.max(max, rData[i]);
    }
    return max;
  }

  /** Adds the hit's samples [from, to), times the gain, into the peak's waveforms; returns their sum. */
  private float accumulate(float[] wf, int from, int to, int offset, float gain, boolean top) {
    float sum = 0f;
    for (int j = from; j < to; j++) {
      float v = wf[j] * gain;
      swv[offset + j] += v;
      if (top) {
        twv[offset + j] += v;
      }
      sum += v;
    }
    return sum;
  }

  private void endPeak(int p) {
    pArea[p] = area;
    storeDownsampled(p);
    int sum = 0;
    for (int c = 0; c < nChannels; c++) {
      sum += pSaturated[p * nChannels + c];
    }
    peaks.shorts("n_saturated_channels")[p] = (short) sum;
    System.arraycopy(apc, 0, peaks.floats("area_per_channel"), p * nChannels, nChannels);
  }

  /**
   * Writes record {@code r}'s samples that overlap the hit (starting at sample
   * {@code hitSample}, {@code nHit} long) into the hit's waveform, in ADC counts plus the
   * fractional baseline; returns whether the record saturated there. With {@code clearRest}, the
   * hit's other samples are set to zero (strax clears the whole buffer first; only the hit's own
   * samples are ever read).
   *
   * <p>strax adds the fractional baseline in double and stores float32; a float32 sum gives the
   * same value, because the exact sum of a sample (at most 15 bits) and the fraction of a float32
   * baseline fits a float32 and both round it correctly.
   */
  private boolean buildHitWaveform(long hitSample, int nHit, int r, boolean clearRest) {
    long recordSample = PulseProcessing.floorDiv(rTime[r], rDt[r]);
    int nB = rLength[r];
    long s = hitSample - recordSample;
    int bStart = (int) Math.max(0, s);
    int bEnd = (int) Math.min(nB, s + nHit);
    float[] wf = hitWaveform;
    if (nHit <= 0 || nB <= 0 || s <= -nHit || bStart >= bEnd) {
      if (clearRest) {
        Arrays.fill(wf, 0, Math.max(0, nHit), 0f);
      }
      return false;
    }
    int aStart = (int) Math.max(0, -s);
    int aEnd = aStart + bEnd - bStart;
    if (clearRest) {
      if (aStart > 0) {
        Arrays.fill(wf, 0, aStart, 0f);
      }
      if (aEnd < nHit) {
        Arrays.fill(wf, aEnd, nHit, 0f);
      }
    }
    int shift = rShift[r];
    float fpart = (float) PulseProcessing.fraction(rBaseline[r]);
    int base = r * SAMPLES_PER_RECORD + bStart - aStart;
    if (shift == 0) {
      for (int j = aStart; j < aEnd; j++) {
        wf[j] = rData[base + j] + fpart;
      }
    } else {
      int multiplier = 1 << shift;
      for (int j = aStart; j < aEnd; j++) {
        wf[j] = (float) ((double) multiplier * rData[base + j] + fpart);
      }
    }
    int max = Integer.MIN_VALUE;
    for (int j = aStart; j < aEnd; j++) {
      max = Math.max(max, rData[base + j]);
    }
    return (long) max * (1L << shift) >= (short) rBaseline[r];
  }

  /** strax's store_downsampled_waveform with top and start waveforms, for peak {@code p}. */
  private void storeDownsampled(int p) {
    int length = pLength[p];
    float[] data = peaks.floats("data");
    float[] dataTop = peaks.floats("data_top");
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
    System.arraycopy(swv, 0, peaks.floats("data_start"), base, Math.min(length, PEAK_SAMPLES));
  }
}
