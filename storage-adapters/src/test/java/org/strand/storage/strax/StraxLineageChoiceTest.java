package org.strand.storage.strax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.strand.core.ConfigurationException;
import org.strand.plugin.Lineage;
import org.strand.plugin.OptionValues;
import org.strand.plugin.SourceRun;
import org.strand.storage.testing.SharedData;

/**
 * A run that strax wrote under two lineage hashes: refused unless one is chosen, and read from
 * the chosen one only.
 */
class StraxLineageChoiceTest {
  private static final String RUN = "000001";
  private static final String HASH = "aefc63wawj";
  private static final String OTHER = "zz0other00";

  @TempDir Path tmp;
  private Path root;

  @BeforeEach
  void twoLineages() throws IOException {
    Path reference = SharedData.reference("strax-small/strax_data");
    root = tmp.resolve("strax");
    copyUnderHash(reference.resolve(RUN + "-raw_records-" + HASH), root, HASH);
    copyUnderHash(reference.resolve(RUN + "-raw_records-" + HASH), root, OTHER);
  }

  /** Copies a strax directory as {@code <run>-raw_records-<hash>}, its files and metadata renamed to match. */
  static void copyUnderHash(Path from, Path root, String hash) throws IOException {
    Path to = Files.createDirectories(root.resolve(RUN + "-raw_records-" + hash));
    try (Stream<Path> files = Files.list(from)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        String name = f.getFileName().toString();
        Path dest = to.resolve(name.replace(HASH, hash));
        if (name.endsWith("-metadata.json")) {
          Files.writeString(dest, Files.readString(f).replace(HASH, hash));
        } else {
          Files.copy(f, dest);
        }
      }
    }
  }

  private StraxSource source(String lineage) {
    return StraxSource.builder(new org.apache.hadoop.fs.Path(root.toUri()), new Configuration()).lineage(lineage).build();
  }

  private static SourceRun open(StraxSource s) {
    return s.open(RUN, OptionValues.defaults(s.name(), s.options()));
  }

  @Test
  void twoLineages_noneChosen_isRefusedSayingOneCanBeChosen() {
    StraxSource s = source(null);
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> open(s));
    assertTrue(e.getMessage().contains("has 2 lineages of strax data of type 'raw_records'"), e.getMessage());
    assertTrue(e.getMessage().contains("keep only one or choose one by its hash (--input-lineage on the command line)"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {HASH, OTHER})
  void twoLineages_oneChosen_readsThatOne(String hash) {
    StraxSource s = source(hash);
    assertEquals(hash, s.lineage().orElseThrow());
    try (SourceRun run = open(s)) {
      assertEquals(hash, run.externalLineage().orElseThrow().hash(), "the data keeps the chosen lineage");
      assertEquals(3, run.chunkCount());
      assertEquals(5516, run.chunk(0).rows());
    }
  }

  @Test
  void unknownLineage_isRefusedNamingTheRunTheHashAndTheLineagesItHas() {
    StraxSource s = StraxSource.builder(new org.apache.hadoop.fs.Path(root.toUri()), new Configuration())
        .schema(source(HASH).schema("raw_records")).lineage("nosuch1").build();
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> open(s));
    assertTrue(e.getMessage().contains("run " + RUN), e.getMessage());
    assertTrue(e.getMessage().contains("with lineage nosuch1"), e.getMessage());
    assertTrue(e.getMessage().contains("[" + HASH + ", " + OTHER + "]"), e.getMessage());
  }

  private StraxSource listed(String lineage, String listedHash) {
    return StraxSource.builder(new org.apache.hadoop.fs.Path(root.toUri()), new Configuration())
        .lineage(lineage).listed(Map.of(RUN, listedHash)).build();
  }

  @Test
  void listedLineage_isFoundByName_notByListingTheDirectoryAgain() {
    // A listing now finds two lineages and refuses the run; the one listed before is read.
    StraxSource s = listed(null, OTHER);
    assertTrue(s.holds(RUN));
    try (SourceRun run = open(s)) {
      assertEquals(OTHER, run.externalLineage().orElseThrow().hash());
      assertEquals(3, run.chunkCount());
    }
    assertThrows(ConfigurationException.class, () -> open(source(null)), "without it the run is refused");
  }

  @Test
  void listedDirectoryGone_theDirectoryIsListedAgain() throws IOException {
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> open(listed(null, "gone000001")));
    assertTrue(e.getMessage().contains("has 2 lineages of strax data of type 'raw_records'"), e.getMessage());

    deleteTree(root.resolve(RUN + "-raw_records-" + OTHER));
    StraxSource s = listed(null, OTHER);
    assertTrue(s.holds(RUN), "held under the lineage a listing finds now");
    try (SourceRun run = open(s)) {
      assertEquals(HASH, run.externalLineage().orElseThrow().hash());
    }
  }

  @Test
  void listedLineage_otherThanTheChosenOne_isNotRead() {
    try (SourceRun run = open(listed(HASH, OTHER))) {
      assertEquals(HASH, run.externalLineage().orElseThrow().hash());
    }
  }

  @Test
  void listed_malformedHash_isRefusedByTheBuilder() {
    StraxSource.Builder b = StraxSource.builder(new org.apache.hadoop.fs.Path(root.toUri()), new Configuration());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.listed(Map.of(RUN, "../x")));
    assertTrue(e.getMessage().contains("'../x' listed for run " + RUN), e.getMessage());
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) all.sorted(java.util.Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }

  @Test
  void malformedLineage_isRefusedByTheBuilder() {
    StraxSource.Builder b = StraxSource.builder(new org.apache.hadoop.fs.Path(root.toUri()), new Configuration());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.lineage("../x"));
    assertTrue(e.getMessage().contains("'../x'"), e.getMessage());
  }

  @Test
  void lineageOptions_integersBeyond64Bits_keptExactlyInTheDescription() throws IOException {
    Path metadata = root.resolve(RUN + "-raw_records-" + HASH).resolve("raw_records-" + HASH + "-metadata.json");
    String big = "123456789012345678901234567890";
    String text = Files.readString(metadata).replaceFirst("\"0\\.0\\.0\",\\s*\\{\\}", "\"0.0.0\", {\"seed\": " + big + "}");
    assertTrue(text.contains(big), "the test's edit of the metadata took");
    Files.writeString(metadata, text);
    try (SourceRun run = open(source(HASH))) {
      Lineage lineage = run.externalLineage().orElseThrow();
      assertEquals(new BigInteger(big), lineage.options().get("seed"));
      assertTrue(lineage.toJson().contains("\"seed\":" + big), lineage.toJson());
      assertEquals(HASH, lineage.hash(), "strax's hash is kept as written");
    }
  }
}
