package org.strand.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.strand.core.Chunk;
import org.strand.core.ProcessingException;
import org.strand.core.Schema;
import org.strand.core.StorageException;
import org.strand.plugin.Lineage;
import org.strand.storage.DataKey;
import org.strand.storage.DataWriter;
import org.strand.storage.InMemoryStorage;
import org.strand.storage.Storage;
import org.strand.storage.StoredData;
import org.strand.testing.ToyPlugins;

/** A failure injected in each kind of stage surfaces once, with run, stage, chunk and cause. */
class SingleThreadFailureTest {
  @ParameterizedTest(name = "{0} fails at chunk {1}")
  @CsvSource({
      "pulses, 2, source 'ToySource', paired",
      "scaled, 3, plugin 'Scaled', paired",
      "running, 1, plugin 'Running', paired",
      "paired, 4, plugin 'Paired', paired",
      "clusters, 2, plugin 'Clusters', cluster_sums",
      "cluster_sums, 3, plugin 'ClusterSums', cluster_sums",
      "even, 0, plugin 'EvenOdd', odd",
  })
  void injectedFailure_surfacesWithRunStageChunkAndCause(String type, int chunk, String stage, String target) {
    Context ctx = Context.of(ToyPlugins.all()).withOption("fail_" + type + "_at", chunk)
        .withStorage(new InMemoryStorage()).withSavePolicy(SavePolicy.allComputed());
    ProcessingException e = assertThrows(ProcessingException.class, () -> ctx.make("000007", List.of(target)));
    assertEquals("000007", e.runId());
    assertEquals(stage, e.stage());
    assertEquals(chunk, e.chunkIndex());
    assertInstanceOf(IllegalStateException.class, e.getCause(), "the original exception, not a wrapper");
    assertThat(e.getMessage()).contains("run 000007", stage, "chunk " + chunk, "injected failure in " + type);
  }

  @Test
  void failure_abortsEveryWriter_nothingIsPublished() {
    InMemoryStorage storage = new InMemoryStorage();
    Context ctx = Context.of(ToyPlugins.all()).withOption("fail_paired_at", 4)
        .withStorage(storage).withSavePolicy(SavePolicy.allComputed());
    assertThrows(ProcessingException.class, () -> ctx.make("000001", List.of("paired")));
    assertTrue(storage.keys().isEmpty(), "published: " + storage.keys());
  }

  @Test
  void saverFailure_surfacesAsSaverOfType() {
    Storage failing = new ForwardingStorage(new InMemoryStorage()) {
      @Override
      public DataWriter writer(DataKey key, Schema schema, Lineage lineage) {
        DataWriter inner = super.writer(key, schema, lineage);
        return new DataWriter() {
          @Override
          public void write(int index, Chunk chunk) {
            if (index == 2) {
              throw new StorageException("disk full at /data/" + key);
            }
            inner.write(index, chunk);
          }

          @Override
          public void commit() {
            inner.commit();
          }

          @Override
          public void abort() {
            inner.abort();
          }
        };
      }
    };
    Context ctx = Context.of(ToyPlugins.all()).withStorage(failing);
    ProcessingException e = assertThrows(ProcessingException.class, () -> ctx.make("000001", List.of("scaled")));
    assertEquals("saver of 'scaled'", e.stage());
    assertEquals(2, e.chunkIndex());
    assertThat(e.getMessage()).contains("disk full");
  }

  @Test
  void loaderFailure_surfacesAsLoaderOfType() {
    InMemoryStorage backing = new InMemoryStorage();
    Context ctx = Context.of(ToyPlugins.all()).withStorage(backing);
    ctx.make("000001", List.of("scaled"));
    Storage corrupt = new ForwardingStorage(backing) {
      @Override
      public Optional<StoredData> find(DataKey key) {
        return super.find(key).map(d -> new StoredData() {
          @Override
          public DataKey key() {
            return d.key();
          }

          @Override
          public Schema schema() {
            return d.schema();
          }

          @Override
          public List<org.strand.storage.ChunkInfo> chunks() {
            return d.chunks();
          }

          @Override
          public Chunk read(int index) {
            if (index == 1) {
              throw new StorageException("bad checksum in /data/chunk-000001");
            }
            return d.read(index);
          }

          @Override
          public String location() {
            return d.location();
          }
        });
      }
    };
    ProcessingException e = assertThrows(ProcessingException.class,
        () -> ctx.withStorage(corrupt).make("000001", List.of("running")));
    assertEquals("loader of 'scaled'", e.stage());
    assertEquals(1, e.chunkIndex());
    assertThat(e.getMessage()).contains("bad checksum");
  }

  @Test
  void stream_afterFailure_keepsThrowingTheSameException() {
    Context ctx = Context.of(ToyPlugins.all()).withOption("fail_scaled_at", 1);
    try (var s = ctx.stream("000001", "scaled")) {
      s.next();
      ProcessingException first = assertThrows(ProcessingException.class, s::hasNext);
      ProcessingException again = assertThrows(ProcessingException.class, s::hasNext);
      assertTrue(first == again, "surfaces as one exception");
      assertTrue(!s.report().completed());
    }
  }

  @Test
  void timeout_endsASlowRun_namingTheStage() {
    Context ctx = Context.of(ToyPlugins.all()).withOptions(java.util.Map.of("delay_scaled_ms", 50, "toy_chunks", 100))
        .withProcessor(new org.strand.processing.SingleThreadProcessor(java.time.Duration.ofMillis(300)));
    long t0 = System.nanoTime();
    ProcessingException e = assertThrows(ProcessingException.class, () -> ctx.make("000001", List.of("running")));
    assertThat(e.getMessage()).contains("run 000001", "timed out after 300 ms");
    assertTrue((System.nanoTime() - t0) / 1e9 < 5, "stops soon after the deadline");
  }

  @Test
  void stream_closedEarly_publishesNothing() {
    InMemoryStorage storage = new InMemoryStorage();
    Context ctx = Context.of(ToyPlugins.all()).withStorage(storage);
    try (var s = ctx.stream("000001", "scaled")) {
      s.next();
    }
    assertTrue(storage.keys().isEmpty());
  }

  /** Delegates everything; tests override what they break. */
  static class ForwardingStorage implements Storage {
    private final Storage inner;

    ForwardingStorage(Storage inner) {
      this.inner = inner;
    }

    @Override
    public Optional<StoredData> find(DataKey key) {
      return inner.find(key);
    }

    @Override
    public DataWriter writer(DataKey key, Schema schema, Lineage lineage) {
      return inner.writer(key, schema, lineage);
    }

    @Override
    public String describe() {
      return inner.describe();
    }
  }
}
