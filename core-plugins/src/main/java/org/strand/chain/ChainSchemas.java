package org.strand.chain;

import org.strand.core.FieldType;
import org.strand.core.Schema;

/**
 * The row types of the standard chain. raw_records, records, hits and peaks have strax's field
 * names, types, order and titles (its {@code raw_record_dtype}, {@code record_dtype},
 * {@code hit_dtype} and {@code peak_dtype} with 200 summed-waveform samples, 11 widths, top and
 * start waveforms), so a row has strax's packed size: 244 bytes for a raw record. One exception:
 * strax stores records' {@code reduction_level} as an unsigned byte, which strand's types lack;
 * it is a signed byte here (the chain only writes 0).
 */
public final class ChainSchemas {
  private ChainSchemas() {}

  /** Samples per raw record and record (strax's default record length). */
  public static final int SAMPLES_PER_RECORD = 110;
  /** Samples of a peak's stored (downsampled) summed waveform. */
  public static final int PEAK_SAMPLES = 200;
  /** Number of widths a peak stores (0%, 10%, ..., 100% of its area). */
  public static final int PEAK_WIDTHS = 11;

  private static final String TIME = "Start time since unix epoch [ns]";
  private static final String LENGTH = "Length of the interval in samples";
  private static final String DT = "Width of one sample [ns]";
  private static final String CHANNEL = "Channel/PMT number";
  private static final String ENDTIME = "Exclusive end time since unix epoch [ns]";

  /** strax's raw_record_dtype(110): 244 bytes per row. */
  public static final Schema RAW_RECORDS = Schema.builder()
      .scalar("time", FieldType.INT64, TIME)
      .scalar("length", FieldType.INT32, LENGTH)
      .scalar("dt", FieldType.INT16, DT)
      .scalar("channel", FieldType.INT16, CHANNEL)
      .scalar("pulse_length", FieldType.INT32, "Length of pulse to which the record belongs (without zero-padding)")
      .scalar("record_i", FieldType.INT16, "Fragment number in the pulse")
      .scalar("baseline", FieldType.INT16, "Baseline determined by the digitizer (if this is supported)")
      .array("data", FieldType.INT16, SAMPLES_PER_RECORD, "Waveform data in raw ADC counts")
      .build();

  /** strax's record_dtype(110). */
  public static final Schema RECORDS = Schema.builder()
      .scalar("time", FieldType.INT64, TIME)
      .scalar("length", FieldType.INT32, LENGTH)
      .scalar("dt", FieldType.INT16, DT)
      .scalar("channel", FieldType.INT16, CHANNEL)
      .scalar("pulse_length", FieldType.INT32, "Length of pulse to which the record belongs (without zero-padding)")
      .scalar("record_i", FieldType.INT16, "Fragment number in the pulse")
      .scalar("area", FieldType.INT32, "Integral in ADC counts x samples")
      .scalar("reduction_level", FieldType.INT8, "Level of data reduction applied (strax.ReductionLevel enum)")
      .scalar("baseline", FieldType.FLOAT32, "Baseline in ADC counts. data = int(baseline) - data_orig")
      .scalar("baseline_rms", FieldType.FLOAT32, "Baseline RMS in ADC counts. data = baseline - data_orig")
      .scalar("amplitude_bit_shift", FieldType.INT16, "Multiply data by 2**(this number). Baseline is unaffected.")
      .array("data", FieldType.INT16, SAMPLES_PER_RECORD, "Waveform data in raw counts above integer part of baseline")
      .build();

  /** strax's hit_dtype. */
  public static final Schema HITS = Schema.builder()
      .scalar("time", FieldType.INT64, TIME)
      .scalar("length", FieldType.INT32, LENGTH)
      .scalar("dt", FieldType.INT16, DT)
      .scalar("channel", FieldType.INT16, CHANNEL)
      .scalar("area", FieldType.FLOAT32, "Integral [ADC x samples]")
      .scalar("left", FieldType.INT16, "Index of sample in record in which hit starts")
      .scalar("right", FieldType.INT16, "Index of first sample in record just beyond hit (exclusive bound)")
      .scalar("left_integration", FieldType.INT16, "For lone hits, index of sample in record where integration starts")
      .scalar("right_integration", FieldType.INT16, "For lone hits, index of first sample beyond integration region")
      .scalar("record_i", FieldType.INT32, "Internal (temporary) index of fragment in which hit was found")
      .scalar("threshold", FieldType.FLOAT32, "ADC threshold applied in order to find hits")
      .scalar("height", FieldType.FLOAT32, "Maximum amplitude above baseline [ADC counts]")
      .scalar("max_time", FieldType.INT64, "Time when hit reach maximum amplitude [ns]")
      .build();

