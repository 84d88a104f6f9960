package org.strand.spark.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.datasources.v2.BatchScanExec;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.strand.core.Chunk;
import org.strand.core.ConfigurationException;
import org.strand.core.Table;
import org.strand.plugin.Lineage;
import org.strand.spark.testing.StraxCopies;
import org.strand.storage.DataKey;
import org.strand.storage.DataWriter;
import org.strand.storage.StoredData;
import org.strand.storage.chunkstore.ChunkStore;
import org.strand.storage.chunkstore.ChunkStoreOptions;
import org.strand.storage.strax.StraxDirectory;
import org.strand.storage.testing.SharedData;
import org.strand.storage.testing.TestData;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The {@code strand} data source on Spark local[2]: strax-small (all three compressors) read
 * through it equals the reference values; SQL views; pushed run and time filters show in the plan
 * and read fewer chunks (Spark's scan metrics count them) with the same answer; chunk stores;
 * results equal a direct read through the storage adapters; option errors.
 */
class StrandDataSourceTest {
  private static final String RUN = "000001";
  /** raw_records' end of chunk 0 of strax-small (from its metadata). */
  private static final long CHUNK0_END = 1053860650L;

  private static SparkSession spark;

  @TempDir
  Path tmp;

  @BeforeAll
  static void startSpark() {
    spark = SparkSession.builder().master("local[2]").appName("strand-source-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.adaptive.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate();
  }

  @AfterAll
  static void stopSpark() {
    if (spark != null) {
      spark.stop();
    }
  }

  private static Dataset<Row> read(Path root, String type, String... options) {
    var reader = spark.read().format("strand").option("path", root.toString()).option("type", type);
    for (int i = 0; i < options.length; i += 2) {
      reader = reader.option(options[i], options[i + 1]);
    }
    return reader.load();
  }

  @ParameterizedTest
  @ValueSource(strings = {"strax_data", "strax_data_zstd", "strax_data_blosc"})
  void straxRawRecords_everyCompressor_equalTheReferenceValues(String dirName) throws IOException {
    Path dir = SharedData.reference("strax-small/" + dirName);
    ReferenceRows expected = ReferenceRows.read(SharedData.reference("strax-small/expected/raw_records.npy"));
    List<Row> rows = read(dir, "raw_records").collectAsList();
    assertEquals(expected.rows(), rows.size());
    for (int r = 0; r < rows.size(); r++) {
      Row row = rows.get(r);
      assertEquals(expected.time(r), row.getLong(row.fieldIndex("time")), "time of row " + r);
      assertEquals(expected.channel(r), row.getShort(row.fieldIndex("channel")), "channel of row " + r);
      assertEquals(expected.length(r), row.getInt(row.fieldIndex("length")), "length of row " + r);
      assertEquals(expected.recordI(r), row.getShort(row.fieldIndex("record_i")), "record_i of row " + r);
      assertArrayEquals(expected.data(r), shorts(row.getList(row.fieldIndex("data"))), "data of row " + r);
      assertEquals(RUN, row.getString(row.fieldIndex("run_id")));
    }
  }

  @Test
  void schema_arraysAsSparkArrays_straxTitlesAsComments_runIdAsString() {
    StructType schema = read(SharedData.reference("strax-small/strax_data"), "raw_records").schema();
    assertEquals(ArrayType.apply(DataTypes.ShortType, false), schema.apply("data").dataType());
    assertEquals("Waveform data in raw ADC counts", schema.apply("data").getComment().get());
    assertEquals("Start time since unix epoch [ns]", schema.apply("time").getComment().get());
    assertEquals(DataTypes.StringType, schema.apply("run_id").dataType());
    assertEquals("run_id", schema.fields()[schema.fields().length - 1].name(), "run_id after the data columns");
  }

  @Test
  void sqlTemporaryView_countsAndSumsMatchTheDirectRead() {
    Path dir = SharedData.reference("strax-small/strax_data");
    spark.sql("CREATE OR REPLACE TEMPORARY VIEW rr USING strand OPTIONS (path '" + dir + "', type 'raw_records')");
    Row r = spark.sql("SELECT count(*), sum(channel), sum(data[0]), min(run_id) FROM rr").first();
    Table all = directRead(new StraxDirectory(hadoopPath(dir), new Configuration()).open(RUN, "raw_records", "aefc63wawj"));
    long channels = 0;
    long firstSamples = 0;
    short[] channel = all.shorts("channel");
    short[] data = all.shorts("data");
    for (int i = 0; i < all.rows(); i++) {
      channels += channel[i];
      firstSamples += data[i * 110];
    }
    assertEquals(all.rows(), r.getLong(0));
    assertEquals(channels, r.getLong(1));
    assertEquals(firstSamples, r.getLong(2));
    assertEquals(RUN, r.getString(3));
  }

  @Test
  void runFilter_isPushed_readsOneRunsChunks_andGivesTheSameRows() throws IOException {
    Path root = threeStraxRuns();
    Counted all = count(read(root, "raw_records"));
    long allRows = all.rows();
    assertEquals(9, all.chunks(), "three runs of three chunks without a filter");

    Dataset<Row> one = read(root, "raw_records").filter("run_id = '000002'").select("time", "channel", "run_id");
    List<Row> rows = one.collectAsList();
    String plan = one.queryExecution().executedPlan().toString();
    assertTrue(plan.contains("PushedFilters: [EqualTo(run_id,000002)]"), plan);
    assertTrue(plan.contains("runs 1 of 3"), plan);
    assertEquals(3, chunksRead(one.queryExecution().executedPlan()), "only run 000002's chunks are read");
    assertEquals(allRows / 3, rows.size());
    assertTrue(rows.stream().allMatch(r -> r.getString(2).equals("000002")));
  }

  @Test
  void timeFilter_skipsChunksByTheirRange_andGivesTheSameAnswerAsWithoutPushdown() throws IOException {
    Path root = threeStraxRuns();
    Counted filtered = count(read(root, "raw_records").filter("time < " + CHUNK0_END));
    long n = filtered.rows();
    assertTrue(filtered.plan().contains("LessThan(time," + CHUNK0_END + ")"), filtered.plan());
    assertEquals(3, filtered.chunks(), "only the first chunk of each run");
    // The same condition evaluated by Spark on every row read without pruning.
    long expected = read(root, "raw_records").select("time").collectAsList().stream()
        .filter(r -> r.getLong(0) < CHUNK0_END).count();
    assertEquals(expected, n);
    assertEquals(3 * 5516, n, "chunk 0 of each run holds 5516 rows, all before its end");
  }

  @Test
  void timeRangeAndRun_combine_readingOneChunk() throws IOException {
    Path root = threeStraxRuns();
    Counted d = count(read(root, "raw_records").filter("run_id IN ('000003') AND time > " + CHUNK0_END + " AND time < 1060000000"));
    long n = d.rows();
    // A row may start at its chunk's end only if it also ends there, so chunk 0 [.., CHUNK0_END)
    // is kept for time >= CHUNK0_END, and skipped for time > CHUNK0_END.
    assertEquals(1, d.chunks(), "run 000003's chunk 1 only");
    long expected = read(root, "raw_records", "runs", "000003").select("time").collectAsList().stream()
        .filter(r -> r.getLong(0) > CHUNK0_END && r.getLong(0) < 1060000000L).count();
    assertEquals(expected, n);
    assertTrue(n > 0);
  }

  @Test
  void runsOption_restrictsTheRuns_andAMissingRunIsAnError() throws IOException {
    Path root = threeStraxRuns();
    assertEquals(List.of("000001", "000003"), read(root, "raw_records", "runs", "000003, 000001")
        .select("run_id").distinct().orderBy("run_id").collectAsList().stream().map(r -> r.getString(0)).toList());
    Exception e = assertThrows(Exception.class, () -> read(root, "raw_records", "runs", "000009").count());
    assertTrue(rootMessage(e).contains("run 000009 has no 'raw_records'"), rootMessage(e));
  }

  @Test
  void chunkStore_readsLikeTheStore_andAskForALineageWhenARunHasSeveral() {
    Path store = tmp.resolve("store");
    StoredData source = new StraxDirectory(hadoopPath(SharedData.reference("strax-small/strax_data")), new Configuration())
        .open(RUN, "raw_records", "aefc63wawj");
    ChunkStore cs = ChunkStore.open(hadoopPath(store), new Configuration(), ChunkStoreOptions.defaults());
    Lineage a = Lineage.of("raw_records", "Copy", "1", Map.of(), Map.of());
    Lineage b = Lineage.of("raw_records", "Copy", "2", Map.of(), Map.of());
    copy(source, cs, "000001", a);
    copy(source, cs, "000002", a);
    copy(source, cs, "000002", b);

    Exception ambiguous = assertThrows(Exception.class, () -> read(store, "raw_records").count());
    assertTrue(rootMessage(ambiguous).contains("run 000002 holds 'raw_records' with 2 lineages"), rootMessage(ambiguous));

    Dataset<Row> d = read(store, "raw_records", "lineage", a.hash());
    List<Row> rows = d.select("time", "channel", "data", "run_id").collectAsList();
    Table direct = directRead(cs.find(new DataKey("000002", "raw_records", a.hash())).orElseThrow());
    assertEquals(2L * direct.rows(), rows.size());
    List<Row> run2 = rows.stream().filter(r -> r.getString(3).equals("000002")).toList();
    for (int i = 0; i < direct.rows(); i++) {
      assertEquals(direct.longs("time")[i], run2.get(i).getLong(0), "time of row " + i);
      assertEquals(direct.shorts("channel")[i], run2.get(i).getShort(1), "channel of row " + i);
      assertArrayEquals(java.util.Arrays.copyOfRange(direct.shorts("data"), i * 110, (i + 1) * 110),
          shorts(run2.get(i).getList(2)), "data of row " + i);
    }
    assertEquals(1, read(store, "raw_records", "lineage", b.hash()).select("run_id").distinct().count());
  }

  /**
   * Every column type strand has (booleans, integers of 1 to 8 bytes, floats with NaN and signed
   * zeros, scalars and fixed-size arrays), stored in a chunk store and read through the data
   * source, equals the direct read value for value: the column vectors of each type.
   */
  @Test
  void everyColumnType_scalarsAndArrays_readsAsStored() {
    Path store = tmp.resolve("types");
    ChunkStore cs = ChunkStore.open(hadoopPath(store), new Configuration(), ChunkStoreOptions.defaults());
    Lineage lineage = TestData.lineage("things", "1");
    List<Chunk> chunks = TestData.chunks(TestData.ALL_TYPES, RUN, "things", new int[] {300, 0, 500}, 1_000_000, 5);
    DataWriter w = cs.writer(new DataKey(RUN, "things", lineage.hash()), TestData.ALL_TYPES, lineage);
    for (int i = 0; i < chunks.size(); i++) {
      w.write(i, chunks.get(i));
    }
    w.commit();
    Table direct = Chunk.concatenate(chunks).data();

    List<Row> rows = read(store, "things").collectAsList();
    assertEquals(direct.rows(), rows.size());
    for (int r = 0; r < rows.size(); r++) {
      Row row = rows.get(r);
      for (int f = 0; f < direct.schema().size(); f++) {
        org.strand.core.Field field = direct.schema().field(f);
        int width = field.width();
        Object actual = row.get(row.fieldIndex(field.name()));
        for (int k = 0; k < width; k++) {
          Object value = field.isArray() ? ((scala.collection.Seq<?>) actual).apply(k) : actual;
          int i = r * width + k;
          String where = field.name() + " of row " + r + ", element " + k;
          switch (field.type()) {
            case BOOL -> assertEquals(direct.bools(field.name())[i], value, where);
            case INT8 -> assertEquals(direct.bytes(field.name())[i], value, where);
            case INT16 -> assertEquals(direct.shorts(field.name())[i], value, where);
            case INT32 -> assertEquals(direct.ints(field.name())[i], value, where);
            case INT64 -> assertEquals(direct.longs(field.name())[i], value, where);
            case FLOAT32 -> assertEquals(Float.floatToRawIntBits(direct.floats(field.name())[i]),
                Float.floatToRawIntBits((Float) value), where);
            case FLOAT64 -> assertEquals(Double.doubleToRawLongBits(direct.doubles(field.name())[i]),
                Double.doubleToRawLongBits((Double) value), where);
            default -> throw new AssertionError("a type this test does not know: " + field);
          }
        }
      }
    }
  }

  @Test
  void badOptions_areConfigurationErrorsNamingTheProblem() {
    Exception noType = assertThrows(Exception.class,
        () -> spark.read().format("strand").option("path", tmp.toString()).load());
    assertTrue(rootMessage(noType).contains("needs option 'type'"), rootMessage(noType));
    Exception noPath = assertThrows(Exception.class, () -> read(tmp.resolve("nope"), "raw_records"));
    assertTrue(rootMessage(noPath).contains("does not exist"), rootMessage(noPath));
    Exception empty = assertThrows(Exception.class, () -> read(tmp, "raw_records"));
    assertTrue(rootMessage(empty).contains("holds no 'raw_records'"), rootMessage(empty));
    assertThrows(ConfigurationException.class, () -> SourceOptions.parse(Map.of("path", "x", "type", "peaks", "runs", "a b")));
  }

  // ---------------------------------------------------------------------------------------------

  /** strax-small's raw_records as runs 000001, 000002 and 000003 of one strax directory. */
  private Path threeStraxRuns() throws IOException {
    Path source = SharedData.reference("strax-small/strax_data");
    Path root = tmp.resolve("strax3");
    for (String id : new String[] {"000001", "000002", "000003"}) {
      StraxCopies.copyRun(source, RUN, root, id);
    }
    return root;
  }

  private static void copy(StoredData from, ChunkStore to, String runId, Lineage lineage) {
    DataWriter w = to.writer(new DataKey(runId, "raw_records", lineage.hash()), from.schema(), lineage);
    for (int i = 0; i < from.chunkCount(); i++) {
      Chunk c = from.read(i);
      w.write(i, Chunk.of(runId, c.type(), c.start(), c.end(), c.data()));
    }
    w.commit();
  }

  private static Table directRead(StoredData data) {
    List<Chunk> chunks = new ArrayList<>();
    for (int i = 0; i < data.chunkCount(); i++) {
      chunks.add(data.read(i));
    }
    return Chunk.concatenate(chunks).data();
  }

  /** A count and what its execution shows. */
  record Counted(long rows, long chunks, String plan) {}

  /** Counts {@code d}'s rows in one execution, and reads that execution's scan metrics. */
  static Counted count(Dataset<Row> d) {
    Dataset<Row> c = d.groupBy().count();
    long rows = c.collectAsList().get(0).getLong(0);
    SparkPlan plan = c.queryExecution().executedPlan();
    return new Counted(rows, chunksRead(plan), plan.toString());
  }

  /** The chunks the plan's strand scan read, from Spark's SQL metrics. */
  static long chunksRead(SparkPlan plan) {
    for (SparkPlan leaf : CollectionConverters.asJava(plan.collectLeaves())) {
      if (leaf instanceof BatchScanExec scan) {
        return scan.metrics().get(ScanMetrics.CHUNKS_READ).get().value();
      }
    }
    throw new AssertionError("no batch scan in " + plan);
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage();
  }

  private static org.apache.hadoop.fs.Path hadoopPath(Path p) {
    return new org.apache.hadoop.fs.Path(p.toUri());
  }

  private static short[] shorts(List<Object> values) {
    short[] out = new short[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (Short) values.get(i);
    }
    return out;
  }

  /**
   * strax-small's raw_records from the reference {@code .npy}, read at the fixed offsets of its
   * packed dtype (checked against the header), independently of strand's decoders.
   */
  record ReferenceRows(ByteBuffer payload, int rows) {
    private static final int ROW = 244;

    static ReferenceRows read(Path npy) throws IOException {
      byte[] all = Files.readAllBytes(npy);
      ByteBuffer bb = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
      int headerLength = bb.getShort(8) & 0xffff;
      String header = new String(all, 10, headerLength, StandardCharsets.ISO_8859_1);
      String layout = "'time'), '<i8'), (('Length of the interval in samples', 'length'), '<i4'), (('Width of one sample [ns]',"
          + " 'dt'), '<i2'), (('Channel/PMT number', 'channel'), '<i2'), (('Length of pulse to which the record belongs (without"
          + " zero-padding)', 'pulse_length'), '<i4'), (('Fragment number in the pulse', 'record_i'), '<i2')";
      if (!header.contains(layout) || !header.contains("'data'), '<i2', (110,))")) {
        throw new IOException(npy + " does not have the expected raw_records layout: " + header);
      }
      int start = 10 + headerLength;
      ByteBuffer payload = ByteBuffer.wrap(all, start, all.length - start).slice().order(ByteOrder.LITTLE_ENDIAN);
      return new ReferenceRows(payload, payload.capacity() / ROW);
    }

    long time(int r) {
      return payload.getLong(r * ROW);
    }

    int length(int r) {
      return payload.getInt(r * ROW + 8);
    }

    short channel(int r) {
      return payload.getShort(r * ROW + 14);
    }

    short recordI(int r) {
      return payload.getShort(r * ROW + 20);
    }

    short[] data(int r) {
      short[] out = new short[110];
      for (int k = 0; k < 110; k++) {
        out[k] = payload.getShort(r * ROW + 24 + 2 * k);
      }
      return out;
    }
  }
}
