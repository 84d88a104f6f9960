package org.strand.storage.dataset;

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
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.strand.core.Chunk;
import org.strand.core.ConfigurationException;
import org.strand.plugin.Lineage;
import org.strand.storage.DataKey;
import org.strand.storage.testing.TestData;

/**
 * Whole-file checksums recorded while writing, and {@link DatasetStorage#verify} finding each kind
 * of damage to published data, naming the file, in both formats.
 */
class DatasetVerifyTest {
  @TempDir Path tmp;

  private static final Lineage LINEAGE = TestData.lineage("records", "1");
  private static final DataKey KEY = new DataKey("000042", "records", LINEAGE.hash());
  private static final DataKey OTHER = new DataKey("000043", "records", LINEAGE.hash());

  private DatasetStorage publish(DatasetFormat format) {
    DatasetStorage storage = DatasetTestSupport.open(tmp, DatasetOptions.builder(format).fileBytes(40_000).build());
    for (DataKey key : List.of(KEY, OTHER)) {
      // Both runs hold the same rows, so their files differ only in their footers' run ids.
      List<Chunk> chunks = TestData.chunks(TestData.RECORDS, key.runId(), "records", new int[] {150, 90, 200}, 5_000_000, 3);
      DatasetTestSupport.write(storage, key, TestData.RECORDS, LINEAGE, chunks);
    }
    return storage;
  }

  private Path runDir(DataKey key) {
    return tmp.resolve("records/lineage=" + key.lineage() + "/run_id=" + key.runId());
  }

  private Path part(DataKey key, DatasetFormat format, int i) {
    return runDir(key).resolve(String.format("part-%05d.%s", i, format.extension()));
  }

  private static Set<VerificationProblem.Kind> kinds(List<VerificationProblem> problems) {
    return problems.stream().map(VerificationProblem::kind).collect(Collectors.toSet());
  }

  @ParameterizedTest
  @EnumSource(DatasetFormat.class)
  void checksums_recordedWhileWriting_equalTheFilesCrc32c_andSoundDataVerifiesClean(DatasetFormat format) throws IOException {
    DatasetStorage storage = publish(format);
    ManifestEntry e = storage.entry(KEY).orElseThrow();
    assertTrue(e.files().size() > 1, "several part files: " + e.files());
    for (PartFile f : e.files()) {
      CRC32C crc = new CRC32C();
      crc.update(Files.readAllBytes(runDir(KEY).resolve(f.name())));
      assertEquals(String.format("crc32c:%08x", crc.getValue()), f.checksum(), f.name());
    }
    assertEquals(List.of(), storage.verify(KEY));
  }

  @ParameterizedTest
  @EnumSource(DatasetFormat.class)
  void missingFile_isReported(DatasetFormat format) throws IOException {
    DatasetStorage storage = publish(format);
    Files.delete(part(KEY, format, 1));
    List<VerificationProblem> p = storage.verify(KEY);
    assertEquals(1, p.size(), p.toString());
    assertEquals(VerificationProblem.Kind.MISSING, p.get(0).kind());
    assertTrue(p.get(0).path().endsWith("part-00001." + format.extension()), p.toString());
  }

