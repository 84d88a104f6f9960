package org.strand.storage.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.strand.storage.dataset.DatasetTestSupport.assertReadsBack;
import static org.strand.storage.dataset.DatasetTestSupport.open;
import static org.strand.storage.dataset.DatasetTestSupport.write;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.strand.core.Chunk;
import org.strand.core.ConfigurationException;
import org.strand.core.StorageException;
import org.strand.plugin.Lineage;
import org.strand.storage.DataKey;
import org.strand.storage.DataWriter;
import org.strand.storage.StoredData;
import org.strand.storage.fs.PublishMode;
import org.strand.storage.testing.TestData;

class ParquetDatasetTest {
  @TempDir Path tmp;

  private static final Lineage LINEAGE = TestData.lineage("things", "1");
  private static final DataKey KEY = new DataKey("000001", "things", LINEAGE.hash());

  private static List<Chunk> allTypes(String run, long seed) {
    return TestData.chunks(TestData.ALL_TYPES, run, "things", new int[] {300, 0, 1, 2500, 77}, 1_000_000, seed);
  }

  @ParameterizedTest
  @EnumSource(value = Compression.class, names = {"ZSTD", "SNAPPY", "LZ4_RAW", "NONE"})
  void roundTrip_everyTypeEveryCodec_readsBackBitForBit(Compression compression) {
    DatasetStorage storage = open(tmp, DatasetOptions.builder(DatasetFormat.PARQUET).compression(compression).build());
    List<Chunk> chunks = allTypes("000001", 1);
    write(storage, KEY, TestData.ALL_TYPES, LINEAGE, chunks);
    assertReadsBack(storage.find(KEY).orElseThrow(), chunks);
  }

  @Test
  void roundTrip_smallRowGroupsAndFiles_splitsFilesAtChunkBoundaries() {
    DatasetOptions o = DatasetOptions.builder(DatasetFormat.PARQUET).rowGroupBytes(4096).pageBytes(1024).fileBytes(20_000)
        .dictionaryEncoding(false).build();
    DatasetStorage storage = open(tmp, o);
    List<Chunk> chunks = allTypes("000001", 2);
    write(storage, KEY, TestData.ALL_TYPES, LINEAGE, chunks);
    ManifestEntry e = storage.entry(KEY).orElseThrow();
    assertTrue(e.files().size() > 1, "several part files: " + e.files());
    assertReadsBack(storage.find(KEY).orElseThrow(), chunks);
  }

  @Test
  void singleFileMode_writesOneFileWhateverTheSize() {
    DatasetOptions o = DatasetOptions.builder(DatasetFormat.PARQUET).fileBytes(2048).publishMode(PublishMode.SINGLE_FILE).build();
    DatasetStorage storage = open(tmp, o);
    List<Chunk> chunks = allTypes("000001", 3);
    write(storage, KEY, TestData.ALL_TYPES, LINEAGE, chunks);
    assertEquals(1, storage.entry(KEY).orElseThrow().files().size());
    assertReadsBack(storage.find(KEY).orElseThrow(), chunks);
  }

  @Test
  void layout_isHivePartitioned_runIdKeepsLeadingZeros_andStagingIsLeftEmpty() throws IOException {
    DatasetStorage storage = open(tmp, DatasetOptions.defaults(DatasetFormat.PARQUET));
    write(storage, KEY, TestData.ALL_TYPES, LINEAGE, allTypes("000001", 4));
    Path part = tmp.resolve("things/lineage=" + LINEAGE.hash() + "/run_id=000001/part-00000.parquet");
    assertTrue(Files.isRegularFile(part), "published at " + part);
    try (Stream<Path> all = Files.walk(tmp)) {
      List<String> names = all.map(p -> tmp.relativize(p).toString()).toList();
      assertTrue(names.stream().noneMatch(n -> n.startsWith("_staging/") && n.contains("run_id=")), names.toString());
      assertTrue(names.stream().noneMatch(n -> n.endsWith(".crc")), "no checksum side files: " + names);
      assertTrue(names.stream().noneMatch(n -> n.startsWith("_staging/") && n.split("/").length > 2), "staging emptied: " + names);
    }
    assertEquals(storage.typeDirectory("things").toUri().getPath(), tmp.resolve("things").toString());
  }

