package org.strand.spark.sql;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.strand.core.Field;
import org.strand.core.Schema;
import org.strand.core.StorageException;
import org.strand.storage.dataset.DatasetStorage;
import org.strand.storage.dataset.ManifestEntry;
import org.strand.storage.fs.RootFormat;

/**
 * Writes {@code <root>/_strand/tables.sql}: for every data type, a {@code CREATE TABLE ... USING
 * parquet ... LOCATION} statement with the full column list and {@code lineage} and
 * {@code run_id} as string partition columns, then a statement that discovers the partitions.
 * Any Spark SQL shell (spark-sql, Zeppelin, Databricks) can run the file to get the tables; a
 * table holds every lineage, so filter on {@code lineage} (see the {@code strand_lineage} view of
 * {@code strand sql}, or {@code strand list}).
 */
public final class TablesSql {
  /** The file name under the root's {@code _strand/} directory. */
  public static final String FILE = "tables.sql";

  private TablesSql() {}

  /** The statements for the types published in {@code storage}. */
  public static String statements(DatasetStorage storage) {
    Map<String, Schema> schemas = new TreeMap<>();
    for (ManifestEntry e : storage.entries()) {
      schemas.putIfAbsent(e.type(), e.schema());
    }
    StringBuilder sb = new StringBuilder();
    sb.append("-- strand tables over ").append(storage.root()).append(" (one per data type, every lineage).\n");
    sb.append("-- Run this file in a Spark SQL shell; filter on lineage to pick one configuration.\n");
    for (Map.Entry<String, Schema> t : schemas.entrySet()) {
      String table = t.getKey();
      sb.append("\nCREATE TABLE IF NOT EXISTS ").append(table).append(" (");
      for (Field f : t.getValue().fields()) {
        sb.append("\n  `").append(f.name()).append("` ").append(sqlType(f));
        if (!f.description().isEmpty()) {
          sb.append(" COMMENT '").append(f.description().replace("\\", "\\\\").replace("'", "\\'")).append('\'');
        }
        sb.append(',');
      }
      sb.append("\n  `lineage` STRING,\n  `run_id` STRING)\nUSING parquet\nPARTITIONED BY (lineage, run_id)\nLOCATION '")
          .append(storage.typeDirectory(table).toString().replace("'", "\\'")).append("';\n");
      sb.append("ALTER TABLE ").append(table).append(" RECOVER PARTITIONS;\n");
    }
    return sb.toString();
  }

  /** Writes the file next to the manifest, replacing it whole. */
  public static void write(DatasetStorage storage, org.apache.hadoop.conf.Configuration conf) {
    Path dir = new Path(storage.root(), RootFormat.METADATA_DIRECTORY);
    Path file = new Path(dir, FILE);
    Path tmp = new Path(dir, "." + FILE + "." + Long.toHexString(System.nanoTime()));
    try {
      FileSystem fs = file.getFileSystem(conf);
      fs.mkdirs(dir);
      try (OutputStream out = fs.create(tmp, true)) {
        out.write(statements(storage).getBytes(StandardCharsets.UTF_8));
      }
      if (!fs.rename(tmp, file)) {
        fs.delete(file, false);
        if (!fs.rename(tmp, file)) {
          throw new IOException("rename of " + tmp + " to " + file + " failed");
        }
      }
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
