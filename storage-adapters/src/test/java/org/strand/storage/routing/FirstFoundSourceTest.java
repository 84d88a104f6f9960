package org.strand.storage.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strand.context.Context;
import org.strand.context.SavePolicy;
import org.strand.core.Chunk;
import org.strand.core.ConfigurationException;
import org.strand.core.StorageException;
import org.strand.core.Table;
import org.strand.plugin.OptionValues;
import org.strand.plugin.SourcePlugin;
import org.strand.plugin.SourceRun;
import org.strand.storage.chunkstore.ChunkStore;
import org.strand.storage.chunkstore.ChunkStoreOptions;
import org.strand.storage.chunkstore.ChunkStoreSource;
import org.strand.storage.strax.StraxSource;
import org.strand.storage.testing.SharedData;
import org.strand.testing.ToyPlugins;

/**
 * Several sources of one type read as one: each run from the first source holding it (of the
 * chosen lineage, if any), copies in later sources never read, and a run held by none refused
 * with every source's reason.
 *
 * <p>Two chunk stores of the toy chain's pulses: {@code first} holds runs 000001 and 000002 made
 * with seed 1, {@code second} holds 000001 made with seed 2 (other values, another lineage) and
 * 000003. Which copy of 000001 was read shows in its lineage and its values.
 */
class FirstFoundSourceTest {
  @TempDir Path tmp;

  private final Context original = Context.of(ToyPlugins.all());
  private final Context seed2 = original.withOptions(Map.of(ToyPlugins.SEED.name(), 2L));
  private ChunkStore first;
  private ChunkStore second;

  @BeforeEach
  void twoStores() {
    first = store("first");
    second = store("second");
    for (String run : List.of("000001", "000002")) {
      save(original, first, run);
    }
    for (String run : List.of("000001", "000003")) {
      save(seed2, second, run);
    }
  }

  private ChunkStore store(String name) {
    return ChunkStore.open(new org.apache.hadoop.fs.Path(tmp.resolve(name).toUri()), new Configuration(), ChunkStoreOptions.defaults());
  }

  private static void save(Context ctx, ChunkStore store, String run) {
    ctx.withStorage(store).withSavePolicy(SavePolicy.listed(List.of("pulses"))).make(run, List.of("pulses"));
  }

  private static ChunkStoreSource pulses(ChunkStore store, String lineage) {
    return ChunkStoreSource.of(store, "pulses", ToyPlugins.PULSES, lineage);
  }

  @Test
  void runInBothSources_isReadFromTheFirst_runsInOneFromThatOne() {
    FirstFoundSource both = FirstFoundSource.of(List.of(pulses(first, null), pulses(second, null)));
    Context ctx = original.withPlugins(both);

    assertEquals(original.lineage("000001", "scaled"), ctx.lineage("000001", "scaled"), "000001's lineage is that of the first copy");
    assertNotEquals(seed2.lineage("000001", "scaled"), ctx.lineage("000001", "scaled"));
    assertContentEquals(original.get("000001", "scaled").table(), ctx.get("000001", "scaled").table());
    assertContentEquals(original.get("000002", "scaled").table(), ctx.get("000002", "scaled").table());
    assertEquals(seed2.lineage("000003", "scaled"), ctx.lineage("000003", "scaled"), "000003 is only in the second source");
    assertContentEquals(seed2.get("000003", "scaled").table(), ctx.get("000003", "scaled").table());

    assertSame(both.sources().get(0), both.sourceFor("000001").orElseThrow());
    assertSame(both.sources().get(1), both.sourceFor("000003").orElseThrow());
    assertTrue(both.sourceFor("000004").isEmpty());
  }

  @Test
  void order_decidesWhichCopyIsRead() {
    Context ctx = original.withPlugins(FirstFoundSource.of(List.of(pulses(second, null), pulses(first, null))));
    assertEquals(seed2.lineage("000001", "scaled"), ctx.lineage("000001", "scaled"));
    assertContentEquals(seed2.get("000001", "scaled").table(), ctx.get("000001", "scaled").table());
  }

