package org.strand.spark.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strand.spark.testing.FileTreeCopy;
import org.strand.storage.DataKey;
import org.strand.storage.dataset.DatasetFormat;
import org.strand.storage.dataset.DatasetOptions;
import org.strand.storage.dataset.DatasetStorage;

/**
 * {@code strand sql}, its views and {@code tables.sql} over an Arrow output root, through the
 * {@code strand} data source, against a Parquet root made by the same job ({@code run --generate
 * 2 --run-size-mb 1}): the same SQL gives the same result table; and the data source's own
 * options, published runs only, and damaged part files.
 */
class ArrowOutputViewsTest {
  @TempDir
  static Path dir;

  static Path parquet;
  static Path arrow;
  static JsonNode arrowJob;

  static JsonNode job(Path root, String summaryName, String... extra) throws Exception {
    Path summary = dir.resolve(summaryName);
    List<String> args = new ArrayList<>(List.of("run", "--output", root.toString(), "--run-size-mb", "1", "--master", "local[2]",
        "--no-progress", "--summary-json", summary.toString()));
    args.addAll(List.of(extra));
    OutputViewsTest.Result r = OutputViewsTest.strand(args.toArray(String[]::new));
    assertEquals(0, r.code(), r.out() + r.err());
    return new ObjectMapper().readTree(summary.toFile());
  }

  @BeforeAll
  static void sameJobIntoAParquetAndAnArrowRoot() throws Exception {
    parquet = dir.resolve("parquet");
    arrow = dir.resolve("arrow");
    job(parquet, "parquet.json", "--generate", "2");
    arrowJob = job(arrow, "arrow.json", "--generate", "2", "--format", "arrow");
  }

  static OutputViewsTest.Result sql(Path root, String... args) {
    List<String> all = new ArrayList<>(List.of("sql", "--output", root.toString(), "--master", "local[2]"));
    all.addAll(List.of(args));
    return OutputViewsTest.strand(all.toArray(String[]::new));
  }

  static SparkSession views(Path root) {
    SparkSession spark = OutputViewsTest.session();
    OutputViews.register(spark, root.toString(), new Configuration(), LineageSelection.newest());
    return spark;
  }

  static Dataset<Row> read(Path root, String type, String... options) {
    var reader = OutputViewsTest.session().read().format("strand").option("path", root.toString()).option("type", type);
    for (int i = 0; i < options.length; i += 2) {
      reader = reader.option(options[i], options[i + 1]);
    }
    return reader.load();
  }

  static String rootMessage(Throwable e) {
    Throwable t = e;
    StringBuilder sb = new StringBuilder();
    while (t != null) {
      sb.append(t.getMessage()).append(" | ");
      t = t.getCause();
    }
    return sb.toString();
  }

  @Test
  void sqlCommand_overArrowRoot_printsWhatItPrintsOverTheParquetRoot() {
    List<String> queries = List.of(
        "SELECT run_id, COUNT(*), ROUND(SUM(area), 3) FROM peak_basics GROUP BY run_id ORDER BY run_id",
        "SELECT run_id, lineage, COUNT(*), SUM(n_peaks), ROUND(SUM(s2_area), 3) FROM event_basics GROUP BY run_id, lineage ORDER BY run_id",
        // Every value of every row, in any order: both roots hold the same rows.
        "SELECT COUNT(*), SUM(CAST(hash(*) AS DECIMAL(38, 0))) FROM peak_basics",
        "SELECT COUNT(*), SUM(CAST(hash(*) AS DECIMAL(38, 0))) FROM event_basics",
        "SELECT run_id, start, end, livetime, raw_bytes, status, error FROM strand_runs ORDER BY run_id",
        "SELECT type, lineage, run_id, rows, bytes, start, end, selected FROM strand_published ORDER BY type, run_id",
        "SELECT type, lineage, plugin, version, options, plugins, runs FROM strand_lineage ORDER BY type");
    for (String q : queries) {
      OutputViewsTest.Result p = sql(parquet, q);
      OutputViewsTest.Result a = sql(arrow, q);
      assertEquals(0, p.code(), p.err());
      assertEquals(0, a.code(), a.err());
      assertThat(a.out()).as(q).contains("row").isEqualTo(p.out());
      assertThat(a.err()).as(q).doesNotContain("warning");
    }
    assertThat(sql(arrow, queries.get(0)).out()).contains("000000 |", "000001 |", "(2 rows)");
  }

