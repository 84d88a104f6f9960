package org.strand.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.strand.core.Table;
import org.strand.plugin.ChunkInput;
import org.strand.plugin.ChunkPlugin;
import org.strand.plugin.LoopPlugin;
import org.strand.plugin.OptionValues;
import org.strand.plugin.Outputs;
import org.strand.plugin.OverlapWindowPlugin;
import org.strand.plugin.Plugin;
import org.strand.plugin.PluginSpec;
import org.strand.plugin.RunInfo;
import org.strand.plugin.SequentialPlugin;

/**
 * Generic toy plugins of every kind, with names and parameters of their own, and a generator of
 * random plugin graphs over them, for checking processors against each other.
 *
 * <p>Every "pulse-like" type has the schema {@link ToyPlugins#PULSES} and is sorted by (time,
 * channel), ties in a fixed order, so any node may read any of them, and a channel-parallel node
 * obeys its contract. The graph's root is {@link ToyPlugins.Source} ("pulses").
 */
public final class GraphToys {
  private GraphToys() {}

  /** A random graph: its plugins (source included) and types, with a description for messages. */
  public record Graph(List<Plugin> plugins, List<String> pulseTypes, List<String> allTypes, String description) {}

  /**
   * A random graph of {@code nodes} nodes over "pulses": maps (some channel-parallel, some doubling
   * rows), two-input combines, running sums (sequential), smoothing (overlap window), parity
   * splits (two outputs), clusters (numbered overlap window) and sums over clusters (loop).
   */
  public static Graph random(SplittableRandom rnd, int nodes) {
    List<Plugin> plugins = new ArrayList<>();
    plugins.add(new ToyPlugins.Source());
    List<String> pulses = new ArrayList<>(List.of("pulses"));
    List<String> clusters = new ArrayList<>();
    List<String> all = new ArrayList<>(List.of("pulses"));
    StringBuilder desc = new StringBuilder("pulses");
    for (int i = 0; i < nodes; i++) {
      String name = "n" + i;
      String in = pulses.get(rnd.nextInt(pulses.size()));
      int kind = rnd.nextInt(clusters.isEmpty() ? 7 : 8);
      Plugin p;
      switch (kind) {
        case 0, 1 -> p = new MapNode(name, in, rnd.nextInt(1, 100), rnd.nextBoolean(), rnd.nextInt(3) == 0 ? 2 : 1,
            rnd.nextInt(3) == 0 ? 1000 * rnd.nextInt(1, 6) : 0);
        case 2 -> p = new CombineNode(name, in, pickOther(rnd, pulses, in));
        case 3 -> p = new RunningNode(name, in);
        case 4 -> p = new SmoothNode(name, in, 500L * rnd.nextInt(1, 40));
        case 5 -> p = new ParityNode(name, in);
        case 6 -> p = new ClusterNode(name, in, 500L * rnd.nextInt(1, 10));
        default -> p = new ClusterSumNode(name, clusters.get(rnd.nextInt(clusters.size())), in);
      }
      if (p instanceof ParityNode) {
        pulses.add(name + "_even");
        pulses.add(name + "_odd");
      } else if (p instanceof ClusterNode) {
        clusters.add(name);
      } else if (!(p instanceof ClusterSumNode)) {
        pulses.add(name);
      }
      all.addAll(p.provides());
      plugins.add(p);
      desc.append("; ").append(p);
    }
    return new Graph(List.copyOf(plugins), List.copyOf(pulses), List.copyOf(all), desc.toString());
  }

  private static String pickOther(SplittableRandom rnd, List<String> types, String not) {
    if (types.size() == 1) {
      return null;
    }
    String t;
    do {
      t = types.get(rnd.nextInt(types.size()));
    } while (t.equals(not));
    return t;
  }

  private static PluginSpec.Builder specOf(String name, String in) {
    return PluginSpec.builder(name).version("1").dependsOn(in);
  }

  private static Table copyRows(Table p) {
    Table out = Table.allocate(ToyPlugins.PULSES, p.rows());
    System.arraycopy(p.longs("time"), 0, out.longs("time"), 0, p.rows());
    System.arraycopy(p.ints("length"), 0, out.ints("length"), 0, p.rows());
    System.arraycopy(p.shorts("dt"), 0, out.shorts("dt"), 0, p.rows());
    System.arraycopy(p.shorts("channel"), 0, out.shorts("channel"), 0, p.rows());
    System.arraycopy(p.floats("value"), 0, out.floats("value"), 0, p.rows());
    System.arraycopy(p.shorts("samples"), 0, out.shorts("samples"), 0, p.rows() * 4);
    return out;
  }

