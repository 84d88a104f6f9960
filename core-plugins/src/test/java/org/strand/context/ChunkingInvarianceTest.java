package org.strand.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.strand.core.Chunk;
import org.strand.core.Table;
import org.strand.plugin.OptionValues;
import org.strand.testing.FixedSource;
import org.strand.testing.ToyPlugins;

/**
 * Overlap-window and loop plugins give the brute-force answer over the whole run, however the
 * run is cut into chunks.
 */
class ChunkingInvarianceTest {
  static final long START = 1_000_000_000L;
  static final long SPAN = 4_000_000L;

  /** The same pulses for a seed, whatever the chunking. */
  static Table pulses(long seed, int rows) {
    OptionValues o = OptionValues.resolve("ToySource", new ToyPlugins.Source().options(),
        Map.of("toy_rows", (long) rows, "toy_seed", seed), null);
    return ToyPlugins.Source.generate("000001", 0, START, SPAN, o);
  }

  static long[] randomCuts(Table data, long seed, int n) {
    Chunk whole = Chunk.of("000001", "pulses", START, START + SPAN, data);
    SplittableRandom rnd = new SplittableRandom(seed);
    TreeSet<Long> cuts = new TreeSet<>();
    for (int i = 0; i < n; i++) {
      long t = whole.safeSplitTime(START + 1 + rnd.nextLong(SPAN - 1));
      if (t > START && t < START + SPAN) {
        cuts.add(t);
      }
    }
    return cuts.stream().mapToLong(Long::longValue).toArray();
  }

  static Context context(Table data, long[] cuts) {
    FixedSource source = new FixedSource("FixedPulses", "pulses", data, START, START + SPAN, cuts);
    return Context.of(source, new ToyPlugins.Scaled(), new ToyPlugins.Clusters(), new ToyPlugins.ClusterSums());
  }

  @Property(tries = 40)
  void overlapWindow_clusters_equalWholeRunOracle_forAnyChunking(@ForAll long seed,
      @ForAll @IntRange(min = 0, max = 2000) int rows, @ForAll @IntRange(min = 0, max = 30) int nCuts) {
    Table data = pulses(seed, rows);
    long[] cuts = randomCuts(data, seed * 7 + 1, nCuts);
    Table got = context(data, cuts).get("000001", "clusters").table();
    Table expected = ToyPlugins.Clusters.cluster(data, 3000);
    for (int i = 0; i < expected.rows(); i++) {
      expected.longs("cluster_number")[i] = i;
    }
    assertEquals(-1, got.firstDifference(expected), "cuts " + java.util.Arrays.toString(cuts));
  }

  @Property(tries = 40)
  void loop_clusterSums_equalWholeRunOracle_forAnyChunking(@ForAll long seed,
      @ForAll @IntRange(min = 0, max = 2000) int rows, @ForAll @IntRange(min = 0, max = 30) int nCuts) {
    Table data = pulses(seed, rows);
    long[] cuts = randomCuts(data, seed * 13 + 5, nCuts);
    Context ctx = context(data, cuts);
    Table sums = ctx.get("000001", "cluster_sums").table();
    Table clusters = ToyPlugins.Clusters.cluster(data, 3000);
    assertEquals(clusters.rows(), sums.rows());
    long[] time = data.longs("time");
    long[] end = data.endtimes();
    float[] value = data.floats("value");
    for (int c = 0; c < clusters.rows(); c++) {
      long cs = clusters.longs("time")[c];
      long ce = clusters.longs("endtime")[c];
      double sum = 0;
      int n = 0;
      for (int i = 0; i < data.rows(); i++) {
        if (time[i] >= cs && end[i] <= ce) {
          sum += (float) (value[i] * 2.0);
          n++;
        }
      }
      assertEquals(n, sums.ints("n_inside")[c], "cluster " + c);
      assertEquals(sum, sums.doubles("sum")[c], 1e-9 * Math.max(1, Math.abs(sum)), "cluster " + c);
      assertEquals(cs, sums.longs("time")[c]);
      assertEquals(ce, sums.longs("endtime")[c]);
    }
  }

  @Property(tries = 20)
  void outputChunks_areContiguousAndCoverTheRun(@ForAll long seed, @ForAll @IntRange(min = 0, max = 20) int nCuts) {
    Table data = pulses(seed, 800);
    Context ctx = context(data, randomCuts(data, seed, nCuts));
    for (String type : List.of("pulses", "scaled", "clusters", "cluster_sums")) {
      long expectedStart = START;
      try (var s = ctx.stream("000001", type)) {
        while (s.hasNext()) {
          Chunk c = s.next();
          assertEquals(expectedStart, c.start(), type);
          expectedStart = c.end();
        }
      }
      assertTrue(expectedStart == START + SPAN, type + " ends at the run's end");
    }
  }
}
