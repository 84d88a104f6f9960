package org.strand.chain;

import static org.strand.chain.ChainSchemas.SAMPLES_PER_RECORD;
import static org.strand.chain.GeneratorSettings.DT;

import java.util.SplittableRandom;
import org.strand.core.Table;

/**
 * Turns a chunk's pulses into raw records: cuts each pulse into records of 110 samples, orders
 * the records by time then channel, and writes each sample as the channel's baseline plus noise
 * minus the photoelectron pulses.
 *
 * <p>Speed matters here (the generator must not dominate a benchmark), so noise is not drawn per
 * sample: it is read from fixed tables of Gaussian noise (one per sixteenth of an ADC count of
 * baseline offset) at a random position per pulse, and amplitudes come from a table of gain
 * quantiles. A lone single-photoelectron pulse, most of the data, costs one copy of noise and six
 * samples of pulse.
 */
final class WaveformWriter {
  private WaveformWriter() {}

  private static final int NOISE_LENGTH = 1 << 14;
  private static final int NOISE_MASK = NOISE_LENGTH - 1;
  private static final int FRACTIONS = 16;
  /** NOISE[f][i]: round(f / 16 + N(0, sigma)); each table repeats its first record's worth at the end. */
  private static final short[][] NOISE = noiseTables();
  private static final int GAIN_STEPS = 4096;
  private static final float[] GAINS = gainTable();

  private static short[][] noiseTables() {
    SplittableRandom rnd = RandomDraws.stream(0x4E015EL, 0, 0);
    short[][] t = new short[FRACTIONS][NOISE_LENGTH + SAMPLES_PER_RECORD];
    for (int f = 0; f < FRACTIONS; f++) {
      for (int i = 0; i < NOISE_LENGTH; i++) {
        t[f][i] = (short) Math.round((double) f / FRACTIONS + GeneratorSettings.NOISE_SIGMA * RandomDraws.gaussian(rnd));
      }
      System.arraycopy(t[f], 0, t[f], NOISE_LENGTH, SAMPLES_PER_RECORD);
    }
    return t;
  }

  private static float[] gainTable() {
    float[] g = new float[GAIN_STEPS];
    for (int i = 0; i < GAIN_STEPS; i++) {
      double z = RandomDraws.normalQuantile((i + 0.5) / GAIN_STEPS);
      g[i] = (float) (GeneratorSettings.SPE_AMPLITUDE * Math.max(0.05, 1 + GeneratorSettings.GAIN_SPREAD * z));
    }
    return g;
  }

  /** Per-channel baselines of a run: {integer part, index of the sixteenth} per channel. */
  static int[][] baselines(GeneratorSettings s, long runHash) {
    SplittableRandom rnd = RandomDraws.stream(s.seed(), runHash, EventPlanner.STREAM_BASELINES);
    int[] whole = new int[s.nChannels()];
    int[] fraction = new int[s.nChannels()];
    for (int c = 0; c < whole.length; c++) {
      whole[c] = GeneratorSettings.BASELINE_LOW + rnd.nextInt(GeneratorSettings.BASELINE_SPAN);
      fraction[c] = rnd.nextInt(FRACTIONS);
    }
    return new int[][] {whole, fraction};
  }