  @Test
  void fileMetadata_holdsLineageVersionSchemaAndSparkComments() throws IOException {
    DatasetStorage storage = open(tmp, DatasetOptions.defaults(DatasetFormat.PARQUET));
    write(storage, KEY, TestData.ALL_TYPES, LINEAGE, allTypes("000001", 5));
    Path part = tmp.resolve("things/lineage=" + LINEAGE.hash() + "/run_id=000001/part-00000.parquet");
    Map<String, String> kv;
    try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(part.toUri()), new Configuration()))) {
      kv = r.getFooter().getFileMetaData().getKeyValueMetaData();
      assertEquals("required group smalls (LIST) {\n  repeated group list {\n    required int32 element (INTEGER(16,true));\n  }\n}",
          r.getFooter().getFileMetaData().getSchema().getType("smalls").toString().strip());
    }
    assertEquals(LINEAGE.toJson(), kv.get("strand.lineage"));
    assertEquals(LINEAGE.hash(), kv.get("strand.lineage_hash"));
    assertTrue(kv.get("strand.version").matches("\\d+\\.\\d+.*"), kv.get("strand.version"));
    assertTrue(kv.get("strand.schema").contains("\"description\":\"an int16\""), kv.get("strand.schema"));
    assertTrue(kv.get("org.apache.spark.sql.parquet.row.metadata").contains("{\"comment\":\"an int8\"}"));
  }

  @Test
  void manifest_recordsRowsBytesRangeFormatVersionAndLineage() {
    DatasetStorage storage = open(tmp, DatasetOptions.defaults(DatasetFormat.PARQUET));
    List<Chunk> chunks = allTypes("000001", 6);
    write(storage, KEY, TestData.ALL_TYPES, LINEAGE, chunks);
    ManifestEntry e = storage.entries().get(0);
    assertEquals(KEY, e.key());
    assertEquals(chunks.stream().mapToLong(Chunk::rows).sum(), e.rows());
    assertEquals(chunks.stream().mapToLong(Chunk::nbytes).sum(), e.bytes());
    assertEquals(chunks.get(0).start(), e.start());
    assertEquals(chunks.get(chunks.size() - 1).end(), e.end());
    assertEquals(DatasetFormat.PARQUET, e.format());
    assertEquals("zstd", e.compression());
    assertFalse(e.strandVersion().isBlank());
    assertEquals(LINEAGE.toJson(), storage.lineageDescription("things", LINEAGE.hash()).orElseThrow());
    assertTrue(Files.exists(tmp.resolve("_strand/runs/things/" + LINEAGE.hash() + "/000001.json")));
  }

  @Test
  void chunksWrittenOutOfOrder_areStoredInOrder() {
    DatasetStorage storage = open(tmp, DatasetOptions.defaults(DatasetFormat.PARQUET));
    List<Chunk> chunks = allTypes("000001", 7);
    DataWriter w = storage.writer(KEY, TestData.ALL_TYPES, LINEAGE);
    assertTrue(w.rechunks(), "a dataset writer needs its chunks in order");
    for (int i : new int[] {3, 1, 4, 0, 2}) {
      w.write(i, chunks.get(i));
    }
    w.commit();
    assertReadsBack(storage.find(KEY).orElseThrow(), chunks);
  }

  @Test
  void missingChunk_failsCommit_andPublishesNothing() {
    DatasetStorage storage = open(tmp, DatasetOptions.defaults(DatasetFormat.PARQUET));
    List<Chunk> chunks = allTypes("000001", 8);
    DataWriter w = storage.writer(KEY, TestData.ALL_TYPES, LINEAGE);
    w.write(0, chunks.get(0));
    w.write(2, chunks.get(2));
    StorageException e = assertThrows(StorageException.class, w::commit);
    assertTrue(e.getMessage().contains("chunk 1 was never written"), e.getMessage());
    w.abort();
    assertTrue(storage.find(KEY).isEmpty());
    assertFalse(Files.exists(tmp.resolve("things")));
  }

  @Test
  void abort_publishesNothing_andCleansStaging() throws IOException {
    DatasetStorage storage = open(tmp, DatasetOptions.defaults(DatasetFormat.PARQUET));
    DataWriter w = storage.writer(KEY, TestData.ALL_TYPES, LINEAGE);
    w.write(0, allTypes("000001", 9).get(0));
    w.abort();
    w.abort();
    assertTrue(storage.find(KEY).isEmpty());
    try (Stream<Path> s = Files.list(tmp.resolve("_staging"))) {
      assertEquals(0, s.count());
    }
  }

  @Test
  void secondWriterOfAPublishedKey_isDiscarded_firstWins() {
    DatasetStorage storage = open(tmp, DatasetOptions.defaults(DatasetFormat.PARQUET));
    List<Chunk> first = allTypes("000001", 10);
    write(storage, KEY, TestData.ALL_TYPES, LINEAGE, first);
    write(storage, KEY, TestData.ALL_TYPES, LINEAGE, allTypes("000001", 11));
    assertReadsBack(storage.find(KEY).orElseThrow(), first);
  }

  @Test
  void rewriteWithReplace_replacesTheRunWhole() {
    DatasetStorage storage = open(tmp, DatasetOptions.defaults(DatasetFormat.PARQUET));
    write(storage, KEY, TestData.ALL_TYPES, LINEAGE, allTypes("000001", 12));
    DatasetStorage replacing = open(tmp, DatasetOptions.builder(DatasetFormat.PARQUET).replaceExisting(true).fileBytes(20_000).build());
    List<Chunk> second = TestData.chunks(TestData.ALL_TYPES, "000001", "things", new int[] {5, 6}, 1_000_000, 13);
    write(replacing, KEY, TestData.ALL_TYPES, LINEAGE, second);
    assertReadsBack(storage.find(KEY).orElseThrow(), second);
    assertEquals(1, storage.entries().size());
  }

  @Test
  void arrowIntoAParquetRoot_isAConfigurationError() {
    DatasetStorage storage = open(tmp, DatasetOptions.defaults(DatasetFormat.PARQUET));
    write(storage, KEY, TestData.ALL_TYPES, LINEAGE, allTypes("000001", 14));
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> open(tmp, DatasetOptions.defaults(DatasetFormat.ARROW)));
    assertTrue(e.getMessage().contains("holds parquet data"), e.getMessage());
  }

  @Test
  void truncatedPartFile_isAnErrorNamingIt() throws IOException {
    DatasetStorage storage = open(tmp, DatasetOptions.defaults(DatasetFormat.PARQUET));
    write(storage, KEY, TestData.ALL_TYPES, LINEAGE, allTypes("000001", 15));
    Path part = tmp.resolve("things/lineage=" + LINEAGE.hash() + "/run_id=000001/part-00000.parquet");
    byte[] all = Files.readAllBytes(part);
    Files.write(part, Arrays.copyOf(all, all.length - 100));
    // Found damaged (neither read nor taken as published), naming the file and the way to republish it.
    StorageException e = assertThrows(StorageException.class, () -> storage.find(KEY));
    assertTrue(e.getMessage().contains("part file part-00000.parquet has " + (all.length - 100) + " bytes, the manifest records "
        + all.length) && e.getMessage().contains("run the job again to republish"), e.getMessage());
    Files.delete(part);
    e = assertThrows(StorageException.class, () -> storage.find(KEY));
    assertTrue(e.getMessage().contains("part file part-00000.parquet is missing"), e.getMessage());
  }

  @Test
  void damagedPage_isDetectedByItsChecksum() throws IOException {
    DatasetStorage storage = open(tmp, DatasetOptions.builder(DatasetFormat.PARQUET).compression(Compression.NONE).build());
    List<Chunk> chunks = allTypes("000001", 16);
    write(storage, KEY, TestData.ALL_TYPES, LINEAGE, chunks);
    Path part = tmp.resolve("things/lineage=" + LINEAGE.hash() + "/run_id=000001/part-00000.parquet");
    byte[] all = Files.readAllBytes(part);
    all[all.length / 3] ^= 0x5a;
    Files.write(part, all);
    StoredData stored = storage.find(KEY).orElseThrow();
    boolean detected = false;
    for (int i = 0; i < chunks.size(); i++) {
      try {
        stored.read(i);
      } catch (StorageException e) {
        assertTrue(e.getMessage().contains("part-00000.parquet"), e.getMessage());
        detected = true;
      }
    }
    assertTrue(detected, "a flipped byte inside a page is reported");
  }

  @Test
  void loserRepairsAMissingManifestEntry_fromTheWinnersFooters() throws IOException {
    DatasetStorage a = open(tmp, DatasetOptions.builder(DatasetFormat.PARQUET).attemptId("attempt-a").fileBytes(20_000).build());
    List<Chunk> chunks = allTypes("000001", 17);
    write(a, KEY, TestData.ALL_TYPES, LINEAGE, chunks);
    ManifestEntry original = a.entry(KEY).orElseThrow();
    Files.delete(entryFile());
    assertTrue(a.find(KEY).isEmpty(), "without its entry a run is not found");
    // The loser holds the same data (same lineage) in other files; the winner's files are kept.
    DatasetStorage b = open(tmp, DatasetOptions.builder(DatasetFormat.PARQUET).attemptId("attempt-b").build());
    write(b, KEY, TestData.ALL_TYPES, LINEAGE, allTypes("000001", 17));
    ManifestEntry repaired = b.entry(KEY).orElseThrow();
    assertEquals("attempt-a", repaired.attempt());
    assertEquals(original.chunks(), repaired.chunks());
    assertEquals(original.files(), repaired.files());
    assertReadsBack(b.find(KEY).orElseThrow(), chunks);
    assertEquals(List.of(), b.verify(KEY));
  }

  /** How a published part file is damaged while its manifest entry is gone. */
  enum Damage {
    FLIPPED_BYTE_IN_A_PAGE,
    TRUNCATED_FOOTER,
    OTHER_VALUES
  }

  @ParameterizedTest
  @EnumSource(Damage.class)
  void loserFindingDamagedDataWithoutAnEntry_replacesItWithItsOwnCopy(Damage damage) throws IOException {
    DatasetStorage a = open(tmp, DatasetOptions.builder(DatasetFormat.PARQUET).attemptId("attempt-a")
        .compression(Compression.NONE).build());
    List<Chunk> chunks = allTypes("000001", 19);
    write(a, KEY, TestData.ALL_TYPES, LINEAGE, damage == Damage.OTHER_VALUES ? allTypes("000001", 20) : chunks);
    Files.delete(entryFile());
    Path part = tmp.resolve("things/lineage=" + LINEAGE.hash() + "/run_id=000001/part-00000.parquet");
    byte[] all = Files.readAllBytes(part);
    if (damage == Damage.FLIPPED_BYTE_IN_A_PAGE) {
      all[all.length / 3] ^= 0x5a;
      Files.write(part, all);
    } else if (damage == Damage.TRUNCATED_FOOTER) {
      Files.write(part, Arrays.copyOf(all, all.length - 100));
    }
    // Adopting it would record the damage as good data, with checksums taken from the damaged file.
    DatasetStorage b = open(tmp, DatasetOptions.builder(DatasetFormat.PARQUET).attemptId("attempt-b").build());
    write(b, KEY, TestData.ALL_TYPES, LINEAGE, chunks);
    ManifestEntry entry = b.entry(KEY).orElseThrow();
    assertEquals("attempt-b", entry.attempt());
    assertReadsBack(b.find(KEY).orElseThrow(), chunks);
    assertEquals(List.of(), b.verify(KEY), "the run directory holds the replacing copy alone");
    try (Stream<Path> s = Files.walk(tmp.resolve("_staging"))) {
      assertEquals(List.of(), s.filter(Files::isRegularFile).toList(), "the damaged copy is not left in staging");
    }
  }

  @Test
  void statuses_ofManyRuns_listedAtOnce_matchEachRunsStatusInOrder() throws IOException {
    DatasetStorage storage = open(tmp, DatasetOptions.defaults(DatasetFormat.PARQUET));
    int runs = 40;
    for (int r = 0; r < runs; r++) {
      String run = String.format("%06d", r);
      write(storage, new DataKey(run, "things", LINEAGE.hash()), TestData.ALL_TYPES, LINEAGE,
          TestData.chunks(TestData.ALL_TYPES, run, "things", new int[] {5}, 1_000_000, r));
    }
    Path typeDir = tmp.resolve("things/lineage=" + LINEAGE.hash());
    Path damaged = typeDir.resolve("run_id=000007/part-00000.parquet");
    Files.write(damaged, Arrays.copyOf(Files.readAllBytes(damaged), 10));
    Path gone = typeDir.resolve("run_id=000031");
    try (Stream<Path> s = Files.walk(gone)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
    List<ManifestEntry> entries = storage.entries();
    List<PublishedStatus> statuses = storage.statuses(entries);
    assertEquals(entries.stream().map(storage::status).toList(), statuses);
    for (int i = 0; i < entries.size(); i++) {
      String run = entries.get(i).runId();
      PublishedStatus expected = run.equals("000007") ? PublishedStatus.DAMAGED
          : run.equals("000031") ? PublishedStatus.MISSING : PublishedStatus.PUBLISHED;
      assertEquals(expected, statuses.get(i), run);
    }
  }

  /**
   * A file another tool put in a run directory (Spark's INSERT into a table over the output
   * writes part-...c000.snappy.parquet there) is read by every reader of the directory: the run
   * is not as published. Names readers skip ('_', '.') change nothing; the job still reuses the run.
   */
  @Test
  void status_fileTheEntryDoesNotListInTheRunDirectory_isDamaged_hiddenNamesAreNot() throws IOException {
    DatasetStorage storage = open(tmp, DatasetOptions.defaults(DatasetFormat.PARQUET));
    List<Chunk> chunks = TestData.chunks(TestData.ALL_TYPES, "000001", "things", new int[] {5}, 1_000_000, 3);
    write(storage, KEY, TestData.ALL_TYPES, LINEAGE, chunks);
    Path runDir = tmp.resolve("things/lineage=" + LINEAGE.hash() + "/run_id=000001");
    Files.writeString(runDir.resolve("_SUCCESS"), "");
    Files.writeString(runDir.resolve(".DS_Store"), "x");
    ManifestEntry entry = storage.entry(KEY).orElseThrow();
    assertEquals(PublishedStatus.PUBLISHED, storage.status(entry));
    Files.copy(runDir.resolve("part-00000.parquet"), runDir.resolve("part-00000-0f1e.c000.snappy.parquet"));
    assertEquals(PublishedStatus.DAMAGED, storage.status(entry));
    assertEquals(List.of(PublishedStatus.DAMAGED), storage.statuses(List.of(entry)));
    assertReadsBack(storage.find(KEY).orElseThrow(), chunks);
  }

  private Path entryFile() {
    return tmp.resolve("_strand/runs/things/" + LINEAGE.hash() + "/000001.json");
  }

  @Test
  void staleStaging_isRemovedOnlyAfterTheLease() throws IOException {
    DatasetStorage storage = open(tmp, DatasetOptions.builder(DatasetFormat.PARQUET).stagingLease(java.time.Duration.ofMinutes(10)).build());
    Path stale = Files.createDirectories(tmp.resolve("_staging/dead-attempt/things.x.000001.abcd"));
    Files.writeString(stale.resolve("part-00000.parquet"), "half");
    long old = System.currentTimeMillis() - java.time.Duration.ofMinutes(30).toMillis();
    try (Stream<Path> s = Files.walk(tmp.resolve("_staging/dead-attempt"))) {
      for (Path p : (Iterable<Path>) s::iterator) {
        Files.setLastModifiedTime(p, java.nio.file.attribute.FileTime.fromMillis(old));
      }
    }
    Path live = Files.createDirectories(tmp.resolve("_staging/live-attempt/things.x.000002.abcd"));
    Files.writeString(live.resolve("part-00000.parquet"), "in progress");
    assertEquals(1, storage.removeStaleStaging());
    assertFalse(Files.exists(tmp.resolve("_staging/dead-attempt")));
    assertTrue(Files.exists(live));
  }
}
