package org.strand.spark.sql;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.strand.core.Field;
import org.strand.core.Schema;
import org.strand.core.StorageException;
import org.strand.spark.source.StrandDataSource;
import org.strand.storage.dataset.DatasetFormat;
import org.strand.storage.dataset.DatasetStorage;
import org.strand.storage.dataset.ManifestEntry;
import org.strand.storage.fs.RootFormat;
import org.strand.storage.fs.SmallFiles;

/**
 * Writes {@code <root>/_strand/tables.sql}: statements that give any Spark SQL shell (spark-sql,
 * Zeppelin, Databricks, {@code spark.sql} in a notebook) the same tables as {@code strand sql}'s
 * views, with no path or lineage hash typed by hand.
 *
 * <p>For every data type: {@code DROP TABLE IF EXISTS}, then {@code CREATE TABLE ... USING parquet
 * PARTITIONED BY (lineage, run_id) LOCATION '<root>/<type>'} with the full column list (both
 * partition columns strings, so run ids keep their zeros), then one {@code ALTER TABLE ... ADD
 * PARTITION} naming the newest lineage of each run (runs whose files are damaged or gone left out, as
 * in the views, and named in a comment). The table therefore shows exactly what the
 * view shows, even when the root holds older lineages beside it; the tables are external, so
 * dropping one removes only its catalog entry. Then {@code strand_lineage}, {@code strand_runs} and
 * {@code strand_published} as temporary views over inline {@code VALUES}, as of the file's writing.
 *
 * <p>An Arrow root's types are temporary views over the {@code strand} data source instead
 * ({@code CREATE OR REPLACE TEMPORARY VIEW <type> USING strand OPTIONS (path, type, lineage,
 * runs)}, the same scans as {@code strand sql}'s views): Spark has no Arrow table format. Where
 * a type's runs show several lineages, each lineage's scan is a view {@code <type>__<hash>} and
 * the type's view is their {@code UNION ALL}.
 *
 * <p>Where the lineages shown differ in their fields (a plugin's newer version added one), a
 * type's table or view has every field of them all, null in the runs whose lineage lacks it
 * (see {@link ViewColumns}); a type whose lineages disagree on a field's type has no table, and a
 * comment says why.
 *
 * <p>The file is regenerated after every job. Every statement ends with {@code ;} at the end of a
 * line, and string literals hold no line breaks (they are escaped), so splitting the file at
 * {@code ;} + newline gives the statements; lines starting with {@code --} are comments.
 */
public final class TablesSql {
  /** The file name under the root's {@code _strand/} directory. */
  public static final String FILE = "tables.sql";

  private TablesSql() {}

  /** The statements for the newest lineage of each run published in {@code storage}. */
  public static String statements(DatasetStorage storage, Configuration conf) {
    return statements(OutputCatalog.of(storage, conf), LineageSelection.newest());
  }

  static String statements(OutputCatalog catalog, LineageSelection selection) {
    // As the views: a run whose directory is gone or damaged is left out. Spark's catalog would
    // also create the missing directory of a partition added here, and a job would then find
    // the published run's directory without its files (damaged) instead of gone (republished).
    List<String> leftOut = new ArrayList<>();
    Map<String, List<ManifestEntry>> chosen = OutputViews.whole(catalog, selection.select(catalog), leftOut);
    StringBuilder sb = new StringBuilder();
    sb.append("-- strand tables over ").append(catalog.storage().root()).append(": one per data type, showing\n");
    sb.append("-- ").append(selection.describe()).append(" (as `strand sql` does), and the views strand_lineage,\n");
    sb.append("-- strand_runs and strand_published that describe the output. Rewritten after every job.\n");
    if (catalog.format() == DatasetFormat.ARROW) {
      sb.append("-- Run it whole in a Spark SQL shell with strand's jar on the class path: the types' views read\n");
      sb.append("-- the Arrow files through the strand data source (USING strand); they last for the session.\n");
    } else {
      sb.append("-- Run it whole in a Spark SQL shell; run `USE <schema>` first to keep the tables out of the\n");
      sb.append("-- default schema. The tables are external: DROP TABLE removes the catalog entry, not the data.\n");
    }
    sb.append("-- Each statement ends with ';' at the end of a line.\n");
    if (!leftOut.isEmpty()) {
      // Type names and run ids are identifiers: no line break can end the comment early.
      sb.append("-- Left out, their files damaged or gone (`strand verify` names the problems): ")
          .append(String.join(", ", leftOut)).append(".\n");
    }
    for (Map.Entry<String, List<ManifestEntry>> t : chosen.entrySet()) {
      ViewColumns columns = ViewColumns.of(t.getKey(), t.getValue());
      if (columns.conflict().isPresent()) {
        // Lineage hashes and type and field names are identifiers: the comment stays one line.
        sb.append("\n-- No table of ").append(t.getKey()).append(": ").append(columns.conflict().get()).append(".\n");
      } else if (catalog.format() == DatasetFormat.ARROW) {
        appendStrandView(sb, catalog, columns, t.getValue());
      } else {
        appendTable(sb, catalog, columns, t.getValue());
      }
    }
    for (MetadataTables.SqlTable table : MetadataTables.all(catalog, chosen)) {
      appendValuesView(sb, table);
    }
    return sb.toString();
  }