  /**
   * strax's peak_dtype for {@code nChannels} channels, 200 waveform samples, 11 widths, hit
   * timing fields, top and start waveforms.
   */
  public static Schema peaks(int nChannels) {
    if (nChannels < 2) {
      throw new IllegalArgumentException("peaks need at least 2 channels, got " + nChannels);
    }
    String wf = "Waveform data in PE/sample (not PE/ns!)";
    return Schema.builder()
        .scalar("time", FieldType.INT64, TIME)
        .scalar("length", FieldType.INT32, LENGTH)
        .scalar("dt", FieldType.INT32, DT)
        .scalar("channel", FieldType.INT16, CHANNEL)
        .scalar("type", FieldType.INT8, "Classification of the peak(let)")
        .scalar("area", FieldType.FLOAT32, "Integral across channels [PE]")
        .scalar("area_fraction_top", FieldType.FLOAT32, "Fraction of area seen by the top array")
        .array("area_per_channel", FieldType.FLOAT32, nChannels, "Integral per channel [PE]")
        .scalar("n_hits", FieldType.INT32, "Number of hits contributing at least one sample to the peak ")
        .array("data_top", FieldType.FLOAT32, PEAK_SAMPLES, wf + ", top array")
        .array("data_start", FieldType.FLOAT32, PEAK_SAMPLES, wf + ", starting not downsampled samples")
        .array("data", FieldType.FLOAT32, PEAK_SAMPLES, wf)
        .scalar("center_time", FieldType.INT64, "Weighted average center time of the peak [ns]")
        .scalar("median_time", FieldType.FLOAT32, "Weighted relative median time of the peak [ns]")
        .array("width", FieldType.FLOAT32, PEAK_WIDTHS, "Peak widths in range of central area fraction [ns]")
        .array("area_decile_from_midpoint", FieldType.FLOAT32, PEAK_WIDTHS,
            "Peak widths: time between nth and 5th area decile [ns]")
        .array("saturated_channel", FieldType.INT8, nChannels, "Does the channel reach ADC saturation?")
        .scalar("n_saturated_channels", FieldType.INT16, "Total number of saturated channels")
        .scalar("tight_coincidence", FieldType.INT16, "Channel within tight range of mean")
        .scalar("max_gap", FieldType.INT32, "Largest gap between hits inside peak [ns]")
        .scalar("max_goodness_of_split", FieldType.FLOAT32, "Maximum interior goodness of split")
        .scalar("max_diff", FieldType.INT32, "Largest time difference between apexes of hits inside peak [ns]")
        .scalar("min_diff", FieldType.INT32, "Smallest time difference between apexes of hits inside peak [ns]")
        .scalar("first_channel", FieldType.INT16, "First channel/PMT number inside peak (sorted by apexes of hits)")
        .scalar("last_channel", FieldType.INT16, "Last channel/PMT number inside peak (sorted by apexes of hits)")
        .build();
  }

  /** Flat per-peak scalars (straxen's peak_basics, the columns analysts query first). */
  public static final Schema PEAK_BASICS = Schema.builder()
      .scalar("time", FieldType.INT64, TIME)
      .scalar("endtime", FieldType.INT64, ENDTIME)
      .scalar("area", FieldType.FLOAT32, "Peak integral in PE")
      .scalar("n_channels", FieldType.INT16, "Number of PMTs contributing to the peak")
      .scalar("n_hits", FieldType.INT32, "Number of hits contributing at least one sample to the peak")
      .scalar("max_pmt", FieldType.INT16, "PMT number which contributes the most PE")
      .scalar("max_pmt_area", FieldType.FLOAT32, "Area of signal in the largest-contributing PMT (PE)")
      .scalar("range_50p_area", FieldType.FLOAT32, "Width (in ns) of the central 50% area of the peak")
      .scalar("range_90p_area", FieldType.FLOAT32, "Width (in ns) of the central 90% area of the peak")
      .scalar("rise_time", FieldType.FLOAT32, "Time between 10% and 50% area quantiles [ns]")
      .scalar("area_fraction_top", FieldType.FLOAT32, "Fraction of area seen by the top PMT array")
      .scalar("center_time", FieldType.INT64, "Weighted center time of the peak [ns]")
      .scalar("type", FieldType.INT8, "Classification of the peak: 0 unknown, 1 S1, 2 S2")
      .build();

  /** Event windows: straxen's events. */
  public static final Schema EVENTS = Schema.builder()
      .scalar("time", FieldType.INT64, TIME)
      .scalar("endtime", FieldType.INT64, ENDTIME)
      .scalar("event_number", FieldType.INT64, "Event number in this dataset")
      .build();

  /** Per-event summary with straxen's event_basics names. */
  public static final Schema EVENT_BASICS = eventBasics();

  private static Schema eventBasics() {
    Schema.Builder b = Schema.builder()
        .scalar("time", FieldType.INT64, "Event start time in ns since the unix epoch")
        .scalar("endtime", FieldType.INT64, "Event end time in ns since the unix epoch")
        .scalar("event_number", FieldType.INT64, "Event number in this dataset")
        .scalar("n_peaks", FieldType.INT32, "Number of peaks in the event")
        .scalar("drift_time", FieldType.INT64, "Drift time between main S1 and S2 (center times) in ns (-1: no S1 or no S2)");
    String[][] signals = {
        {"s1", "Main S1"}, {"s2", "Main S2"}, {"alt_s1", "Alternate S1"}, {"alt_s2", "Alternate S2"}};
    for (String[] s : signals) {
      String p = s[0];
      String what = s[1];
      b.scalar(p + "_time", FieldType.INT64, what + " start time since unix epoch [ns] (-1: none)")
          .scalar(p + "_center_time", FieldType.INT64, what + " weighted center time since unix epoch [ns] (-1: none)")
          .scalar(p + "_area", FieldType.FLOAT32, what + " area, uncorrected [PE] (0: none)")
          .scalar(p + "_range_50p_area", FieldType.FLOAT32, what + " width, 50% area [ns] (NaN: none)")
          .scalar(p + "_area_fraction_top", FieldType.FLOAT32, what + " fraction of area seen by the top PMT array (NaN: none)")
          .scalar(p + "_n_channels", FieldType.INT16, what + " count of contributing PMTs (0: none)");
    }
    return b.build();
  }
}
