package org.strand.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.strand.core.Chunk;
import org.strand.core.Table;

/**
 * The standard chain against strax 2.2.3's own output for the reference run (README tolerances:
 * integers exact, float32 values within 1e-5 relative or 1e-4 absolute), processed chunk by
 * chunk with strax's chunk boundaries.
 */
class StraxReferenceTest {
  private static Path dir;
  private static Map<String, List<Chunk>> out;

  @BeforeAll
  static void runChain() throws IOException {
    dir = ReferenceData.run("strax-small");
    Table raw = NpyFile.read(dir.resolve("expected/raw_records.npy"));
    List<Chunk> chunks = new ArrayList<>();
    int at = 0;
    for (ReferenceData.ChunkRange c : ReferenceData.chunks(dir)) {
      chunks.add(Chunk.of("000001", "raw_records", c.start(), c.end(), raw.slice(at, at + c.rawRecords())));
      at += c.rawRecords();
    }
    assertEquals(raw.rows(), at, "chunks.json accounts for every raw record");
    out = new ChainRunner().run(chunks);
  }

  @Test
  void rawRecordsNpy_dtype_isTheRawRecordsSchemaWithStraxTitles() throws IOException {
    Table raw = NpyFile.read(dir.resolve("expected/raw_records.npy"));
    assertEquals(ChainSchemas.RAW_RECORDS, raw.schema());
    assertEquals(244, ChainSchemas.RAW_RECORDS.rowBytes());
  }

  @Test
  void records_referenceRun_matchStrax() throws IOException {
    ReferenceData.assertMatches("records", CsvColumns.read(dir.resolve("expected/records.csv")),
        ChainRunner.concat(out.get("records")));
  }

  @Test
  void hits_referenceRun_matchStrax() throws IOException {
    ReferenceData.assertMatches("hits", CsvColumns.read(dir.resolve("expected/hits.csv")), ChainRunner.concat(out.get("hits")));
  }

  @Test
  void peaks_referenceRun_matchStrax() throws IOException {
    ReferenceData.assertMatches("peaks", CsvColumns.read(dir.resolve("expected/peaks.csv")), ChainRunner.concat(out.get("peaks")));
  }

  @Test
  void rowsPerChunk_referenceRun_matchStraxMetadata() throws IOException {
    for (String type : List.of("records", "hits", "peaks")) {
      List<Integer> expected = ReferenceData.straxChunkRows(dir, type);
      List<Integer> actual = out.get(type).stream().map(Chunk::rows).toList();
      assertEquals(expected, actual, type + " rows per chunk");
    }
  }
}
