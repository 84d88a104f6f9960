package org.strand.bench.processing;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.strand.core.Chunk;
import org.strand.core.FieldType;
import org.strand.core.Schema;
import org.strand.core.Table;
import org.strand.plugin.ChunkInput;
import org.strand.plugin.ChunkPlugin;
import org.strand.plugin.OptionValues;
import org.strand.plugin.Outputs;
import org.strand.plugin.Plugin;
import org.strand.plugin.PluginSpec;
import org.strand.plugin.RunInfo;
import org.strand.plugin.SourcePlugin;
import org.strand.plugin.SourceRun;

/**
 * A synthetic CPU-bound chain for processor benchmarks: a source serving chunks made up front,
 * then three chunk-parallel plugins (baseline subtraction, a FIR filter, integration), each a
 * few multiply-adds per sample on primitive arrays.
 *
 * <pre>
 * waves (source) -> baselined -> filtered -> areas
 * </pre>
 */
final class ChainPlugins {
  static final int SAMPLES = 64;
  static final int TAPS = 15;
  static final long DT = 10;

  static final Schema WAVES = Schema.builder()
      .scalar("time", FieldType.INT64, "start [ns]")
      .scalar("length", FieldType.INT32, "samples")
      .scalar("dt", FieldType.INT16, "sample width [ns]")
      .scalar("channel", FieldType.INT16, "channel")
      .array("data", FieldType.INT16, SAMPLES, "ADC counts")
      .build();

  static final Schema SHAPED = Schema.builder()
      .scalar("time", FieldType.INT64, "")
      .scalar("length", FieldType.INT32, "")
      .scalar("dt", FieldType.INT16, "")
      .scalar("channel", FieldType.INT16, "")
      .array("data", FieldType.FLOAT32, SAMPLES, "")
      .build();

  static final Schema AREAS = Schema.builder()
      .scalar("time", FieldType.INT64, "")
      .scalar("length", FieldType.INT32, "")
      .scalar("dt", FieldType.INT16, "")
      .scalar("channel", FieldType.INT16, "")
      .scalar("area", FieldType.FLOAT64, "")
      .scalar("height", FieldType.FLOAT32, "")
      .build();

  private ChainPlugins() {}

  /** The chain's plugins over {@code chunks}. */
  static List<Plugin> chain(List<Table> chunks, long chunkNs) {
    return List.of(new Waves(chunks, chunkNs), new Baselined(), new Filtered(), new Areas());
  }

  /** {@code chunks} tables of {@code rows} waveforms each, seeded. */
  static List<Table> makeChunks(long seed, int chunks, int rows, long chunkNs) {
    SplittableRandom rnd = new SplittableRandom(seed);
    List<Table> out = new ArrayList<>(chunks);
    long span = Math.max(1, chunkNs - SAMPLES * DT);
    for (int c = 0; c < chunks; c++) {
      Table t = Table.allocate(WAVES, rows);
      long start = c * chunkNs;
      long[] time = t.longs("time");
      long step = Math.max(1, span / Math.max(1, rows));
      short[] data = t.shorts("data");
      for (int r = 0; r < rows; r++) {
        time[r] = start + Math.min(span - 1, r * step);
        t.ints("length")[r] = SAMPLES;
        t.shorts("dt")[r] = (short) DT;
        t.shorts("channel")[r] = (short) rnd.nextInt(250);
        for (int k = 0; k < SAMPLES; k++) {
          data[r * SAMPLES + k] = (short) (1000 + rnd.nextInt(20) + (k > 20 && k < 40 ? rnd.nextInt(300) : 0));
        }
      }
      out.add(t);
    }
    return out;
  }

  private static void copyTimes(Table from, Table to) {
    int n = from.rows();
    System.arraycopy(from.longs("time"), 0, to.longs("time"), 0, n);
    System.arraycopy(from.ints("length"), 0, to.ints("length"), 0, n);
    System.arraycopy(from.shorts("dt"), 0, to.shorts("dt"), 0, n);
    System.arraycopy(from.shorts("channel"), 0, to.shorts("channel"), 0, n);
  }

  /** Serves the chunks made in the benchmark's setup: reading costs next to nothing. */
  static final class Waves extends SourcePlugin {
    private final List<Table> chunks;
    private final long chunkNs;

    Waves(List<Table> chunks, long chunkNs) {
      super(PluginSpec.builder("Waves").version("1").provides("waves", WAVES).build());
      this.chunks = chunks;
      this.chunkNs = chunkNs;
    }

