package org.strand.storage.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strand.core.Chunk;
import org.strand.core.FieldType;
import org.strand.core.Schema;
import org.strand.core.Table;
import org.strand.plugin.Lineage;
import org.strand.storage.DataKey;
import org.strand.storage.testing.TestData;

/**
 * The page encodings strand writes itself: dictionary pages (with bit-packed and run-length
 * indices), the fall-back to PLAIN in the middle of a column chunk, and list levels, each read
 * back by parquet-mr and by DuckDB.
 */
class ParquetEncodingTest {
  @TempDir Path tmp;

  static final Schema SCHEMA = Schema.builder()
      .scalar("time", FieldType.INT64, "")
      .scalar("endtime", FieldType.INT64, "")
      .scalar("constant", FieldType.INT8, "always 7")
      .scalar("few", FieldType.INT16, "0..19")
      .scalar("growing", FieldType.INT32, "few values at first, then many")
      .array("wave", FieldType.INT16, 8, "0..29")
      .array("single", FieldType.INT32, 1, "a one-element list")
      .build();

  private static List<Chunk> chunks() {
    List<Chunk> out = new ArrayList<>();
    SplittableRandom r = new SplittableRandom(3);
    long t0 = 1_000_000_000L;
    for (int c = 0; c < 4; c++) {
      int n = 3000;
      Table t = Table.allocate(SCHEMA, n);
      for (int i = 0; i < n; i++) {
        t.longs("time")[i] = t0 + c * 1_000_000L + i * 100L;
        t.longs("endtime")[i] = t.longs("time")[i] + 50;
        t.bytes("constant")[i] = 7;
        t.shorts("few")[i] = (short) r.nextInt(20);
        t.ints("growing")[i] = c == 0 ? r.nextInt(10) : r.nextInt(1_000_000);
        for (int k = 0; k < 8; k++) {
          t.shorts("wave")[i * 8 + k] = (short) r.nextInt(30);
        }
        t.ints("single")[i] = r.nextInt(5);
      }
      out.add(Chunk.of("000001", "coded", t0 + c * 1_000_000L, t0 + (c + 1) * 1_000_000L, t));
    }
    return out;
  }

  @Test
  void dictionaryAndFallbackPages_readBackExactly_byParquetMrAndDuckDb() throws Exception {
    Lineage lineage = TestData.lineage("coded", "1");
    DataKey key = new DataKey("000001", "coded", lineage.hash());
    DatasetStorage storage = DatasetTestSupport.open(tmp, DatasetOptions.builder(DatasetFormat.PARQUET).pageBytes(4096).build());
    List<Chunk> chunks = chunks();
    DatasetTestSupport.write(storage, key, SCHEMA, lineage, chunks);
    DatasetTestSupport.assertReadsBack(storage.find(key).orElseThrow(), chunks);

    Path part = tmp.resolve("coded/lineage=" + lineage.hash() + "/run_id=000001/part-00000.parquet");
    try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(part.toUri()), new Configuration()))) {
      BlockMetaData group = r.getRowGroups().get(0);
      assertTrue(encodings(group, "few").contains(Encoding.PLAIN_DICTIONARY), "few distinct values: dictionary");
      assertTrue(encodings(group, "wave").contains(Encoding.PLAIN_DICTIONARY), "a list of few values: dictionary");
      Set<Encoding> growing = encodings(group, "growing");
      assertTrue(growing.contains(Encoding.PLAIN_DICTIONARY) && growing.contains(Encoding.PLAIN), "dictionary, then PLAIN: " + growing);
      assertTrue(!encodings(group, "time").contains(Encoding.PLAIN_DICTIONARY), "int64 stays PLAIN");
    }

    long few = 0;
    long growing = 0;
    long wave = 0;
    long single = 0;
    for (Chunk c : chunks) {
      for (int i = 0; i < c.rows(); i++) {
        few += c.data().shorts("few")[i];
        growing += c.data().ints("growing")[i];
        single += c.data().ints("single")[i];
        for (int k = 0; k < 8; k++) {
          wave += (long) c.data().shorts("wave")[i * 8 + k] * (k + 1);
        }
      }
    }
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*), sum(constant), sum(few), sum(growing), "
            + "sum(list_sum(list_transform(wave, (x, i) -> x * i))), sum(single[1]), min(len(wave)) FROM read_parquet('" + part + "')")) {
      rs.next();
      assertEquals(12000, rs.getLong(1));
      assertEquals(7 * 12000, rs.getLong(2));
      assertEquals(few, rs.getLong(3));
      assertEquals(growing, rs.getLong(4));
      assertEquals(wave, rs.getLong(5));
      assertEquals(single, rs.getLong(6));
      assertEquals(8, rs.getInt(7));
    }
  }

  private static Set<Encoding> encodings(BlockMetaData group, String column) {
    for (ColumnChunkMetaData c : group.getColumns()) {
      if (c.getPath().toDotString().startsWith(column)) {
        return c.getEncodings().isEmpty() ? Set.of() : EnumSet.copyOf(c.getEncodings());
      }
    }
    throw new AssertionError("no column " + column);
  }
}