  /**
   * value * (1 + salt % 7) + salt per row, each row emitted {@code copies} times (value + k for
   * copy k), so that a channel-parallel map has ties in (time, channel) whose order matters. With
   * a {@code grid} (ns), times are floored to it from the chunk's start and rows re-sorted by
   * (time, channel), stably, so that rows of different channels share times.
   */
  public static final class MapNode extends ChunkPlugin {
    private final int salt;
    private final int copies;
    private final long grid;

    public MapNode(String name, String in, int salt, boolean channelParallel, int copies, long grid) {
      super(channelParallel
          ? specOf(name, in).provides(name, ToyPlugins.PULSES).channelParallel("channel").build()
          : specOf(name, in).provides(name, ToyPlugins.PULSES).build());
      this.salt = salt;
      this.copies = copies;
      this.grid = grid;
    }

    @Override
    public Outputs compute(ChunkInput in) {
      Table p = in.table(dependsOn().get(0));
      int[] rows = new int[p.rows() * copies];
      for (int r = 0; r < p.rows(); r++) {
        for (int k = 0; k < copies; k++) {
          rows[r * copies + k] = r;
        }
      }
      Table out = p.gather(rows);
      float[] v = out.floats("value");
      for (int r = 0; r < out.rows(); r++) {
        v[r] = v[r] * (1 + salt % 7) + salt + (r % copies);
      }
      if (grid > 0) {
        long[] t = out.longs("time");
        short[] ch = out.shorts("channel");
        Integer[] order = new Integer[out.rows()];
        for (int r = 0; r < out.rows(); r++) {
          t[r] = in.start() + (t[r] - in.start()) / grid * grid;
          order[r] = r;
        }
        java.util.Arrays.sort(order, (a, b) -> t[a] != t[b] ? Long.compare(t[a], t[b]) : Short.compare(ch[a], ch[b]));
        int[] sorted = new int[order.length];
        for (int r = 0; r < sorted.length; r++) {
          sorted[r] = order[r];
        }
        out = out.gather(sorted);
      }
      return Outputs.of(name(), out);
    }

    @Override
    public String toString() {
      return name() + " = map(" + dependsOn().get(0) + ", salt " + salt + ", copies " + copies
          + (grid > 0 ? ", grid " + grid + " ns" : "")
          + (parallelism() == org.strand.plugin.Parallelism.CHANNEL ? ", by channel" : "") + ")";
    }
  }

  /** The rows of two pulse-like inputs, merged by (time, channel), the first input's first on ties. */
  public static final class CombineNode extends ChunkPlugin {
    public CombineNode(String name, String a, String b) {
      super(b == null ? specOf(name, a).provides(name, ToyPlugins.PULSES).build()
          : PluginSpec.builder(name).version("1").dependsOn(a, b).provides(name, ToyPlugins.PULSES).build());
    }

    @Override
    public Outputs compute(ChunkInput in) {
      Table a = in.table(dependsOn().get(0));
      if (dependsOn().size() == 1) {
        return Outputs.of(name(), copyRows(a));
      }
      Table b = in.table(dependsOn().get(1));
      Table both = Table.concat(ToyPlugins.PULSES, List.of(a, b));
      long[] t = both.longs("time");
      short[] ch = both.shorts("channel");
      int[] order = new int[both.rows()];
      int i = 0;
      int j = a.rows();
      for (int o = 0; o < order.length; o++) {
        boolean takeA = j >= both.rows()
            || (i < a.rows() && (t[i] < t[j] || (t[i] == t[j] && ch[i] <= ch[j])));
        order[o] = takeA ? i++ : j++;
      }
      return Outputs.of(name(), both.gather(order));
    }

    @Override
    public String toString() {
      return name() + " = combine" + dependsOn();
    }
  }

  /** value = running sum of the input's values over the run (sequential). */
  public static final class RunningNode extends SequentialPlugin {
    public RunningNode(String name, String in) {
      super(specOf(name, in).provides(name, ToyPlugins.PULSES).build());
    }

