package org.strand.chain;

import java.util.LinkedHashMap;
import java.util.Map;
import org.strand.core.ConfigurationException;
import org.strand.plugin.Option;
import org.strand.plugin.OptionValues;
import org.strand.plugin.PluginSpec;
import org.strand.plugin.SourcePlugin;

/**
 * A source of synthetic {@code raw_records} like those of the reference run: 250 channels of
 * 10 ns samples in 110-sample records, lone dark-count pulses, and events made of an S1 and,
 * after a drift time, an S2 spread over all channels (the detector model is described on
 * {@link GeneratorSettings}).
 *
 * <p>A run is a pure function of its id, {@code generator_seed} and the other options: the same
 * inputs give the same bytes, on any machine, whatever order or thread chunks are made in. Its
 * length is {@code run_duration_s}, or the duration that gives about {@code run_size_mb} when
 * that is set; it starts at 1.00002 s after the epoch (like the reference run, just after 1e9 ns)
 * and is cut into chunks of about {@code chunk_size_mb}, at fixed times, where no pulse is in
 * progress. Opening a run counts its records (without making waveforms), so its size in bytes is
 * exact before any chunk exists; the truth (generated events) is on {@link GeneratedRun}.
 */
public final class RawRecordsGenerator extends SourcePlugin {
  /** The data type this source provides. */
  public static final String TYPE = "raw_records";

  public static final Option<Double> RUN_DURATION_S = Option.real("run_duration_s", 1.0, "length of a generated run [s]")
      .requiring(v -> v > 0 && v <= 1e6, "must be > 0 and <= 1e6 s");
  public static final Option<Double> RUN_SIZE_MB = Option.real("run_size_mb", 0,
          "approximate raw size of a generated run [MB]; when > 0 it sets the duration instead of run_duration_s")
      .requiring(v -> v >= 0 && v <= 1e7, "must be between 0 and 1e7 MB");
  public static final Option<Double> CHUNK_SIZE_MB = Option.real("chunk_size_mb", 50,
          "approximate raw size of a generated chunk [MB]")
      .requiring(v -> v > 0 && v <= 2000, "must be > 0 and <= 2000 MB");
  public static final Option<Double> EVENT_RATE_HZ = Option.real("event_rate_hz", 100, "mean rate of generated events [Hz]")
      .requiring(v -> v >= 0 && v <= 500, "must be between 0 and 500 Hz");
  public static final Option<Double> DARK_RATE_HZ = Option.real("dark_rate_hz", 160,
          "rate of lone single-photoelectron pulses per channel [Hz]")
      .requiring(v -> v >= 0 && v <= 10_000, "must be between 0 and 10000 Hz");
  public static final Option<Double> S1_PE = Option.real("s1_pe", 120, "mean photoelectrons of a generated S1")
      .requiring(v -> v >= 0 && v <= 100_000, "must be between 0 and 100000");
  public static final Option<Double> S2_PE = Option.real("s2_pe", 3750, "mean photoelectrons of a generated S2")
      .requiring(v -> v >= 0 && v <= 1_000_000, "must be between 0 and 1000000");
  public static final Option<Long> MAX_DRIFT_NS = Option.integer("max_drift_ns", 1_000_000,
          "generated drift times are uniform from 5 us to this [ns]")
      .requiring(v -> v >= 10_000 && v <= 100_000_000, "must be between 10000 and 100000000 ns");
  public static final Option<Long> GENERATOR_SEED = Option.integer("generator_seed", 20261121, "seed of the generator");

  private static final int LAYOUT_CACHE_SIZE = 32;
  private final Map<String, GeneratedRun> layouts = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, GeneratedRun> eldest) {
      return size() > LAYOUT_CACHE_SIZE;
    }
  };

  public RawRecordsGenerator() {
    super(PluginSpec.builder("RawRecordsGenerator").version("1")
        .provides(TYPE, ChainSchemas.RAW_RECORDS)
        .options(ChainOptions.N_CHANNELS, RUN_DURATION_S, RUN_SIZE_MB, CHUNK_SIZE_MB, EVENT_RATE_HZ, DARK_RATE_HZ,
            S1_PE, S2_PE, MAX_DRIFT_NS, GENERATOR_SEED)
        .build());
  }

  /**
   * Opens a generated run. Counting a long run's records takes a moment (about a millisecond per
   * second of run at the default rates), so recent layouts are remembered.
   *
   * @throws ConfigurationException if the options cannot make a run (a size with nothing to fill it)
   */
  @Override
  public GeneratedRun open(String runId, OptionValues options) {
    GeneratorSettings settings;
    try {
      settings = GeneratorSettings.of(options);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException("generated run " + runId + ": " + e.getMessage(), e);
    }
    String key = runId + '\u0000' + settings;
    synchronized (layouts) {
      GeneratedRun cached = layouts.get(key);
      if (cached != null) {
        return cached;
      }
    }
    GeneratedRun run = new GeneratedRun(runId, settings);
    synchronized (layouts) {
      layouts.put(key, run);
    }
    return run;
  }
}
