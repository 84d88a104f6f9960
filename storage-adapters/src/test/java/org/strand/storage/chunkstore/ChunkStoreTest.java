package org.strand.storage.chunkstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strand.core.Chunk;
import org.strand.core.ConfigurationException;
import org.strand.core.Schema;
import org.strand.core.StorageException;
import org.strand.core.Table;
import org.strand.plugin.Lineage;
import org.strand.storage.ChunkInfo;
import org.strand.storage.DataKey;
import org.strand.storage.DataWriter;
import org.strand.storage.StoredData;
import org.strand.storage.dataset.DatasetFormat;
import org.strand.storage.dataset.DatasetOptions;
import org.strand.storage.dataset.DatasetStorage;
import org.strand.storage.testing.TestData;

class ChunkStoreTest {
  @TempDir Path tmp;

  static final Lineage LINEAGE = TestData.lineage("things", "1");
  static final DataKey KEY = new DataKey("000001", "things", LINEAGE.hash());

  static ChunkStore open(Path dir, ChunkStoreOptions options) {
    return ChunkStore.open(new org.apache.hadoop.fs.Path(dir.toUri()), new Configuration(), options);
  }

  static List<Chunk> allTypes(long seed) {
    return TestData.chunks(TestData.ALL_TYPES, "000001", "things", new int[] {300, 0, 1, 2500, 77}, 1_000_000, seed);
  }

  static void write(ChunkStore store, List<Chunk> chunks) {
    DataWriter w = store.writer(KEY, TestData.ALL_TYPES, LINEAGE);
    for (int i = 0; i < chunks.size(); i++) {
      w.write(i, chunks.get(i));
    }
    w.commit();
  }

  static void assertReadsBack(StoredData stored, List<Chunk> chunks) {
    assertEquals(chunks.size(), stored.chunkCount());
    for (int i = 0; i < chunks.size(); i++) {
      Chunk e = chunks.get(i);
      Chunk a = stored.read(i);
      assertEquals(e.start(), a.start());
      assertEquals(e.end(), a.end());
      assertEquals(e.schema(), a.schema());
      assertTrue(e.data().contentEquals(a.data()), "chunk " + i + " differs at row " + e.data().firstDifference(a.data()));
    }
  }

  private Path keyDir() {
    return tmp.resolve(KEY.toString());
  }

  @Test
  void roundTrip_everyType_bitForBit_withKeyMetadata() throws IOException {
    ChunkStore store = open(tmp, ChunkStoreOptions.defaults());
    List<Chunk> chunks = allTypes(1);
    write(store, chunks);
    assertReadsBack(store.find(KEY).orElseThrow(), chunks);
    JsonNode md = new ObjectMapper().readTree(keyDir().resolve("metadata.json").toFile());
    assertEquals(LINEAGE.toJson(), md.get("lineage").asText());
    assertEquals("000001", md.get("run_id").asText());
    assertEquals(chunks.size(), md.get("chunks").size());
    assertEquals(2500, md.get("chunks").get(3).get(2).asLong());
    assertFalse(md.get("writing_started").asText().isEmpty());
    assertFalse(md.get("writing_ended").asText().isEmpty());
    assertFalse(md.get("strand_version").asText().isEmpty());
    assertTrue(Files.exists(keyDir().resolve("chunk-000003.json")), "each chunk's own metadata is kept");
  }

