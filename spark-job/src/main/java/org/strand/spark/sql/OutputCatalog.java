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
import org.strand.core.ConfigurationException;
import org.strand.storage.dataset.DatasetFormat;
import org.strand.storage.dataset.DatasetOptions;
import org.strand.storage.dataset.DatasetStorage;
import org.strand.storage.dataset.ManifestEntry;
import org.strand.storage.fs.RootFormat;

/**
 * What an output root says about itself, read once: its manifest entries, the description of
 * every lineage they use, and its run log. The views and {@code tables.sql} are built from this.
 */
final class OutputCatalog {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final DatasetStorage storage;
  private final List<ManifestEntry> entries;
  private final Map<String, LineageInfo> lineages;
  private final Map<String, RunRecord> runLog;

  /** One lineage: its description and, for each type in it, that type's hash. */
  record LineageInfo(String type, String hash, String description, JsonNode tree, Map<String, String> hashes) {}

  private OutputCatalog(DatasetStorage storage, List<ManifestEntry> entries, Map<String, LineageInfo> lineages,
      Map<String, RunRecord> runLog) {
    this.storage = storage;
    this.entries = entries;
    this.lineages = lineages;
    this.runLog = runLog;
  }

  /**
   * Opens a Parquet or Arrow output root.
   *
   * @throws ConfigurationException if the root cannot be reached or holds no strand dataset output
   */
  static OutputCatalog open(String root, Configuration conf) {
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
    DatasetFormat datasetFormat;
    try {
      datasetFormat = DatasetFormat.fromLabel(format);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException("--output " + root + " holds " + format + " data; SQL views are made over Parquet and"
          + " Arrow output roots (a chunk store is read with the strand data source: spark.read.format(\"strand\"))");
    }
    return of(DatasetStorage.open(rootPath, conf, DatasetOptions.defaults(datasetFormat)), conf);
  }

  /** The catalog of an open dataset. */
  static OutputCatalog of(DatasetStorage storage, Configuration conf) {
    List<ManifestEntry> entries = storage.entries();
    Map<String, LineageInfo> lineages = new LinkedHashMap<>();
    for (ManifestEntry e : entries) {
      String key = key(e.type(), e.lineage());
      if (!lineages.containsKey(key)) {
        String description = storage.lineageDescription(e.type(), e.lineage()).orElse(null);
        lineages.put(key, describe(e.type(), e.lineage(), description));
      }
    }
    return new OutputCatalog(storage, entries, lineages, RunRecords.read(storage.root(), conf));
  }

  private static LineageInfo describe(String type, String hash, String description) {
    JsonNode tree = null;
    Map<String, String> hashes = new TreeMap<>();
    if (description != null) {
      try {
        tree = JSON.readTree(description);
        collectHashes(tree, hashes);
      } catch (IOException e) {
        tree = null;
      }
    }
    hashes.put(type, hash);
    return new LineageInfo(type, hash, description, tree, hashes);
  }

  private static void collectHashes(JsonNode node, Map<String, String> out) {
    if (node.hasNonNull("type") && node.hasNonNull("hash")) {
      out.putIfAbsent(node.get("type").asText(), node.get("hash").asText());
    }
    node.path("inputs").forEach(child -> collectHashes(child, out));
  }

  private static String key(String type, String hash) {
    return type + "-" + hash;
  }

  DatasetStorage storage() {
    return storage;
  }

  /** The root's file format. */
  DatasetFormat format() {
    return storage.options().format();
  }

  /** Every published (type, run, lineage), sorted by type, lineage, run. */
  List<ManifestEntry> entries() {
    return entries;
  }

  /** The lineage {@code hash} of {@code type}, or null. */
  LineageInfo lineage(String type, String hash) {
    return lineages.get(key(type, hash));
  }

  /** Every lineage in use, in manifest order. */
  List<LineageInfo> lineages() {
    return new ArrayList<>(lineages.values());
  }

  /** The run log by run id. */
  Map<String, RunRecord> runLog() {
    return runLog;
  }

  /** The directory holding every run of {@code type}, as a string. */
  String typeDirectory(String type) {
    return storage.typeDirectory(type).toString();
  }
}
