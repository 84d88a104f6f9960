package org.strand.spark.sql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.strand.core.ConfigurationException;
import org.strand.storage.dataset.DatasetFormat;
import org.strand.storage.dataset.DatasetOptions;
import org.strand.storage.dataset.DatasetStorage;
import org.strand.storage.dataset.ManifestEntry;
import org.strand.storage.fs.RootFormat;

/**
 * Turns an output root into Spark SQL views, from the root's manifest (a Spark session's own
 * catalog does not outlive it): one view per data type over one lineage per run (the newest
 * published, or the one asked for), with {@code run_id} and {@code lineage} as string columns;
 * {@code strand_lineage} describing every lineage; and {@code strand_runs} listing every published
 * (run, type).
 */
public final class OutputViews {
  private OutputViews() {}

  /**
   * Registers the views in {@code spark} and returns their names.
   *
   * @param lineage a lineage hash to select, or null for the newest lineage of each run
   * @throws ConfigurationException if the root holds no Parquet output, or no data has the lineage
   */
  public static List<String> register(SparkSession spark, String root, Configuration conf, String lineage) {
    Path rootPath = new Path(root);
    String format;
    try {
      format = RootFormat.read(rootPath.getFileSystem(conf), rootPath);
    } catch (IOException e) {
      throw new ConfigurationException("cannot reach --output " + root + ": " + e.getMessage());
    }
    if (format == null) {
      throw new ConfigurationException("--output " + root + " holds no strand output");
    }
    if (!DatasetFormat.PARQUET.label().equals(format)) {
      throw new ConfigurationException("--output " + root + " holds " + format + " data; SQL views are made over Parquet roots");
    }
    DatasetStorage storage = DatasetStorage.open(rootPath, conf, DatasetOptions.defaults(DatasetFormat.PARQUET));
    List<ManifestEntry> entries = storage.entries();
    // Run ids and lineages are strings: keep Spark from reading run_id=000042 as 42.
    spark.conf().set("spark.sql.sources.partitionColumnTypeInference.enabled", "false");

    Map<String, Map<String, ManifestEntry>> chosen = new TreeMap<>();
    for (ManifestEntry e : entries) {
      if (lineage != null && !lineage.equals(e.lineage())) {
        continue;
      }
      chosen.computeIfAbsent(e.type(), t -> new TreeMap<>()).merge(e.runId(), e,
          (a, b) -> a.published().isAfter(b.published()) ? a : b);
    }
    if (lineage != null && chosen.isEmpty()) {
      throw new ConfigurationException("no data in " + root + " has lineage " + lineage);
    }
    List<String> names = new ArrayList<>();
    for (Map.Entry<String, Map<String, ManifestEntry>> t : chosen.entrySet()) {
      String typeDir = storage.typeDirectory(t.getKey()).toString();
      List<String> paths = new ArrayList<>();
      t.getValue().values().forEach(e -> paths.add(typeDir + "/lineage=" + e.lineage() + "/run_id=" + e.runId()));
      Dataset<Row> df = spark.read().option("basePath", typeDir).parquet(paths.toArray(String[]::new));
      df.createOrReplaceTempView(t.getKey());
      names.add(t.getKey());
    }
    spark.createDataFrame(lineageRows(storage, entries), LINEAGE).createOrReplaceTempView("strand_lineage");
    spark.createDataFrame(runRows(entries), RUNS).createOrReplaceTempView("strand_runs");
    names.add("strand_lineage");
    names.add("strand_runs");
    return names;
  }

  static final StructType LINEAGE = new StructType()
      .add("type", DataTypes.StringType).add("lineage", DataTypes.StringType).add("plugin", DataTypes.StringType)
      .add("version", DataTypes.StringType).add("options", DataTypes.StringType).add("plugins", DataTypes.StringType)
      .add("description", DataTypes.StringType);

  static final StructType RUNS = new StructType()
      .add("run_id", DataTypes.StringType).add("type", DataTypes.StringType).add("lineage", DataTypes.StringType)
      .add("start", DataTypes.LongType).add("end", DataTypes.LongType).add("livetime", DataTypes.DoubleType)
      .add("rows", DataTypes.LongType).add("bytes", DataTypes.LongType).add("status", DataTypes.StringType)
      .add("strand_version", DataTypes.StringType).add("processed_at", DataTypes.TimestampType);

  private static List<Row> lineageRows(DatasetStorage storage, List<ManifestEntry> entries) {
    Map<String, Row> rows = new LinkedHashMap<>();
    ObjectMapper json = new ObjectMapper();
    for (ManifestEntry e : entries) {
      String key = e.type() + "-" + e.lineage();
      if (rows.containsKey(key)) {
        continue;
      }
      String description = storage.lineageDescription(e.type(), e.lineage()).orElse("{}");
      String plugin = null;
      String version = null;
      String options = null;
      StringBuilder plugins = new StringBuilder();
      try {
        JsonNode d = json.readTree(description);
        plugin = d.path("plugin").asText(null);
        version = d.path("version").asText(null);
        options = d.has("options") ? d.get("options").toString() : null;
        collectPlugins(d, plugins);
      } catch (IOException ex) {
        options = null;
      }
      rows.put(key, RowFactory.create(e.type(), e.lineage(), plugin, version, options, plugins.toString(), description));
    }
    return new ArrayList<>(rows.values());
  }

  /** {@code type:plugin@version} for the type and every input, depth first. */
  private static void collectPlugins(JsonNode d, StringBuilder out) {
    if (!d.has("type")) {
      return;
    }
    out.append(out.length() == 0 ? "" : ", ").append(d.get("type").asText()).append(':')
        .append(d.path("plugin").asText()).append('@').append(d.path("version").asText());
    d.path("inputs").forEach(child -> collectPlugins(child, out));
  }

  private static List<Row> runRows(List<ManifestEntry> entries) {
    List<Row> rows = new ArrayList<>();
    for (ManifestEntry e : entries) {
      rows.add(RowFactory.create(e.runId(), e.type(), e.lineage(), e.start(), e.end(), (e.end() - e.start()) / 1e9,
          e.rows(), e.bytes(), "published", e.strandVersion(), java.sql.Timestamp.from(e.published())));
    }
    return rows;
  }
}