  @Test
  void chosenLineage_aSourceWithoutItDoesNotHoldTheRun() {
    String hash = seed2.lineage("000001", "pulses").hash();
    FirstFoundSource chosen = FirstFoundSource.of(List.of(pulses(first, hash), pulses(second, hash)));
    assertSame(chosen.sources().get(1), chosen.sourceFor("000001").orElseThrow(), "the first store has 000001 under another lineage only");
    Context ctx = original.withPlugins(chosen);
    assertEquals(seed2.lineage("000001", "scaled"), ctx.lineage("000001", "scaled"));
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> ctx.plan("000002", List.of("scaled")));
    assertThat(e.getMessage()).contains("run 000002 is in none of the 2 sources of 'pulses'", "with lineage " + hash,
        first.root().toString(), second.root().toString());
  }

  @Test
  void runInNoSource_isRefusedWithEachSourcesReason() {
    Context ctx = original.withPlugins(FirstFoundSource.of(List.of(pulses(first, null), pulses(second, null))));
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> ctx.plan("000009", List.of("scaled")));
    assertThat(e.getMessage()).contains("run 000009 is in none of the 2 sources of 'pulses'",
        "run 000009 has no 'pulses' in chunk store " + first.root(), "run 000009 has no 'pulses' in chunk store " + second.root());
  }

  @Test
  void incompleteKey_isNotHeld_soTheNextSourceIsRead() throws IOException {
    save(original, first, "000003");
    Path key = tmp.resolve("first").resolve("000003-pulses-" + original.lineage("000003", "pulses").hash());
    Files.delete(key.resolve("metadata.json"));
    FirstFoundSource both = FirstFoundSource.of(List.of(pulses(first, null), pulses(second, null)));
    assertSame(both.sources().get(1), both.sourceFor("000003").orElseThrow());
    assertEquals(seed2.lineage("000003", "scaled"), original.withPlugins(both).lineage("000003", "scaled"));
  }

  @Test
  void runListedInALaterSource_isReadFromIt_withoutAskingTheOnesBefore() throws IOException {
    String hash = seed2.lineage("000003", "pulses").hash();
    FirstFoundSource listed = FirstFoundSource.of(List.of(pulses(first, null), pulses(second, null).listed(Map.of("000003", hash))));
    // The first store can no longer be listed: a run listed in the second is read all the same.
    Path firstRoot = tmp.resolve("first");
    try (var files = Files.walk(firstRoot)) {
      for (Path p : (Iterable<Path>) files.sorted(java.util.Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
    Files.writeString(firstRoot, "not a directory");

    assertSame(listed.sources().get(1), listed.sourceFor("000003").orElseThrow());
    Context ctx = original.withPlugins(listed);
    assertEquals(seed2.lineage("000003", "scaled"), ctx.lineage("000003", "scaled"));
    assertContentEquals(seed2.get("000003", "scaled").table(), ctx.get("000003", "scaled").table());
    StorageException e = assertThrows(StorageException.class, () -> listed.sourceFor("000002"), "a run not listed asks the first store");
    assertThat(e.getMessage()).contains("cannot list");
  }

  @Test
  void straxDirectoryAndChunkStore_mix() {
    Path strax = SharedData.reference("strax-small/strax_data");
    StraxSource straxSource = StraxSource.builder(new org.apache.hadoop.fs.Path(strax.toUri()), new Configuration()).build();
    ChunkStore raw = store("raw");
    Context fromStrax = Context.of(straxSource);
    fromStrax.withStorage(raw).withSavePolicy(SavePolicy.listed(List.of("raw_records"))).make("000001", List.of("raw_records"));
    ChunkStoreSource storeSource = ChunkStoreSource.of(raw, "raw_records", straxSource.schema("raw_records"));

    for (List<SourcePlugin> order : List.of(List.<SourcePlugin>of(storeSource, straxSource), List.<SourcePlugin>of(straxSource, storeSource))) {
      FirstFoundSource mixed = FirstFoundSource.of(order);
      assertSame(order.get(0), mixed.sourceFor("000001").orElseThrow());
      try (SourceRun run = mixed.open("000001", OptionValues.defaults(mixed.name(), mixed.options()))) {
        assertEquals("aefc63wawj", run.externalLineage().orElseThrow().hash(), "strax's hash, kept by the chunk store");
        assertContentEquals(fromStrax.get("000001", "raw_records").table(), Chunk.concatenate(chunks(run)).data());
      }
    }
  }

  @Test
  void sourcesOfOtherTypes_orWithoutRunLookup_areRefused() {
    ChunkStoreSource scaled = ChunkStoreSource.of(first, "scaled", ToyPlugins.PULSES);
    IllegalArgumentException type = assertThrows(IllegalArgumentException.class,
        () -> FirstFoundSource.of(List.of(pulses(first, null), scaled)));
    assertThat(type.getMessage()).contains("provides 'scaled' but the first source provides 'pulses'");
    IllegalArgumentException lookup = assertThrows(IllegalArgumentException.class,
        () -> FirstFoundSource.of(List.of(pulses(first, null), new ToyPlugins.Source())));
    assertThat(lookup.getMessage()).contains("cannot tell which runs it holds");
    assertThrows(IllegalArgumentException.class, () -> FirstFoundSource.of(List.of()));
  }

  private static List<Chunk> chunks(SourceRun run) {
    List<Chunk> out = new java.util.ArrayList<>();
    for (int i = 0; i < run.chunkCount(); i++) {
      out.add(run.chunk(i));
    }
    return out;
  }

  private static void assertContentEquals(Table expected, Table actual) {
    assertTrue(expected.contentEquals(actual), "differs at row " + expected.firstDifference(actual));
  }
}
