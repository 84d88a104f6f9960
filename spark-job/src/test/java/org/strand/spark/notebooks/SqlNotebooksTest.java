package org.strand.spark.notebooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every SQL cell of the Jupyter {@code %%sql} notebook, every {@code %sql} paragraph of the
 * Zeppelin note and every {@code spark.sql} query of the PySpark notebook, run in order through
 * Spark SQL against the demo's output after the output's {@code tables.sql} (what each notebook's
 * first cell runs), each checked against values DuckDB computes independently from the Parquet
 * files. A cell is known by its first line, a {@code --} title; a cell without an expectation here
 * fails the test, and so do notebooks whose SQL differs.
 */
class SqlNotebooksTest {
  static Path root;
  static Map<String, Long> eventsPerRun;
  static Map<String, Long> s2PerRun;
  static long eventsWithDrift;

  @BeforeAll
  static void demo() throws Exception {
    root = DemoOutput.root();
    eventsPerRun = duckPerRun("event_basics", "true");
    s2PerRun = duckPerRun("peak_basics", "type = 2 AND area > 0");
    eventsWithDrift = duckPerRun("event_basics", "drift_time >= 0").values().stream().mapToLong(Long::longValue).sum();
  }

  static Map<String, Long> duckPerRun(String type, String where) throws SQLException {
    Map<String, Long> out = new TreeMap<>();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
      ResultSet rs = s.executeQuery("SELECT run_id, count(*) FROM read_parquet('" + root.resolve(type) + "/*/*/*.parquet', "
          + "hive_partitioning = true, hive_types = {'run_id': VARCHAR, 'lineage': VARCHAR}) WHERE " + where + " GROUP BY run_id");
      while (rs.next()) {
        out.put(rs.getString(1), rs.getLong(2));
      }
    }
    return out;
  }

  /** Checks of each cell's result, by the cell's title. */
  static Map<String, Consumer<List<Row>>> expectations() {
    Map<String, Consumer<List<Row>>> m = new LinkedHashMap<>();
    m.put("Runs: time range, livetime, raw size and the status of each run's last job", rows -> {
      assertEquals(List.of("000000", "000001", "000002", "000003"), column(rows, "run_id"));
      rows.forEach(r -> {
        assertEquals("done", r.getAs("status"));
        assertThat((Long) r.getAs("raw_bytes")).isGreaterThan(1_000_000L);
        assertThat((Double) r.getAs("livetime")).isPositive();
      });
    });
    m.put("Lineages: the plugins, versions and options that made each type", rows -> {
      assertEquals(List.of("event_basics", "peak_basics"), column(rows, "type"));
      assertThat(rows.get(0).<String>getAs("plugins")).contains("peak_basics:PeakBasics@");
    });
    m.put("Event rate per run: events over the run's livetime", rows -> {
      Map<String, Long> events = new TreeMap<>();
      rows.forEach(r -> {
        events.put(r.getAs("run_id"), r.getAs("events"));
        assertEquals((Long) r.getAs("events") / (Double) r.getAs("livetime_s"), ((Number) r.getAs("rate_hz")).doubleValue(), 0.051);
      });
      assertEquals(eventsPerRun, events);
    });
    m.put("S2 peaks: a view the next cells use", rows -> assertEquals(List.of(), rows));
    m.put("S2 area spectrum: peaks per 100 PE bin", rows -> {
      assertEquals(s2PerRun.values().stream().mapToLong(Long::longValue).sum(), rows.stream().mapToLong(r -> r.getAs("peaks")).sum());
      assertThat(rows.size()).isGreaterThan(2);
      for (int i = 1; i < rows.size(); i++) {
        assertEquals(100, (Integer) rows.get(i).getAs("area_pe") - (Integer) rows.get(i - 1).getAs("area_pe"), 100 * (rows.size() - 1),
            "bins ascend in steps of 100 PE");
      }
    });
    m.put("Drift time distribution: events with an S1 and an S2, per 50 us bin", rows -> {
      assertEquals(eventsWithDrift, rows.stream().mapToLong(r -> r.getAs("events")).sum());
      rows.forEach(r -> assertEquals(0, (Integer) r.getAs("drift_us") % 50));
    });
    m.put("S2 spectrum of a range of runs: run ids are strings, compared as strings", rows -> {
      Map<String, Long> peaks = new TreeMap<>();
      rows.forEach(r -> peaks.put(r.getAs("run_id"), r.getAs("s2_peaks")));
      assertEquals(Map.of("000001", s2PerRun.get("000001"), "000002", s2PerRun.get("000002")), peaks);
    });
    return m;
  }

  static List<Object> column(List<Row> rows, String name) {
    List<Object> out = new ArrayList<>();
    rows.forEach(r -> out.add(r.getAs(name)));
    return out;
  }

  /** A SQL cell: its notebook, title and text. */
  record Cell(String notebook, String title, String sql) {}

  static Cell cell(String notebook, String sql) {
    String first = sql.strip().lines().findFirst().orElse("");
    assertTrue(first.startsWith("-- "), notebook + ": a SQL cell must start with a '-- title' line: " + sql);
    return new Cell(notebook, first.substring(3).strip(), sql.strip());
  }

  static String text(JsonNode source) {
    if (source.isArray()) {
      StringBuilder sb = new StringBuilder();
      source.forEach(line -> sb.append(line.asText()));
      return sb.toString();
    }
    return source.asText();
  }

  static List<Cell> jupyterSqlCells() throws Exception {
    String name = "strand_sql.ipynb";
    List<Cell> cells = new ArrayList<>();
    for (JsonNode c : new ObjectMapper().readTree(DemoOutput.notebooks().resolve(name).toFile()).get("cells")) {
      String src = text(c.get("source"));
      if ("code".equals(c.get("cell_type").asText()) && src.startsWith("%%sql")) {
        cells.add(cell(name, src.substring(src.indexOf('\n') + 1)));
      }
    }
    return cells;
  }

  static List<Cell> zeppelinCells() throws Exception {
    Path note;
    try (var files = Files.list(DemoOutput.notebooks())) {
      note = files.filter(p -> p.toString().endsWith(".zpln")).findFirst().orElseThrow();
    }
    List<Cell> cells = new ArrayList<>();
    for (JsonNode p : new ObjectMapper().readTree(note.toFile()).get("paragraphs")) {
      String src = p.path("text").asText();
      String interpreter = src.isEmpty() ? "" : src.lines().findFirst().orElse("").strip();
      assertThat(interpreter).as("paragraph %s", p.path("id").asText()).isIn("%md", "%spark", "%sql");
      if (interpreter.equals("%sql")) {
        Cell c = cell(note.getFileName().toString(), src.substring(src.indexOf('\n') + 1));
        assertEquals(c.title(), p.path("title").asText(), "the paragraph's title is its SQL's title");
        cells.add(c);
      } else if (interpreter.equals("%spark")) {
        assertThat(src).contains("_strand/tables.sql");
      }
    }
    return cells;
  }

  private static final Pattern SPARK_SQL = Pattern.compile("spark\\.sql\\(\"\"\"(.*?)\"\"\"\\)", Pattern.DOTALL);

  static List<Cell> pysparkCells() throws Exception {
    String name = "strand_pyspark.ipynb";
    List<Cell> cells = new ArrayList<>();
    for (JsonNode c : new ObjectMapper().readTree(DemoOutput.notebooks().resolve(name).toFile()).get("cells")) {
      Matcher m = SPARK_SQL.matcher(text(c.get("source")));
      while (m.find()) {
        cells.add(cell(name, m.group(1)));
      }
    }
    return cells;
  }

  /** A new session with the output's tables, as a notebook's first cell makes them. */
  static SparkSession sessionWithTables() throws Exception {
    SparkSession spark = SparkSession.builder().master("local[2]").getOrCreate().newSession();
    spark.conf().set("spark.sql.sources.partitionColumnTypeInference.enabled", "false");
    for (String s : DemoOutput.statements(Files.readString(root.resolve("_strand/tables.sql")))) {
      spark.sql(s);
    }
    return spark;
  }

  static void runAll(List<Cell> cells) throws Exception {
    assertThat(cells).isNotEmpty();
    Map<String, Consumer<List<Row>>> expected = expectations();
    SparkSession spark = sessionWithTables();
    for (Cell c : cells) {
      Consumer<List<Row>> check = expected.get(c.title());
      assertThat(check).as("%s: no expectation for the cell '%s'; add one to %s", c.notebook(), c.title(), SqlNotebooksTest.class.getSimpleName())
          .isNotNull();
      Dataset<Row> last = null;
      List<Row> rows;
      try {
        for (String statement : DemoOutput.statements(c.sql())) {
          last = spark.sql(statement);
        }
        assertThat(last).as("%s: cell '%s' holds no statement", c.notebook(), c.title()).isNotNull();
        rows = last.collectAsList();
      } catch (RuntimeException e) {
        throw new AssertionError(c.notebook() + ", cell '" + c.title() + "' failed in Spark SQL: " + e.getMessage(), e);
      }
      try {
        check.accept(rows);
      } catch (AssertionError e) {
        throw new AssertionError(c.notebook() + ", cell '" + c.title() + "': " + e.getMessage() + "\nrows: " + rows, e);
      }
    }
    spark.sql("DROP TABLE IF EXISTS peak_basics");
    spark.sql("DROP TABLE IF EXISTS event_basics");
  }

  @Test
  void jupyterSqlNotebook_everyCellRunsWithItsExpectedResult() throws Exception {
    List<Cell> cells = jupyterSqlCells();
    assertEquals(expectations().keySet().stream().toList(), cells.stream().map(Cell::title).toList(), "every expectation has its cell");
    runAll(cells);
  }

  @Test
  void zeppelinNote_everySqlParagraphRunsWithItsExpectedResult() throws Exception {
    runAll(zeppelinCells());
  }

  @Test
  void pysparkNotebook_everyQueryRunsWithItsExpectedResult() throws Exception {
    runAll(pysparkCells());
  }

  @Test
  void theThreeSqlNotebooks_holdTheSameSql() throws Exception {
    List<String> jupyter = jupyterSqlCells().stream().map(Cell::sql).toList();
    assertEquals(jupyter, zeppelinCells().stream().map(Cell::sql).toList(), "Zeppelin note");
    assertEquals(jupyter, pysparkCells().stream().map(Cell::sql).toList(), "PySpark notebook");
  }
}
