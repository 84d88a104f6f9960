package org.strand.processing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.strand.context.Context;
import org.strand.context.SavePolicy;
import org.strand.core.ProcessingException;
import org.strand.testing.CountingSource;
import org.strand.testing.TestStorage;
import org.strand.testing.ToyPlugins;

/**
 * The threaded processor's bounds and exits: memory bounded by the window per stage whatever the
 * run's length, backpressure from slow consumers and savers, early close, timeout, interruption.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ThreadedLifecycleTest {
  private static final String RUN = "000021";

  @Test
  void slowConsumer_tenThousandChunks_neverMoreThanMaxInFlightPerStage() {
    int k = 3;
    Context ctx = Context.of(ToyPlugins.all())
        .withOptions(Map.of("toy_chunks", 10_000, "toy_rows", 4, "toy_chunk_ns", 10_000))
        .withProcessor(new ThreadedProcessor(2, k, null));
    long chunks = 0;
    RunReport report;
    try (ChunkStream s = ctx.stream(RUN, "paired")) {
      while (s.hasNext()) {
        s.next();
        chunks++;
        LockSupport.parkNanos(100_000);
      }
      report = s.report();
    }
    assertEquals(10_000, chunks);
    assertTrue(report.completed());
    assertEquals("threaded", report.processor());
    assertEquals(2, report.threads());
    for (StageReport st : report.stages()) {
      assertTrue(st.peakInFlight() <= k, st.stage() + " had " + st.peakInFlight() + " chunks in flight, more than " + k);
      assertEquals(10_000, st.chunks(), st.stage());
    }
    assertEquals(k, report.stage("source 'ToySource'").peakInFlight(), "the source's window filled up");
    assertEquals(k, report.stage("plugin 'Running'").peakInFlight(), "the sequential stage ran ahead of its reader");
    assertTrue(report.stage("plugin 'Paired'").blockedNanos() > 0, "the stage feeding the slow consumer waited for it");
  }

  @Test
  void slowSaver_slowsProducers_andWritesInParallelWithinTheWindow() {
    int k = 4;
    TestStorage storage = new TestStorage().slowWrites(3);
    Context ctx = Context.of(ToyPlugins.all()).withOptions(Map.of("toy_chunks", 120, "toy_rows", 10))
        .withStorage(storage).withSavePolicy(SavePolicy.listed(List.of("scaled")))
        .withProcessor(new ThreadedProcessor(4, k, null));
    RunReport report = ctx.make(RUN, List.of("scaled"));
    assertTrue(report.completed());
    assertEquals(1, storage.keys().size());
    assertTrue(storage.maxWritesInProgress() > 1, "fused savers write chunks in parallel");
    assertTrue(storage.maxWritesInProgress() <= k, "at most " + k + " writes at once, saw " + storage.maxWritesInProgress());
    for (StageReport st : report.stages()) {
      assertTrue(st.peakInFlight() <= k, st.stage() + ": " + st.peakInFlight());
    }
    assertEquals(120, report.stage("saver of 'scaled'").chunks());
  }

  @Test
  void rechunkingSaver_getsChunksInOrderOneAtATime() {
    TestStorage storage = new TestStorage().rechunking().slowWrites(1);
    Context ctx = Context.of(ToyPlugins.all()).withOptions(Map.of("toy_chunks", 40)).withStorage(storage)
        .withSavePolicy(SavePolicy.allComputed()).withProcessor(new ThreadedProcessor(4));
    RunReport report = ctx.make(RUN, List.of("paired", "cluster_sums", "even"));
    assertTrue(report.completed());
    assertEquals(7, storage.keys().size(), "every computed type saved: " + storage.keys());
  }

  @Test
  void earlyClose_stopsTheWork_andPublishesNothing() throws InterruptedException {
    CountingSource source = new CountingSource();
    TestStorage storage = new TestStorage();
    Context ctx = Context.of(ToyPlugins.all()).withPlugins(source).withOptions(Map.of("toy_chunks", 1000))
        .withStorage(storage).withSavePolicy(SavePolicy.allComputed()).withProcessor(new ThreadedProcessor(2, 4, null));
    RunReport report;
    try (ChunkStream s = ctx.stream(RUN, "paired")) {
      for (int i = 0; i < 5; i++) {
        assertTrue(s.hasNext());
        s.next();
      }
      s.close();
      report = s.report();
      assertFalse(s.hasNext(), "a closed stream has no more chunks");
    }
    int produced = source.produced();
    // Ahead of the consumer: at most one window each for Paired, Running and the source's stage.
    assertTrue(produced <= 5 + 3 * 4, "work ahead of the consumer is bounded by the windows, produced " + produced);
    assertEquals(List.of(), Workers.alive());
    Thread.sleep(100);
    assertEquals(produced, source.produced(), "nothing is produced after close");
    assertFalse(report.completed());
    assertEquals(List.of(), storage.keys());
    assertEquals(Set.of(), storage.unfinishedWriters());
  }

  @Test
  void timeout_stuckPluginInsideAFusedStage_failsNamingWhatItWaitedFor() {
    Context ctx = Context.of(ToyPlugins.all()).withOptions(Map.of("delay_scaled_ms", 600_000))
        .withProcessor(new ThreadedProcessor(2, 0, Duration.ofMillis(300)));
    long t0 = System.nanoTime();
    ProcessingException e = assertThrows(ProcessingException.class, () -> ctx.make(RUN, List.of("scaled")));
    assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(30), "the timeout ended the run");
    assertEquals(RUN, e.runId());
    assertEquals("plugin 'Scaled'", e.stage(), e.getMessage());
    assertEquals(0, e.chunkIndex());
    assertTrue(e.getMessage().contains("timed out") && e.getMessage().contains("300 ms")
        && e.getMessage().contains("chunk 0 of source 'ToySource'") && e.getMessage().contains("busy in plugin 'Scaled'"),
        e.getMessage());
    assertEquals(List.of(), Workers.alive());
  }

  @Test
  void timeout_stuckSequentialStage_failsNamingIt() {
    Context ctx = Context.of(ToyPlugins.all()).withOptions(Map.of("delay_running_ms", 600_000))
        .withProcessor(new ThreadedProcessor(2, 0, Duration.ofMillis(300)));
    ProcessingException e = assertThrows(ProcessingException.class, () -> ProcessorEquivalenceTest.drain(ctx.stream(RUN, "running")));
    assertEquals("plugin 'Running'", e.stage(), e.getMessage());
    assertEquals(0, e.chunkIndex());
    assertTrue(e.getMessage().contains("timed out"), e.getMessage());
    assertEquals(List.of(), Workers.alive());
  }

  @Test
  void interruptedDriver_failsTheRun_keepsTheInterrupt_andStopsTheWorkers() throws InterruptedException {
    Context ctx = Context.of(ToyPlugins.all()).withOptions(Map.of("delay_running_ms", 600_000))
        .withProcessor(new ThreadedProcessor(2));
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    AtomicReference<Boolean> stillInterrupted = new AtomicReference<>();
    Thread driver = new Thread(() -> {
      try {
        ctx.make(RUN, List.of("running"));
      } catch (Throwable t) {
        thrown.set(t);
        stillInterrupted.set(Thread.currentThread().isInterrupted());
      }
    });
    driver.start();
    while (Workers.alive().isEmpty() && driver.isAlive()) {
      Thread.sleep(10);
    }
    Thread.sleep(100);
    driver.interrupt();
    driver.join(TimeUnit.SECONDS.toMillis(60));
    assertFalse(driver.isAlive());
    ProcessingException e = assertInstanceOf(ProcessingException.class, thrown.get());
    assertInstanceOf(InterruptedException.class, e.getCause());
    assertTrue(e.getMessage().contains("interrupted while waiting for chunk 0 of plugin 'Running'"), e.getMessage());
    assertEquals(Boolean.TRUE, stillInterrupted.get(), "the interrupt status is restored");
    assertEquals(List.of(), Workers.alive());
  }

  @Test
  void report_namesProcessorThreadsAndCompletion() {
    RunReport r = Context.of(ToyPlugins.all()).withProcessor(new ThreadedProcessor(3)).make(RUN, List.of("paired"));
    assertEquals("threaded", r.processor());
    assertEquals(3, r.threads());
    assertTrue(r.completed());
    assertNotNull(r.stage("plugin 'Scaled'"));
    assertTrue(r.toJson().contains("\"blocked_seconds\""));
  }
}
