package org.strand.storage.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strand.core.Chunk;
import org.strand.core.Table;
import org.strand.plugin.Lineage;
import org.strand.storage.DataKey;
import org.strand.storage.DataWriter;
import org.strand.storage.testing.TestData;

/** DuckDB, an independent Parquet reader, sees the dataset as strand wrote it. */
class DuckDbReadTest {
  @TempDir Path tmp;

  private static final Lineage LINEAGE = TestData.lineage("records", "1");

  @Test
  void duckDb_withHivePartitioning_readsTheSameValues_runIdsStayStrings() throws SQLException {
    DatasetStorage storage = DatasetTestSupport.open(tmp, DatasetOptions.defaults(DatasetFormat.PARQUET));
    List<Chunk> all = new ArrayList<>();
    for (String run : new String[] {"000001", "000042", "007342"}) {
      List<Chunk> chunks = TestData.chunks(TestData.RECORDS, run, "records", new int[] {400, 250}, 5_000_000, run.hashCode());
      DatasetTestSupport.write(storage, new DataKey(run, "records", LINEAGE.hash()), TestData.RECORDS, LINEAGE, chunks);
      all.addAll(chunks);
    }
    String glob = tmp.resolve("records").toString() + "/**/*.parquet";
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
      String source = "read_parquet('" + glob + "', hive_partitioning = true, hive_types = {'run_id': VARCHAR, 'lineage': VARCHAR})";
      try (ResultSet rs = s.executeQuery("SELECT run_id, lineage, count(*), sum(channel), sum(time % 1000003), sum(data[1]), sum(data[110]), "
          + "min(len(data)), max(len(data)) FROM " + source + " GROUP BY run_id, lineage ORDER BY run_id")) {
        int i = 0;
        for (String run : new String[] {"000001", "000042", "007342"}) {
          assertTrue(rs.next());
          assertEquals(run, rs.getString(1), "run id read as the string it is");
          assertEquals(LINEAGE.hash(), rs.getString(2));
          Table t = Table.concat(TestData.RECORDS, List.of(all.get(i).data(), all.get(i + 1).data()));
          i += 2;
          assertEquals(t.rows(), rs.getLong(3));
          long channels = 0;
          long times = 0;
          long first = 0;
          long last = 0;
          for (int r = 0; r < t.rows(); r++) {
            channels += t.shorts("channel")[r];
            times += t.longs("time")[r] % 1000003;
            first += t.shorts("data")[r * 110];
            last += t.shorts("data")[r * 110 + 109];
          }
          assertEquals(channels, rs.getLong(4));
          assertEquals(times, rs.getLong(5));
          assertEquals(first, rs.getLong(6));
          assertEquals(last, rs.getLong(7));
          assertEquals(110, rs.getInt(8));
          assertEquals(110, rs.getInt(9));
        }
      }
      try (ResultSet rs = s.executeQuery("SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM " + source + ") WHERE column_name IN ('data', 'dt', 'baseline')  ORDER BY column_name")) {
        assertTrue(rs.next());
        assertEquals("baseline FLOAT", rs.getString(1) + " " + rs.getString(2));
        assertTrue(rs.next());
        assertEquals("data SMALLINT[]", rs.getString(1) + " " + rs.getString(2));
        assertTrue(rs.next());
        assertEquals("dt SMALLINT", rs.getString(1) + " " + rs.getString(2));
      }
    }
  }

  @Test
  void globOverTheTypeDirectory_neverSeesAWriteInProgress() throws SQLException {
    DatasetStorage storage = DatasetTestSupport.open(tmp, DatasetOptions.defaults(DatasetFormat.PARQUET));
    List<Chunk> chunks = TestData.chunks(TestData.RECORDS, "000001", "records", new int[] {400, 250}, 5_000_000, 5);
    DataKey key = new DataKey("000001", "records", LINEAGE.hash());
    DatasetTestSupport.write(storage, new DataKey("000002", "records", LINEAGE.hash()), TestData.RECORDS, LINEAGE,
        TestData.chunks(TestData.RECORDS, "000002", "records", new int[] {10}, 5_000_000, 6));
    DataWriter w = storage.writer(key, TestData.RECORDS, LINEAGE);
    w.write(0, chunks.get(0));
    w.write(1, chunks.get(1));
    String count = "SELECT count(*) FROM read_parquet('" + tmp.resolve("records") + "/**', hive_partitioning = true)";
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery(count)) {
        rs.next();
        assertEquals(10, rs.getLong(1), "only the finished run is visible");
      }
      w.commit();
      try (ResultSet rs = s.executeQuery(count)) {
        rs.next();
        assertEquals(660, rs.getLong(1), "the whole run appears at commit");
      }
    }
  }
}