  @Test
  void views_haveTheParquetViewsColumns_namesTypesAndOrder() {
    SparkSession p = views(parquet);
    SparkSession a = views(arrow);
    for (String type : List.of("peak_basics", "event_basics", "strand_runs", "strand_published", "strand_lineage")) {
      List<String> expected = Arrays.stream(p.table(type).schema().fields()).map(ArrowOutputViewsTest::column).toList();
      List<String> actual = Arrays.stream(a.table(type).schema().fields()).map(ArrowOutputViewsTest::column).toList();
      assertEquals(expected, actual, type);
    }
    assertThat(a.table("peak_basics").columns()).endsWith("lineage", "run_id");
  }

  private static String column(StructField f) {
    return f.name() + " " + f.dataType().simpleString();
  }

  @Test
  void dataSource_readsAnArrowRoot_withRunsAndLineageOptions_asTheManifestDescribes() {
    String lineage = OutputViewsTest.lineage(arrowJob, "peak_basics");
    DatasetStorage storage = DatasetStorage.open(new org.apache.hadoop.fs.Path(arrow.toString()), new Configuration(),
        DatasetOptions.defaults(DatasetFormat.ARROW));
    long run1 = storage.entry(new DataKey("000001", "peak_basics", lineage)).orElseThrow().rows();
    long run0 = storage.entry(new DataKey("000000", "peak_basics", lineage)).orElseThrow().rows();

    List<Row> one = read(arrow, "peak_basics", "runs", "000001").groupBy("run_id", "lineage").count().collectAsList();
    assertEquals(1, one.size(), one.toString());
    assertEquals("000001", one.get(0).getString(0));
    assertEquals(lineage, one.get(0).getString(1));
    assertEquals(run1, one.get(0).getLong(2));
    assertEquals(run0 + run1, read(arrow, "peak_basics", "lineage", lineage).count());

    Exception otherLineage = assertThrows(Exception.class, () -> read(arrow, "peak_basics", "lineage", "nosuchhash00").count());
    assertThat(rootMessage(otherLineage)).contains("holds no 'peak_basics' with lineage nosuchhash00");
    Exception missingRun = assertThrows(Exception.class, () -> read(arrow, "peak_basics", "runs", "000009").count());
    assertThat(rootMessage(missingRun)).contains("run 000009 has no 'peak_basics' in the arrow dataset");
    Exception parquetRoot = assertThrows(Exception.class, () -> read(parquet, "peak_basics").count());
    assertThat(rootMessage(parquetRoot)).contains("spark.read.parquet(");
  }

  @Test
  void dataSourceAndViews_readPublishedRunsOnly_notFilesOutsideTheManifest() throws Exception {
    Path copy = FileTreeCopy.copy(arrow, dir.resolve("unpublished-copy"));
    String lineage = OutputViewsTest.lineage(arrowJob, "peak_basics");
    // A run directory no job published (as a crashed attempt's files moved by hand would be).
    FileTreeCopy.copy(copy.resolve("peak_basics/lineage=" + lineage + "/run_id=000001"),
        copy.resolve("peak_basics/lineage=" + lineage + "/run_id=000005"));
    List<String> runs = read(copy, "peak_basics").select("run_id").distinct().orderBy("run_id").collectAsList()
        .stream().map(r -> r.getString(0)).toList();
    assertEquals(List.of("000000", "000001"), runs);
    assertThat(OutputViewsTest.perRun(views(copy), "peak_basics").keySet()).containsExactly("000000/" + lineage, "000001/" + lineage);
  }

