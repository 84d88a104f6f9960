package org.strand.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.strand.core.Chunk;
import org.strand.core.FieldType;
import org.strand.core.Schema;
import org.strand.core.Table;
import org.strand.plugin.ChunkInput;
import org.strand.plugin.ChunkPlugin;
import org.strand.plugin.LoopPlugin;
import org.strand.plugin.Option;
import org.strand.plugin.OptionValues;
import org.strand.plugin.Outputs;
import org.strand.plugin.OverlapWindowPlugin;
import org.strand.plugin.Parallelism;
import org.strand.plugin.Plugin;
import org.strand.plugin.PluginSpec;
import org.strand.plugin.RunInfo;
import org.strand.plugin.SequentialPlugin;
import org.strand.plugin.SourcePlugin;
import org.strand.plugin.SourceRun;

/**
 * Small plugins of every kind over a toy "pulses" stream, for engine tests. Every plugin has an
 * option {@code fail_<type>_at} (chunk index, -1 = never) that makes it throw, for failure
 * injection, and {@code delay_<type>_ms} that makes it sleep per chunk, for backpressure tests.
 *
 * <pre>
 * pulses (source) -> scaled (chunk, channel-parallel) -> running (sequential)
 *                 -> clusters (overlap window, numbered) -> cluster_sums (loop over clusters, scaled)
 *                 -> even, odd (multi-output)          -> paired (two inputs: scaled, running)
 * </pre>
 */
public final class ToyPlugins {
  private ToyPlugins() {}

  public static final Schema PULSES = Schema.builder()
      .scalar("time", FieldType.INT64, "start [ns]")
      .scalar("length", FieldType.INT32, "samples")
      .scalar("dt", FieldType.INT16, "sample width [ns]")
      .scalar("channel", FieldType.INT16, "channel")
      .scalar("value", FieldType.FLOAT32, "a value")
      .array("samples", FieldType.INT16, 4, "a few samples")
      .build();

  public static final Schema RUNNING = Schema.builder()
      .scalar("time", FieldType.INT64, "")
      .scalar("length", FieldType.INT32, "")
      .scalar("dt", FieldType.INT16, "")
      .scalar("total", FieldType.FLOAT64, "running total of values")
      .scalar("seen", FieldType.INT64, "rows seen before this one")
      .build();

  public static final Schema CLUSTERS = Schema.builder()
      .scalar("time", FieldType.INT64, "")
      .scalar("endtime", FieldType.INT64, "")
      .scalar("cluster_number", FieldType.INT64, "")
      .scalar("n_pulses", FieldType.INT32, "")
      .build();

  public static final Schema CLUSTER_SUMS = Schema.builder()
      .scalar("time", FieldType.INT64, "")
      .scalar("endtime", FieldType.INT64, "")
      .scalar("n_inside", FieldType.INT32, "")
      .scalar("sum", FieldType.FLOAT64, "")
      .build();

  public static final Schema PAIRED = Schema.builder()
      .scalar("time", FieldType.INT64, "")
      .scalar("length", FieldType.INT32, "")
      .scalar("dt", FieldType.INT16, "")
      .scalar("product", FieldType.FLOAT64, "")
      .build();

  public static final Option<Long> CHUNKS = Option.integer("toy_chunks", 6, "chunks per run").requiring(v -> v >= 0, "must be >= 0");
  public static final Option<Long> ROWS = Option.integer("toy_rows", 200, "mean rows per chunk").requiring(v -> v >= 0, "must be >= 0");
  public static final Option<Long> SEED = Option.integer("toy_seed", 1, "generator seed");
  public static final Option<Long> CHUNK_NS = Option.integer("toy_chunk_ns", 1_000_000, "chunk duration [ns]").requiring(v -> v >= 1000, "must be >= 1000");
  public static final Option<Double> FACTOR = Option.real("scale_factor", 2.0, "scale of values");
  public static final Option<Long> GAP = Option.integer("cluster_gap", 3000, "largest gap inside a cluster [ns]").requiring(v -> v > 0, "must be > 0");

