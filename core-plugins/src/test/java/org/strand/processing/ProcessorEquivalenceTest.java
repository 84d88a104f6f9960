package org.strand.processing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;
import net.jqwik.api.constraints.IntRange;
import org.strand.context.Context;
import org.strand.context.SavePolicy;
import org.strand.core.Chunk;
import org.strand.plugin.Plugin;
import org.strand.storage.DataKey;
import org.strand.storage.InMemoryStorage;
import org.strand.storage.StoredData;
import org.strand.testing.GraphToys;
import org.strand.testing.ToyPlugins;

/**
 * The threaded processor's output equals the single-threaded processor's, chunk for chunk and
 * byte for byte, for random plugin graphs, chunkings, save policies, stored inputs, thread counts
 * and window sizes: every streamed type, and every chunk saved to storage.
 */
class ProcessorEquivalenceTest {
  private static final String RUN = "000042";

  @Provide
  Arbitrary<Integer> threads() {
    return Arbitraries.of(1, 2, 4);
  }

  @Property(tries = 100)
  void threaded_randomGraphsAndChunkings_equalSingleByteForByte(
      @ForAll long graphSeed,
      @ForAll @IntRange(min = 0, max = 8) int nodes,
      @ForAll @IntRange(min = 0, max = 14) int chunks,
      @ForAll @IntRange(min = 20, max = 200) int chunkMicros,
      @ForAll @IntRange(min = 0, max = 100) int density,
      @ForAll("threads") int threads,
      @ForAll @IntRange(min = 1, max = 9) int maxInFlight) {
    check(graphSeed, nodes, chunks, chunkMicros, density, threads, maxInFlight);
  }

  /** The same property, longer: more tries, bigger graphs, more chunks. */
  @Property(tries = 2000)
  @Tag("slow")
  void threaded_manyRandomGraphs_equalSingleByteForByte(
      @ForAll long graphSeed,
      @ForAll @IntRange(min = 0, max = 14) int nodes,
      @ForAll @IntRange(min = 0, max = 60) int chunks,
      @ForAll @IntRange(min = 20, max = 200) int chunkMicros,
      @ForAll @IntRange(min = 0, max = 100) int density,
      @ForAll("threads") int threads,
      @ForAll @IntRange(min = 1, max = 9) int maxInFlight) {
    check(graphSeed, nodes, chunks, chunkMicros, density, threads, maxInFlight);
  }

  private void check(
      long graphSeed,
      int nodes,
      int chunks,
      int chunkMicros,
      int density,
      int threads,
      int maxInFlight) {
    SplittableRandom rnd = new SplittableRandom(graphSeed);
    boolean toyGraph = rnd.nextInt(4) == 0;
    GraphToys.Graph g = toyGraph ? toyGraph(rnd.nextBoolean()) : GraphToys.random(rnd, nodes);
    Map<String, Object> options = new LinkedHashMap<>();
    options.put("toy_chunks", chunks);
    options.put("toy_chunk_ns", chunkMicros * 1000L);
    // Sparse enough that clusters stay well inside their declared windows.
    options.put("toy_rows", (long) chunkMicros * 2 / 5 * density / 100);
    options.put("toy_seed", rnd.nextLong(1000));
    Context base = Context.of(g.plugins()).withOptions(options);

    List<String> computable = g.allTypes().stream().filter(t -> !t.equals("pulses")).collect(Collectors.toList());
    List<String> targets = new ArrayList<>(leaves(g));
    targets.addAll(pick(rnd, g.allTypes(), rnd.nextInt(2)));
    targets = List.copyOf(new LinkedHashSet<>(targets));
    List<String> preStored = rnd.nextInt(3) == 0 ? pick(rnd, computable, rnd.nextInt(3)) : List.of();
    SavePolicy policy = switch (rnd.nextInt(4)) {
      case 0 -> SavePolicy.allComputed();
      case 1 -> SavePolicy.targetsOnly();
      case 2 -> SavePolicy.listed(pick(rnd, g.allTypes(), 2));
      default -> SavePolicy.nothing();
    };
    ThreadedProcessor threaded = new ThreadedProcessor(threads, maxInFlight, Duration.ofMinutes(2));
    String what = g.description() + " | options " + options + ", targets " + targets + ", pre-stored " + preStored
        + ", policy " + policy + ", " + threaded;

    InMemoryStorage singleStore = new InMemoryStorage();
    InMemoryStorage threadedStore = new InMemoryStorage();
    if (!preStored.isEmpty()) {
      for (InMemoryStorage s : List.of(singleStore, threadedStore)) {
        base.withStorage(s).withSavePolicy(SavePolicy.listed(preStored)).make(RUN, preStored);
      }
    }
    RunReport singleReport = base.withStorage(singleStore).withSavePolicy(policy).make(RUN, targets);
    RunReport threadedReport = base.withStorage(threadedStore).withSavePolicy(policy).withProcessor(threaded).make(RUN, targets);
    assertTrue(singleReport.completed() && threadedReport.completed(), what);
    assertSameStorage(singleStore, threadedStore, what);

    for (String t : targets) {
      assertSameChunks(drain(base.stream(RUN, t)), drain(base.withProcessor(threaded).stream(RUN, t)), what + " | stream of " + t);
    }
    assertEquals(List.of(), Workers.alive(), what);
  }