    @Override
    public SourceRun open(String runId, OptionValues options) {
      RunInfo info = new RunInfo(runId, 0, chunks.size() * chunkNs, chunks.size() * (long) chunks.get(0).rows() * WAVES.rowBytes());
      return new SourceRun() {
        @Override
        public RunInfo info() {
          return info;
        }

        @Override
        public int chunkCount() {
          return chunks.size();
        }

        @Override
        public Chunk chunk(int index) {
          return Chunk.of(runId, "waves", index * chunkNs, (index + 1) * chunkNs, chunks.get(index));
        }
      };
    }
  }

  /** Subtracts each waveform's baseline (the mean of its first 16 samples, its median-of-3 smoothed). */
  static final class Baselined extends ChunkPlugin {
    Baselined() {
      super(PluginSpec.builder("Baselined").version("1").provides("baselined", SHAPED).dependsOn("waves").build());
    }

    @Override
    public Outputs compute(ChunkInput in) {
      Table w = in.table("waves");
      Table out = Table.allocate(SHAPED, w.rows());
      copyTimes(w, out);
      short[] d = w.shorts("data");
      float[] o = out.floats("data");
      for (int r = 0; r < w.rows(); r++) {
        int base = r * SAMPLES;
        double sum = 0;
        for (int k = 0; k < 16; k++) {
          sum += d[base + k];
        }
        float baseline = (float) (sum / 16);
        for (int k = 0; k < SAMPLES; k++) {
          int a = d[base + Math.max(0, k - 1)];
          int b = d[base + k];
          int c = d[base + Math.min(SAMPLES - 1, k + 1)];
          int median = Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
          o[base + k] = median - baseline;
        }
      }
      return Outputs.of("baselined", out);
    }
  }

  /** A 15-tap FIR low-pass filter over each waveform, applied four times. */
  static final class Filtered extends ChunkPlugin {
    private static final float[] KERNEL = kernel();

    Filtered() {
      super(PluginSpec.builder("Filtered").version("1").provides("filtered", SHAPED).dependsOn("baselined").build());
    }

    private static float[] kernel() {
      float[] k = new float[TAPS];
      double sum = 0;
      for (int i = 0; i < TAPS; i++) {
        double x = (i - TAPS / 2) / 3.0;
        k[i] = (float) Math.exp(-x * x / 2);
        sum += k[i];
      }
      for (int i = 0; i < TAPS; i++) {
        k[i] /= (float) sum;
      }
      return k;
    }

    @Override
    public Outputs compute(ChunkInput in) {
      Table b = in.table("baselined");
      Table out = Table.allocate(SHAPED, b.rows());
      copyTimes(b, out);
      float[] src = b.floats("data");
      float[] dst = out.floats("data");
      float[] tmp = new float[SAMPLES];
      float[] cur = new float[SAMPLES];
      for (int r = 0; r < b.rows(); r++) {
        int base = r * SAMPLES;
        System.arraycopy(src, base, cur, 0, SAMPLES);
        for (int pass = 0; pass < 4; pass++) {
          for (int k = 0; k < SAMPLES; k++) {
            float acc = 0;
            for (int t = 0; t < TAPS; t++) {
              int j = Math.min(SAMPLES - 1, Math.max(0, k + t - TAPS / 2));
              acc += KERNEL[t] * cur[j];
            }
            tmp[k] = acc;
          }
          float[] swap = cur;
          cur = tmp;
          tmp = swap;
        }
        System.arraycopy(cur, 0, dst, base, SAMPLES);
      }
      return Outputs.of("filtered", out);
    }
  }

  /** Area and height of each filtered waveform. */
  static final class Areas extends ChunkPlugin {
    Areas() {
      super(PluginSpec.builder("Areas").version("1").provides("areas", AREAS).dependsOn("filtered").build());
    }

    @Override
    public Outputs compute(ChunkInput in) {
      Table f = in.table("filtered");
      Table out = Table.allocate(AREAS, f.rows());
      copyTimes(f, out);
      float[] d = f.floats("data");
      double[] area = out.doubles("area");
      float[] height = out.floats("height");
      for (int r = 0; r < f.rows(); r++) {
        int base = r * SAMPLES;
        double a = 0;
        float h = Float.NEGATIVE_INFINITY;
        for (int k = 0; k < SAMPLES; k++) {
          a += d[base + k] * DT;
          h = Math.max(h, d[base + k]);
        }
        area[r] = a;
        height[r] = h;
      }
      return Outputs.of("areas", out);
    }
  }
}