  /** The standard set of toy plugins (a fresh instance of each). */
  public static List<Plugin> all() {
    return List.of(new Source(), new Scaled(), new Running(), new Clusters(), new ClusterSums(), new EvenOdd(), new Paired());
  }

  static Option<Long> failAt(String type) {
    return Option.integer("fail_" + type + "_at", -1, "throw at this chunk index (-1: never)").untracked();
  }

  static Option<Long> delay(String type) {
    return Option.integer("delay_" + type + "_ms", 0, "sleep per chunk").untracked();
  }

  static void maybeFail(String type, ChunkInput in) {
    maybeFail(type, in.index(), in.options());
    sleep(in.options().get(delay(type)));
  }

  static void maybeFail(String type, long index, OptionValues o) {
    if (o.get(failAt(type)) == index) {
      throw new IllegalStateException("injected failure in " + type + " at chunk " + index);
    }
  }

  static void sleep(long ms) {
    if (ms > 0) {
      try {
        Thread.sleep(ms);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while sleeping", e);
      }
    }
  }

  /** Toy source "pulses": chunk i covers [1e9 + i * toy_chunk_ns, ...), rows random inside. */
  public static final class Source extends SourcePlugin {
    public Source() {
      super(PluginSpec.builder("ToySource").version("1").provides("pulses", PULSES)
          .options(CHUNKS, ROWS, SEED, CHUNK_NS, failAt("pulses"), delay("pulses")).build());
    }

    @Override
    public SourceRun open(String runId, OptionValues options) {
      long chunks = options.get(CHUNKS);
      long ns = options.get(CHUNK_NS);
      long start = 1_000_000_000L;
      long rows = options.get(ROWS);
      RunInfo info = new RunInfo(runId, start, start + chunks * ns, chunks * rows * PULSES.rowBytes());
      return new SourceRun() {
        @Override
        public RunInfo info() {
          return info;
        }

        @Override
        public int chunkCount() {
          return (int) chunks;
        }

        @Override
        public Chunk chunk(int index) {
          maybeFail("pulses", index, options);
          sleep(options.get(delay("pulses")));
          long s = start + index * ns;
          return Chunk.of(runId, "pulses", s, s + ns, generate(runId, index, s, ns, options));
        }
      };
    }