  private static void appendTable(StringBuilder sb, OutputCatalog catalog, ViewColumns columns, List<ManifestEntry> entries) {
    String table = quoteIdentifier(columns.type());
    sb.append("\nDROP TABLE IF EXISTS ").append(table).append(";\n");
    sb.append("CREATE TABLE ").append(table).append(" (");
    for (Field f : columns.fields()) {
      sb.append("\n  ").append(quoteIdentifier(f.name())).append(' ').append(sqlType(f));
      if (!f.description().isEmpty()) {
        sb.append(" COMMENT ").append(quote(f.description()));
      }
      sb.append(',');
    }
    sb.append("\n  `lineage` STRING,\n  `run_id` STRING)\nUSING parquet\nPARTITIONED BY (lineage, run_id)\nLOCATION ")
        .append(quote(catalog.typeDirectory(columns.type()))).append(";\n");
    sb.append("ALTER TABLE ").append(table).append(" ADD IF NOT EXISTS");
    for (ManifestEntry e : entries) {
      sb.append("\n  PARTITION (lineage = ").append(quote(e.lineage())).append(", run_id = ").append(quote(e.runId())).append(')');
    }
    sb.append(";\n");
  }

  /**
   * The type's view over the {@code strand} data source: the scans of {@link OutputViews#strandScans},
   * each with the view's columns where there are several (null where its lineage lacks a field).
   */
  private static void appendStrandView(StringBuilder sb, OutputCatalog catalog, ViewColumns columns, List<ManifestEntry> entries) {
    List<Map<String, String>> scans = OutputViews.strandScans(catalog, columns.type(), entries);
    if (scans.size() == 1) {
      sb.append('\n');
      appendScanView(sb, columns.type(), scans.get(0));
      return;
    }
    Map<String, Schema> schemas = new HashMap<>();
    entries.forEach(e -> schemas.put(e.lineage(), e.schema()));
    List<String> parts = new ArrayList<>();
    sb.append('\n');
    for (Map<String, String> scan : scans) {
      String lineage = scan.get(StrandDataSource.LINEAGE);
      String name = columns.type() + "__" + lineage;
      appendScanView(sb, name, scan);
      parts.add("SELECT " + String.join(", ", columns.selectFrom(schemas.get(lineage)::has)) + " FROM " + quoteIdentifier(name));
    }
    sb.append("CREATE OR REPLACE TEMPORARY VIEW ").append(quoteIdentifier(columns.type())).append(" AS\n  ")
        .append(String.join("\n  UNION ALL ", parts)).append(";\n");
  }

  private static void appendScanView(StringBuilder sb, String name, Map<String, String> options) {
    sb.append("CREATE OR REPLACE TEMPORARY VIEW ").append(quoteIdentifier(name)).append("\nUSING ")
        .append(StrandDataSource.SHORT_NAME).append("\nOPTIONS (");
    List<String> pairs = new ArrayList<>();
    options.forEach((k, v) -> pairs.add(k + " " + quote(v)));
    sb.append(String.join(", ", pairs)).append(");\n");
  }