    @Override
    public Sequence open(RunInfo run, OptionValues options) {
      float[] total = {0};
      return in -> {
        Table out = copyRows(in.table(dependsOn().get(0)));
        float[] v = out.floats("value");
        for (int r = 0; r < out.rows(); r++) {
          total[0] += v[r];
          v[r] = total[0];
        }
        return Outputs.of(name(), out);
      };
    }

    @Override
    public String toString() {
      return name() + " = running(" + dependsOn().get(0) + ")";
    }
  }

  /** value = number of input rows starting within {@code half} ns of the row's start (overlap window). */
  public static final class SmoothNode extends OverlapWindowPlugin {
    private final long half;

    public SmoothNode(String name, String in, long half) {
      super(specOf(name, in).provides(name, ToyPlugins.PULSES).build());
      this.half = half;
    }

    @Override
    public long windowNs(OptionValues options) {
      return half;
    }

    @Override
    public Outputs compute(ChunkInput in) {
      Table out = copyRows(in.table(dependsOn().get(0)));
      long[] t = out.longs("time");
      float[] v = out.floats("value");
      int lo = 0;
      int hi = 0;
      for (int r = 0; r < out.rows(); r++) {
        while (t[lo] < t[r] - half) {
          lo++;
        }
        while (hi < out.rows() && t[hi] <= t[r] + half) {
          hi++;
        }
        v[r] = hi - lo;
      }
      return Outputs.of(name(), out);
    }

    @Override
    public String toString() {
      return name() + " = smooth(" + dependsOn().get(0) + ", " + half + " ns)";
    }
  }

  /** The rows of even and odd channels, as two types {@code <name>_even}, {@code <name>_odd}. */
  public static final class ParityNode extends ChunkPlugin {
    public ParityNode(String name, String in) {
      super(specOf(name, in).provides(name + "_even", ToyPlugins.PULSES).provides(name + "_odd", ToyPlugins.PULSES).build());
    }

    @Override
    public Outputs compute(ChunkInput in) {
      Table p = in.table(dependsOn().get(0));
      short[] ch = p.shorts("channel");
      int[] even = new int[p.rows()];
      int[] odd = new int[p.rows()];
      int ne = 0;
      int no = 0;
      for (int r = 0; r < p.rows(); r++) {
        if (ch[r] % 2 == 0) {
          even[ne++] = r;
        } else {
          odd[no++] = r;
        }
      }
      Map<String, Table> out = new LinkedHashMap<>();
      out.put(provides().get(0), p.gather(even, ne));
      out.put(provides().get(1), p.gather(odd, no));
      return Outputs.of(out);
    }

    @Override
    public String toString() {
      return provides() + " = parity(" + dependsOn().get(0) + ")";
    }
  }

  /** Clusters of pulses closer than {@code gap} ns, numbered over the run (overlap window). */
  public static final class ClusterNode extends OverlapWindowPlugin {
    private final long gap;

    public ClusterNode(String name, String in, long gap) {
      super(specOf(name, in).provides(name, ToyPlugins.CLUSTERS).build());
      this.gap = gap;
    }

    @Override
    public long windowNs(OptionValues options) {
      return 50 * gap;
    }

    @Override
    public Map<String, String> numberedFields() {
      return Map.of(name(), "cluster_number");
    }

    @Override
    public Outputs compute(ChunkInput in) {
      return Outputs.of(name(), ToyPlugins.Clusters.cluster(in.table(dependsOn().get(0)), gap));
    }

    @Override
    public String toString() {
      return name() + " = clusters(" + dependsOn().get(0) + ", gap " + gap + " ns)";
    }
  }

  /** Per cluster, the count and sum of values of the pulse-like rows inside it (loop). */
  public static final class ClusterSumNode extends LoopPlugin {
    public ClusterSumNode(String name, String clusters, String contained) {
      super(PluginSpec.builder(name).version("1").dependsOn(clusters, contained).provides(name, ToyPlugins.CLUSTER_SUMS).build());
    }

    @Override
    protected void computeRow(LoopRow row) {
      float[] v = row.contained().floats("value");
      double sum = 0;
      for (int k = 0; k < row.count(); k++) {
        sum += v[row.inside(k)];
      }
      row.output().ints("n_inside")[row.index()] = row.count();
      row.output().doubles("sum")[row.index()] = sum;
    }

    @Override
    public String toString() {
      return name() + " = sums" + dependsOn();
    }
  }
}
