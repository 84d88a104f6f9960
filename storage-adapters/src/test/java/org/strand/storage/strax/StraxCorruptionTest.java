package org.strand.storage.strax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.strand.core.Chunk;
import org.strand.core.ConfigurationException;
import org.strand.core.Schema;
import org.strand.core.StorageException;
import org.strand.plugin.OptionValues;
import org.strand.plugin.SourceRun;
import org.strand.storage.testing.Fifos;
import org.strand.storage.testing.SharedData;

/**
 * Damaged strax data: each case is an error that names the file, never data. The reference
 * directories are copied and then damaged one way per test.
 */
class StraxCorruptionTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DIR = "000001-raw_records-aefc63wawj";
  private static final String META = "raw_records-aefc63wawj-metadata.json";
  private static final String CHUNK0 = "raw_records-aefc63wawj-000000";

  @TempDir Path tmp;
  private Schema expectedSchema;

  @BeforeEach
  void schema() {
    expectedSchema = StraxSourceTest.source(SharedData.reference("strax-small/strax_data")).schema("raw_records");
  }

  private Path copy(String compressorDir) throws IOException {
    Path from = SharedData.reference("strax-small/" + compressorDir + "/" + DIR);
    Path root = tmp.resolve(compressorDir);
    Path to = root.resolve(DIR);
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(from)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Files.copy(f, to.resolve(f.getFileName()));
        to.resolve(f.getFileName()).toFile().setWritable(true);
      }
    }
    return root;
  }

  private void editMetadata(Path root, Consumer<ObjectNode> edit) throws IOException {
    Path meta = root.resolve(DIR).resolve(META);
    ObjectNode node = (ObjectNode) JSON.readTree(meta.toFile());
    edit.accept(node);
    Files.writeString(meta, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node));
  }

  private StraxSource sourceWithKnownSchema(Path root) {
    return StraxSource.builder(new org.apache.hadoop.fs.Path(root.toUri()), new Configuration())
        .schema(expectedSchema).build();
  }

  private SourceRun open(Path root) {
    StraxSource s = sourceWithKnownSchema(root);
    return s.open("000001", OptionValues.defaults(s.name(), s.options()));
  }

  private static void assertNames(Throwable e, String fileName, String... words) {
    String m = e.getMessage();
    assertTrue(m.contains(fileName), "message names " + fileName + ": " + m);
    for (String w : words) {
      assertTrue(m.contains(w), "message mentions '" + w + "': " + m);
    }
  }

  @Test
  void unknownCompressor_isAnErrorNamingTheFileAndTheCompressor() throws IOException {
    Path root = copy("strax_data");
    editMetadata(root, n -> n.put("compressor", "snappy"));
    StorageException e = assertThrows(StorageException.class, () -> open(root));
    assertNames(e, META, "snappy", "lz4, zstd, blosc, bz2");
  }

  /** Python's {@code bz2.compress(bytes((i * 7 + 3) % 251 for i in range(5000)))}. */
  private static final String PYTHON_BZ2 =
      "QlpoOTFBWSZTWYZdNhkAACf////////////////////////////////////////////wUANeAAAAIAAAAAAAAAAAAAAAAAAA"
      + "AA00AAAAAAAAAAAAAAAAAAAA0IAAAAAAAAAAAAAAAAAAAAA00AAAAAAAAAAAAAAAAAAAA0IAAAAAAAAAAAAAAAAAAAAA00AA"
      + "AAAAAAAAAAAAAAAAAA0IAAAAAAAAAAAAAAAAAAAAA00AAAAAAAAAAAAAAAAAAAA0BSqqgAAAAAAAAAAAAAAAAAGgAAAAAAAA"
      + "AAAAAAAAAAAAAAwn+E/0n/EwNG74ImDJhCYiTEiYmTFCYqTFiYuTGCYyTGiY2THCY6THiY+TICZCTIiZGTJCZKTJiZOTKCZS"
      + "TKiZWTLCZaTLiZeTMCZiTMiZmTNCZqTNiZuTOCZyTOiZ2TPCZ6TPiZ+TQCaCTQiaGTRCaKTRiaOTSCaSTSiaWTTCaaTTiaeT"
      + "UCaiTUiamTVCaqTViauTWCayTWia2TXCa6TXia+TYCbCTYibGTZCbKTZibOTaCbSTaibWTbCbaTbibeTcCbiTcibmTdCbqTd"
      + "iYAm7k3gm8k3omAo3sm+E30m/E38nAE4GjgicGThCcKThicOTiKOJJxROLJxhONJxxOPo5AnIk5InJk5QnKk5ajlycwTmSc0"
      + "Tmyc4TnaOeJz5OgJ0JOiJ0ZOko6UnTE6cnUE6knVE6ujrCdaTrideTsCdiTsqOzJ2hO1J2xO3J3BO5o7ondk7wnek74nfk8C"
      + "jwSeETwyeITxSeMTx6PIJ5JPKJ5ZPMJ5pPOo88noE9EnpE9MnqE9Wj1ieuT2CeyT2ie2T3KPdJ7xPfJ8BPhJ8RPjo+Qnyk+Y"
      + "nzk+gn0k+qj6yfYT7SfcT7yfgT8aPyJ+ZP0J+pP2J+5P4o/kn9E/sn+E/0n/EwNGCJgyYQn/i7kinChIQy6bDIA=";

  @Test
  void bz2_asPythonWritesIt_decodes() {
    byte[] expected = new byte[5000];
    for (int i = 0; i < expected.length; i++) {
      expected[i] = (byte) ((i * 7 + 3) % 251);
    }
    byte[] src = Base64.getDecoder().decode(PYTHON_BZ2);
    assertTrue(Arrays.equals(expected, StraxCompressor.BZ2.decompress(src, expected.length)));
    CorruptDataException shorter = assertThrows(CorruptDataException.class, () -> StraxCompressor.BZ2.decompress(src, 5001));
    assertTrue(shorter.getMessage().contains("decoded to 5000 bytes, expected 5001"), shorter.getMessage());
    CorruptDataException longer = assertThrows(CorruptDataException.class, () -> StraxCompressor.BZ2.decompress(src, 4999));
    assertTrue(longer.getMessage().contains("more than the expected 4999"), longer.getMessage());
    assertThrows(CorruptDataException.class, () -> StraxCompressor.BZ2.decompress(Arrays.copyOf(src, src.length / 2), 5000));
  }

  /** The reference run with every chunk file recompressed with bzip2, as strax's {@code bz2} compressor writes it. */
  private Path asBz2() throws IOException {
    Path root = copy("strax_data");
    Path dir = root.resolve(DIR);
    ArrayNode chunks = (ArrayNode) JSON.readTree(dir.resolve(META).toFile()).get("chunks");
    long[] sizes = new long[chunks.size()];
    for (int i = 0; i < chunks.size(); i++) {
      Path file = dir.resolve(chunks.get(i).get("filename").asText());
      byte[] raw = StraxCompressor.LZ4.decompress(Files.readAllBytes(file), chunks.get(i).get("nbytes").intValue());
      ByteArrayOutputStream bz2 = new ByteArrayOutputStream();
      try (BZip2CompressorOutputStream out = new BZip2CompressorOutputStream(bz2)) {
        out.write(raw);
      }
      Files.write(file, bz2.toByteArray());
      sizes[i] = bz2.size();
    }
    editMetadata(root, n -> {
      n.put("compressor", "bz2");
      for (int i = 0; i < sizes.length; i++) {
        ((ObjectNode) n.get("chunks").get(i)).put("filesize", sizes[i]);
      }
    });
    return root;
  }

  @Test
  void bz2Chunks_readAsTheLz4Originals() throws IOException {
    Path bz2 = asBz2();
    StraxSource lz4 = StraxSourceTest.source(SharedData.reference("strax-small/strax_data"));
    try (SourceRun a = open(bz2); SourceRun b = lz4.open("000001", OptionValues.defaults(lz4.name(), lz4.options()))) {
      assertEquals(b.chunkCount(), a.chunkCount());
      for (int i = 0; i < a.chunkCount(); i++) {
        Chunk x = a.chunk(i);
        Chunk y = b.chunk(i);
        assertTrue(x.rows() > 0 && x.data().contentEquals(y.data()), "chunk " + i);
      }
    }
  }

  @Test
  void bz2ChunkTruncated_isAnErrorNamingTheFile() throws IOException {
    Path root = asBz2();
    Path file = root.resolve(DIR).resolve(CHUNK0);
    byte[] b = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(b, b.length / 2));
    editMetadata(root, n -> ((ObjectNode) n.get("chunks").get(0)).put("filesize", b.length / 2));
    try (SourceRun run = open(root)) {
      StorageException e = assertThrows(StorageException.class, () -> run.chunk(0));
      assertNames(e, CHUNK0, "bz2");
    }
  }

  @Test
  void unsupportedDtypeCode_isAnErrorNamingTheField() throws IOException {
    Path root = copy("strax_data");
    editMetadata(root, n -> n.put("dtype", n.get("dtype").asText().replace("'time'), '<i8'", "'time'), '<c16'")));
    StorageException e = assertThrows(StorageException.class, () -> open(root));
    assertNames(e, META, "time", "<c16");
  }

  @Test
  void dtypeThatDoesNotParse_isAnError() throws IOException {
    Path root = copy("strax_data");
    editMetadata(root, n -> n.put("dtype", "[(('Start time', 'time'), '<i8'"));
    StorageException e = assertThrows(StorageException.class, () -> open(root));
    assertNames(e, META, "does not parse");
  }

  @Test
  void invalidJson_isAnErrorNamingTheFile() throws IOException {
    Path root = copy("strax_data");
    Files.writeString(root.resolve(DIR).resolve(META), "{\"chunks\": [ {\"n\": 3,, } ");
    StorageException e = assertThrows(StorageException.class, () -> open(root));
    assertNames(e, META, "invalid JSON");
  }

  @Test
  void metadataOverTheSizeLimit_isRefusedBeforeReading() throws IOException {
    Path root = copy("strax_data");
    StraxSource s = StraxSource.builder(new org.apache.hadoop.fs.Path(root.toUri()), new Configuration())
        .schema(expectedSchema).metadataLimit(1000).build();
    StorageException e = assertThrows(StorageException.class, () -> s.open("000001", OptionValues.defaults(s.name(), s.options())));
    assertNames(e, META, "exceeds the limit of 1000");
  }

  @Test
  void chunksOutOfTimeOrder_isAnError() throws IOException {
    Path root = copy("strax_data");
    editMetadata(root, n -> {
      ArrayNode chunks = (ArrayNode) n.get("chunks");
      ObjectNode c1 = (ObjectNode) chunks.get(1);
      c1.put("start", chunks.get(0).get("start").asLong() + 10);
    });
    StorageException e = assertThrows(StorageException.class, () -> open(root));
    assertNames(e, META, "out of time order");
  }

  @Test
  void emptyChunkList_isAnError_notAnEmptyRun() throws IOException {
    // strax leaves the list empty only when its writing crashed; the run's range and files remain.
    Path root = copy("strax_data");
    editMetadata(root, n -> n.putArray("chunks"));
    StorageException e = assertThrows(StorageException.class, () -> open(root));
    assertNames(e, META, "no chunks");
  }

  @Test
  void chunkWithoutRows_hasNoFile_andReadsAsAnEmptyChunk() throws IOException {
    // strax saves no file for a chunk without rows; its metadata entry has no file name.
    Path root = copy("strax_data");
    long[] range = new long[2];
    editMetadata(root, n -> {
      long end = n.get("end").asLong();
      range[0] = end;
      range[1] = end + 5_000_000;
      ObjectNode empty = ((ArrayNode) n.get("chunks")).addObject();
      empty.put("chunk_i", 3).put("start", end).put("end", range[1]).put("n", 0).put("nbytes", 0).put("run_id", "000001")
          .put("filesize", 0).putNull("subruns");
      n.put("end", range[1]);
    });
    try (SourceRun run = open(root)) {
      assertEquals(4, run.chunkCount());
      Chunk last = run.chunk(3);
      assertEquals(0, last.rows());
      assertEquals(range[0], last.start());
      assertEquals(range[1], last.end());
      assertTrue(run.chunk(2).rows() > 0);
    }
  }

  /** strax never reads a file for a chunk of n=0 rows, so neither an empty nor an absent one matters. */
  @ParameterizedTest
  @ValueSource(strings = {"strax_data:absent", "strax_data_zstd:empty", "strax_data_blosc:empty", "strax_data_blosc:absent"})
  void chunkWithoutRows_namingAFile_readsAsEmpty_withoutReadingIt(String dirAndFile) throws IOException {
    String[] parts = dirAndFile.split(":");
    Path root = copy(parts[0]);
    String name = "raw_records-aefc63wawj-000003";
    if (parts[1].equals("empty")) {
      Files.write(root.resolve(DIR).resolve(name), new byte[0]);
    }
    editMetadata(root, n -> {
      long end = n.get("end").asLong();
      ((ArrayNode) n.get("chunks")).addObject().put("chunk_i", 3).put("start", end).put("end", end + 1000)
          .put("n", 0).put("nbytes", 0).put("run_id", "000001").put("filename", name).put("filesize", 0);
      n.put("end", end + 1000);
    });
    try (SourceRun run = open(root)) {
      assertEquals(4, run.chunkCount());
      assertEquals(0, run.chunk(3).rows());
    }
  }

  @Test
  void lastChunkMissingFromTheList_disagreesWithTheRunRange() throws IOException {
    Path root = copy("strax_data");
    editMetadata(root, n -> ((ArrayNode) n.get("chunks")).remove(n.get("chunks").size() - 1));
    StorageException e = assertThrows(StorageException.class, () -> open(root));
    assertNames(e, META, "disagrees with its chunks' range");
  }

  @Test
  void globCharactersInTheRoot_areTakenLiterally() throws IOException {
    Path plain = copy("strax_data");
    Path root = Files.move(plain, tmp.resolve("strax [1]*?{a,b}"));
    StraxSource s = sourceWithKnownSchema(root);
    try (SourceRun run = s.open("000001", OptionValues.defaults(s.name(), s.options()))) {
      assertEquals(3, run.chunkCount(), "the run is found under " + root);
    }
  }

  @Test
  void nbytesDisagreeingWithRowCount_isAnError() throws IOException {
    Path root = copy("strax_data");
    editMetadata(root, n -> ((ObjectNode) n.get("chunks").get(0)).put("n", 5515));
    StorageException e = assertThrows(StorageException.class, () -> open(root));
    assertNames(e, META, "nbytes", "5515");
  }

  @ParameterizedTest
  @ValueSource(strings = {"strax_data", "strax_data_zstd", "strax_data_blosc"})
  void rowCountDisagreeingWithData_isAnErrorNamingTheChunkFile(String dir) throws IOException {
    Path root = copy(dir);
    editMetadata(root, n -> {
      ObjectNode c0 = (ObjectNode) n.get("chunks").get(0);
      c0.put("n", 5515);
      c0.put("nbytes", 5515L * 244);
    });
    try (SourceRun run = open(root)) {
      StorageException e = assertThrows(StorageException.class, () -> run.chunk(0));
      assertNames(e, CHUNK0);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"strax_data", "strax_data_zstd", "strax_data_blosc"})
  void truncatedChunk_withFileSizeInMetadata_isReportedAsTruncated(String dir) throws IOException {
    Path root = copy(dir);
    truncate(root.resolve(DIR).resolve(CHUNK0), 1000);
    try (SourceRun run = open(root)) {
      StorageException e = assertThrows(StorageException.class, () -> run.chunk(0));
      assertNames(e, CHUNK0, "truncated");
      assertEquals(4591, run.chunk(1).rows(), "an undamaged chunk of the same run still reads");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"strax_data", "strax_data_zstd", "strax_data_blosc"})
  void truncatedChunk_withoutFileSize_isCaughtByTheDecoder(String dir) throws IOException {
    Path root = copy(dir);
    editMetadata(root, n -> ((ObjectNode) n.get("chunks").get(0)).remove("filesize"));
    for (int cut : new int[] {1, 13, 5000, 100_000}) {
      truncate(root.resolve(DIR).resolve(CHUNK0), cut);
      try (SourceRun run = open(root)) {
        StorageException e = assertThrows(StorageException.class, () -> run.chunk(0), "cut " + cut);
        assertNames(e, CHUNK0, "cannot be decoded");
      }
    }
  }

  @Test
  void missingChunkFile_failsTheRunOnOpening_beforeAnyChunkIsRead_namingIt() throws IOException {
    Path root = copy("strax_data_zstd");
    String last = "raw_records-aefc63wawj-000002";
    Files.delete(root.resolve(DIR).resolve(last));
    StorageException e = assertThrows(StorageException.class, () -> open(root));
    assertNames(e, DIR, "1 of the 3 chunk files of run 000001", "is missing (" + last + ")", "incomplete");
  }

  @Test
  void chunkFileGoneAfterOpening_isAnErrorNamingIt() throws IOException {
    Path root = copy("strax_data_zstd");
    try (SourceRun run = open(root)) {
      Files.delete(root.resolve(DIR).resolve(CHUNK0));
      StorageException e = assertThrows(StorageException.class, () -> run.chunk(0));
      assertNames(e, CHUNK0, "missing");
    }
  }

  /** A named pipe is never opened: opening it would wait for a writer, blocking the run until its timeout. */
  @Test
  void chunkFileThatIsANamedPipe_failsPromptly_namingIt() throws Exception {
    Path root = copy("strax_data");
    Fifos.make(root.resolve(DIR).resolve(CHUNK0));
    try (SourceRun run = open(root)) {
      StorageException e = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertThrows(StorageException.class, () -> run.chunk(0)));
      assertNames(e, DIR + "/" + CHUNK0, "is a named pipe, not a regular file");
    }
  }

  @Test
  void metadataThatIsANamedPipe_failsPromptly_namingIt() throws Exception {
    Path root = copy("strax_data");
    Fifos.make(root.resolve(DIR).resolve(META));
    StorageException e = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertThrows(StorageException.class, () -> open(root)));
    assertNames(e, DIR + "/" + META, "is a named pipe, not a regular file");
  }

  @Test
  void exceptionRecordedByStrax_isAnError() throws IOException {
    Path root = copy("strax_data");
    editMetadata(root, n -> n.put("exception", "Traceback (most recent call last):\n  File x\nValueError: boom"));
    StorageException e = assertThrows(StorageException.class, () -> open(root));
    assertNames(e, META, "ValueError: boom");
  }

  @Test
  void unsafeChunkFileName_isRefused() throws IOException {
    Path root = copy("strax_data");
    editMetadata(root, n -> ((ObjectNode) n.get("chunks").get(0)).put("filename", "../../etc/passwd"));
    StorageException e = assertThrows(StorageException.class, () -> open(root));
    assertNames(e, META, "unsafe file name");
  }

  @Test
  void dtypeDifferentFromTheSourceSchema_isRefusedOnOpen() throws IOException {
    Path root = copy("strax_data");
    editMetadata(root, n -> n.put("dtype", n.get("dtype").asText().replace("'channel'), '<i2'", "'channel'), '<u2'")));
    StorageException e = assertThrows(StorageException.class, () -> open(root));
    assertNames(e, META, "differs from the source's schema");
  }

  @Test
  void missingRun_isAConfigurationErrorNamingWhereItLooked() throws IOException {
    Path root = copy("strax_data");
    StraxSource s = sourceWithKnownSchema(root);
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> s.open("000002", OptionValues.defaults(s.name(), s.options())));
    assertTrue(e.getMessage().contains("000002-raw_records-<hash>"), e.getMessage());
  }

  @Test
  void runStraxHasNotFinishedWriting_isNotRead_andNamedWhereItWouldSeemAbsent() throws IOException {
    // strax writes into <dir>_temp and renames it when done; a stopped writer leaves the _temp.
    Path root = copy("strax_data");
    editMetadata(root, n -> n.remove("writing_ended"));
    Files.move(root.resolve(DIR), root.resolve(DIR + "_temp"));
    StraxDirectory dir = new StraxDirectory(new org.apache.hadoop.fs.Path(root.toUri()), new Configuration());
    assertTrue(dir.list("raw_records").isEmpty(), "an unfinished directory is not data");
    assertEquals(java.util.List.of(DIR + "_temp"), dir.unfinished("000001", "raw_records"));
    assertTrue(dir.unfinished("000002", "raw_records").isEmpty());
    assertTrue(dir.unfinished("000001", "records").isEmpty());
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> open(root));
    assertNames(e, DIR + "_temp", "run 000001", "strax has not finished writing it");
  }

  private static void truncate(Path file, int keep) throws IOException {
    byte[] all = Files.readAllBytes(SharedOriginal.of(file));
    Files.write(file, java.util.Arrays.copyOf(all, Math.min(keep, all.length)));
  }

  /** Truncations are always cut from the pristine reference file, not from an earlier cut. */
  private static final class SharedOriginal {
    static Path of(Path copied) {
      String compressorDir = copied.getParent().getParent().getFileName().toString();
      return SharedData.reference("strax-small/" + compressorDir + "/" + DIR + "/" + copied.getFileName());
    }
  }
}