  /**
   * {@code CREATE OR REPLACE TEMPORARY VIEW name AS SELECT CAST(c1 AS type) AS col, ... FROM VALUES
   * (...) AS t(c1, ...)}: the casts fix each column's type even where every value is null.
   */
  private static void appendValuesView(StringBuilder sb, MetadataTables.SqlTable table) {
    List<MetadataTables.Column> cols = table.columns();
    sb.append("\nCREATE OR REPLACE TEMPORARY VIEW ").append(quoteIdentifier(table.name())).append(" AS SELECT");
    for (int c = 0; c < cols.size(); c++) {
      MetadataTables.Column col = cols.get(c);
      String in = "c" + (c + 1);
      String expr = "TIMESTAMP".equals(col.sqlType()) ? "timestamp_micros(CAST(" + in + " AS BIGINT))"
          : "CAST(" + in + " AS " + col.sqlType() + ")";
      sb.append(c == 0 ? "\n  " : ",\n  ").append(expr).append(" AS ").append(quoteIdentifier(col.name()));
    }
    sb.append("\nFROM VALUES");
    List<Object[]> rows = table.rows();
    if (rows.isEmpty()) {
      sb.append("\n  (").append("NULL, ".repeat(cols.size() - 1)).append("NULL)");
    }
    for (int r = 0; r < rows.size(); r++) {
      sb.append(r == 0 ? "\n  (" : ",\n  (");
      Object[] row = rows.get(r);
      for (int c = 0; c < row.length; c++) {
        sb.append(c == 0 ? "" : ", ").append(literal(row[c]));
      }
      sb.append(')');
    }
    sb.append(" AS t(");
    for (int c = 0; c < cols.size(); c++) {
      sb.append(c == 0 ? "" : ", ").append('c').append(c + 1);
    }
    sb.append(')').append(rows.isEmpty() ? "\nWHERE false" : "").append(";\n");
  }

  static String literal(Object v) {
    if (v == null) {
      return "NULL";
    }
    if (v instanceof String s) {
      return quote(s);
    }
    if (v instanceof Instant i) {
      return Long.toString(ChronoUnit.MICROS.between(Instant.EPOCH, i));
    }
    if (v instanceof Double d) {
      return d.isNaN() || d.isInfinite() ? "CAST('" + d + "' AS DOUBLE)" : "CAST(" + d + " AS DOUBLE)";
    }
    if (v instanceof Long || v instanceof Integer || v instanceof Boolean) {
      return v.toString();
    }
    throw new IllegalArgumentException("no SQL literal for a " + v.getClass().getName() + ": " + v);
  }

  /** A Spark SQL string literal: backslash escapes, no raw line breaks. */
  static String quote(String s) {
    StringBuilder sb = new StringBuilder("'");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\' -> sb.append("\\\\");
        case '\'' -> sb.append("\\'");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('\'').toString();
  }

  static String quoteIdentifier(String name) {
    return "`" + name.replace("`", "``") + "`";
  }

  /**
   * Writes the file next to the manifest, replacing it whole (written aside, then renamed).
   *
   * @throws StorageException naming the file
   */
  public static void write(DatasetStorage storage, Configuration conf) {
    Path dir = new Path(storage.root(), RootFormat.METADATA_DIRECTORY);
    Path file = new Path(dir, FILE);
    try {
      FileSystem fs = SmallFiles.forWriting(dir, conf);
      fs.mkdirs(dir);
      SmallFiles.replace(fs, file, statements(storage, conf).getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new StorageException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  static String sqlType(Field f) {
    String base = switch (f.type()) {
      case BOOL -> "BOOLEAN";
      case INT8 -> "TINYINT";
      case INT16 -> "SMALLINT";
      case INT32 -> "INT";
      case INT64 -> "BIGINT";
      case FLOAT32 -> "FLOAT";
      case FLOAT64 -> "DOUBLE";
    };
    return f.isArray() ? "ARRAY<" + base + ">" : base;
  }
}
