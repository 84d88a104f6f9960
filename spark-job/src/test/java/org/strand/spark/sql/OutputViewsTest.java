package org.strand.spark.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strand.core.ConfigurationException;
import org.strand.spark.ResultTable;
import org.strand.spark.cli.StrandCli;
import org.strand.spark.testing.FileTreeCopy;
import org.strand.spark.testing.LogLines;

/**
 * The views and {@code tables.sql} over a root holding two lineages: runs 000000-000002 with the
 * default options, 000000-000001 again with {@code hit_min_amplitude=20}, and 000003 failed (a
 * run timeout), so it is in the run log but not in the manifest.
 */
class OutputViewsTest {
  @TempDir
  static Path dir;

  static Path out;
  static JsonNode first;
  static JsonNode second;

  record Result(int code, String out, String err) {}

  static Result strand(String... args) {
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    int code = StrandCli.execute(new PrintWriter(o, true), new PrintWriter(e, true), args);
    return new Result(code, o.toString(), e.toString());
  }

  static JsonNode job(int expectedCode, String summaryName, String... extra) throws Exception {
    Path summary = dir.resolve(summaryName);
    List<String> args = new ArrayList<>(List.of("run", "--output", out.toString(), "--run-size-mb", "1", "--master", "local[2]",
        "--no-progress", "--summary-json", summary.toString()));
    args.addAll(List.of(extra));
    Result r = strand(args.toArray(String[]::new));
    assertEquals(expectedCode, r.code(), r.out() + r.err());
    return new ObjectMapper().readTree(summary.toFile());
  }

  @BeforeAll
  static void twoLineagesAndAFailedRun() throws Exception {
    out = dir.resolve("out");
    first = job(0, "first.json", "--generate", "3");
    second = job(0, "second.json", "--generate", "2", "--set", "hit_min_amplitude=20");
    job(1, "third.json", "--generate", "4", "--run-timeout", "1ms");
  }

  static String lineage(JsonNode summary, String type) {
    return summary.get("runs").get(0).get("targets").get(type).get("lineage").asText();
  }

  static SparkSession session() {
    return SparkSession.builder().master("local[2]").getOrCreate().newSession();
  }

  /** (run_id, lineage) -> rows of a type's view or table. */
  static Map<String, Long> perRun(SparkSession spark, String table) {
    Map<String, Long> m = new TreeMap<>();
    for (Row r : spark.sql("SELECT run_id, lineage, COUNT(*) FROM " + table + " GROUP BY run_id, lineage").collectAsList()) {
      m.put(r.getString(0) + "/" + r.getString(1), r.getLong(2));
    }
    return m;
  }

  static Map<String, Long> register(SparkSession spark, LineageSelection selection, String type) {
    OutputViews.register(spark, out.toString(), new Configuration(), selection);
    return perRun(spark, type);
  }

  static long rowsOf(JsonNode summary, String runId, String type) {
    for (JsonNode run : summary.get("runs")) {
      if (run.get("run_id").asText().equals(runId)) {
        return run.get("targets").get(type).get("rows").asLong();
      }
    }
    throw new AssertionError("run " + runId + " not in the summary");
  }

  @Test
  void rootWithGlobCharacters_readsItsOwnDataOnly() throws Exception {
    // Spark expands glob characters in paths: the root's own are taken literally, and a sibling
    // the glob would also match (here "...*" and "...X") is not read.
    Path odd = dir.resolve("glob [1] {a,b} *");
    Path sibling = dir.resolve("glob [1] {a,b} X");
    FileTreeCopy.copy(out, odd);
    FileTreeCopy.copy(out, sibling);
    SparkSession spark = session();
    Map<String, Long> expected = register(spark, LineageSelection.newest(), "peak_basics");
    OutputViews.register(spark, odd.toString(), new Configuration(), LineageSelection.newest());
    assertEquals(expected, perRun(spark, "peak_basics"));
  }

  @Test
  void newest_showsTheLatestLineageOfEachRun() {
    String old = lineage(first, "peak_basics");
    String changed = lineage(second, "peak_basics");
    Map<String, Long> rows = register(session(), LineageSelection.newest(), "peak_basics");
    assertEquals(Map.of("000000/" + changed, rowsOf(second, "000000", "peak_basics"), "000001/" + changed, rowsOf(second, "000001", "peak_basics"),
        "000002/" + old, rowsOf(first, "000002", "peak_basics")), rows);
  }

