package org.strand.chain;

import java.util.Arrays;
import org.strand.plugin.Option;

/**
 * The options of the standard chain. Plugins that need the same setting declare the same option,
 * so one value serves them all (strax's shared config). The defaults are the parameters of the
 * reference run that strax 2.2.3 processed ({@code reference/strax-small/expected/chain.json}).
 */
public final class ChainOptions {
  private ChainOptions() {}

  /** Channels (PMTs) of the detector, numbered 0 to n_channels - 1. */
  public static final Option<Long> N_CHANNELS = Option.integer("n_channels", 250, "number of channels (PMTs)")
      .requiring(v -> v >= 2 && v <= Short.MAX_VALUE, "must be between 2 and 32767");

  /** Gains: PE per ADC count x sample, one per channel. */
  public static final Option<double[]> TO_PE = Option.realArray("to_pe", filled(250, 0.011),
          "per-channel gain, PE per (ADC count x sample); one value per channel")
      .requiring(v -> v.length >= 2 && Arrays.stream(v).allMatch(x -> Double.isFinite(x) && x >= 0),
          "must hold one finite, non-negative value per channel");

  public static final Option<Long> BASELINE_SAMPLES = Option.integer("baseline_samples", 40,
          "samples at the start of a pulse's first record that set its baseline")
      .requiring(v -> v >= 1 && v <= ChainSchemas.SAMPLES_PER_RECORD, "must be between 1 and " + ChainSchemas.SAMPLES_PER_RECORD);

  public static final Option<Boolean> FLIP = Option.bool("flip", true,
      "flip waveforms so that pulses are positive (data = int(baseline) - raw)");

  public static final Option<Long> HIT_MIN_AMPLITUDE = Option.integer("hit_min_amplitude", 15,
          "hit threshold above baseline [ADC counts]")
      .requiring(v -> v >= 1 && v <= Short.MAX_VALUE, "must be between 1 and 32767");

  public static final Option<Long> LEFT_EXTENSION = Option.integer("left_extension", 30,
          "peaks (and hit integration) extend this far left of the first hit [ns]")
      .requiring(v -> v >= 0 && v <= 1_000_000, "must be between 0 and 1000000 ns");

  public static final Option<Long> RIGHT_EXTENSION = Option.integer("right_extension", 200,
          "peaks (and hit integration) extend this far right of the last hit [ns]")
      .requiring(v -> v >= 0 && v <= 1_000_000, "must be between 0 and 1000000 ns");

  public static final Option<Long> GAP_THRESHOLD = Option.integer("gap_threshold", 700,
          "a gap without hits at least this long [ns] starts a new peak")
      .requiring(v -> v >= 1, "must be >= 1 ns");

  public static final Option<Double> MIN_AREA = Option.real("min_area", 0,
      "peaks with less area [PE] are dropped");

  public static final Option<Long> MIN_CHANNELS = Option.integer("min_channels", 2,
          "peaks with hits in fewer channels are dropped")
      .requiring(v -> v >= 1, "must be >= 1");

  public static final Option<Long> MAX_DURATION = Option.integer("max_duration", 10_000_000,
          "longest peak [ns]; a hit that would make a peak longer starts a new one")
      .requiring(v -> v >= 1 && v < 100_000_000_000L, "must be between 1 ns and 100 s");

  public static final Option<Long> N_TOP_CHANNELS = Option.integer("n_top_channels", 125,
          "channels 0 to n_top_channels - 1 form the top array")
      .requiring(v -> v >= 0, "must be >= 0");

  static double[] filled(int n, double value) {
    double[] d = new double[n];
    Arrays.fill(d, value);
    return d;
  }
}
