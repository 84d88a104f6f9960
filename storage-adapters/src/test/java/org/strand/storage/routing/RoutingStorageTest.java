package org.strand.storage.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strand.context.Context;
import org.strand.context.SavePolicy;
import org.strand.core.Table;
import org.strand.processing.RunPlan;
import org.strand.storage.chunkstore.ChunkStore;
import org.strand.storage.chunkstore.ChunkStoreOptions;
import org.strand.storage.dataset.DatasetFormat;
import org.strand.storage.dataset.DatasetOptions;
import org.strand.storage.dataset.DatasetStorage;
import org.strand.testing.ToyPlugins;

class RoutingStorageTest {
  @TempDir Path tmp;

  @Test
  void targetsGoToParquet_intermediatesToTheChunkStore_andBothAreReused() {
    DatasetStorage parquet = DatasetStorage.open(new org.apache.hadoop.fs.Path(tmp.resolve("out").toUri()), new Configuration(),
        DatasetOptions.defaults(DatasetFormat.PARQUET));
    ChunkStore chunks = ChunkStore.open(new org.apache.hadoop.fs.Path(tmp.resolve("cache").toUri()), new Configuration(),
        ChunkStoreOptions.defaults());
    RoutingStorage storage = RoutingStorage.builder(parquet).route(chunks, "scaled").build();
    Context ctx = Context.of(ToyPlugins.all()).withStorage(storage).withSavePolicy(SavePolicy.listed(List.of("scaled", "running")));
    ctx.make("000003", List.of("running"));

    assertTrue(Files.isDirectory(tmp.resolve("out/running")), "the target is a Parquet dataset");
    assertTrue(Files.isDirectory(tmp.resolve("cache").resolve("000003-scaled-" + ctx.lineage("000003", "scaled").hash())),
        "the intermediate type is in the chunk store");
    try (RunPlan plan = ctx.plan("000003", List.of("running"))) {
      assertEquals(RunPlan.Action.LOAD, plan.steps().get(0).action());
    }
    Table expected = Context.of(ToyPlugins.all()).get("000003", "running").table();
    assertTrue(expected.contentEquals(ctx.get("000003", "running").table()));
    assertTrue(storage.describe().contains("scaled -> chunk store at"), storage.describe());
  }

  @Test
  void aTypeRoutedTwice_isRefused() {
    DatasetStorage parquet = DatasetStorage.open(new org.apache.hadoop.fs.Path(tmp.toUri()), new Configuration(),
        DatasetOptions.defaults(DatasetFormat.PARQUET));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RoutingStorage.builder(parquet).route(parquet, "hits").route(parquet, "hits"));
    assertTrue(e.getMessage().contains("'hits' is routed twice"), e.getMessage());
  }
}
