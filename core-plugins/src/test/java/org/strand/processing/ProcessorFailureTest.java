package org.strand.processing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.strand.context.Context;
import org.strand.context.SavePolicy;
import org.strand.core.Chunk;
import org.strand.core.ProcessingException;
import org.strand.plugin.Plugin;
import org.strand.storage.DataKey;
import org.strand.storage.InMemoryStorage;
import org.strand.storage.StoredData;
import org.strand.testing.TestStorage;
import org.strand.testing.ToyPlugins;

/**
 * A failure injected at any kind of stage — source, loader, chunk plugin (fused or not),
 * channel-parallel, sequential, overlap-window, loop, multi-output and multi-input plugins,
 * savers of each kind, and the consumer — surfaces once, naming run, stage and chunk, for both
 * processors; no worker thread is left running, no write is still in progress, and nothing
 * partial is published.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ProcessorFailureTest {
  private static final String RUN = "000013";
  private static final List<String> TARGETS = List.of("paired", "cluster_sums", "even", "odd");

  /**
   * A fault and where it must be reported.
   *
   * @param name for the test's display name
   * @param options toy options that inject it
   * @param storage storage faults
   * @param channelParallel whether "scaled" is computed by channel
   * @param preStore types stored beforehand (so that they are loaded)
   * @param stage the stage the error must name
   * @param chunk the chunk it must name
   * @param streamed a type whose stream passes through the fault
   */
  record Fault(String name, Map<String, Object> options, UnaryOperator<TestStorage> storage, boolean channelParallel,
      List<String> preStore, String stage, long chunk, String streamed) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Fault> faults() {
    UnaryOperator<TestStorage> none = s -> s;
    return List.of(
        new Fault("source", Map.of("fail_pulses_at", 2), none, false, List.of(), "source 'ToySource'", 2, "paired"),
        new Fault("chunk plugin fused into the source", Map.of("fail_scaled_at", 2), none, false, List.of(), "plugin 'Scaled'", 2, "paired"),
        new Fault("channel-parallel plugin", Map.of("fail_scaled_at", 2), none, true, List.of(), "plugin 'Scaled'", 2, "paired"),
        new Fault("sequential plugin", Map.of("fail_running_at", 2), none, false, List.of(), "plugin 'Running'", 2, "paired"),
        new Fault("overlap-window plugin", Map.of("fail_clusters_at", 2), none, false, List.of(), "plugin 'Clusters'", 2, "cluster_sums"),
        new Fault("loop plugin", Map.of("fail_cluster_sums_at", 2), none, false, List.of(), "plugin 'ClusterSums'", 2, "cluster_sums"),
        new Fault("multi-output plugin", Map.of("fail_even_at", 2), none, false, List.of(), "plugin 'EvenOdd'", 2, "odd"),
        new Fault("multi-input plugin", Map.of("fail_paired_at", 2), none, false, List.of(), "plugin 'Paired'", 2, "paired"),
        new Fault("saver inside a fused stage", Map.of(), s -> s.failingWrite("scaled", 2), false, List.of(), "saver of 'scaled'", 2, "paired"),
        new Fault("saver of a sequential plugin", Map.of(), s -> s.failingWrite("running", 2), false, List.of(), "saver of 'running'", 2, "paired"),
        new Fault("rechunking saver", Map.of(), s -> s.rechunking().failingWrite("clusters", 2), false, List.of(), "saver of 'clusters'", 2, "cluster_sums"),
        new Fault("saver commit", Map.of(), s -> s.failingCommit("paired"), false, List.of(), "saver of 'paired'", -1, "paired"),
        new Fault("loader", Map.of(), s -> s.failingRead("scaled", 2), false, List.of("scaled"), "loader of 'scaled'", 2, "paired"));
  }

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (Fault f : faults()) {
      out.add(Arguments.of(f, new SingleThreadProcessor()));
      out.add(Arguments.of(f, new ThreadedProcessor(2)));
    }
    return out.stream();
  }

  private static Context context(Fault f, Processor processor, TestStorage storage) {
    List<Plugin> plugins = new ArrayList<>(ToyPlugins.all());
    plugins.set(1, new ToyPlugins.Scaled(f.channelParallel()));
    Map<String, Object> options = new LinkedHashMap<>(f.options());
    options.put("toy_chunks", 6);
    Context ctx = Context.of(plugins).withOptions(options).withStorage(storage);
    if (!f.preStore().isEmpty()) {
      ctx.withSavePolicy(SavePolicy.listed(f.preStore())).make(RUN, f.preStore());
    }
    return ctx.withSavePolicy(SavePolicy.allComputed()).withProcessor(processor);
  }

  @ParameterizedTest(name = "{1}: {0}")
  @MethodSource("cases")
  void run_failureAtStage_surfacesOnceWithRunStageAndChunk_andLeavesNothingBehind(Fault f, Processor processor) {
    TestStorage storage = new TestStorage();
    Context ctx = context(f, processor, storage);
    f.storage().apply(storage);

    ProcessingException e = assertThrows(ProcessingException.class, () -> ctx.make(RUN, TARGETS));

    assertFailure(f, e);
    assertNothingLeft(f, storage);
  }

  @ParameterizedTest(name = "{1}: {0}")
  @MethodSource("cases")
  void stream_failureAtStage_isThrownByHasNext_andLeavesNothingBehind(Fault f, Processor processor) {
    TestStorage storage = new TestStorage();
    Context ctx = context(f, processor, storage);
    f.storage().apply(storage);

    ChunkStream s = ctx.stream(RUN, f.streamed());
    ProcessingException e = assertThrows(ProcessingException.class, () -> {
      while (s.hasNext()) {
        s.next();
      }
    });
    assertFailure(f, e);
    assertNothingLeft(f, storage);
    ProcessingException again = assertThrows(ProcessingException.class, s::hasNext);
    assertTrue(again == e, "a later call throws the same failure, not a new one: " + again);
    s.close();
    assertFalse(s.report().completed());
  }

  /** A consumer that throws while reading, then closes the stream, stops the run and publishes nothing partial. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("processors")
  void stream_consumerFails_closeStopsEverything(Processor processor) {
    TestStorage storage = new TestStorage();
    Context ctx = Context.of(ToyPlugins.all()).withOptions(Map.of("toy_chunks", 30)).withStorage(storage)
        .withSavePolicy(SavePolicy.allComputed()).withProcessor(processor);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> {
      try (ChunkStream s = ctx.stream(RUN, "paired")) {
        int n = 0;
        while (s.hasNext()) {
          s.next();
          if (++n == 3) {
            throw new IllegalStateException("consumer gave up at chunk 2");
          }
        }
      }
    });
    assertEquals("consumer gave up at chunk 2", e.getMessage());
    assertEquals(List.of(), Workers.alive());
    assertEquals(0, storage.writesInProgress());
    assertEquals(java.util.Set.of(), storage.unfinishedWriters(), "every writer is aborted");
    assertEquals(List.of(), storage.keys(), "a run stopped early publishes nothing");
  }

  static Stream<Processor> processors() {
    return Stream.of(new SingleThreadProcessor(), new ThreadedProcessor(2));
  }

  /**
   * A failure surfaces promptly even while the driver waits for a task that would take ten
   * minutes: the failing task wakes it, and the slow tasks are interrupted.
   */
  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void threaded_failureWhileWaitingForASlowTask_doesNotWaitForIt() {
    Context ctx = Context.of(ToyPlugins.all()).withOptions(Map.of("toy_chunks", 6, "delay_pulses_ms", 600_000,
        "fail_pulses_at", 3)).withProcessor(new ThreadedProcessor(4, 4, null));
    ProcessingException e = assertThrows(ProcessingException.class, () -> ctx.make(RUN, List.of("paired")));
    assertEquals("source 'ToySource'", e.stage());
    assertEquals(3, e.chunkIndex());
    assertEquals(List.of(), Workers.alive());
  }

  private static void assertFailure(Fault f, ProcessingException e) {
    assertEquals(RUN, e.runId(), e.toString());
    assertEquals(f.stage(), e.stage(), e.toString());
    assertEquals(f.chunk(), e.chunkIndex(), e.toString());
    assertTrue(e.getMessage().startsWith("run " + RUN + ", " + f.stage()), e.getMessage());
    Throwable cause = e.getCause();
    assertTrue(cause != null && String.valueOf(cause.getMessage()).contains("injected"), "original cause kept: " + e);
    assertEquals(0, e.getSuppressed().length, "one failure, not several");
  }

  /** No thread or write left running; every published key holds complete, correct data; the failed one is not published. */
  private static void assertNothingLeft(Fault f, TestStorage storage) {
    assertEquals(List.of(), Workers.alive());
    assertEquals(0, storage.writesInProgress());
    assertEquals(java.util.Set.of(), storage.unfinishedWriters(), "every writer is committed or aborted");
    InMemoryStorage reference = new InMemoryStorage();
    Context ok = Context.of(ToyPlugins.all()).withOptions(Map.of("toy_chunks", 6)).withStorage(reference)
        .withSavePolicy(SavePolicy.allComputed());
    ok.make(RUN, TARGETS);
    for (DataKey k : storage.keys()) {
      if (f.preStore().contains(k.type())) {
        continue;
      }
      StoredData want = reference.find(k).orElseThrow(() -> new AssertionError("unexpected key published: " + k));
      StoredData got = storage.find(k).orElseThrow();
      assertEquals(want.chunkCount(), got.chunkCount(), "published " + k + " is complete");
      List<Chunk> a = new ArrayList<>();
      List<Chunk> b = new ArrayList<>();
      for (int i = 0; i < want.chunkCount(); i++) {
        a.add(want.read(i));
        b.add(storage.find(k).orElseThrow().chunks().isEmpty() ? null : got.read(i));
      }
      ProcessorEquivalenceTest.assertSameChunks(a, b, "published " + k);
    }
    String failedType = f.stage().startsWith("saver of '") ? f.stage().substring(10, f.stage().length() - 1) : null;
    for (DataKey k : storage.keys()) {
      assertFalse(k.type().equals(failedType), "the failed saver's type is not published: " + k);
    }
  }
}