  @Test
  void options_showWhatRunMakesWithThem_defaultsIncluded() {
    String old = lineage(first, "event_basics");
    String changed = lineage(second, "event_basics");
    Map<String, Long> defaults = register(session(), LineageSelection.options(Map.of(), List.of()), "event_basics");
    assertThat(defaults).containsOnlyKeys("000000/" + old, "000001/" + old, "000002/" + old);
    Map<String, Long> set = register(session(), LineageSelection.options(Map.of("hit_min_amplitude", "20"), List.of()), "event_basics");
    assertThat(set).containsOnlyKeys("000000/" + changed, "000001/" + changed);
    Map<String, Long> none = register(session(), LineageSelection.options(Map.of("hit_min_amplitude", "21"), List.of()), "strand_published");
    assertThat(none).isNotEmpty();
    SparkSession spark = session();
    OutputViews.Registered r = OutputViews.register(spark, out.toString(), new Configuration(),
        LineageSelection.options(Map.of("hit_min_amplitude", "21"), List.of()));
    assertThat(r.typesWithoutView()).containsExactly("event_basics", "peak_basics");
    assertThat(r.views()).doesNotContain("peak_basics");
  }

  @Test
  void options_varyingByRun_areResolvedPerRun() {
    // 20 for run 000000, the default 15 from 000001 on: run 000000 shows the changed lineage, the others the old one.
    Map<String, Object> values = Map.of("hit_min_amplitude", org.strand.plugin.ByRun.fromRuns(Map.of("000000", 20, "000001", 15)));
    Map<String, Long> peaks = register(session(), LineageSelection.options(values, List.of()), "peak_basics");
    String old = lineage(first, "peak_basics");
    assertThat(peaks).containsOnlyKeys("000000/" + lineage(second, "peak_basics"), "000001/" + old, "000002/" + old);
  }

  @Test
  void options_unknownName_isAConfigurationError() {
    assertThatThrownBy(() -> LineageSelection.options(Map.of("hit_min_amplitud", "20"), List.of()))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("unknown option 'hit_min_amplitud'");
  }

  @Test
  void pinned_peakLineage_selectsTheEventsMadeFromIt() {
    Map<String, Long> events = register(session(), LineageSelection.pinned(List.of(lineage(first, "peak_basics"))), "event_basics");
    String old = lineage(first, "event_basics");
    assertThat(events).containsOnlyKeys("000000/" + old, "000001/" + old, "000002/" + old);
    Map<String, Long> peaks = register(session(), LineageSelection.pinned(List.of(lineage(second, "event_basics"))), "peak_basics");
    String changed = lineage(second, "peak_basics");
    assertThat(peaks).containsOnlyKeys("000000/" + changed, "000001/" + changed);
  }

  @Test
  void pinned_unknownHash_namesItAndTheKnownOnes() {
    assertThatThrownBy(() -> OutputViews.register(session(), out.toString(), new Configuration(), LineageSelection.pinned(List.of("nosuchhash00"))))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("nosuchhash00").hasMessageContaining(lineage(first, "peak_basics"));
  }

  @Test
  void pinned_twoHashesThatDisagree_areRefusedNamingTheTypeTheyDisagreeOn() {
    String peaksA = lineage(first, "peak_basics");
    String peaksB = lineage(second, "peak_basics");
    assertThatThrownBy(() -> OutputViews.register(session(), out.toString(), new Configuration(), LineageSelection.pinned(List.of(peaksA, peaksB))))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("--lineage " + peaksA + " and " + peaksB + " conflict")
        .hasMessageContaining("different lineages of hits, peak_basics, peaks;");
    // An event lineage made from other peaks than the pinned ones conflicts through its tree.
    assertThatThrownBy(() -> OutputViews.register(session(), out.toString(), new Configuration(),
        LineageSelection.pinned(List.of(peaksA, lineage(second, "event_basics")))))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("different lineages of hits, peak_basics, peaks;");
    // Hashes that agree (the events made from the pinned peaks) are accepted.
    Map<String, Long> events = register(session(), LineageSelection.pinned(List.of(peaksA, lineage(first, "event_basics"))), "event_basics");
    assertThat(events).isNotEmpty();
  }

