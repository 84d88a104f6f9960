package org.strand.spark.sql;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.strand.storage.dataset.ManifestEntry;

/**
 * The rows of the three tables that describe an output root, kept apart from how they reach
 * Spark (a DataFrame for the views, {@code VALUES} in {@code tables.sql}):
 * <ul>
 *   <li>{@code strand_lineage}: one row per (type, lineage) in use: the plugin and version that
 *       made it, its option values as JSON, every plugin of its tree as
 *       {@code type:plugin@version}, how many runs have it, and the full description;
 *   <li>{@code strand_runs}: one row per run: its time range and livetime, raw size, status of
 *       its last job ({@code done}, {@code failed}, or {@code published} when only the manifest
 *       knows it), that job's error, strand version and time;
 *   <li>{@code strand_published}: one row per published (type, lineage, run), with
 *       {@code selected} true when the views show it.
 * </ul>
 */
final class MetadataTables {
  /** A column: its name and Spark SQL type. */
  record Column(String name, String sqlType) {}

  /** A table's name, columns and rows (values: String, Long, Double, Boolean, Instant or null). */
  record SqlTable(String name, List<Column> columns, List<Object[]> rows) {}

  static final String LINEAGE = "strand_lineage";
  static final String RUNS = "strand_runs";
  static final String PUBLISHED = "strand_published";

  private MetadataTables() {}

  static List<SqlTable> all(OutputCatalog catalog, Map<String, List<ManifestEntry>> selected) {
    return List.of(lineage(catalog), runs(catalog), published(catalog, selected));
  }

  static SqlTable lineage(OutputCatalog catalog) {
    Map<String, Long> runs = new TreeMap<>();
    catalog.entries().forEach(e -> runs.merge(e.type() + "-" + e.lineage(), 1L, Long::sum));
    List<Object[]> rows = new ArrayList<>();
    for (OutputCatalog.LineageInfo l : catalog.lineages()) {
      JsonNode d = l.tree();
      String plugin = d == null ? null : d.path("plugin").asText(null);
      String version = d == null ? null : d.path("version").asText(null);
      String options = d == null || !d.has("options") ? null : d.get("options").toString();
      StringBuilder plugins = new StringBuilder();
      if (d != null) {
        collectPlugins(d, plugins, new HashSet<>());
      }
      rows.add(new Object[] {l.type(), l.hash(), plugin, version, options, plugins.toString(),
          runs.getOrDefault(l.type() + "-" + l.hash(), 0L), l.description()});
    }
    return new SqlTable(LINEAGE, columns("type STRING", "lineage STRING", "plugin STRING", "version STRING", "options STRING",
        "plugins STRING", "runs BIGINT", "description STRING"), rows);
  }

  /** {@code type:plugin@version} for the type and every input, depth first, each once. */
  private static void collectPlugins(JsonNode d, StringBuilder out, Set<String> seen) {
    if (!d.has("type") || !seen.add(d.get("type").asText())) {
      return;
    }
    out.append(out.length() == 0 ? "" : ", ").append(d.get("type").asText()).append(':')
        .append(d.path("plugin").asText()).append('@').append(d.path("version").asText());
    d.path("inputs").forEach(child -> collectPlugins(child, out, seen));
  }

  static SqlTable runs(OutputCatalog catalog) {
    Map<String, long[]> range = new TreeMap<>();
    Map<String, ManifestEntry> latest = new TreeMap<>();
    for (ManifestEntry e : catalog.entries()) {
      range.merge(e.runId(), new long[] {e.start(), e.end()},
          (a, b) -> new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
      latest.merge(e.runId(), e, (a, b) -> a.published().isAfter(b.published()) ? a : b);
    }
    Set<String> ids = new TreeSet<>(range.keySet());
    ids.addAll(catalog.runLog().keySet());
    List<Object[]> rows = new ArrayList<>();
    for (String id : ids) {
      long[] r = range.get(id);
      RunRecord rec = catalog.runLog().get(id);
      ManifestEntry last = latest.get(id);
      Long start = r == null ? null : r[0];
      Long end = r == null ? null : r[1];
      Double livetime = r == null ? null : (r[1] - r[0]) / 1e9;
      Long rawBytes = rec == null ? null : rec.rawBytes();
      String status = rec != null ? rec.status() : "published";
      String error = rec == null ? null : rec.error();
      String version = rec != null && rec.strandVersion() != null ? rec.strandVersion() : last == null ? null : last.strandVersion();
      Instant at = rec != null && rec.processedAt() != null ? rec.processedAt() : last == null ? null : last.published();
      rows.add(new Object[] {id, start, end, livetime, rawBytes, status, error, version, at});
    }
    return new SqlTable(RUNS, columns("run_id STRING", "start BIGINT", "end BIGINT", "livetime DOUBLE", "raw_bytes BIGINT",
        "status STRING", "error STRING", "strand_version STRING", "processed_at TIMESTAMP"), rows);
  }

  static SqlTable published(OutputCatalog catalog, Map<String, List<ManifestEntry>> selected) {
    Set<String> shown = new HashSet<>();
    selected.values().forEach(list -> list.forEach(e -> shown.add(e.type() + "/" + e.lineage() + "/" + e.runId())));
    List<Object[]> rows = new ArrayList<>();
    for (ManifestEntry e : catalog.entries()) {
      rows.add(new Object[] {e.type(), e.lineage(), e.runId(), e.rows(), e.bytes(), e.storedBytes(), e.start(), e.end(),
          e.published(), shown.contains(e.type() + "/" + e.lineage() + "/" + e.runId())});
    }
    return new SqlTable(PUBLISHED, columns("type STRING", "lineage STRING", "run_id STRING", "rows BIGINT", "bytes BIGINT",
        "stored_bytes BIGINT", "start BIGINT", "end BIGINT", "published_at TIMESTAMP", "selected BOOLEAN"), rows);
  }

  private static List<Column> columns(String... specs) {
    List<Column> out = new ArrayList<>();
    Arrays.stream(specs).forEach(s -> {
      int space = s.indexOf(' ');
      out.add(new Column(s.substring(0, space), s.substring(space + 1)));
    });
    return out;
  }
}