    public static Table generate(String runId, int index, long start, long ns, OptionValues o) {
      SplittableRandom rnd = new SplittableRandom(o.get(SEED) * 1_000_003L + runId.hashCode() * 31L + index);
      long mean = o.get(ROWS);
      int n = mean == 0 ? 0 : (int) (mean / 2 + rnd.nextLong(mean + 1));
      long[] times = new long[n];
      for (int i = 0; i < n; i++) {
        times[i] = start + rnd.nextLong(Math.max(1, ns - 1000));
      }
      Arrays.sort(times);
      Table t = Table.allocate(PULSES, n);
      long[] time = t.longs("time");
      int[] length = t.ints("length");
      short[] dt = t.shorts("dt");
      short[] channel = t.shorts("channel");
      float[] value = t.floats("value");
      short[] samples = t.shorts("samples");
      List<long[]> keyed = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        keyed.add(new long[] {times[i], rnd.nextInt(8)});
      }
      keyed.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
      for (int i = 0; i < n; i++) {
        time[i] = keyed.get(i)[0];
        channel[i] = (short) keyed.get(i)[1];
        dt[i] = 10;
        length[i] = 1 + rnd.nextInt(Math.toIntExact(Math.min(60, (start + ns - time[i]) / 10)));
        value[i] = (float) rnd.nextDouble(0, 100);
        for (int k = 0; k < 4; k++) {
          samples[i * 4 + k] = (short) rnd.nextInt(1000);
        }
      }
      return t;
    }
  }

  /** "scaled": value * scale_factor; channel-parallel when asked. */
  public static final class Scaled extends ChunkPlugin {
    public Scaled() {
      this(false);
    }

    public Scaled(boolean channelParallel) {
      super(spec(channelParallel));
    }

    private static PluginSpec spec(boolean channelParallel) {
      PluginSpec.Builder b = PluginSpec.builder("Scaled").version("1").provides("scaled", PULSES).dependsOn("pulses")
          .options(FACTOR, failAt("scaled"), delay("scaled"));
      if (channelParallel) {
        b.channelParallel("channel");
      }
      return b.build();
    }

    @Override
    public Outputs compute(ChunkInput in) {
      maybeFail("scaled", in);
      Table p = in.table("pulses");
      double f = in.option(FACTOR);
      Table out = Table.allocate(PULSES, p.rows());
      System.arraycopy(p.longs("time"), 0, out.longs("time"), 0, p.rows());
      System.arraycopy(p.ints("length"), 0, out.ints("length"), 0, p.rows());
      System.arraycopy(p.shorts("dt"), 0, out.shorts("dt"), 0, p.rows());
      System.arraycopy(p.shorts("channel"), 0, out.shorts("channel"), 0, p.rows());
      System.arraycopy(p.shorts("samples"), 0, out.shorts("samples"), 0, p.rows() * 4);
      float[] v = p.floats("value");
      float[] o = out.floats("value");
      for (int i = 0; i < p.rows(); i++) {
        o[i] = (float) (v[i] * f);
      }
      return Outputs.of("scaled", out);
    }
  }

  /** "running": a running total over the whole run (sequential). */
  public static final class Running extends SequentialPlugin {
    public Running() {
      super(PluginSpec.builder("Running").version("1").provides("running", RUNNING).dependsOn("scaled")
          .options(failAt("running"), delay("running")).parallelism(Parallelism.SEQUENTIAL).build());
    }

    @Override
    public Sequence open(RunInfo run, OptionValues options) {
      double[] total = {0};
      long[] seen = {0};
      return in -> {
        maybeFail("running", in);
        Table s = in.table("scaled");
        Table out = Table.allocate(RUNNING, s.rows());
        System.arraycopy(s.longs("time"), 0, out.longs("time"), 0, s.rows());
        System.arraycopy(s.ints("length"), 0, out.ints("length"), 0, s.rows());
        System.arraycopy(s.shorts("dt"), 0, out.shorts("dt"), 0, s.rows());
        float[] v = s.floats("value");
        for (int i = 0; i < s.rows(); i++) {
          total[0] += v[i];
          out.doubles("total")[i] = total[0];
          out.longs("seen")[i] = seen[0]++;
        }
        return Outputs.of("running", out);
      };
    }
  }

  /**
   * "clusters": pulses grouped while the gap from the previous pulse's end is below cluster_gap
   * (overlap window), numbered gaplessly.
   */
  public static final class Clusters extends OverlapWindowPlugin {
    public Clusters() {
      super(PluginSpec.builder("Clusters").version("1").provides("clusters", CLUSTERS).dependsOn("pulses")
          .options(GAP, failAt("clusters"), delay("clusters")).build());
    }

    @Override
    public long windowNs(OptionValues options) {
      // A cluster can be long; pulses are dense, so in practice clusters are shorter than 50 gaps.
      return 50 * options.get(GAP);
    }

    @Override
    public Map<String, String> numberedFields() {
      return Map.of("clusters", "cluster_number");
    }

    @Override
    public Outputs compute(ChunkInput in) {
      maybeFail("clusters", in);
      return Outputs.of("clusters", cluster(in.table("pulses"), in.option(GAP)));
    }

    /** The clusters of a whole table (also the brute-force oracle). */
    public static Table cluster(Table p, long gap) {
      long[] time = p.rows() == 0 ? new long[0] : p.longs("time");
      long[] end = p.endtimes();
      List<long[]> found = new ArrayList<>();
      long cs = 0;
      long ce = Long.MIN_VALUE;
      int n = 0;
      for (int i = 0; i < p.rows(); i++) {
        if (n > 0 && time[i] - ce >= gap) {
          found.add(new long[] {cs, ce, n});
          n = 0;
        }
        if (n == 0) {
          cs = time[i];
          ce = end[i];
        } else {
          ce = Math.max(ce, end[i]);
        }
        n++;
      }
      if (n > 0) {
        found.add(new long[] {cs, ce, n});
      }
      Table out = Table.allocate(CLUSTERS, found.size());
      for (int i = 0; i < found.size(); i++) {
        out.longs("time")[i] = found.get(i)[0];
        out.longs("endtime")[i] = found.get(i)[1];
        out.ints("n_pulses")[i] = (int) found.get(i)[2];
      }
      return out;
    }
  }

  /** "cluster_sums": per cluster, the sum of scaled values of pulses inside it (loop). */
  public static final class ClusterSums extends LoopPlugin {
    public ClusterSums() {
      super(PluginSpec.builder("ClusterSums").version("1").provides("cluster_sums", CLUSTER_SUMS)
          .dependsOn("clusters", "scaled").options(failAt("cluster_sums"), delay("cluster_sums")).build());
    }

    @Override
    protected void computeRow(LoopRow row) {
      if (row.index() == 0) {
        maybeFail("cluster_sums", row.input());
      }
      float[] v = row.contained().floats("value");
      double sum = 0;
      for (int k = 0; k < row.count(); k++) {
        sum += v[row.inside(k)];
      }
      row.output().ints("n_inside")[row.index()] = row.count();
      row.output().doubles("sum")[row.index()] = sum;
    }
  }

  /** "even" and "odd": the pulses of even and odd channels (multi-output). */
  public static final class EvenOdd extends ChunkPlugin {
    public EvenOdd() {
      super(PluginSpec.builder("EvenOdd").version("1").provides("even", PULSES).provides("odd", PULSES)
          .dependsOn("pulses").options(failAt("even"), delay("even")).build());
    }

    @Override
    public Outputs compute(ChunkInput in) {
      maybeFail("even", in);
      Table p = in.table("pulses");
      short[] ch = p.shorts("channel");
      int[] even = new int[p.rows()];
      int[] odd = new int[p.rows()];
      int ne = 0;
      int no = 0;
      for (int i = 0; i < p.rows(); i++) {
        if (ch[i] % 2 == 0) {
          even[ne++] = i;
        } else {
          odd[no++] = i;
        }
      }
      return Outputs.of(Map.of("even", p.gather(even, ne), "odd", p.gather(odd, no)));
    }
  }

  /** "paired": per row of running, total times the matching scaled value (two inputs, same rows). */
  public static final class Paired extends ChunkPlugin {
    public Paired() {
      super(PluginSpec.builder("Paired").version("1").provides("paired", PAIRED).dependsOn("scaled", "running")
          .options(failAt("paired"), delay("paired")).build());
    }

    @Override
    public Outputs compute(ChunkInput in) {
      maybeFail("paired", in);
      Table s = in.table("scaled");
      Table r = in.table("running");
      if (s.rows() != r.rows()) {
        throw new IllegalStateException("inputs not aligned: " + s.rows() + " vs " + r.rows());
      }
      Table out = Table.allocate(PAIRED, s.rows());
      System.arraycopy(s.longs("time"), 0, out.longs("time"), 0, s.rows());
      System.arraycopy(s.ints("length"), 0, out.ints("length"), 0, s.rows());
      System.arraycopy(s.shorts("dt"), 0, out.shorts("dt"), 0, s.rows());
      for (int i = 0; i < s.rows(); i++) {
        out.doubles("product")[i] = s.floats("value")[i] * r.doubles("total")[i];
      }
      return Outputs.of("paired", out);
    }
  }
}
