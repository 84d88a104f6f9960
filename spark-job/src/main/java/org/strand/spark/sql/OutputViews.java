package org.strand.spark.sql;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;
import org.strand.core.ConfigurationException;
import org.strand.spark.source.StrandDataSource;
import org.strand.storage.dataset.DatasetFormat;
import org.strand.storage.dataset.DatasetStorage;
import org.strand.storage.dataset.ManifestEntry;
import org.strand.storage.dataset.PublishedStatus;

/**
 * Turns an output root into Spark SQL temporary views, from the root's manifest (a Spark
 * session's own catalog does not outlive it): one view per data type over one lineage per run
 * (see {@link LineageSelection}), with {@code lineage} and {@code run_id} as string columns; and
 * the views {@code strand_lineage}, {@code strand_runs} and {@code strand_published} that describe
 * the root (see {@link MetadataTables}).
 *
 * <p>A Parquet root's views are Spark's Parquet reader over the chosen run directories (the
 * two partition columns found in their paths); an Arrow root's are the {@code strand} data
 * source ({@link StrandDataSource}), one scan per lineage shown, over the chosen runs. Both give
 * the same columns with the same names and types, so the same SQL runs on either.
 *
 * <p>Registering sets {@code spark.sql.sources.partitionColumnTypeInference.enabled} to false in
 * the session, so run ids keep their leading zeros.
 */
public final class OutputViews {
  private OutputViews() {}

  /**
   * What {@link #register} made.
   *
   * @param views the views registered
   * @param typesWithoutView types of the root that no view shows (nothing matches the selection)
   * @param mixes where the views mix lineages (see {@link LineageSelection#mixes})
   * @param leftOut selected runs left out of the views because their files are damaged or gone
   *     (see {@link DatasetStorage#status}), each as "type run (status)"
   * @param unviewable types with data but no view, as "type: why" (a field whose SQL type differs
   *     between the lineages shown; see {@link ViewColumns})
   */
  public record Registered(List<String> views, List<String> typesWithoutView, List<String> mixes, List<String> leftOut,
      List<String> unviewable) {}

  /**
   * Registers the views of the newest lineage of each run, or of one lineage.
   *
   * @param lineage a lineage hash, or null for the newest lineage of each run
   * @throws ConfigurationException if the root holds no Parquet or Arrow output, or no data has the lineage
   */
  public static List<String> register(SparkSession spark, String root, Configuration conf, String lineage) {
    return register(spark, root, conf, lineage == null ? LineageSelection.newest() : LineageSelection.pinned(List.of(lineage))).views();
  }

  /**
   * Registers one view per data type that has data in the selection, and the three metadata
   * views.
   *
   * @throws ConfigurationException if the root holds no Parquet or Arrow output, or a pinned lineage is not there
   */
  public static Registered register(SparkSession spark, String root, Configuration conf, LineageSelection selection) {
    OutputCatalog catalog = OutputCatalog.open(root, conf);
    // Run ids and lineages are strings: keep Spark from reading run_id=000042 as 42.
    spark.conf().set("spark.sql.sources.partitionColumnTypeInference.enabled", "false");
    List<String> leftOut = new ArrayList<>();
    Map<String, List<ManifestEntry>> chosen = whole(catalog, selection.select(catalog), leftOut);
    List<String> names = new ArrayList<>();
    List<String> unviewable = new ArrayList<>();
    for (Map.Entry<String, List<ManifestEntry>> t : chosen.entrySet()) {
      ViewColumns columns = ViewColumns.of(t.getKey(), t.getValue());
      if (columns.conflict().isPresent()) {
        unviewable.add(t.getKey() + ": " + columns.conflict().get());
        spark.catalog().dropTempView(t.getKey());
        continue;
      }
      Dataset<Row> df = catalog.format() == DatasetFormat.ARROW ? arrowView(spark, catalog, columns, t.getValue())
          : parquetView(spark, catalog, columns, t.getValue());
      df.createOrReplaceTempView(t.getKey());
      names.add(t.getKey());
    }
    List<String> without = new ArrayList<>();
    catalog.entries().stream().map(ManifestEntry::type).distinct().filter(type -> !chosen.containsKey(type)).forEach(type -> {
      without.add(type);
      spark.catalog().dropTempView(type);
    });
    for (MetadataTables.SqlTable table : MetadataTables.all(catalog, chosen)) {
      spark.createDataFrame(sparkRows(table), schema(table)).createOrReplaceTempView(table.name());
      names.add(table.name());
    }
    return new Registered(names, without, selection.mixes(catalog, chosen), leftOut, unviewable);
  }

