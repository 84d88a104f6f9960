package org.strand.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strand.chain.StandardChain;
import org.strand.context.Context;
import org.strand.spark.cli.StrandCli;
import org.strand.spark.testing.StraxCopies;
import org.strand.storage.testing.SharedData;

/** The job end to end on Spark local[2], checked with an independent reader (DuckDB). */
class JobEndToEndTest {
  @TempDir
  Path dir;

  record Result(int code, String out, String err) {}

  static Result strand(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = StrandCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Result(code, out.toString(), err.toString());
  }

  static JsonNode json(Path p) throws IOException {
    return new ObjectMapper().readTree(p.toFile());
  }

  /** Rows per run of a type, read by DuckDB with Hive partitioning and run ids as text. */
  static Map<String, Long> duckRowsPerRun(Path root, String type, String lineage) throws SQLException {
    Map<String, Long> out = new TreeMap<>();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
      String glob = root.resolve(type) + "/lineage=" + lineage + "/**/*.parquet";
      ResultSet rs = s.executeQuery("SELECT run_id, count(*) FROM read_parquet('" + glob
          + "', hive_partitioning = true, hive_types = {'run_id': VARCHAR, 'lineage': VARCHAR}) GROUP BY run_id");
      while (rs.next()) {
        out.put(rs.getString(1), rs.getLong(2));
      }
    }
    return out;
  }

  static List<String> lineageDirs(Path root, String type) throws IOException {
    try (Stream<Path> s = Files.list(root.resolve(type))) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("lineage=")).sorted().toList();
    }
  }

  @Test
  void generatedRuns_publishedOnce_rerunSkips_changedOptionWritesNewLineage() throws Exception {
    Path out = dir.resolve("out");
    Path summary = dir.resolve("summary.json");
    Result first = strand("run", "--output", out.toString(), "--generate", "6", "--run-size-mb", "1.5", "--master", "local[2]",
        "--no-progress", "--summary-json", summary.toString());
    assertEquals(0, first.code(), first.err());
    JsonNode s = json(summary);
    assertEquals("ok", s.get("status").asText());
    assertEquals(out.toString(), s.get("output").asText());
    assertEquals("generated", s.get("input").asText());
    assertTrue(s.has("store") && s.get("store").isNull(), "the store key is there, null without --store: " + s);
    assertEquals(6, s.get("runs").size());
    assertEquals(6, s.get("totals").get("done").asInt());
    JsonNode run0 = s.get("runs").get(0);
    assertEquals("000000", run0.get("run_id").asText());
    assertEquals("done", run0.get("status").asText());
    assertTrue(run0.get("raw_bytes").asLong() > 500_000);
    assertTrue(run0.get("seconds").asDouble() > 0);
    assertTrue(run0.get("error").isNull());
    String lineage = run0.get("targets").get("peak_basics").get("lineage").asText();

    // Rows per run equal an in-process run of the same configuration.
    Context inProcess = Context.of(StandardChain.plugins()).withOptions(Map.of("run_size_mb", 1.5, "generator_seed", 20261122L));
    Map<String, Long> published = duckRowsPerRun(out, "peak_basics", lineage);
    assertEquals(6, published.size(), published.toString());
    for (int i = 0; i < 6; i++) {
      String id = String.format("%06d", i);
      long expected = inProcess.get(id, "peak_basics").table().rows();
      assertEquals(expected, published.get(id), "run " + id);
      assertEquals(expected, s.get("runs").get(i).get("targets").get("peak_basics").get("rows").asLong());
    }
    assertEquals(lineage, inProcess.lineage("000000", "peak_basics").hash());

    // A rerun does nothing and says so.
    Result again = strand("run", "--output", out.toString(), "--generate", "6", "--run-size-mb", "1.5", "--master", "local[2]",
        "--no-progress", "--summary-json", summary.toString());
    assertEquals(0, again.code(), again.err());
    assertThat(again.err()).contains("nothing to do");
    assertEquals(6, json(summary).get("totals").get("skipped").asInt());

    // A changed option writes a new lineage and keeps the old one.
    Result changed = strand("run", "--output", out.toString(), "--generate", "2", "--run-size-mb", "1.5", "--master", "local[2]",
        "--no-progress", "--set", "hit_min_amplitude=20", "--summary-json", summary.toString());
    assertEquals(0, changed.code(), changed.err());
    String newLineage = json(summary).get("runs").get(0).get("targets").get("peak_basics").get("lineage").asText();
    assertThat(newLineage).isNotEqualTo(lineage);
    assertEquals(List.of("lineage=" + lineage, "lineage=" + newLineage).stream().sorted().toList(), lineageDirs(out, "peak_basics"));
    assertEquals(6, duckRowsPerRun(out, "peak_basics", lineage).size(), "old lineage untouched");
    assertEquals(2, duckRowsPerRun(out, "peak_basics", newLineage).size());

    Result list = strand("list", "--output", out.toString());
    assertEquals(0, list.code(), list.err());
    assertThat(list.out()).contains("peak_basics", lineage, newLineage, "000005", "16 published");

    Result sql = strand("sql", "--output", out.toString(), "--master", "local[2]",
        "CREATE TEMPORARY VIEW p AS SELECT * FROM peak_basics WHERE run_id < '000003'; SELECT run_id, COUNT(*) AS n FROM p GROUP BY run_id ORDER BY run_id");
    assertEquals(0, sql.code(), sql.err());
    Map<String, Long> newest = duckRowsPerRun(out, "peak_basics", newLineage);
    assertThat(sql.out()).contains("000000 | " + newest.get("000000"), "000001 | " + newest.get("000001"),
        "000002 | " + published.get("000002"), "(3 rows)");
    // Runs 000000-000001 show hit_min_amplitude=20, the others the default: the user is told.
    assertThat(sql.err()).contains("the views mix lineages", "peak_basics has 2 lineages across runs", "--lineage");
    Result lineageSql = strand("sql", "--output", out.toString(), "--lineage", lineage,
        "--statements may begin with a comment, as tables.sql does\n-- (with or without a space)\nSELECT COUNT(DISTINCT run_id) AS runs FROM peak_basics; SELECT plugin, version FROM strand_lineage WHERE lineage = '" + lineage + "'");
    assertEquals(0, lineageSql.code(), lineageSql.err());
    assertThat(lineageSql.err()).doesNotContain("mix lineages");
    assertThat(lineageSql.out()).contains("PeakBasics", "(1 row)");
    // tables.sql gives any Spark SQL shell the same tables as the views: the newest lineage of each run.
    String tables = Files.readString(out.resolve("_strand/tables.sql"));
    assertThat(tables).contains("CREATE TABLE `peak_basics`", "`run_id` STRING", "USING parquet", "ADD IF NOT EXISTS");
    org.apache.spark.sql.SparkSession spark = org.apache.spark.sql.SparkSession.builder().master("local[2]").getOrCreate().newSession();
    for (String statement : tables.replaceAll("(?m)^--.*$", "").split("(?m);[ \\t]*$")) {
      if (!statement.isBlank()) {
        spark.sql(statement);
      }
    }
    List<org.apache.spark.sql.Row> counts = spark.sql("SELECT run_id, lineage, COUNT(*) FROM peak_basics GROUP BY run_id, lineage ORDER BY run_id")
        .collectAsList();
    assertEquals(6, counts.size());
    for (org.apache.spark.sql.Row row : counts) {
      boolean rerun = row.getString(0).compareTo("000002") < 0;
      assertEquals(rerun ? newLineage : lineage, row.getString(1), "run " + row.getString(0));
      assertEquals((rerun ? newest : published).get(row.getString(0)), row.getLong(2), "run " + row.getString(0));
    }
    spark.sql("DROP TABLE IF EXISTS peak_basics");
    spark.sql("DROP TABLE IF EXISTS event_basics");

    Result badSql = strand("sql", "--output", out.toString(), "SELECT nope FROM peak_basics");
    assertEquals(2, badSql.code(), badSql.out() + badSql.err());
    assertThat(badSql.err().strip()).startsWith("strand: SQL error").doesNotContain("\tat ");

    Result verify = strand("verify", "--output", out.toString());
    assertEquals(0, verify.code(), verify.out() + verify.err());
    assertThat(verify.out()).contains("16 published", "all good");
    Path part;
    try (Stream<Path> files = Files.walk(out.resolve("event_basics"))) {
      part = files.filter(p -> p.toString().endsWith(".parquet") && p.toString().contains("run_id=000004")).findFirst().orElseThrow();
    }
    byte[] bytes = Files.readAllBytes(part);
    Files.write(part, java.util.Arrays.copyOf(bytes, bytes.length - 10));
    Result damaged = strand("verify", "--output", out.toString());
    assertEquals(1, damaged.code(), damaged.out());
    assertThat(damaged.out()).contains("problem: ", part.getFileName().toString(), "1 problem");
    // A rerun does not take the damaged run as done: it fails, saying how to republish it.
    Result rerunDamaged = strand("run", "--output", out.toString(), "--generate", "6", "--run-size-mb", "1.5", "--master", "local[2]",
        "--no-progress");
    assertEquals(1, rerunDamaged.code(), rerunDamaged.out() + rerunDamaged.err());
    assertThat(rerunDamaged.out()).contains("failed run 000004", part.getFileName().toString(), "is damaged", "republish");
    Files.write(part, bytes);

    Result explain = strand("explain", "--output", out.toString(), "--generate", "3", "--run-size-mb", "1.5");
    assertEquals(0, explain.code(), explain.err());
    assertThat(explain.out()).contains("peak_basics", lineage, "3 of 3 runs already done");

    // An event option alone: peak_basics is left as published and reported as reused, beside the new events.
    Result eventsOnly = strand("run", "--output", out.toString(), "--generate", "2", "--run-size-mb", "1.5", "--master", "local[2]",
        "--no-progress", "--set", "trigger_min_area=200", "--summary-json", summary.toString());
    assertEquals(0, eventsOnly.code(), eventsOnly.err());
    JsonNode partly = json(summary);
    for (JsonNode run : partly.get("runs")) {
      assertEquals("done", run.get("status").asText());
      JsonNode peaks = run.get("targets").get("peak_basics");
      assertEquals(lineage, peaks.get("lineage").asText(), run.toString());
      assertTrue(peaks.get("reused").asBoolean(), run.toString());
      assertEquals(published.get(run.get("run_id").asText()), peaks.get("rows").asLong());
      assertFalse(run.get("targets").get("event_basics").get("reused").asBoolean(), run.toString());
    }
    assertEquals(published.get("000000") + published.get("000001"), partly.get("totals").get("targets").get("peak_basics").get("rows").asLong());
    assertThat(eventsOnly.out()).containsPattern("peak_basics +0 +2 +0 +" + (published.get("000000") + published.get("000001")));

    // Now run 000000's newest events come from the default peaks, its newest peaks from hit_min_amplitude=20.
    Result mixed = strand("sql", "--output", out.toString(), "SELECT COUNT(*) FROM event_basics");
    assertEquals(0, mixed.code(), mixed.err());
    assertThat(mixed.err()).contains("run 000000's event_basics", "was made from other peak_basics (" + lineage + ") than those shown ("
        + newLineage + ")");
  }

  @Test
  void store_changedEventOption_reusesStoredHitsAndPeaks() throws Exception {
    Path out = dir.resolve("out");
    Path store = dir.resolve("store");
    Path summary = dir.resolve("summary.json");
    String[] common = {"run", "--output", out.toString(), "--generate", "2", "--run-size-mb", "1", "--master", "local[2]",
        "--no-progress", "--store", store.toString(), "--summary-json", summary.toString()};
    Result first = strand(common);
    assertEquals(0, first.code(), first.err());
    assertEquals(store.toString(), json(summary).get("store").asText());
    JsonNode stages = json(summary).get("runs").get(0).get("stages");
    assertTrue(stages.has("plugin 'Hits'") && stages.has("saver of 'hits'") && stages.has("saver of 'peaks'"), stages.toString());
    long events = json(summary).get("runs").get(0).get("targets").get("event_basics").get("rows").asLong();

    List<String> args = new java.util.ArrayList<>(List.of(common));
    args.addAll(List.of("--set", "right_event_extension=500000"));
    Result second = strand(args.toArray(String[]::new));
    assertEquals(0, second.code(), second.err());
    JsonNode run = json(summary).get("runs").get(0);
    assertEquals("done", run.get("status").asText());
    JsonNode again = run.get("stages");
    assertTrue(again.has("loader of 'peak_basics'") || again.has("loader of 'peaks'"), again.toString());
    assertTrue(!again.has("plugin 'Hits'") && !again.has("plugin 'Peaks'") && !again.has("source 'RawRecordsGenerator'"),
        "hits and peaks are loaded, not recomputed: " + again);
    assertTrue(again.has("plugin 'Events'"), again.toString());
    assertTrue(run.get("targets").get("event_basics").get("rows").asLong() > 0);
    assertTrue(run.get("targets").get("event_basics").get("rows").asLong() <= events, "wider windows merge events");

    // A changed peak classification recomputes peak_basics from the peaks kept in the store.
    List<String> third = new java.util.ArrayList<>(List.of(common));
    third.addAll(List.of("--set", "s2_min_width=150"));
    Result r3 = strand(third.toArray(String[]::new));
    assertEquals(0, r3.code(), r3.err());
    JsonNode s3 = json(summary).get("runs").get(1).get("stages");
    assertTrue(s3.has("loader of 'peaks'") && s3.has("plugin 'PeakBasics'"), s3.toString());
    assertTrue(!s3.has("plugin 'Peaks'") && !s3.has("plugin 'Hits'"), s3.toString());
  }

  @Test
  void chunkStoreInput_givesTheSameTablesAndLineagesAsTheOriginalSource_andADamagedKeyFailsOnlyItsRun() throws Exception {
    // Glob characters in the root are taken literally.
    Path store = dir.resolve("store[1]");
    Path first = dir.resolve("summary1.json");
    Result r1 = strand("run", "--output", dir.resolve("out1").toString(), "--generate", "2", "--run-size-mb", "1",
        "--master", "local[2]", "--no-progress", "--store", store.toString(), "--save", "raw_records,peaks",
        "--summary-json", first.toString());
    assertEquals(0, r1.code(), r1.err());
    Path second = dir.resolve("summary2.json");
    Result r2 = strand("run", "--output", dir.resolve("out2").toString(), "--input", store.toString(),
        "--master", "local[2]", "--no-progress", "--summary-json", second.toString());
    assertEquals(0, r2.code(), r2.err());
    JsonNode a = json(first).get("runs");
    JsonNode b = json(second).get("runs");
    assertEquals(2, b.size());
    for (int i = 0; i < 2; i++) {
      assertEquals(a.get(i).get("run_id").asText(), b.get(i).get("run_id").asText());
      assertEquals(a.get(i).get("raw_bytes").asLong(), b.get(i).get("raw_bytes").asLong());
      for (String t : List.of("peak_basics", "event_basics")) {
        assertEquals(a.get(i).get("targets").get(t), b.get(i).get("targets").get(t), t);
      }
      assertTrue(b.get(i).get("stages").has("source 'ChunkStoreReader'"), b.get(i).get("stages").toString());
    }

    Path damaged;
    try (Stream<Path> keys = Files.list(store)) {
      damaged = keys.filter(p -> p.getFileName().toString().startsWith("000001-raw_records-")).findFirst().orElseThrow()
          .resolve("metadata.json");
    }
    Files.writeString(damaged, "{\"format\": \"strand-chunks\", \"chunks\": [");
    Path third = dir.resolve("summary3.json");
    Result r3 = strand("run", "--output", dir.resolve("out3").toString(), "--input", store.toString(),
        "--master", "local[2]", "--no-progress", "--summary-json", third.toString());
    assertEquals(1, r3.code(), r3.out() + r3.err());
    assertThat(r3.err()).doesNotContain("\tat ");
    Map<String, JsonNode> byRun = runsById(json(third));
    assertEquals("done", byRun.get("000000").get("status").asText());
    assertEquals("failed", byRun.get("000001").get("status").asText());
    assertThat(byRun.get("000001").get("error").asText()).contains(damaged.getParent().getFileName() + "/metadata.json", "invalid JSON");
  }

  /** Runs 000001 to 000003 of strax-small's run under {@code dir/strax}, with run 000002's second chunk truncated; returns that chunk. */
  private Path straxInputWithCorruptRun2() throws IOException {
    Path reference = SharedData.reference("strax-small/strax_data");
    Path input = dir.resolve("strax");
    for (String id : List.of("000001", "000002", "000003")) {
      StraxCopies.copyRun(reference, "000001", input, id);
    }
    Path chunk;
    try (Stream<Path> s = Files.list(straxRunDir("000002"))) {
      chunk = s.filter(p -> p.getFileName().toString().endsWith("-000001")).findFirst().orElseThrow();
    }
    byte[] bytes = Files.readAllBytes(chunk);
    Files.write(chunk, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    return chunk;
  }

  /** The raw_records directory of a run under {@code dir/strax}. */
  private Path straxRunDir(String runId) throws IOException {
    try (Stream<Path> s = Files.list(dir.resolve("strax"))) {
      return s.filter(p -> p.getFileName().toString().startsWith(runId + "-")).findFirst().orElseThrow();
    }
  }

  private static Map<String, JsonNode> runsById(JsonNode summary) {
    Map<String, JsonNode> byRun = new TreeMap<>();
    summary.get("runs").forEach(n -> byRun.put(n.get("run_id").asText(), n));
    return byRun;
  }

  @Test
  void corruptRunAmongGoodOnes_failsAlone_exit1_namingThePath() throws Exception {
    Path chunk = straxInputWithCorruptRun2();
    Path out = dir.resolve("out");
    Path summary = dir.resolve("summary.json");
    Result r = strand("run", "--output", out.toString(), "--input", dir.resolve("strax").toString(), "--targets", "peaks,peak_basics",
        "--master", "local[2]", "--no-progress", "--summary-json", summary.toString());
    assertEquals(1, r.code(), r.out() + r.err());
    JsonNode s = json(summary);
    assertEquals("failed", s.get("status").asText());
    Map<String, JsonNode> byRun = runsById(s);
    assertEquals("done", byRun.get("000001").get("status").asText());
    assertEquals("done", byRun.get("000003").get("status").asText());
    assertEquals("failed", byRun.get("000002").get("status").asText());
    assertThat(byRun.get("000002").get("error").asText()).contains(chunk.getFileName().toString());
    assertThat(r.out()).contains("failed run 000002");
    String lineage = byRun.get("000001").get("targets").get("peaks").get("lineage").asText();
    assertEquals(Map.of("000001", 159L, "000003", 159L), duckRowsPerRun(out, "peaks", lineage));
  }

  @Test
  void onlyRunCannotBePlanned_isReportedAsSuch_notAsAlreadyPublished() throws Exception {
    straxInputWithCorruptRun2();
    try (Stream<Path> s = Files.list(straxRunDir("000002"))) {
      Files.delete(s.filter(p -> p.getFileName().toString().endsWith("-metadata.json")).findFirst().orElseThrow());
    }
    Result r = strand("run", "--output", dir.resolve("out").toString(), "--input", dir.resolve("strax").toString(), "--runs", "000002",
        "--master", "local[1]", "--no-progress");
    assertEquals(1, r.code(), r.out() + r.err());
    assertThat(r.err()).contains("1 of the 1 selected runs cannot be planned").doesNotContain("already published");
    assertThat(r.out()).contains("failed run 000002", "metadata.json");

    Result explain = strand("explain", "--output", dir.resolve("out").toString(), "--input", dir.resolve("strax").toString());
    assertEquals(1, explain.code(), explain.out() + explain.err());
    assertThat(explain.out()).contains("000002", "cannot be planned", "1 of 3 runs cannot be planned");
    // Planned several at once, shown in the runs' order, after the plan of the first plannable run.
    assertThat(explain.out()).containsSubsequence("plan for the first run", "runs (target=status(lineage)):", "000001", "000002",
        "cannot be planned", "000003", "1 of 3 runs cannot be planned");
  }

  @Test
  void failFast_corruptRun_stopsTheJob_withTheSummaryNamingTheRunAndItsFile() throws Exception {
    Path chunk = straxInputWithCorruptRun2();
    Path out = dir.resolve("out");
    Path summary = dir.resolve("summary.json");
    Result r = strand("run", "--output", out.toString(), "--input", dir.resolve("strax").toString(), "--targets", "peak_basics",
        "--fail-fast", "--master", "local[1]", "--no-progress", "--summary-json", summary.toString());
    assertEquals(1, r.code(), r.out() + r.err());
    assertThat(r.err()).as("no Spark job error or stack trace on the console").doesNotContain("SparkException", "\tat ");
    JsonNode s = json(summary);
    assertEquals("failed", s.get("status").asText());
    Map<String, JsonNode> byRun = runsById(s);
    assertEquals(List.of("000001", "000002", "000003"), List.copyOf(byRun.keySet()));
    assertEquals("failed", byRun.get("000002").get("status").asText());
    assertThat(byRun.get("000002").get("error").asText()).contains("run 000002", "fail-fast", chunk.getFileName().toString())
        .doesNotContain("\n");
    assertThat(r.out()).contains("failed run 000002");
    for (String other : List.of("000001", "000003")) {
      JsonNode o = byRun.get(other);
      if (o.get("status").asText().equals("failed")) {
        assertThat(o.get("error").asText()).as(other).contains("not processed");
        try (Stream<Path> published = Files.walk(out)) {
          assertThat(published.map(Path::toString)).as(other + " is said not processed, so nothing of it is published")
              .noneMatch(p -> p.endsWith("run_id=" + other));
        }
      } else {
        assertEquals("done", o.get("status").asText(), other + ": " + o);
        assertTrue(Files.isDirectory(out.resolve("peak_basics").resolve("lineage=" + o.get("targets").get("peak_basics")
            .get("lineage").asText()).resolve("run_id=" + other)), other + " is said done, so it is published");
      }
    }
  }
}
