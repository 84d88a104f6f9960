package org.strand.chain;

import static org.strand.chain.ChainSchemas.PEAK_SAMPLES;
import static org.strand.chain.ChainSchemas.PEAK_WIDTHS;

import org.strand.core.Table;

/**
 * strax's compute_properties: area-fraction times, widths, median time, center time and area
 * fraction top of peaks whose waveforms are summed.
 *
 * <p>The area fractions are 0, 0.05, ..., 0.95, 1 (0.5 minus and plus half of each of the 10
 * widths 10%, ..., 100%, and 0.5 itself), computed as numpy's linspace does. A fraction's time is
 * the fractional sample index at which the cumulative waveform reaches it (linear within a
 * sample), times dt; the last fraction is pinned to the peak's length. The width at {@code k}
 * tenths of the area is the distance between fractions 0.5 +- k/20; {@code median_time} is the
 * time of fraction 0.5 and {@code area_decile_from_midpoint} the distance from it to the deciles.
 */
final class PeakProperties {
  private PeakProperties() {}

  /** The 21 area fractions, exactly as strax's compute_widths builds them. */
  static final double[] FRACTIONS = fractions();

  private static double[] fractions() {
    int widths = PEAK_WIDTHS - 1;
    double step = 1.0 / widths;
    double[] f = new double[2 * widths + 1];
    for (int k = 1; k <= widths; k++) {
      double w = k == widths ? 1.0 : k * step;
      f[widths - k] = 0.5 - w / 2;
      f[widths + k] = 0.5 + w / 2;
    }
    f[widths] = 0.5;
    return f;
  }

  static void compute(Table peaks, int nTopChannels) {
    int n = peaks.rows();
    long[] time = peaks.longs("time");
    int[] length = peaks.ints("length");
    int[] dt = peaks.ints("dt");
    float[] area = peaks.floats("area");
    float[] data = peaks.floats("data");
    float[] median = peaks.floats("median_time");
    float[] width = peaks.floats("width");
    float[] decile = peaks.floats("area_decile_from_midpoint");
    long[] center = peaks.longs("center_time");
    float[] aft = peaks.floats("area_fraction_top");
    float[] apc = peaks.floats("area_per_channel");
    int nChannels = peaks.schema().field("area_per_channel").length();
    int nf = FRACTIONS.length;
    int mid = nf / 2;
    float[] times = new float[nf];
    for (int p = 0; p < n; p++) {
      java.util.Arrays.fill(times, 0f);
      if (area[p] > 0) {
        indexOfFraction(data, p * PEAK_SAMPLES, length[p], area[p], times);
      }
      for (int i = 0; i < nf; i++) {
        times[i] = (float) ((double) times[i] * dt[p]);
      }
      median[p] = times[mid];
      for (int k = 0; k < PEAK_WIDTHS; k++) {
        width[p * PEAK_WIDTHS + k] = times[mid + k] - times[mid - k];
        decile[p * PEAK_WIDTHS + k] = times[2 * k] - times[mid];
      }
      center[p] = centerTime(data, p * PEAK_SAMPLES, length[p], time[p], dt[p]);
      if (nTopChannels > 0) {
        float top = 0f;
        int m = Math.min(nTopChannels, nChannels);
        for (int c = 0; c < m; c++) {
          top += apc[p * nChannels + c];
        }
        aft[p] = area[p] > 0 ? top / area[p] : Float.NaN;
      }
    }
  }

  /** strax's compute_index_of_fraction for one peak's waveform. */
  private static void indexOfFraction(float[] data, int base, int length, float areaTotal, float[] result) {
    double seen = 0;
    int current = 0;
    double needed = FRACTIONS[0];
    int last = FRACTIONS.length - 1;
    for (int i = 0; i < length; i++) {
      float x = data[base + i];
      float fractionHere = x / areaTotal;
      while (seen + fractionHere >= needed) {
        double areaNeeded = areaTotal * (needed - seen);
        result[current] = x != 0 ? (float) (i + areaNeeded / x) : i;
        current++;
        if (current > last) {
          break;
        }
        needed = FRACTIONS[current];
      }
      if (current > last) {
        break;
      }
      seen += fractionHere;
    }
    if (needed == 1) {
      result[last] = length;
    }
  }

  /** strax's compute_center_time for one peak: the waveform-weighted mid-sample time, floored. */
  private static long centerTime(float[] data, int base, int length, long time, int dt) {
    float weights = 0f;
    double weighted = 0;
    for (int i = 0; i < length; i++) {
      float w = data[base + i];
      weights += w;
      weighted += (double) i * w;
    }
    if (weights == 0f) {
      return time;
    }
    double t = weighted / weights;
    long c = (long) ((t + 0.5) * dt) + time;
    return Math.max(time, Math.min(c, time + (long) length * dt));
  }
}
