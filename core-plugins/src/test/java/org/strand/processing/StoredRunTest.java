package org.strand.processing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.strand.context.Context;
import org.strand.context.SavePolicy;
import org.strand.core.Chunk;
import org.strand.storage.InMemoryStorage;
import org.strand.testing.ToyPlugins;

/** Runs that only load stored data, and runs with no chunks at all, give the same on both processors. */
class StoredRunTest {
  private static final String RUN = "000077";

  @Test
  void onlyLoadedData_threadedReadsItInOrder() {
    InMemoryStorage storage = new InMemoryStorage();
    Context ctx = Context.of(ToyPlugins.all()).withOptions(Map.of("toy_chunks", 25)).withStorage(storage);
    ctx.withSavePolicy(SavePolicy.listed(List.of("running", "clusters"))).make(RUN, List.of("running", "clusters"));
    Context threaded = ctx.withProcessor(new ThreadedProcessor(4, 3, null));
    try (RunPlan plan = threaded.plan(RUN, List.of("running"))) {
      assertEquals(RunPlan.Action.LOAD, plan.producer("running").action(), "nothing left to compute");
    }
    for (String type : List.of("running", "clusters")) {
      List<Chunk> single = ProcessorEquivalenceTest.drain(ctx.stream(RUN, type));
      List<Chunk> many = ProcessorEquivalenceTest.drain(threaded.stream(RUN, type));
      ProcessorEquivalenceTest.assertSameChunks(single, many, "loaded " + type);
    }
    RunReport r = threaded.make(RUN, List.of("running", "clusters"));
    assertTrue(r.completed());
    assertEquals(25, r.stage("loader of 'running'").chunks());
    assertTrue(r.stage("loader of 'running'").peakInFlight() <= 3);
  }

  @Test
  void runWithoutChunks_endsAtOnceOnBothProcessors() {
    for (Processor p : List.of(new SingleThreadProcessor(), new ThreadedProcessor(2))) {
      Context ctx = Context.of(ToyPlugins.all()).withOptions(Map.of("toy_chunks", 0)).withStorage(new InMemoryStorage())
          .withSavePolicy(SavePolicy.allComputed());
      RunReport r = ctx.withProcessor(p).make(RUN, List.of("paired", "cluster_sums", "odd"));
      assertTrue(r.completed(), p.name());
      assertEquals(0, r.stage("source 'ToySource'").chunks(), p.name());
      assertEquals(List.of(), ProcessorEquivalenceTest.drain(ctx.withProcessor(p).stream(RUN, "paired")), p.name());
    }
    assertEquals(List.of(), Workers.alive());
  }
}