  /**
   * Spark's Parquet reader over the entries' run directories, given the view's schema: left to
   * itself, it would take one file's schema (the columns of whichever lineage it read first), and
   * read every run's footer to find it.
   */
  private static Dataset<Row> parquetView(SparkSession spark, OutputCatalog catalog, ViewColumns columns,
      List<ManifestEntry> entries) {
    String typeDir = catalog.typeDirectory(columns.type());
    List<String> paths = new ArrayList<>();
    // Spark expands glob characters in the paths it reads; a root's own [, *, { ... are escaped.
    entries.forEach(e -> paths.add(escapeGlob(typeDir + "/lineage=" + e.lineage() + "/run_id=" + e.runId())));
    return spark.read().schema(columns.sparkSchema()).option("basePath", typeDir).parquet(paths.toArray(String[]::new));
  }

  /**
   * One {@code strand} scan per lineage among the entries (usually one), their rows together, each
   * with the view's columns (null where its lineage lacks a field).
   */
  private static Dataset<Row> arrowView(SparkSession spark, OutputCatalog catalog, ViewColumns columns,
      List<ManifestEntry> entries) {
    List<Map<String, String>> scans = strandScans(catalog, columns.type(), entries);
    Dataset<Row> out = null;
    for (Map<String, String> options : scans) {
      Dataset<Row> df = spark.read().format(StrandDataSource.SHORT_NAME).options(options).load();
      if (scans.size() > 1) {
        df = df.selectExpr(columns.selectFrom(List.of(df.columns())::contains).toArray(String[]::new));
      }
      out = out == null ? df : out.union(df);
    }
    return out;
  }

  /**
   * The {@code strand} data source's options that read {@code entries} (at most one per run) of
   * an Arrow root: one set per lineage, in the order the lineages first appear, each naming its
   * runs.
   */
  static List<Map<String, String>> strandScans(OutputCatalog catalog, String type, List<ManifestEntry> entries) {
    Map<String, List<String>> runsByLineage = new LinkedHashMap<>();
    entries.forEach(e -> runsByLineage.computeIfAbsent(e.lineage(), l -> new ArrayList<>()).add(e.runId()));
    List<Map<String, String>> out = new ArrayList<>();
    runsByLineage.forEach((lineage, runs) -> {
      Map<String, String> options = new LinkedHashMap<>();
      options.put(StrandDataSource.PATH, catalog.storage().root().toString());
      options.put(StrandDataSource.TYPE, type);
      options.put(StrandDataSource.LINEAGE, lineage);
      options.put(StrandDataSource.RUNS, String.join(",", runs));
      out.add(options);
    });
    return out;
  }

  /**
   * The chosen entries whose files are all there with their recorded sizes (one listing of each
   * run's directory, a few at a time; no file read). A run whose directory is gone or whose files are damaged
   * would fail every query of its type (Spark refuses a missing path, and a truncated file when
   * read); it is left out and named in {@code leftOut} instead. Another lineage of the run is not
   * shown in its place: that would show other data without a word.
   */
  static Map<String, List<ManifestEntry>> whole(OutputCatalog catalog, Map<String, List<ManifestEntry>> chosen,
      List<String> leftOut) {
    Map<String, List<ManifestEntry>> out = new LinkedHashMap<>();
    chosen.forEach((type, entries) -> {
      List<ManifestEntry> kept = new ArrayList<>();
      List<PublishedStatus> statuses = catalog.storage().statuses(entries);
      for (int i = 0; i < entries.size(); i++) {
        ManifestEntry e = entries.get(i);
        PublishedStatus status = statuses.get(i);
        if (status == PublishedStatus.PUBLISHED) {
          kept.add(e);
        } else {
          leftOut.add(type + " run " + e.runId() + " (" + status.label() + ")");
        }
      }
      if (!kept.isEmpty()) {
        out.put(type, kept);
      }
    });
    return out;
  }

  static StructType schema(MetadataTables.SqlTable table) {
    StructType schema = new StructType();
    for (MetadataTables.Column c : table.columns()) {
      schema = schema.add(c.name(), DataType.fromDDL(c.sqlType()));
    }
    return schema;
  }

  private static List<Row> sparkRows(MetadataTables.SqlTable table) {
    List<Row> rows = new ArrayList<>();
    for (Object[] values : table.rows()) {
      Object[] v = values.clone();
      for (int i = 0; i < v.length; i++) {
        if (v[i] instanceof Instant instant) {
          v[i] = Timestamp.from(instant);
        }
      }
      rows.add(RowFactory.create(v));
    }
    return rows;
  }

  /** {@code path} with Hadoop's glob characters escaped, so that a glob matches it literally. */
  static String escapeGlob(String path) {
    return path.replaceAll("([\\\\\\[\\]{}*?])", "\\\\$1");
  }
}
