package org.strand.bench.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.strand.core.Chunk;
import org.strand.core.FieldType;
import org.strand.core.Schema;
import org.strand.core.Table;

/**
 * Seeded, realistic-looking inputs for the storage benchmarks: records-like rows (a 110-sample
 * baseline-subtracted waveform, mostly noise with occasional pulses, as after strax's records
 * plugin) and flat peak_basics-like rows. Realism matters here because compression speed and
 * ratio depend on the values.
 */
final class BenchData {
  private BenchData() {}

  static final Schema RECORDS = Schema.builder()
      .scalar("time", FieldType.INT64, "Start time since unix epoch [ns]")
      .scalar("length", FieldType.INT32, "Length of the interval in samples")
      .scalar("dt", FieldType.INT16, "Width of one sample [ns]")
      .scalar("channel", FieldType.INT16, "Channel/PMT number")
      .scalar("pulse_length", FieldType.INT32, "Length of pulse to which the record belongs (without zero-padding)")
      .scalar("record_i", FieldType.INT16, "Fragment number in the pulse")
      .scalar("area", FieldType.INT32, "Integral in ADC counts x samples")
      .scalar("reduction_level", FieldType.INT8, "Level of data reduction applied")
      .scalar("baseline", FieldType.FLOAT32, "Baseline in ADC counts")
      .scalar("baseline_rms", FieldType.FLOAT32, "Baseline RMS in ADC counts")
      .scalar("amplitude_bit_shift", FieldType.INT16, "Multiply by 2**(this number) to get ADC counts")
      .array("data", FieldType.INT16, 110, "Waveform data in raw ADC counts")
      .build();

  static final Schema PEAK_BASICS = Schema.builder()
      .scalar("time", FieldType.INT64, "Start time of the peak (ns since unix epoch)")
      .scalar("endtime", FieldType.INT64, "End time of the peak (ns since unix epoch)")
      .scalar("center_time", FieldType.INT64, "Weighted center time of the peak (ns since unix epoch)")
      .scalar("area", FieldType.FLOAT32, "Peak integral in PE")
      .scalar("n_hits", FieldType.INT32, "Number of hits contributing at least one sample to the peak")
      .scalar("n_channels", FieldType.INT16, "Number of PMTs contributing to the peak")
      .scalar("max_pmt", FieldType.INT16, "PMT number which contributes the most PE")
      .scalar("max_pmt_area", FieldType.FLOAT32, "Area of signal in the largest-contributing PMT (PE)")
      .scalar("n_saturated_channels", FieldType.INT16, "Total number of saturated channels")
      .scalar("range_50p_area", FieldType.FLOAT32, "Width (in ns) of the central 50% area of the peak")
      .scalar("range_90p_area", FieldType.FLOAT32, "Width (in ns) of the central 90% area of the peak")
      .scalar("area_fraction_top", FieldType.FLOAT32, "Fraction of area seen by the top array")
      .scalar("length", FieldType.INT32, "Length of the peak waveform in samples")
      .scalar("dt", FieldType.INT16, "Time resolution of the peak waveform in ns")
      .scalar("rise_time", FieldType.FLOAT32, "Time between 10% and 50% area quantiles [ns]")
      .scalar("tight_coincidence", FieldType.INT16, "Hits within tight range of mean")
      .scalar("type", FieldType.INT8, "Classification of the peak(let)")
      .scalar("max_diff", FieldType.INT32, "Largest time difference between apexes of hits inside peak [ns]")
      .scalar("min_diff", FieldType.INT32, "Smallest time difference between apexes of hits inside peak [ns]")
      .build();

  /** {@code chunks} contiguous chunks of {@code rowsPerChunk} rows of {@code schema}. */
  static List<Chunk> chunks(Schema schema, String type, int chunks, int rowsPerChunk, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<Chunk> out = new ArrayList<>();
    long span = 100_000_000L;
    long t0 = 1_700_000_000_000_000_000L;
    for (int c = 0; c < chunks; c++) {
      long start = t0 + c * span;
      Table t = schema == RECORDS ? records(rowsPerChunk, start, span, r) : peakBasics(rowsPerChunk, start, span, r);
      out.add(Chunk.of("000001", type, start, start + span, t));
    }
    return out;
  }