  /**
   * The raw records of {@code pulses}, ordered by time then channel. The first
   * {@code eventPulses} pulses (events) and the rest (dark pulses) are each nearly in time order
   * already; they are ordered separately and then merged.
   */
  static Table write(PulseList pulses, int eventPulses, int[][] baselines, SplittableRandom rnd) {
    int n = Math.toIntExact(pulses.records());
    long[] entryTime = new long[n];
    short[] entryChannel = new short[n];
    int[] firstEntry = new int[pulses.size];
    int e = 0;
    int eventEntries = 0;
    for (int p = 0; p < pulses.size; p++) {
      if (p == eventPulses) {
        eventEntries = e;
      }
      firstEntry[p] = e;
      int records = PulseList.recordsOf(pulses.length[p]);
      for (int j = 0; j < records; j++) {
        entryTime[e] = pulses.start[p] + (long) j * SAMPLES_PER_RECORD * DT;
        entryChannel[e] = (short) pulses.channel[p];
        e++;
      }
    }
    if (eventPulses == pulses.size) {
      eventEntries = n;
    }
    int[] rowOf = rowsOf(entryTime, entryChannel, eventEntries, n);

    Table t = Table.allocate(ChainSchemas.RAW_RECORDS, n);
    long[] time = t.longs("time");
    int[] length = t.ints("length");
    short[] dt = t.shorts("dt");
    short[] channel = t.shorts("channel");
    int[] pulseLength = t.ints("pulse_length");
    short[] recordI = t.shorts("record_i");
    short[] digitizerBaseline = t.shorts("baseline");
    short[] data = t.shorts("data");
    java.util.Arrays.fill(dt, (short) DT);
    java.util.Arrays.fill(digitizerBaseline, (short) GeneratorSettings.DIGITIZER_BASELINE);
    int[] whole = baselines[0];
    int[] fraction = baselines[1];
    float[] signal = new float[256];

    for (int p = 0; p < pulses.size; p++) {
      int len = pulses.length[p];
      int ch = pulses.channel[p];
      int records = PulseList.recordsOf(len);
      for (int j = 0; j < records; j++) {
        int row = rowOf[firstEntry[p] + j];
        time[row] = pulses.start[p] + (long) j * SAMPLES_PER_RECORD * DT;
        length[row] = Math.min(SAMPLES_PER_RECORD, len - j * SAMPLES_PER_RECORD);
        channel[row] = (short) ch;
        pulseLength[row] = len;
        recordI[row] = (short) j;
      }
      int base = whole[ch];
      short[] noise = NOISE[fraction[ch]];
      int offset = rnd.nextInt(NOISE_LENGTH);
      int from = pulses.photonFrom[p];
      int to = pulses.photonTo[p];
      if (records == 1 && to - from == 1) {
        int at = rowOf[firstEntry[p]] * SAMPLES_PER_RECORD;
        for (int k = 0; k < len; k++) {
          data[at + k] = (short) (base + noise[offset + k]);
        }
        addPhotoelectron(data, at, len, pulses.photonOffset[from], GAINS[rnd.nextInt(GAIN_STEPS)]);
        continue;
      }
      if (signal.length < len + 8) {
        signal = new float[Math.max(len + 8, signal.length * 2)];
      }
      java.util.Arrays.fill(signal, 0, len, 0f);
      for (int q = from; q < to; q++) {
        addTemplate(signal, len, pulses.photonOffset[q], GAINS[rnd.nextInt(GAIN_STEPS)]);
      }
      for (int j = 0; j < records; j++) {
        int at = rowOf[firstEntry[p] + j] * SAMPLES_PER_RECORD;
        int first = j * SAMPLES_PER_RECORD;
        int n0 = Math.min(SAMPLES_PER_RECORD, len - first);
        int noiseAt = (offset + first) & NOISE_MASK;
        for (int k = 0; k < n0; k++) {
          int v = base + noise[noiseAt + k] - (int) (signal[first + k] + 0.5f);
          data[at + k] = (short) Math.max(0, v);
        }
      }
    }
    return t;
  }

  /** For each entry, its row when [0, split) and [split, n) are merged in (time, channel) order. */
  private static int[] rowsOf(long[] time, short[] channel, int split, int n) {
    int[] a = TimeOrder.of(java.util.Arrays.copyOf(time, split), java.util.Arrays.copyOf(channel, split), split);
    int m = n - split;
    int[] b = TimeOrder.of(java.util.Arrays.copyOfRange(time, split, n), java.util.Arrays.copyOfRange(channel, split, n), m);
    int[] rowOf = new int[n];
    int i = 0;
    int j = 0;
    int row = 0;
    while (i < split || j < m) {
      int x = i < split ? (a == null ? i : a[i]) : -1;
      int y = j < m ? split + (b == null ? j : b[j]) : -1;
      boolean takeLeft = y < 0 || (x >= 0 && (time[x] < time[y] || (time[x] == time[y] && channel[x] <= channel[y])));
      if (takeLeft) {
        rowOf[x] = row++;
        i++;
      } else {
        rowOf[y] = row++;
        j++;
      }
    }
    return rowOf;
  }

  /** Adds one photoelectron at {@code offsetNs} from the record start, rounding per sample. */
  private static void addPhotoelectron(short[] data, int at, int len, double offsetNs, float amplitude) {
    double pos = offsetNs / DT;
    int s = (int) Math.floor(pos);
    float phase = (float) (pos - s);
    double[] tpl = GeneratorSettings.SPE_TEMPLATE;
    for (int j = 0; j <= tpl.length; j++) {
      int i = s + j;
      if (i < 0 || i >= len) {
        continue;
      }
      double w = (j < tpl.length ? (1 - phase) * tpl[j] : 0) + (j > 0 ? phase * tpl[j - 1] : 0);
      int v = data[at + i] - (int) (amplitude * w + 0.5);
      data[at + i] = (short) Math.max(0, v);
    }
  }

  private static void addTemplate(float[] signal, int len, double offsetNs, float amplitude) {
    double pos = offsetNs / DT;
    int s = (int) Math.floor(pos);
    double phase = pos - s;
    double[] tpl = GeneratorSettings.SPE_TEMPLATE;
    for (int j = 0; j <= tpl.length; j++) {
      int i = s + j;
      if (i < 0 || i >= len) {
        continue;
      }
      double w = (j < tpl.length ? (1 - phase) * tpl[j] : 0) + (j > 0 ? phase * tpl[j - 1] : 0);
      signal[i] += (float) (amplitude * w);
    }
  }
}