  @Test
  void writer_isStateless_chunksFromManyThreadsInAnyOrder() throws Exception {
    ChunkStore store = open(tmp, ChunkStoreOptions.defaults());
    List<Chunk> chunks = TestData.chunks(TestData.ALL_TYPES, "000001", "things", new int[] {50, 60, 70, 80, 90, 100, 110, 120}, 1_000_000, 2);
    DataWriter w = store.writer(KEY, TestData.ALL_TYPES, LINEAGE);
    assertFalse(w.rechunks(), "a plain chunk store writer can run inside fused parallel tasks");
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < chunks.size(); i++) {
      order.add(i);
    }
    Collections.shuffle(order, new java.util.Random(5));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> fs = new ArrayList<>();
      for (int i : order) {
        fs.add(pool.submit(() -> w.write(i, chunks.get(i))));
      }
      for (Future<?> f : fs) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertTrue(store.find(KEY).isEmpty(), "nothing is visible before commit");
    w.commit();
    assertReadsBack(store.find(KEY).orElseThrow(), chunks);
  }

  @Test
  void missingChunk_failsCommit_andNothingIsVisible() {
    ChunkStore store = open(tmp, ChunkStoreOptions.defaults());
    List<Chunk> chunks = allTypes(3);
    DataWriter w = store.writer(KEY, TestData.ALL_TYPES, LINEAGE);
    w.write(0, chunks.get(0));
    w.write(2, chunks.get(2));
    StorageException e = assertThrows(StorageException.class, w::commit);
    assertTrue(e.getMessage().contains("chunk 1 was never written"), e.getMessage());
    assertTrue(store.find(KEY).isEmpty());
    assertFalse(Files.exists(keyDir()));
  }

  @Test
  void rechunkOnSave_regroupsToTheTarget_cuttingOnlyBetweenRows() {
    Schema schema = TestData.RECORDS;
    Lineage lineage = TestData.lineage("records", "1");
    DataKey key = new DataKey("000001", "records", lineage.hash());
    List<Chunk> chunks = TestData.chunks(schema, "000001", "records", new int[] {10, 20, 5, 3000, 40, 7, 900, 1}, 10_000_000, 4);
    long target = 100L * schema.rowBytes();
    ChunkStore store = open(tmp, ChunkStoreOptions.defaults().withTargetChunkBytes(target));
    DataWriter w = store.writer(key, schema, lineage);
    assertTrue(w.rechunks());
    for (int i = chunks.size() - 1; i >= 0; i--) {
      w.write(i, chunks.get(i));
    }
    w.commit();
    StoredData stored = store.find(key).orElseThrow();
    List<Chunk> read = new ArrayList<>();
    for (int i = 0; i < stored.chunkCount(); i++) {
      read.add(stored.read(i));
    }
    Chunk all = Chunk.concatenate(read);
    Chunk expected = Chunk.concatenate(chunks);
    assertTrue(expected.data().contentEquals(all.data()), "every row kept, in order");
    assertEquals(expected.start(), all.start());
    assertEquals(expected.end(), all.end());
    for (int i = 0; i < read.size() - 1; i++) {
      long bytes = read.get(i).nbytes();
      assertTrue(bytes >= target / 2 && bytes <= 2 * target, "chunk " + i + " of " + bytes + " bytes, target " + target);
    }
    assertTrue(read.size() > 10 && read.size() < 60, read.size() + " chunks");
  }

  @Test
  void timeRange_readsOnlyOverlappingChunks_andCoversTheRange() {
    ChunkStore store = open(tmp, ChunkStoreOptions.defaults());
    List<Chunk> chunks = allTypes(6);
    write(store, chunks);
    StoredData stored = store.find(KEY).orElseThrow();
    AtomicInteger reads = new AtomicInteger();
    StoredData counting = new CountingData(stored, reads);
    long from = chunks.get(3).start() + 123_456;
    long to = chunks.get(3).start() + 654_321;
    Iterator<Chunk> it = TimeRangeReader.read(counting, from, to);
    assertEquals(0, reads.get(), "lazy: nothing read before iterating");
    List<Chunk> got = new ArrayList<>();
    it.forEachRemaining(got::add);
    assertEquals(1, reads.get(), "only the overlapping chunk is read");
    Chunk c = Chunk.concatenate(got);
    assertTrue(c.start() <= from && c.end() >= to, "covers the range: " + c);
    Table t = chunks.get(3).data();
    long[] time = t.longs("time");
    long[] end = t.longs("endtime");
    int inRange = 0;
    for (int r = 0; r < t.rows(); r++) {
      if (end[r] > from && time[r] < to) {
        inRange++;
      }
    }
    assertTrue(c.rows() >= inRange && inRange > 0, c.rows() + " rows cover the " + inRange + " overlapping ones");
  }

  @Test
  void corruption_truncatedFile_isReported() throws IOException {
    ChunkStore store = open(tmp, ChunkStoreOptions.defaults());
    write(store, allTypes(7));
    Path f = chunkFile(3);
    byte[] all = Files.readAllBytes(f);
    Files.write(f, java.util.Arrays.copyOf(all, all.length - 10));
    StorageException e = assertThrows(StorageException.class, () -> store.find(KEY).orElseThrow().read(3));
    assertTrue(e.getMessage().contains(f.getFileName().toString()) && e.getMessage().contains("truncated"), e.getMessage());
  }

  @Test
  void corruption_flippedBit_failsTheChecksum() throws IOException {
    ChunkStore store = open(tmp, ChunkStoreOptions.defaults());
    write(store, allTypes(8));
    Path f = chunkFile(3);
    byte[] all = Files.readAllBytes(f);
    all[all.length - 50] ^= 0x04;
    Files.write(f, all);
    StorageException e = assertThrows(StorageException.class, () -> store.find(KEY).orElseThrow().read(3));
    assertTrue(e.getMessage().contains("checksum"), e.getMessage());
    all[20] ^= 0x01;
    Files.write(f, all);
    e = assertThrows(StorageException.class, () -> store.find(KEY).orElseThrow().read(3));
    assertTrue(e.getMessage().contains("header checksum"), e.getMessage());
  }

  @Test
  void corruption_metadataLyingAboutRows_isReported() throws IOException {
    ChunkStore store = open(tmp, ChunkStoreOptions.defaults());
    write(store, allTypes(9));
    Path md = keyDir().resolve("metadata.json");
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = (ObjectNode) json.readTree(md.toFile());
    ArrayNode c0 = (ArrayNode) root.get("chunks").get(0);
    c0.set(2, json.getNodeFactory().numberNode(299));
    c0.set(3, json.getNodeFactory().numberNode(299L * TestData.ALL_TYPES.rowBytes()));
    Files.writeString(md, json.writeValueAsString(root));
    StorageException e = assertThrows(StorageException.class, () -> store.find(KEY).orElseThrow().read(0));
    assertTrue(e.getMessage().contains("300 rows") && e.getMessage().contains("299 rows"), e.getMessage());
  }

  private void editKeyMetadata(java.util.function.Consumer<ObjectNode> edit) throws IOException {
    Path md = keyDir().resolve("metadata.json");
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = (ObjectNode) json.readTree(md.toFile());
    edit.accept(root);
    Files.writeString(md, json.writeValueAsString(root));
  }

  @Test
  void corruption_chunkDroppedFromTheMetadataList_isReported_notLessData() throws IOException {
    ChunkStore store = open(tmp, ChunkStoreOptions.defaults());
    List<Chunk> chunks = allTypes(14);
    write(store, chunks);
    JsonNode md = new ObjectMapper().readTree(keyDir().resolve("metadata.json").toFile());
    assertEquals(chunks.get(0).start(), md.get("start").asLong(), "the data's range is recorded");
    assertEquals(chunks.get(chunks.size() - 1).end(), md.get("end").asLong());

    editKeyMetadata(m -> ((ArrayNode) m.get("chunks")).remove(0));
    StorageException first = assertThrows(StorageException.class, () -> store.find(KEY));
    assertTrue(first.getMessage().contains("metadata.json") && first.getMessage().contains("chunk 0 is file 'chunk-000001."),
        first.getMessage());

    write(open(tmp, ChunkStoreOptions.defaults().withReplaceExisting(true)), chunks);
    editKeyMetadata(m -> ((ArrayNode) m.get("chunks")).remove(m.get("chunks").size() - 1));
    StorageException last = assertThrows(StorageException.class, () -> store.find(KEY));
    assertTrue(last.getMessage().contains("disagrees with its 4 chunks"), last.getMessage());
    assertEquals(List.of(KEY), store.keys("things"), "a damaged key is still listed by name");

    // Keys written before the range was recorded read as before.
    write(open(tmp, ChunkStoreOptions.defaults().withReplaceExisting(true)), chunks);
    editKeyMetadata(m -> {
      m.remove("start");
      m.remove("end");
    });
    assertReadsBack(store.find(KEY).orElseThrow(), chunks);
  }

  @Test
  void globCharactersInTheRoot_areTakenLiterally() {
    ChunkStore store = open(tmp.resolve("store [1]*?{a,b}"), ChunkStoreOptions.defaults());
    List<Chunk> chunks = allTypes(15);
    write(store, chunks);
    assertEquals(List.of(KEY), store.keys("things"));
    assertEquals(1, store.stored("000001", "things").size());
    assertReadsBack(store.list("things").get(0), chunks);
  }

  @Test
  void corruption_missingChunkFile_isReported() throws IOException {
    ChunkStore store = open(tmp, ChunkStoreOptions.defaults());
    write(store, allTypes(10));
    Files.delete(chunkFile(2));
    StorageException e = assertThrows(StorageException.class, () -> store.find(KEY).orElseThrow().read(2));
    assertTrue(e.getMessage().contains("missing"), e.getMessage());
  }

  @Test
  void secondWriter_isDiscarded_unlessReplacing() {
    ChunkStore store = open(tmp, ChunkStoreOptions.defaults());
    List<Chunk> first = allTypes(11);
    write(store, first);
    write(store, allTypes(12));
    assertReadsBack(store.find(KEY).orElseThrow(), first);
    List<Chunk> third = TestData.chunks(TestData.ALL_TYPES, "000001", "things", new int[] {4, 5}, 1_000_000, 13);
    write(open(tmp, ChunkStoreOptions.defaults().withReplaceExisting(true)), third);
    assertReadsBack(store.find(KEY).orElseThrow(), third);
  }

  @Test
  void chunkStoreAndDatasetRoots_doNotMix() {
    write(open(tmp, ChunkStoreOptions.defaults()), allTypes(14));
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> DatasetStorage.open(new org.apache.hadoop.fs.Path(tmp.toUri()), new Configuration(), DatasetOptions.defaults(DatasetFormat.PARQUET)));
    assertTrue(e.getMessage().contains("holds chunks data"), e.getMessage());
  }

  private Path chunkFile(int index) throws IOException {
    try (var s = Files.list(keyDir())) {
      return s.filter(p -> p.getFileName().toString().startsWith(String.format("chunk-%06d.", index)) && !p.toString().endsWith(".json"))
          .findFirst().orElseThrow();
    }
  }

  /** Counts chunk reads, to show loading is lazy. */
  private record CountingData(StoredData inner, AtomicInteger reads) implements StoredData {
    @Override
    public DataKey key() {
      return inner.key();
    }

    @Override
    public Schema schema() {
      return inner.schema();
    }

    @Override
    public List<ChunkInfo> chunks() {
      return inner.chunks();
    }

    @Override
    public Chunk read(int index) {
      reads.incrementAndGet();
      return inner.read(index);
    }

    @Override
    public String location() {
      return inner.location();
    }
  }
}
