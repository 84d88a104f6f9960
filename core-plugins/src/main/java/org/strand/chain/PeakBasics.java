package org.strand.chain;

import static org.strand.chain.ChainSchemas.PEAK_WIDTHS;

import org.strand.core.Table;
import org.strand.plugin.ChunkInput;
import org.strand.plugin.ChunkPlugin;
import org.strand.plugin.Option;
import org.strand.plugin.Outputs;
import org.strand.plugin.PluginSpec;

/**
 * {@code peak_basics} from {@code peaks}: one flat row per peak with the scalars analysts query
 * first (straxen's names), and a classification.
 *
 * <p>{@code n_channels} counts channels with positive area, {@code max_pmt} is the channel with the
 * most area (the lowest on ties), {@code range_50p_area} and {@code range_90p_area} are the widths
 * holding the central 50% and 90% of the area, {@code rise_time} the time from the 10% to the 50%
 * area quantile.
 *
 * <p>The classification rule, in this order:
 * <ul>
 *   <li>S1 ({@code type} 1): {@code rise_time <= s1_max_rise_time} (default 100 ns) and
 *       {@code n_channels >= s1_min_channels} (default 3). Scintillation light is prompt: it rises
 *       within a few samples, seen by many channels at once.
 *   <li>S2 ({@code type} 2): {@code range_50p_area >= s2_min_width} (default 200 ns) and
 *       {@code n_channels >= s2_min_channels} (default 4). Electroluminescence lasts microseconds.
 *   <li>otherwise unknown ({@code type} 0): chance coincidences of a few dark counts, mostly.
 * </ul>
 */
public final class PeakBasics extends ChunkPlugin {
  public static final String TYPE = "peak_basics";

  public static final Option<Double> S1_MAX_RISE_TIME = Option.real("s1_max_rise_time", 100,
          "peaks rising faster than this (10% to 50% area) may be S1s [ns]")
      .requiring(v -> v >= 0, "must be >= 0 ns");
  public static final Option<Long> S1_MIN_CHANNELS = Option.integer("s1_min_channels", 3, "an S1 is seen by at least this many channels")
      .requiring(v -> v >= 1, "must be >= 1");
  public static final Option<Double> S2_MIN_WIDTH = Option.real("s2_min_width", 200,
          "peaks whose central 50% of area is at least this wide may be S2s [ns]")
      .requiring(v -> v >= 0, "must be >= 0 ns");
  public static final Option<Long> S2_MIN_CHANNELS = Option.integer("s2_min_channels", 4, "an S2 is seen by at least this many channels")
      .requiring(v -> v >= 1, "must be >= 1");

  public PeakBasics() {
    super(PluginSpec.builder("PeakBasics").version("1")
        .provides(TYPE, ChainSchemas.PEAK_BASICS)
        .dependsOn(Peaks.TYPE)
        .options(S1_MAX_RISE_TIME, S1_MIN_CHANNELS, S2_MIN_WIDTH, S2_MIN_CHANNELS)
        .build());
  }

  /** The type of a peak by the rule above: 1, 2 or 0. */
  static byte classify(float riseTime, float range50, int nChannels, double s1MaxRise, long s1MinChannels, double s2MinWidth,
      long s2MinChannels) {
    if (riseTime <= s1MaxRise && nChannels >= s1MinChannels) {
      return 1;
    }
    if (range50 >= s2MinWidth && nChannels >= s2MinChannels) {
      return 2;
    }
    return 0;
  }

  @Override
  public Outputs compute(ChunkInput in) {
    Table p = in.table(Peaks.TYPE);
    int n = p.rows();
    int nCh = p.schema().field("area_per_channel").length();
    Table out = Table.allocate(ChainSchemas.PEAK_BASICS, n);
    long[] time = p.longs("time");
    int[] length = p.ints("length");
    int[] dt = p.ints("dt");
    float[] apc = p.floats("area_per_channel");
    float[] width = p.floats("width");
    float[] decile = p.floats("area_decile_from_midpoint");
    System.arraycopy(time, 0, out.longs("time"), 0, n);
    System.arraycopy(p.floats("area"), 0, out.floats("area"), 0, n);
    System.arraycopy(p.ints("n_hits"), 0, out.ints("n_hits"), 0, n);
    System.arraycopy(p.floats("area_fraction_top"), 0, out.floats("area_fraction_top"), 0, n);
    System.arraycopy(p.longs("center_time"), 0, out.longs("center_time"), 0, n);
    long[] endtime = out.longs("endtime");
    short[] nChannels = out.shorts("n_channels");
    short[] maxPmt = out.shorts("max_pmt");
    float[] maxPmtArea = out.floats("max_pmt_area");
    float[] range50 = out.floats("range_50p_area");
    float[] range90 = out.floats("range_90p_area");
    float[] rise = out.floats("rise_time");
    byte[] type = out.bytes("type");
    double s1MaxRise = in.option(S1_MAX_RISE_TIME);
    long s1MinChannels = in.option(S1_MIN_CHANNELS);
    double s2MinWidth = in.option(S2_MIN_WIDTH);
    long s2MinChannels = in.option(S2_MIN_CHANNELS);
    for (int i = 0; i < n; i++) {
      endtime[i] = time[i] + (long) length[i] * dt[i];
      int channels = 0;
      int best = 0;
      float bestArea = apc[i * nCh];
      for (int c = 0; c < nCh; c++) {
        float a = apc[i * nCh + c];
        if (a > 0) {
          channels++;
        }
        if (a > bestArea) {
          bestArea = a;
          best = c;
        }
      }
      nChannels[i] = (short) channels;
      maxPmt[i] = (short) best;
      maxPmtArea[i] = bestArea;
      range50[i] = width[i * PEAK_WIDTHS + 5];
      range90[i] = width[i * PEAK_WIDTHS + 9];
      rise[i] = -decile[i * PEAK_WIDTHS + 1];
      type[i] = classify(rise[i], range50[i], channels, s1MaxRise, s1MinChannels, s2MinWidth, s2MinChannels);
    }
    return Outputs.of(TYPE, out);
  }
}
