package org.strand.spark.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strand.spark.testing.FileTreeCopy;

/**
 * {@code strand verify} reports every way published output can differ from its manifest, each
 * problem on a line naming the path, with exit 1; exit 0 only when everything matches. The
 * output is made once without Spark ({@code inprocess}) and copied for each damage.
 */
class VerifyCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  static Path pristineDir;

  @TempDir
  Path dir;

  static Path pristine;

  @BeforeAll
  static void publish() {
    pristine = pristineDir.resolve("out");
    Cli.Result r = Cli.run("inprocess", "--output", pristine.toString(), "--generate", "2", "--run-size-mb", "0.5",
        "--targets", "peaks,event_basics", "--no-progress");
    assertEquals(0, r.code(), r.toString());
  }

  private Path copy() throws IOException {
    return FileTreeCopy.copy(pristine, dir.resolve("out"));
  }

  private static Path part(Path out, String type, String run) throws IOException {
    try (Stream<Path> s = Files.walk(out.resolve(type))) {
      return s.filter(p -> p.getFileName().toString().startsWith("part-") && p.getParent().getFileName().toString().equals("run_id=" + run))
          .sorted().findFirst().orElseThrow();
    }
  }

  private static Path entry(Path out, String type, String run) throws IOException {
    try (Stream<Path> s = Files.walk(out.resolve("_strand/runs/" + type))) {
      return s.filter(p -> p.getFileName().toString().equals(run + ".json")).findFirst().orElseThrow();
    }
  }

  private static Cli.Result verify(Path out) {
    return Cli.run("verify", "--output", out.toString());
  }

  private static void assertOneProblem(Cli.Result r, String path, String words) {
    assertEquals(1, r.code(), r.toString());
    List<String> problems = r.out().lines().filter(l -> l.startsWith("problem: ")).toList();
    assertEquals(1, problems.size(), r.toString());
    assertThat(problems.get(0)).contains(path, words);
    assertThat(r.out()).contains("1 problem");
  }

  @Test
  void untouchedOutput_exit0_allGood() {
    Cli.Result r = verify(pristine);
    assertEquals(0, r.code(), r.toString());
    assertThat(r.out()).contains("4 published", "all good").doesNotContain("problem:");
  }

  @Test
  void damagedBytes_sameSize_reportedAsChecksumMismatch() throws IOException {
    Path out = copy();
    Path part = part(out, "peaks", "000001");
    byte[] bytes = Files.readAllBytes(part);
    for (int i = bytes.length / 2; i < bytes.length / 2 + 16; i++) {
      bytes[i] ^= 0x5a;
    }
    Files.write(part, bytes);
    assertOneProblem(verify(out), part.toString(), "checksum");
  }

  @Test
  void deletedPart_reportedAsMissing() throws IOException {
    Path out = copy();
    Path part = part(out, "event_basics", "000000");
    Files.delete(part);
    assertOneProblem(verify(out), part.toString(), "missing");
  }

  @Test
  void truncatedPart_reportedWithBothSizes() throws IOException {
    Path out = copy();
    Path part = part(out, "peaks", "000000");
    byte[] bytes = Files.readAllBytes(part);
    Files.write(part, java.util.Arrays.copyOf(bytes, bytes.length - 100));
    assertOneProblem(verify(out), part.toString(), "truncated");
  }

  @Test
  void unlistedPartBesideListedOnes_reported() throws IOException {
    Path out = copy();
    Path part = part(out, "peaks", "000000");
    Path extra = part.resolveSibling("part-00099.parquet");
    Files.copy(part, extra);
    assertOneProblem(verify(out), extra.toString(), "not listed in the manifest");
  }

  @Test
  void otherFileInRunDirectory_reported() throws IOException {
    Path out = copy();
    Path junk = part(out, "peaks", "000000").resolveSibling("notes.parquet");
    Files.writeString(junk, "not data");
    assertOneProblem(verify(out), junk.toString(), "unexpected file");
  }

  @Test
  void manifestRowCountEditedAlone_reportedAsInvalidEntry_otherRunsStillChecked() throws IOException {
    Path out = copy();
    Path entry = entry(out, "peaks", "000001");
    ObjectNode n = (ObjectNode) JSON.readTree(entry.toFile());
    n.put("rows", n.get("rows").asLong() + 1);
    Files.writeString(entry, JSON.writeValueAsString(n));
    // Damage another run too: it must still be found.
    Path part = part(out, "event_basics", "000000");
    Files.delete(part);
    Cli.Result r = verify(out);
    assertEquals(1, r.code(), r.toString());
    assertThat(r.out()).contains(entry.getFileName().toString(), "invalid manifest entry", part.toString(), "2 problems");
  }

  @Test
  void manifestRowCountsConsistentlyChanged_reportedAsRowMismatchOfTheFile() throws IOException {
    Path out = copy();
    Path entry = entry(out, "peaks", "000001");
    ObjectNode n = (ObjectNode) JSON.readTree(entry.toFile());
    ArrayNode firstChunk = (ArrayNode) n.get("chunks").get(0);
    firstChunk.set(2, firstChunk.get(2).asLong() + 7);
    ObjectNode firstFile = (ObjectNode) n.get("files").get(0);
    firstFile.put("rows", firstFile.get("rows").asLong() + 7);
    n.put("rows", n.get("rows").asLong() + 7);
    Files.writeString(entry, JSON.writeValueAsString(n));
    // The entry is consistent in itself; only the data disagrees with it. (Its checksum still
    // matches the file, so the row count is what is reported.)
    Path part = out.resolve("peaks").resolve("lineage=" + n.get("lineage").asText()).resolve("run_id=000001")
        .resolve(firstFile.get("name").asText());
    assertOneProblem(verify(out), part.toString(), "the manifest says");
  }

  @Test
  void removedManifestEntry_runDirectoryReportedAsUnlisted() throws IOException {
    Path out = copy();
    Path entry = entry(out, "event_basics", "000001");
    Files.delete(entry);
    Path runDir = part(out, "event_basics", "000001").getParent();
    Cli.Result r = verify(out);
    assertOneProblem(r, runDir.toString(), "no manifest entry");
    assertThat(r.out()).contains("3 published");
  }

  @Test
  void strayDirectoryUnderAType_reported() throws IOException {
    Path out = copy();
    Path stray = Files.createDirectories(out.resolve("peaks/stray"));
    assertOneProblem(verify(out), stray.toString(), "not a lineage=<hash> directory");
  }

  @Test
  void rootWithoutStrandOutput_exit2() throws IOException {
    Path empty = Files.createDirectories(dir.resolve("empty"));
    Cli.Result r = verify(empty);
    assertEquals(2, r.code(), r.toString());
    assertThat(r.err()).startsWith("strand: ").contains("holds no strand output");
  }
}