  /** The standard toy graph, its "scaled" computed channel-parallel or not. */
  private static GraphToys.Graph toyGraph(boolean channelParallel) {
    List<Plugin> plugins = new ArrayList<>(ToyPlugins.all());
    plugins.set(1, new ToyPlugins.Scaled(channelParallel));
    List<String> types = plugins.stream().flatMap(p -> p.provides().stream()).collect(Collectors.toList());
    return new GraphToys.Graph(plugins, List.of(), types, "toy graph" + (channelParallel ? ", scaled by channel" : ""));
  }

  /** The types no plugin of the graph reads: making them computes every plugin. */
  private static List<String> leaves(GraphToys.Graph g) {
    Set<String> read = new LinkedHashSet<>();
    g.plugins().forEach(p -> read.addAll(p.dependsOn()));
    return g.allTypes().stream().filter(t -> !read.contains(t)).collect(Collectors.toList());
  }

  private static List<String> pick(SplittableRandom rnd, List<String> from, int n) {
    Set<String> out = new LinkedHashSet<>();
    for (int i = 0; i < n && !from.isEmpty(); i++) {
      out.add(from.get(rnd.nextInt(from.size())));
    }
    return List.copyOf(out);
  }

  static List<Chunk> drain(ChunkStream stream) {
    List<Chunk> out = new ArrayList<>();
    try (ChunkStream s = stream) {
      while (s.hasNext()) {
        out.add(s.next());
      }
    }
    return out;
  }

  static void assertSameChunks(List<Chunk> expected, List<Chunk> actual, String what) {
    assertEquals(expected.size(), actual.size(), "chunk count: " + what);
    for (int i = 0; i < expected.size(); i++) {
      Chunk e = expected.get(i);
      Chunk a = actual.get(i);
      assertEquals(e.where(), a.where(), "chunk " + i + ": " + what);
      assertTrue(e.data().contentEquals(a.data()),
          "chunk " + i + " " + e.where() + " differs from row " + e.data().firstDifference(a.data()) + ": " + what);
    }
  }

  static void assertSameStorage(InMemoryStorage expected, InMemoryStorage actual, String what) {
    Set<DataKey> keys = new LinkedHashSet<>(expected.keys());
    assertEquals(keys, new LinkedHashSet<>(actual.keys()), "stored keys: " + what);
    for (DataKey k : keys) {
      StoredData e = expected.find(k).orElseThrow();
      StoredData a = actual.find(k).orElseThrow();
      List<Chunk> ec = new ArrayList<>();
      List<Chunk> ac = new ArrayList<>();
      for (int i = 0; i < e.chunkCount(); i++) {
        ec.add(e.read(i));
      }
      for (int i = 0; i < a.chunkCount(); i++) {
        ac.add(a.read(i));
      }
      assertSameChunks(ec, ac, "stored " + k + ": " + what);
    }
  }
}