  @Test
  void strandRuns_oneRowPerRun_withRawBytesStatusAndTheFailedRun() {
    SparkSession spark = session();
    OutputViews.register(spark, out.toString(), new Configuration(), LineageSelection.newest());
    List<Row> runs = spark.sql("SELECT run_id, start, end, livetime, raw_bytes, status, error, strand_version, processed_at FROM strand_runs ORDER BY run_id")
        .collectAsList();
    assertEquals(4, runs.size(), runs.toString());
    for (int i = 0; i < 3; i++) {
      Row r = runs.get(i);
      JsonNode job = i < 2 ? second : first;
      assertEquals(String.format("%06d", i), r.getString(0));
      assertEquals(job.get("runs").get(i).get("raw_bytes").asLong(), r.getLong(4), "run " + r.getString(0));
      assertEquals("done", r.getString(5), "a run skipped by the failing job keeps its record");
      assertNull(r.get(6));
      assertEquals((r.getLong(2) - r.getLong(1)) / 1e9, r.getDouble(3), 1e-9);
      assertThat(r.getDouble(3)).isPositive();
      assertNotNull(r.get(7));
      assertNotNull(r.get(8));
    }
    Row failed = runs.get(3);
    assertEquals("000003", failed.getString(0));
    assertEquals("failed", failed.getString(5));
    assertThat(failed.getString(6)).isNotBlank();
    assertNull(failed.get(1), "a run with nothing published has no time range");
    assertThat(failed.getLong(4)).isPositive();

    List<Row> lineages = spark.sql("SELECT type, lineage, runs, plugins FROM strand_lineage ORDER BY type, runs").collectAsList();
    assertEquals(4, lineages.size());
    assertThat(lineages.get(0).getString(3)).startsWith("event_basics:EventBasics@").contains("peak_basics:PeakBasics@", "raw_records:");
    long selected = spark.sql("SELECT COUNT(*) FROM strand_published WHERE selected").first().getLong(0);
    assertEquals(6, selected, "3 runs of 2 types are shown");
    assertEquals(10, spark.sql("SELECT COUNT(*) FROM strand_published").first().getLong(0));
  }

  @Test
  void tablesSql_inAFreshSession_givesTheViewsCountsAndMetadata() throws Exception {
    String script = Files.readString(out.resolve("_strand/" + TablesSql.FILE));
    SparkSession tables = session();
    for (String statement : script.replaceAll("(?m)^--.*$", "").split("(?m);[ \\t]*$")) {
      if (!statement.isBlank()) {
        tables.sql(statement);
      }
    }
    SparkSession views = session();
    OutputViews.register(views, out.toString(), new Configuration(), LineageSelection.newest());
    for (String type : List.of("peak_basics", "event_basics")) {
      assertThat(tables.catalog().getTable(type).tableType()).isEqualTo("EXTERNAL");
      assertEquals(perRun(views, type), perRun(tables, type), type);
      assertEquals(views.table(type).schema(), tables.table(type).schema(), type);
    }
    for (String meta : List.of("strand_lineage", "strand_runs", "strand_published")) {
      assertEquals(views.table(meta).schema().simpleString(), tables.table(meta).schema().simpleString(), meta);
      String order = "ORDER BY " + String.join(", ", views.table(meta).columns());
      assertEquals(views.sql("SELECT * FROM " + meta + " " + order).collectAsList().toString(),
          tables.sql("SELECT * FROM " + meta + " " + order).collectAsList().toString(), meta);
    }
    tables.sql("DROP TABLE peak_basics");
    tables.sql("DROP TABLE event_basics");
    assertThat(Files.exists(out.resolve("peak_basics"))).as("dropping the external table keeps the data").isTrue();
  }

