package org.strand.storage.chunkstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strand.context.Context;
import org.strand.context.SavePolicy;
import org.strand.core.ConfigurationException;
import org.strand.core.Table;
import org.strand.storage.StoredData;
import org.strand.testing.ToyPlugins;

/** A chunk store as the input of a new processing: listing its runs and reading a type back. */
class ChunkStoreSourceTest {
  @TempDir Path tmp;

  private final Context original = Context.of(ToyPlugins.all());
  private final Context seed2 = original.withOptions(Map.of(ToyPlugins.SEED.name(), 2L));

  /** A store holding run 000010's pulses twice: made by {@link #original} and by {@link #seed2}. */
  private ChunkStore storeWithTwoLineagesOfRun10() {
    ChunkStore store = ChunkStore.open(new org.apache.hadoop.fs.Path(tmp.toUri()), new Configuration(), ChunkStoreOptions.defaults());
    for (Context c : List.of(original, seed2)) {
      c.withStorage(store).withSavePolicy(SavePolicy.listed(List.of("pulses"))).make("000010", List.of("pulses"));
    }
    return store;
  }

  @Test
  void storedSourceData_isReprocessed_withTheSameValuesAndLineages() {
    ChunkStore store = ChunkStore.open(new org.apache.hadoop.fs.Path(tmp.toUri()), new Configuration(), ChunkStoreOptions.defaults());
    for (String run : List.of("000010", "000002")) {
      original.withStorage(store).withSavePolicy(SavePolicy.listed(List.of("pulses"))).make(run, List.of("pulses"));
    }

    List<StoredData> listed = store.list("pulses");
    assertEquals(List.of("000002", "000010"), listed.stream().map(d -> d.key().runId()).toList(), "runs, leading zeros kept");
    assertTrue(listed.get(0).totalBytes() > 0);
    assertTrue(store.list("scaled").isEmpty());

    Context fromStore = original.withPlugins(ChunkStoreSource.of(store, "pulses"));
    for (String type : List.of("scaled", "running")) {
      assertEquals(original.lineage("000010", type), fromStore.lineage("000010", type),
          type + " keeps its lineage when its input comes from the store");
      Table expected = original.get("000010", type).table();
      Table actual = fromStore.get("000010", type).table();
      assertTrue(expected.contentEquals(actual), type + " differs at row " + expected.firstDifference(actual));
    }
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> fromStore.plan("000003", List.of("scaled")));
    assertTrue(e.getMessage().contains("run 000003 has no 'pulses'"), e.getMessage());
  }

  @Test
  void runWithTwoLineages_isRefusedUnlessOneIsChosen_thenReadsThatOne() {
    ChunkStore store = storeWithTwoLineagesOfRun10();
    String first = original.lineage("000010", "pulses").hash();
    String second = seed2.lineage("000010", "pulses").hash();
    assertTrue(!first.equals(second), "two lineages stored");

    Context none = original.withPlugins(ChunkStoreSource.of(store, "pulses"));
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> none.plan("000010", List.of("scaled")));
    assertTrue(e.getMessage().contains("has 2 lineages of 'pulses' in chunk store") && e.getMessage().contains("keep only one or choose one by its hash"),
        e.getMessage());

    for (Context c : List.of(original, seed2)) {
      String hash = c.lineage("000010", "pulses").hash();
      Context chosen = original.withPlugins(ChunkStoreSource.of(store, "pulses", store.list("pulses").get(0).schema(), hash));
      assertEquals(c.lineage("000010", "scaled"), chosen.lineage("000010", "scaled"), "scaled is computed from the chosen lineage");
      Table expected = c.get("000010", "scaled").table();
      Table actual = chosen.get("000010", "scaled").table();
      assertTrue(expected.contentEquals(actual), "scaled differs at row " + expected.firstDifference(actual));
    }

    Context unknown = original.withPlugins(ChunkStoreSource.of(store, "pulses", store.list("pulses").get(0).schema(), "nosuch1"));
    ConfigurationException u = assertThrows(ConfigurationException.class, () -> unknown.plan("000010", List.of("scaled")));
    assertTrue(u.getMessage().contains("run 000010 has no 'pulses' with lineage nosuch1") && u.getMessage().contains(first)
        && u.getMessage().contains(second), u.getMessage());
  }

  @Test
  void listedLineage_isFoundByName_andAKeyGoneSinceIsListedAgain() throws java.io.IOException {
    ChunkStore store = storeWithTwoLineagesOfRun10();
    String second = seed2.lineage("000010", "pulses").hash();
    ChunkStoreSource plain = ChunkStoreSource.of(store, "pulses", store.list("pulses").get(0).schema());

    // A listing now finds two lineages and refuses the run; the one listed before is read.
    ChunkStoreSource listed = plain.listed(Map.of("000010", second));
    assertTrue(listed.holds("000010"));
    Context fromListed = original.withPlugins(listed);
    assertEquals(seed2.lineage("000010", "scaled"), fromListed.lineage("000010", "scaled"));
    assertThrows(ConfigurationException.class, () -> original.withPlugins(plain).plan("000010", List.of("scaled")));

    // Its key no longer complete: the store is listed again, and the remaining lineage read.
    java.nio.file.Files.delete(tmp.resolve("000010-pulses-" + second).resolve("metadata.json"));
    assertEquals(original.lineage("000010", "scaled"), original.withPlugins(listed).lineage("000010", "scaled"));

    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> plain.listed(Map.of("000010", "../x")));
    assertTrue(bad.getMessage().contains("'../x' listed for run 000010"), bad.getMessage());
  }
}