  private static Table records(int n, long start, long span, SplittableRandom r) {
    Table t = Table.allocate(RECORDS, n);
    long[] time = t.longs("time");
    int[] length = t.ints("length");
    short[] dt = t.shorts("dt");
    short[] channel = t.shorts("channel");
    int[] pulseLength = t.ints("pulse_length");
    short[] recordI = t.shorts("record_i");
    int[] area = t.ints("area");
    float[] baseline = t.floats("baseline");
    float[] rms = t.floats("baseline_rms");
    short[] data = t.shorts("data");
    long step = (span - 2000) / n;
    for (int i = 0; i < n; i++) {
      time[i] = start + i * step;
      length[i] = 110;
      dt[i] = 10;
      channel[i] = (short) r.nextInt(250);
      pulseLength[i] = 110 + r.nextInt(200);
      recordI[i] = (short) r.nextInt(3);
      baseline[i] = 16000 + (float) r.nextGaussian() * 2;
      rms[i] = 1.5f + (float) r.nextDouble();
      boolean pulse = r.nextInt(4) == 0;
      int peakAt = r.nextInt(110);
      int a = 0;
      for (int k = 0; k < 110; k++) {
        int v = (int) Math.round(r.nextGaussian() * 2.5);
        if (pulse) {
          int d = k - peakAt;
          v += (int) (300 * Math.exp(-d * d / 50.0));
        }
        data[i * 110 + k] = (short) v;
        a += v;
      }
      area[i] = a;
    }
    return t;
  }

  private static Table peakBasics(int n, long start, long span, SplittableRandom r) {
    Table t = Table.allocate(PEAK_BASICS, n);
    long step = (span - 20_000) / n;
    long[] time = t.longs("time");
    long[] endtime = t.longs("endtime");
    long[] center = t.longs("center_time");
    float[] area = t.floats("area");
    int[] nHits = t.ints("n_hits");
    short[] nChannels = t.shorts("n_channels");
    short[] maxPmt = t.shorts("max_pmt");
    float[] maxPmtArea = t.floats("max_pmt_area");
    float[] r50 = t.floats("range_50p_area");
    float[] r90 = t.floats("range_90p_area");
    float[] aft = t.floats("area_fraction_top");
    int[] length = t.ints("length");
    short[] dt = t.shorts("dt");
    float[] rise = t.floats("rise_time");
    short[] tight = t.shorts("tight_coincidence");
    byte[] type = t.bytes("type");
    int[] maxDiff = t.ints("max_diff");
    int[] minDiff = t.ints("min_diff");
    for (int i = 0; i < n; i++) {
      time[i] = start + i * step;
      length[i] = 10 + r.nextInt(190);
      dt[i] = (short) (10 << r.nextInt(4));
      endtime[i] = time[i] + (long) length[i] * dt[i];
      center[i] = time[i] + r.nextLong(endtime[i] - time[i] + 1);
      boolean s2 = r.nextInt(5) == 0;
      area[i] = (float) Math.exp(r.nextDouble(0, s2 ? 12 : 6));
      nHits[i] = 2 + r.nextInt(s2 ? 2000 : 60);
      nChannels[i] = (short) Math.min(250, 2 + r.nextInt(s2 ? 250 : 40));
      maxPmt[i] = (short) r.nextInt(250);
      maxPmtArea[i] = area[i] * (float) r.nextDouble(0.02, 0.6);
      r50[i] = (float) r.nextDouble(10, s2 ? 5000 : 100);
      r90[i] = r50[i] * (float) r.nextDouble(1.5, 3);
      aft[i] = (float) r.nextDouble();
      rise[i] = (float) r.nextDouble(5, s2 ? 2000 : 60);
      tight[i] = (short) r.nextInt(10);
      type[i] = (byte) (s2 ? 2 : r.nextInt(2));
      maxDiff[i] = r.nextInt(5000);
      minDiff[i] = r.nextInt(Math.max(1, maxDiff[i]));
    }
    return t;
  }

  static long nbytes(List<Chunk> chunks) {
    long n = 0;
    for (Chunk c : chunks) {
      n += c.nbytes();
    }
    return n;
  }
}
