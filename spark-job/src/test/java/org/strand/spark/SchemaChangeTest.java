package org.strand.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plugin's new version adds, drops or retypes a field, and one run of two is reprocessed with it:
 * the output root then shows the type in two lineages with different columns. {@code strand sql}
 * and {@code tables.sql} show both runs with every column (null where a run's version lacks it),
 * or, where the two disagree on a column's type, say so and show the other types.
 */
class SchemaChangeTest {
  @TempDir
  static Path dir;

  static final String CLASS = "com.example.AreaPowers";

  static Path v1;
  static Path v2;
  static Path v3;

  /** The plugin's source at {@code version}, its area_squared of {@code squaredType}, with or without area_cubed. */
  private static String source(String version, String squaredType, boolean withCube) {
    return """
        package com.example;

        import org.strand.core.*;
        import org.strand.plugin.*;

        public final class AreaPowers extends ChunkPlugin {
          static final Schema SCHEMA = Schema.builder()
              .scalar("time", FieldType.INT64, "").scalar("endtime", FieldType.INT64, "")
              .scalar("area_squared", FieldType.%1$s, "the area squared")%2$s.build();

          public AreaPowers() {
            super(PluginSpec.builder("AreaPowers").version("%3$s").provides("area_powers", SCHEMA).dependsOn("peak_basics").build());
          }

          @Override
          public Outputs compute(ChunkInput in) {
            Table p = in.table("peak_basics");
            Table out = Table.allocate(SCHEMA, p.rows());
            System.arraycopy(p.longs("time"), 0, out.longs("time"), 0, p.rows());
            System.arraycopy(p.longs("endtime"), 0, out.longs("endtime"), 0, p.rows());
            for (int i = 0; i < p.rows(); i++) {
              double a = p.floats("area")[i];
              %4$s
              %5$s
            }
            return Outputs.of("area_powers", out);
          }
        }
        """.formatted(squaredType, withCube ? ".scalar(\"area_cubed\", FieldType.FLOAT64, \"the area cubed\")" : "", version,
        squaredType.equals("FLOAT64") ? "out.doubles(\"area_squared\")[i] = a * a;" : "out.floats(\"area_squared\")[i] = (float) (a * a);",
        withCube ? "out.doubles(\"area_cubed\")[i] = a * a * a;" : "");
  }

  @BeforeAll
  static void buildThreeVersions() throws Exception {
    String cp = System.getProperty("java.class.path");
    v1 = PluginJars.build(dir.resolve("v1"), "v1.jar", CLASS, source("1", "FLOAT64", false), cp);
    v2 = PluginJars.build(dir.resolve("v2"), "v2.jar", CLASS, source("2", "FLOAT64", true), cp);
    v3 = PluginJars.build(dir.resolve("v3"), "v3.jar", CLASS, source("3", "FLOAT32", true), cp);
  }

  /** Runs 000000 and 000001 made by {@code older}, then 000000 again by {@code newer}. */
  private static Path reprocessedByNewer(String name, String format, Path older, Path newer) throws Exception {
    Path out = dir.resolve(name + "-" + format);
    List<String> common = List.of("inprocess", "--output", out.toString(), "--run-size-mb", "1", "--format", format,
        "--plugins", CLASS, "--targets", "peak_basics,area_powers", "--no-progress");
    for (Object[] job : new Object[][] {{older, "2"}, {newer, "1"}}) {
      List<String> args = new ArrayList<>(common);
      args.addAll(List.of("--generate", (String) job[1]));
      UserPluginsTest.Result r = UserPluginsTest.strandWith((Path) job[0], args.toArray(String[]::new));
      assertEquals(0, r.code(), r.err());
    }
    return out;
  }

  private static UserPluginsTest.Result sql(Path out, String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of("sql", "--output", out.toString()));
    all.addAll(List.of(args));
    return UserPluginsTest.strandWith(v1, all.toArray(String[]::new));
  }

  /**
   * A fresh session that has run the root's tables.sql in a schema of its own (the catalog is
   * shared by the sessions of this JVM, whose {@code strand sql} would otherwise find the tables).
   */
  private static SparkSession tablesSql(Path out) throws Exception {
    String script = Files.readString(out.resolve("_strand/tables.sql"));
    SparkSession tables = SparkSession.builder().master("local[2]").getOrCreate().newSession();
    String schema = "schema_change_" + out.getFileName().toString().replace('-', '_');
    tables.sql("CREATE DATABASE IF NOT EXISTS " + schema);
    tables.sql("USE " + schema);
    for (String statement : script.replaceAll("(?m)^--.*$", "").split("(?m);[ \\t]*$")) {
      if (!statement.isBlank()) {
        tables.sql(statement);
      }
    }
    return tables;
  }

  private static final String PER_RUN = "SELECT run_id, COUNT(*) AS n, COUNT(area_squared) AS squared, COUNT(area_cubed) AS cubed"
      + " FROM area_powers GROUP BY run_id ORDER BY run_id";

  /** {@code strand sql}'s answer to {@link #PER_RUN}: a row of trimmed cells per run, after the header. */
  private static List<String[]> perRun(Path out, String expectedWarning) throws Exception {
    UserPluginsTest.Result r = sql(out, PER_RUN);
    assertEquals(0, r.code(), r.err());
    assertThat(r.err()).contains(expectedWarning);
    List<String[]> rows = r.out().lines().map(line -> line.strip().split("\\s*\\|\\s*")).toList();
    assertThat(rows.get(0)).containsExactly("run_id", "n", "squared", "cubed");
    return rows.subList(2, 4);
  }

  @ParameterizedTest
  @ValueSource(strings = {"parquet", "arrow"})
  void addedField_viewsAndTablesShowEveryRun_theFieldNullWhereTheOlderVersionMadeIt(String format) throws Exception {
    Path out = reprocessedByNewer("added", format, v1, v2);
    List<String[]> rows = perRun(out, "the views mix lineages");
    String[] newer = rows.get(0);
    String[] older = rows.get(1);
    assertThat(newer).containsExactly("000000", newer[1], newer[1], newer[1]);
    assertThat(newer[1]).isNotEqualTo("0");
    assertThat(older).as("the field the older version lacks is null in its run").containsExactly("000001", older[1], older[1], "0");
    assertThat(older[1]).isNotEqualTo("0");

    SparkSession tables = tablesSql(out);
    List<String> expected = List.of("[" + String.join(",", newer) + "]", "[" + String.join(",", older) + "]");
    assertEquals(expected, tables.sql(PER_RUN).collectAsList().stream().map(Row::toString).toList());
    assertThat(tables.table("area_powers").columns())
        .containsExactly("time", "endtime", "area_squared", "area_cubed", "lineage", "run_id");
  }

  @ParameterizedTest
  @ValueSource(strings = {"parquet", "arrow"})
  void droppedField_isStillShown_nullInTheRunsOfTheNewerVersion(String format) throws Exception {
    Path out = reprocessedByNewer("dropped", format, v2, v1);
    List<String[]> rows = perRun(out, "the views mix lineages");
    assertEquals("0", rows.get(0)[3], "run 000000, remade without area_cubed");
    assertThat(rows.get(1)[3]).isNotEqualTo("0");
    assertThat(tablesSql(out).table("area_powers").columns())
        .containsExactly("time", "endtime", "area_squared", "area_cubed", "lineage", "run_id");
  }

  @ParameterizedTest
  @ValueSource(strings = {"parquet", "arrow"})
  void fieldWhoseTypeChanged_typeHasNoView_namingFieldAndLineages_otherTypesStillQueried(String format) throws Exception {
    Path out = reprocessedByNewer("retyped", format, v2, v3);
    UserPluginsTest.Result r = sql(out, "SELECT COUNT(*) AS n FROM peak_basics");
    assertEquals(0, r.code(), r.err());
    assertThat(r.err()).containsPattern("strand: no view of area_powers: its field 'area_squared' is FLOAT in lineage \\w+ "
        + "but DOUBLE in lineage \\w+; pick one with --lineage");
    UserPluginsTest.Result query = sql(out, "SELECT COUNT(*) FROM area_powers");
    assertEquals(2, query.code(), query.err());
    assertThat(query.err()).contains("area_powers");

    String script = Files.readString(out.resolve("_strand/tables.sql"));
    assertThat(script).containsPattern("-- No table of area_powers: its field 'area_squared' is FLOAT in lineage \\w+ but DOUBLE");
    SparkSession tables = tablesSql(out);
    assertThat(tables.catalog().tableExists("area_powers")).isFalse();
    assertThat(tables.sql("SELECT COUNT(*) FROM peak_basics").first().getLong(0)).isPositive();
  }
}