  @Test
  void truncatedPartFile_isLeftOutOfTheViewsAndNamed_andNamedByTheDataSource() throws Exception {
    Path copy = FileTreeCopy.copy(arrow, dir.resolve("damaged-copy"));
    String lineage = OutputViewsTest.lineage(arrowJob, "peak_basics");
    Path part;
    try (var files = Files.list(copy.resolve("peak_basics/lineage=" + lineage + "/run_id=000001"))) {
      part = files.filter(p -> p.getFileName().toString().startsWith("part-")).findFirst().orElseThrow();
    }
    Files.write(part, Arrays.copyOf(Files.readAllBytes(part), 100));

    SparkSession spark = OutputViewsTest.session();
    OutputViews.Registered views = OutputViews.register(spark, copy.toString(), new Configuration(), LineageSelection.newest());
    assertThat(views.leftOut()).containsExactly("peak_basics run 000001 (damaged)");
    assertThat(OutputViewsTest.perRun(spark, "peak_basics").keySet()).containsExactly("000000/" + lineage);

    OutputViewsTest.Result r = sql(copy, "SELECT COUNT(*) AS n FROM peak_basics");
    assertEquals(0, r.code(), r.err());
    assertThat(r.err()).contains("left out of the views", "peak_basics run 000001 (damaged)", "strand verify");

    Exception read = assertThrows(Exception.class, () -> read(copy, "peak_basics").count());
    assertThat(rootMessage(read)).contains("damaged", "run 000001", "run_id=000001");
    assertThat(read(copy, "peak_basics", "runs", "000000").count()).isPositive();
  }

  @Test
  void tablesSql_ofAnArrowRoot_usesTheStrandSource_andGivesTheViews() throws Exception {
    String script = Files.readString(arrow.resolve("_strand/" + TablesSql.FILE));
    assertThat(script).contains("USING strand", "OPTIONS (path '").doesNotContain("USING parquet");
    SparkSession tables = OutputViewsTest.session();
    run(tables, script);
    SparkSession views = views(arrow);
    for (String type : List.of("peak_basics", "event_basics")) {
      assertThat(OutputViewsTest.perRun(tables, type)).hasSize(2);
      assertEquals(OutputViewsTest.perRun(views, type), OutputViewsTest.perRun(tables, type), type);
      assertEquals(views.table(type).schema(), tables.table(type).schema(), type);
    }
    assertEquals(views.sql("SELECT * FROM strand_runs ORDER BY run_id").collectAsList().toString(),
        tables.sql("SELECT * FROM strand_runs ORDER BY run_id").collectAsList().toString());
  }

  private static void run(SparkSession spark, String script) {
    for (String statement : script.replaceAll("(?m)^--.*$", "").split("(?m);[ \\t]*$")) {
      if (!statement.isBlank()) {
        spark.sql(statement);
      }
    }
  }

  @Test
  void twoLineages_newestPerRun_pinnedAndByOptions_asForParquet() throws Exception {
    Path copy = FileTreeCopy.copy(arrow, dir.resolve("two-lineages"));
    JsonNode changedJob = job(copy, "changed.json", "--generate", "1", "--set", "hit_min_amplitude=20", "--format", "arrow");
    String old = OutputViewsTest.lineage(arrowJob, "peak_basics");
    String changed = OutputViewsTest.lineage(changedJob, "peak_basics");
    assertThat(changed).isNotEqualTo(old);

    SparkSession spark = views(copy);
    Map<String, Long> newest = OutputViewsTest.perRun(spark, "peak_basics");
    assertThat(newest).containsOnlyKeys("000000/" + changed, "000001/" + old);
    // A filter on the lineage reaches each lineage's scan: the other lineage's run is not read.
    Dataset<Row> oneLineage = spark.sql("SELECT run_id FROM peak_basics WHERE lineage = '" + old + "'");
    assertThat(oneLineage.distinct().collectAsList().toString()).isEqualTo("[[000001]]");
    assertThat(oneLineage.queryExecution().executedPlan().toString()).contains("runs 0 of 1", "runs 1 of 1");

    // tables.sql, rewritten by the job, shows the same mixture (one scan view per lineage).
    SparkSession tables = OutputViewsTest.session();
    run(tables, Files.readString(copy.resolve("_strand/" + TablesSql.FILE)));
    assertEquals(newest, OutputViewsTest.perRun(tables, "peak_basics"));

    OutputViewsTest.Result pinned = sql(copy, "--lineage", old, "SELECT run_id, lineage FROM peak_basics GROUP BY run_id, lineage ORDER BY run_id");
    assertEquals(0, pinned.code(), pinned.err());
    assertThat(pinned.out()).contains("000000 | " + old, "000001 | " + old, "(2 rows)");
    OutputViewsTest.Result bySet = sql(copy, "--set", "hit_min_amplitude=20",
        "SELECT run_id, lineage FROM event_basics GROUP BY run_id, lineage ORDER BY run_id");
    assertEquals(0, bySet.code(), bySet.err());
    assertThat(bySet.out()).contains("000000 | " + OutputViewsTest.lineage(changedJob, "event_basics"), "(1 row)");
  }
}
