package org.strand.chain;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.strand.plugin.OptionValues;

/**
 * The generator's option values for one run, checked, and the detector model's constants.
 *
 * <p>The model, chosen to look like the reference run strax processed: samples of 10 ns,
 * records of 110 samples, digitiser baselines near 16000 ADC counts (each channel its own, between
 * 15980 and 16020) with Gaussian noise of 2 ADC counts; a photoelectron is a negative pulse of
 * shape 0.3, 1, 0.6, 0.3, 0.1 times an amplitude of 40 ADC counts (30% spread), placed with
 * sub-sample timing. A channel's pulse starts 50 samples before its first photoelectron and ends
 * 30 to 54 samples after its last one ends. Dark counts are lone single-photoelectron pulses.
 * An event is an S1 (photoelectrons spread uniformly over the channels, delayed exponentially
 * with 20 ns, at most 100 ns) followed after a drift time, uniform between 5 us and
 * {@code max_drift_ns}, by an S2 (Poisson photoelectrons in every channel, Gaussian in time with
 * sigma 500 ns, cut at 4 sigma).
 *
 * @param nChannels channels 0 to nChannels - 1
 * @param durationNs the run's length
 * @param chunkNs the length of every chunk but the last
 * @param eventRateHz mean events per second
 * @param darkRateHz lone dark-count pulses per second and channel
 * @param s1Pe mean photoelectrons of an S1
 * @param s2Pe mean photoelectrons of an S2
 * @param maxDriftNs longest drift time
 * @param seed the generator seed
 */
record GeneratorSettings(int nChannels, long durationNs, long chunkNs, double eventRateHz, double darkRateHz,
    double s1Pe, double s2Pe, long maxDriftNs, long seed) {

  static final int DT = 10;
  static final long RUN_START = 1_000_020_000L;
  static final int PRE_SAMPLES = 50;
  static final int POST_MIN = 30;
  static final int POST_SPREAD = 25;
  static final double[] SPE_TEMPLATE = {0.3, 1.0, 0.6, 0.3, 0.1};
  static final double SPE_AMPLITUDE = 40;
  static final double GAIN_SPREAD = 0.3;
  static final double NOISE_SIGMA = 2.0;
  static final int BASELINE_LOW = 15980;
  static final int BASELINE_SPAN = 40;
  static final int DIGITIZER_BASELINE = 16000;
  static final double S1_TAU_NS = 20;
  static final double S1_MAX_DELAY_NS = 100;
  static final double S2_SIGMA_NS = 500;
  static final double S2_CUT_SIGMAS = 4;
  static final long MIN_DRIFT_NS = 5_000;
  /** Longest gap between pulse start and first photoelectron, and last one and pulse end [ns]. */
  static final long PULSE_BEFORE_NS = (PRE_SAMPLES + 1) * DT;
  static final long PULSE_AFTER_NS = (SPE_TEMPLATE.length + 1 + POST_MIN + POST_SPREAD) * DT;
  /** Pulses keep this far from each other within a channel [ns]. */
  static final long PULSE_GAP_NS = 100;
  /** Events keep this far from a chunk's start [ns]. */
  static final long HEAD_NS = 1_000;
  /** The end of every chunk this long is left to pulses pushed later by a busy channel [ns]. */
  static final long TAIL_NS = 50_000;

  /**
   * Estimates already made, by settings: making 256 events takes tens of milliseconds, and every
   * opening of a generated run (sizing, planning, processing, on the driver and each executor)
   * needs the estimate. Few distinct settings occur in a job; the map is emptied if many do.
   */
  private static final Map<GeneratorSettings, Double> RECORDS_PER_EVENT = new ConcurrentHashMap<>();

  GeneratorSettings {
    if (durationNs <= 0 || chunkNs <= 0) {
      throw new IllegalArgumentException("run and chunk durations must be positive, got " + durationNs + " and " + chunkNs + " ns");
    }
  }

  /** Reads and checks the options; a run size in MB, when set, decides the run's duration. */
  static GeneratorSettings of(OptionValues o) {
    int nChannels = Math.toIntExact(o.get(ChainOptions.N_CHANNELS));
    double eventRate = o.get(RawRecordsGenerator.EVENT_RATE_HZ);
    double darkRate = o.get(RawRecordsGenerator.DARK_RATE_HZ);
    double s1 = o.get(RawRecordsGenerator.S1_PE);
    double s2 = o.get(RawRecordsGenerator.S2_PE);
    long maxDrift = o.get(RawRecordsGenerator.MAX_DRIFT_NS);
    long seed = o.get(RawRecordsGenerator.GENERATOR_SEED);
    GeneratorSettings unit = new GeneratorSettings(nChannels, 1_000_000_000L, 1_000_000_000L, eventRate, darkRate, s1, s2,
        maxDrift, seed);
    double bytesPerSecond = unit.expectedBytesPerSecond();
    double sizeMb = o.get(RawRecordsGenerator.RUN_SIZE_MB);
    double seconds = sizeMb > 0 ? (bytesPerSecond > 0 ? sizeMb * 1e6 / bytesPerSecond : 0)
        : o.get(RawRecordsGenerator.RUN_DURATION_S);
    if (sizeMb > 0 && bytesPerSecond <= 0) {
      throw new IllegalArgumentException("run_size_mb = " + sizeMb + " cannot be reached: with event_rate_hz = " + eventRate
          + " and dark_rate_hz = " + darkRate + " the generator makes no data; set run_duration_s instead");
    }
    long duration = roundToSample(seconds * 1e9);
    double chunkMb = o.get(RawRecordsGenerator.CHUNK_SIZE_MB);
    long chunk = bytesPerSecond > 0 ? roundToSample(chunkMb * 1e6 / bytesPerSecond * 1e9) : duration;
    chunk = Math.max(chunk, 1_000_000L);
    return new GeneratorSettings(nChannels, duration, Math.min(chunk, duration), eventRate, darkRate, s1, s2, maxDrift, seed);
  }

  private static long roundToSample(double ns) {
    return Math.max(DT, Math.round(ns / DT) * DT);
  }

  /**
   * The expected raw bytes per second of run: dark pulses (one record each) and events (their
   * records estimated once, from 256 events made with a fixed seed).
   */
  double expectedBytesPerSecond() {
    double records = darkRateHz * nChannels + eventRateHz * meanRecordsPerEvent(this);
    return records * ChainSchemas.RAW_RECORDS.rowBytes();
  }

  private static double meanRecordsPerEvent(GeneratorSettings s) {
    Double known = RECORDS_PER_EVENT.get(s);
    if (known != null) {
      return known;
    }
    double estimate = EventPlanner.meanRecordsPerEvent(s);
    if (RECORDS_PER_EVENT.size() >= 64) {
      RECORDS_PER_EVENT.clear();
    }
    RECORDS_PER_EVENT.put(s, estimate);
    return estimate;
  }
}
