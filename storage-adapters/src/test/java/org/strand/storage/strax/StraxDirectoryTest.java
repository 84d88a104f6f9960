package org.strand.storage.strax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strand.core.Chunk;
import org.strand.core.ConfigurationException;
import org.strand.core.StorageException;
import org.strand.plugin.OptionValues;
import org.strand.plugin.SourceRun;
import org.strand.storage.ChunkInfo;
import org.strand.storage.DataKey;
import org.strand.storage.StoredData;
import org.strand.storage.testing.SharedData;

class StraxDirectoryTest {
  @TempDir Path tmp;

  private static StraxDirectory dir(Path p) {
    return new StraxDirectory(new org.apache.hadoop.fs.Path(p.toUri()), new Configuration());
  }

  @Test
  void list_rawRecords_givesTheRunWithItsSizeFromMetadata() {
    List<StraxRunEntry> runs = dir(SharedData.reference("strax-small/strax_data")).list("raw_records");
    assertEquals(1, runs.size());
    StraxRunEntry e = runs.get(0);
    assertEquals("000001", e.runId());
    assertEquals("aefc63wawj", e.lineageHash());
    assertEquals(14_711L * 244, e.rawBytes());
    assertEquals(3, e.chunks());
    assertTrue(e.isReadable());
  }

  @Test
  void list_otherTypes_areListedOnlyWhenAskedFor() {
    StraxDirectory d = dir(SharedData.reference("strax-small/strax_data"));
    assertEquals(List.of("000001"), d.list("peaks").stream().map(StraxRunEntry::runId).toList());
    assertTrue(d.list("events").isEmpty());
  }

  @Test
  void list_skipsUnfinishedAndInvalidNames_andReportsBrokenMetadata() throws IOException {
    Files.createDirectories(tmp.resolve("000003-raw_records-abc_temp"));
    Files.createDirectories(tmp.resolve("bad run-raw_records-abc"));
    Files.createDirectories(tmp.resolve("000004-raw_records-abc"));
    Files.writeString(tmp.resolve("000004-raw_records-abc/raw_records-abc-metadata.json"), "not json");
    Files.writeString(tmp.resolve("notes.txt"), "x");
    List<StraxRunEntry> runs = dir(tmp).list("raw_records");
    assertEquals(1, runs.size());
    StraxRunEntry e = runs.get(0);
    assertEquals("000004", e.runId());
    assertFalse(e.isReadable());
    assertTrue(e.problem().orElseThrow().contains("raw_records-abc-metadata.json"), e.problem().orElseThrow());
  }

  @Test
  void list_runBehindADanglingLink_isListedWithItsProblem_notDropped() throws IOException {
    Files.createDirectories(tmp.resolve("000004-raw_records-abc"));
    Files.createSymbolicLink(tmp.resolve("000005-raw_records-abc"), tmp.resolve("unmounted/000005-raw_records-abc"));
    Files.createSymbolicLink(tmp.resolve("000006-peaks-abc"), tmp.resolve("unmounted/000006-peaks-abc"));
    List<StraxRunEntry> runs = dir(tmp).list("raw_records");
    assertEquals(List.of("000004", "000005"), runs.stream().map(StraxRunEntry::runId).toList());
    StraxRunEntry linked = runs.get(1);
    assertFalse(linked.isReadable());
    String problem = linked.problem().orElseThrow();
    assertTrue(problem.contains("000005-raw_records-abc") && problem.contains("cannot be read"), problem);
    // Opening the run names the link too, rather than saying the run has no data.
    StorageException e = assertThrows(StorageException.class, () -> dir(tmp).find("000005", "raw_records"));
    assertTrue(e.getMessage().contains("000005-raw_records-abc"), e.getMessage());
    assertEquals(List.of("000004-raw_records-abc"), dir(tmp).find("000004", "raw_records").stream().map(p -> p.getName()).toList());
  }

  @Test
  void open_givesStoredDataWithStraxHashAndChunkMetadata_readingWhatTheSourceReads() {
    Path root = SharedData.reference("strax-small/strax_data");
    StraxDirectory d = dir(root);
    StoredData data = d.open(d.list("raw_records").get(0));
    assertEquals(new DataKey("000001", "raw_records", "aefc63wawj"), data.key());
    assertEquals(List.of(5516L, 4591L, 4604L), data.chunks().stream().map(ChunkInfo::rows).toList());
    assertEquals(1053860650L, data.chunks().get(0).end());
    assertEquals(14_711L * 244, data.totalBytes());
    assertEquals("Waveform data in raw ADC counts", data.schema().field("data").description());
    StraxSource source = StraxSourceTest.source(root);
    try (SourceRun run = source.open("000001", OptionValues.defaults(source.name(), source.options()))) {
      for (int i = 0; i < run.chunkCount(); i++) {
        Chunk a = data.read(i);
        Chunk b = run.chunk(i);
        assertEquals(b.start(), a.start());
        assertTrue(a.data().contentEquals(b.data()), "chunk " + i + " as the source reads it");
      }
    }
    assertThrows(StorageException.class, () -> data.read(3));
  }

  @Test
  void list_missingDirectory_isAConfigurationError() {
    assertThrows(ConfigurationException.class, () -> dir(tmp.resolve("nope")).list("raw_records"));
  }

  @Test
  void list_leadingZerosOfRunIdsAreKept() throws IOException {
    Path src = SharedData.reference("strax-small/strax_data_zstd/000001-raw_records-aefc63wawj");
    Path dst = tmp.resolve("000001-raw_records-aefc63wawj");
    Files.createDirectories(dst);
    try (var files = Files.list(src)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Files.copy(f, dst.resolve(f.getFileName()));
      }
    }
    assertEquals("000001", dir(tmp).list("raw_records").get(0).runId());
  }
}