  @ParameterizedTest
  @EnumSource(DatasetFormat.class)
  void missingDirectory_isOneProblem(DatasetFormat format) throws IOException {
    DatasetStorage storage = publish(format);
    try (Stream<Path> files = Files.list(runDir(KEY))) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Files.delete(f);
      }
    }
    Files.delete(runDir(KEY));
    List<VerificationProblem> p = storage.verify(KEY);
    assertEquals(1, p.size(), p.toString());
    assertEquals(VerificationProblem.Kind.MISSING, p.get(0).kind());
    assertTrue(p.get(0).message().contains("directory"), p.toString());
  }

  @ParameterizedTest
  @EnumSource(DatasetFormat.class)
  void truncatedFile_isASizeProblem(DatasetFormat format) throws IOException {
    DatasetStorage storage = publish(format);
    Path f = part(KEY, format, 0);
    byte[] b = Files.readAllBytes(f);
    Files.write(f, java.util.Arrays.copyOf(b, b.length - 10));
    List<VerificationProblem> p = storage.verify(KEY);
    assertEquals(List.of(VerificationProblem.Kind.SIZE), p.stream().map(VerificationProblem::kind).toList(), p.toString());
    assertTrue(p.get(0).message().contains("truncated"), p.toString());
    assertTrue(p.get(0).path().endsWith(f.getFileName().toString()));
  }

  @ParameterizedTest
  @EnumSource(DatasetFormat.class)
  void flippedByte_isAChecksumProblem(DatasetFormat format) throws IOException {
    DatasetStorage storage = publish(format);
    Path f = part(KEY, format, 1);
    byte[] b = Files.readAllBytes(f);
    b[b.length / 2] ^= 0x01;
    Files.write(f, b);
    List<VerificationProblem> p = storage.verify(KEY);
    assertEquals(List.of(VerificationProblem.Kind.CHECKSUM), p.stream().map(VerificationProblem::kind).toList(), p.toString());
    assertTrue(p.get(0).path().endsWith(f.getFileName().toString()));
  }

  @ParameterizedTest
  @EnumSource(DatasetFormat.class)
  void fileOfAnotherRun_isForeign_evenWithItsChecksumRecorded(DatasetFormat format) throws IOException {
    DatasetStorage storage = publish(format);
    Path mine = part(KEY, format, 0);
    Path theirs = part(OTHER, format, 0);
    assertEquals(Files.size(mine), Files.size(theirs), "same rows, footers of the same length");
    Files.copy(theirs, mine, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    List<VerificationProblem> p = storage.verify(KEY);
    assertEquals(Set.of(VerificationProblem.Kind.CHECKSUM), kinds(p), p.toString());
    // With the checksum recorded as the copied file's (as if the manifest had been rewritten),
    // the footer still gives it away.
    rewriteEntry(KEY, format, entry -> {
      ObjectNode f0 = (ObjectNode) entry.get("files").get(0);
      f0.put("checksum", storage.entry(OTHER).orElseThrow().files().get(0).checksum());
    });
    p = storage.verify(KEY);
    assertEquals(Set.of(VerificationProblem.Kind.FOREIGN), kinds(p), p.toString());
    assertTrue(p.get(0).message().contains("run 000043"), p.toString());
  }

  @ParameterizedTest
  @EnumSource(DatasetFormat.class)
  void rowCountDisagreeingWithTheManifest_isARowsProblem(DatasetFormat format) throws IOException {
    DatasetStorage storage = publish(format);
    // The manifest made to claim one more row in chunk 0 (and so in file 0 and the entry).
    rewriteEntry(KEY, format, entry -> {
      ArrayNode c0 = (ArrayNode) entry.get("chunks").get(0);
      c0.set(2, c0.get(2).asLong() + 1);
      ObjectNode f0 = (ObjectNode) entry.get("files").get(0);
      f0.put("rows", f0.get("rows").asLong() + 1);
      entry.put("rows", entry.get("rows").asLong() + 1);
    });
    List<VerificationProblem> p = storage.verify(KEY);
    assertEquals(List.of(VerificationProblem.Kind.ROWS), p.stream().map(VerificationProblem::kind).toList(), p.toString());
    assertTrue(p.get(0).message().contains("holds 150 rows, the manifest says 151"), p.toString());
  }

  @ParameterizedTest
  @EnumSource(DatasetFormat.class)
  void garbageWithTheRecordedSizeAndChecksum_isUnreadable(DatasetFormat format) throws IOException {
    DatasetStorage storage = publish(format);
    Path f = part(KEY, format, 1);
    byte[] garbage = new byte[(int) Files.size(f)];
    java.util.Arrays.fill(garbage, (byte) 7);
    Files.write(f, garbage);
    CRC32C crc = new CRC32C();
    crc.update(garbage);
    rewriteEntry(KEY, format, entry -> ((ObjectNode) entry.get("files").get(1)).put("checksum", String.format("crc32c:%08x", crc.getValue())));
    List<VerificationProblem> p = storage.verify(KEY);
    assertEquals(List.of(VerificationProblem.Kind.UNREADABLE), p.stream().map(VerificationProblem::kind).toList(), p.toString());
  }

  @ParameterizedTest
  @EnumSource(DatasetFormat.class)
  void unlistedPartFile_isUnexpected(DatasetFormat format) throws IOException {
    DatasetStorage storage = publish(format);
    Path extra = part(KEY, format, 9);
    Files.write(extra, new byte[] {1, 2, 3});
    List<VerificationProblem> p = storage.verify(KEY);
    assertEquals(List.of(VerificationProblem.Kind.UNEXPECTED), p.stream().map(VerificationProblem::kind).toList(), p.toString());
    assertTrue(p.get(0).path().endsWith("part-00009." + format.extension()));
  }

  @ParameterizedTest
  @EnumSource(DatasetFormat.class)
  void entriesWithoutChecksums_stillVerifySizesRowsAndFooters(DatasetFormat format) throws IOException {
    DatasetStorage storage = publish(format);
    rewriteEntry(KEY, format, entry -> {
      for (JsonNode f : entry.get("files")) {
        ((ObjectNode) f).remove("checksum");
      }
    });
    assertFalse(storage.entry(KEY).orElseThrow().files().get(0).hasChecksum());
    assertEquals(List.of(), storage.verify(KEY));
    Path f = part(KEY, format, 0);
    byte[] b = Files.readAllBytes(f);
    Files.write(f, java.util.Arrays.copyOf(b, b.length + 1));
    assertEquals(Set.of(VerificationProblem.Kind.SIZE), kinds(storage.verify(KEY)));
  }

  @ParameterizedTest
  @EnumSource(DatasetFormat.class)
  void unpublishedKey_isAConfigurationError(DatasetFormat format) {
    DatasetStorage storage = publish(format);
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> storage.verify(new DataKey("000099", "records", LINEAGE.hash())));
    assertTrue(e.getMessage().contains("000099-records-" + LINEAGE.hash() + " is not published"), e.getMessage());
  }

  private void rewriteEntry(DataKey key, DatasetFormat format, java.util.function.Consumer<ObjectNode> edit) throws IOException {
    Path entry = tmp.resolve("_strand/runs/records/" + key.lineage() + "/" + key.runId() + ".json");
    ObjectMapper json = new ObjectMapper();
    ObjectNode node = (ObjectNode) json.readTree(entry.toFile());
    edit.accept(node);
    Files.write(entry, json.writeValueAsBytes(node));
  }
}