  @Test
  void sqlCommand_selectsByOptions_andRejectsMixedOrBadSelections() {
    Result bySet = strand("sql", "--output", out.toString(), "--master", "local[2]", "--set", "hit_min_amplitude=20",
        "SELECT run_id, lineage FROM peak_basics GROUP BY run_id, lineage ORDER BY run_id");
    assertEquals(0, bySet.code(), bySet.err());
    assertThat(bySet.out()).contains("000000 | " + lineage(second, "peak_basics"), "(2 rows)");

    Result mixed = strand("sql", "--output", out.toString(), "--set", "hit_min_amplitude=20", "--lineage", lineage(first, "peak_basics"), "SELECT 1");
    assertEquals(2, mixed.code(), mixed.err());
    assertThat(mixed.err()).contains("one or the other");

    Result unknown = strand("sql", "--output", out.toString(), "--set", "nope=1", "SELECT 1");
    assertEquals(2, unknown.code(), unknown.err());
    assertThat(unknown.err()).contains("unknown option 'nope'");

    Result parse = strand("sql", "--output", out.toString(), "SELEC run_id FROM strand_runs");
    assertEquals(2, parse.code(), parse.err());
    assertThat(parse.err()).startsWith("strand: SQL error").contains("PARSE_SYNTAX_ERROR").doesNotContain("\tat ");

    Result runtime = strand("sql", "--output", out.toString(), "SELECT CAST(run_id AS INT) / (LENGTH(run_id) - 6) FROM strand_runs");
    assertEquals(2, runtime.code(), runtime.err());
    assertThat(runtime.err()).startsWith("strand: SQL error").contains("DIVIDE_BY_ZERO").doesNotContain("\tat ");
  }

  @Test
  void resultTable_writesValuesAsSparkShowsThem_nestedOnesToo() {
    SparkSession spark = session();
    String text = ResultTable.format(spark.sql("SELECT array(1, 2) AS a, named_struct('x', 1, 'y', 'b') AS s, map('k', 1.5) AS m,"
        + " CAST(NULL AS INT) AS n, 'dup' AS a, array(array(1), array()) AS nested"), 10);
    List<String> lines = text.lines().toList();
    assertEquals("a      | s      | m          | n    | a   | nested   ", lines.get(0));
    assertEquals("[1, 2] | {1, b} | {k -> 1.5} | NULL | dup | [[1], []]", lines.get(2));
    assertEquals("(1 row)", lines.get(3));
  }

  @Test
  void sql_printsBinaryAsHexBytes_andControlCharactersEscaped_soEachRowIsOneLine() {
    Result r = strand("sql", "--output", out.toString(),
        "SELECT X'0AFF' AS b, 'a' || char(10) || 'b' AS s, 'x' || char(9) || 'y' || char(13) AS t, run_id FROM strand_runs ORDER BY run_id");
    assertEquals(0, r.code(), r.err());
    List<String> lines = r.out().lines().toList();
    assertEquals(List.of(
        "b       | s    | t      | run_id",
        "--------+------+--------+-------",
        "[0A FF] | a\\nb | x\\ty\\r | 000000",
        "[0A FF] | a\\nb | x\\ty\\r | 000001",
        "[0A FF] | a\\nb | x\\ty\\r | 000002",
        "[0A FF] | a\\nb | x\\ty\\r | 000003",
        "(4 rows)"), lines);
  }

  @Test
  void sql_failingInsideATask_isOneErrorLine_withoutSparksTaskTraces() {
    Result r;
    List<String> logged = new ArrayList<>();
    try (LogLines executor = LogLines.of("org.apache.spark.executor.Executor");
        LogLines scheduler = LogLines.of("org.apache.spark.scheduler.TaskSetManager")) {
      r = strand("sql", "--output", out.toString(), "SELECT CAST(run_id || 'x' AS INT) FROM peak_basics");
      logged.addAll(executor.lines());
      logged.addAll(scheduler.lines());
    }
    assertEquals(2, r.code(), r.toString());
    assertThat(r.err().strip()).startsWith("strand: SQL error: [CAST_INVALID_INPUT]").doesNotContain("\n");
    assertThat(logged).isEmpty();
  }

  @Test
  void resultTable_writesBinaryAndNullsAsSparkShowsThem_atAnyDepth() {
    SparkSession spark = session();
    String text = ResultTable.format(spark.sql("SELECT X'' AS empty, CAST(NULL AS BINARY) AS none, array(X'00', NULL) AS arr,"
        + " named_struct('x', X'41', 'y', CAST(NULL AS STRING)) AS st, map('k', CAST(NULL AS INT), 'v', 1) AS m,"
        + " map(X'0102', array(X'FF')) AS bm, CAST(NULL AS STRUCT<x: INT>) AS ns, array(named_struct('b', X'7F')) AS deep"), 10);
    List<String> lines = text.lines().toList();
    assertEquals(List.of("[]", "NULL", "[[00], NULL]", "{[41], NULL}", "{k -> NULL, v -> 1}", "{[01 02] -> [[FF]]}", "NULL", "[{[7F]}]"),
        Arrays.stream(lines.get(2).split(" \\| ")).map(String::strip).toList());
  }

