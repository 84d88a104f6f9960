package org.strand.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.strand.core.Chunk;
import org.strand.core.Table;

/**
 * The chain's peaks against strax 2.2.3's for the mid-size reference run (446,826 raw records in
 * six chunks), read from strax's own lz4 data with a minimal test-only frame decoder (strax writes
 * each chunk as an LZ4 frame of the packed rows).
 */
class StraxBenchReferenceTest {
  @Test
  void peaks_benchRun_matchStrax() throws IOException {
    Path dir = ReferenceData.run("strax-bench");
    Path data;
    try (var dirs = Files.list(dir.resolve("strax_data"))) {
      data = dirs.filter(p -> p.getFileName().toString().contains("-raw_records-")).findFirst().orElseThrow();
    }
    Path meta;
    try (var files = Files.list(data)) {
      meta = files.filter(p -> p.getFileName().toString().endsWith("-metadata.json")).findFirst().orElseThrow();
    }
    String json = Files.readString(meta);
    Matcher m = Pattern.compile("\"end\":\\s*(\\d+),\\s*\"filename\":\\s*\"([^\"]+)\"(?:[^}]*?)\"n\":\\s*(\\d+)(?:[^}]*?)\"start\":\\s*(\\d+)")
        .matcher(json);
    ChainRunner chain = new ChainRunner();
    List<Chunk> peaks = new ArrayList<>();
    int index = 0;
    while (m.find()) {
      long end = Long.parseLong(m.group(1));
      int n = Integer.parseInt(m.group(3));
      long start = Long.parseLong(m.group(4));
      byte[] raw = Lz4Frames.decompress(Files.readAllBytes(data.resolve(m.group(2))), n * ChainSchemas.RAW_RECORDS.rowBytes());
      assertEquals((long) n * ChainSchemas.RAW_RECORDS.rowBytes(), raw.length, "bytes of chunk " + m.group(2));
      Table rows = NpyFile.decode(ByteBuffer.wrap(raw), 0, n, ChainSchemas.RAW_RECORDS);
      Chunk rawChunk = Chunk.of("000200", "raw_records", start, end, rows);
      peaks.add(chain.run(List.of(rawChunk)).get("peaks").get(0));
      index++;
    }
    assertEquals(6, index, "chunks in " + meta);
    ReferenceData.assertMatches("bench peaks", CsvColumns.read(dir.resolve("expected/peaks.csv")), ChainRunner.concat(peaks));
  }
}