  @Test
  void resultTable_escapesEveryControlCharacter_andPadsWideCharactersByTheirWidthOnScreen() {
    SparkSession spark = session();
    String text = ResultTable.format(spark.sql("SELECT char(27) || '[2J' || char(0) || char(7) || char(11) || char(12) || char(8) AS ctl,"
        + " '\\u2028a\\\\nb' AS `sep\nname`, '\u6570\u636e' AS w, 'x' AS after"), 10);
    List<String> lines = text.lines().toList();
    assertEquals(4, lines.size(), text);
    assertEquals("ctl" + " ".repeat(20) + " | sep\\nname  | w    | after", lines.get(0));
    assertEquals("\\u001B[2J\\u0000\\a\\v\\f\\b | \\u2028a\\nb | \u6570\u636e | x    ", lines.get(2));
  }

  @Test
  void damagedOrMissingRuns_areLeftOutOfTheViewsAndNamed_queriesStillRun() throws Exception {
    Path copy = dir.resolve("damaged-copy");
    FileTreeCopy.copy(out, copy);
    String peaks = lineage(first, "peak_basics");
    String events = lineage(first, "event_basics");
    Path part;
    try (var files = Files.list(copy.resolve("peak_basics/lineage=" + peaks + "/run_id=000002"))) {
      part = files.filter(p -> p.getFileName().toString().startsWith("part-")).findFirst().orElseThrow();
    }
    Files.write(part, Arrays.copyOf(Files.readAllBytes(part), 100));
    try (var gone = Files.walk(copy.resolve("event_basics/lineage=" + events + "/run_id=000002"))) {
      for (Path p : gone.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
    SparkSession spark = session();
    OutputViews.Registered views = OutputViews.register(spark, copy.toString(), new Configuration(), LineageSelection.newest());
    assertThat(views.leftOut()).containsExactly("event_basics run 000002 (missing)", "peak_basics run 000002 (damaged)");
    // Spark refused the whole view for the missing path, and failed queries on the truncated file.
    assertThat(perRun(spark, "peak_basics").keySet()).noneMatch(k -> k.startsWith("000002/")).isNotEmpty();
    assertThat(perRun(spark, "event_basics").keySet()).noneMatch(k -> k.startsWith("000002/")).isNotEmpty();

    Result sql = strand("sql", "--output", copy.toString(), "SELECT COUNT(*) AS n FROM event_basics");
    assertEquals(0, sql.code(), sql.err());
    assertThat(sql.err()).contains("left out of the views", "event_basics run 000002 (missing)", "peak_basics run 000002 (damaged)",
        "strand verify");

    // tables.sql shows what the views show; had it added the missing run's partition, a Spark
    // shell running it would have made the deleted directory again, empty.
    String tablesSql = TablesSql.statements(OutputCatalog.open(copy.toString(), new Configuration()), LineageSelection.newest());
    assertThat(tablesSql).contains("run_id = '000001')",
            "-- Left out, their files damaged or gone (`strand verify` names the problems): event_basics run 000002 (missing), "
                + "peak_basics run 000002 (damaged).\n")
        .doesNotContain("PARTITION (lineage = '" + events + "', run_id = '000002')", "PARTITION (lineage = '" + peaks + "', run_id = '000002')");
    SparkSession shell = session();
    for (String statement : tablesSql.replaceAll("(?m)^--.*$", "").split("(?m);[ \\t]*$")) {
      if (!statement.isBlank()) {
        shell.sql(statement);
      }
    }
    assertEquals(perRun(spark, "event_basics"), perRun(shell, "event_basics"));
    assertThat(copy.resolve("event_basics/lineage=" + events + "/run_id=000002")).doesNotExist();
    for (String type : List.of("peak_basics", "event_basics")) {
      shell.sql("DROP TABLE IF EXISTS " + type);
    }
  }

  @Test
  void quote_roundTripsThroughSparksParser() {
    SparkSession spark = session();
    for (String s : List.of("plain", "it's", "back\\slash", "two\nlines;\n", "tab\tand \u0001 control", "-- not a comment", "\u00b5s")) {
      assertEquals(s, spark.sql("SELECT " + TablesSql.quote(s)).first().getString(0), s);
    }
  }
}
