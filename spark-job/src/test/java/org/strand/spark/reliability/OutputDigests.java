package org.strand.spark.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What an output root holds, per published (type, lineage, run), in a form two roots can be
 * compared by: the manifest's rows and chunk list, and a digest of the rows read back by DuckDB
 * (an independent Parquet reader), in file and row order. File checksums are not compared: a
 * part file's footer names the attempt that wrote it, so equal data from two jobs differs in
 * bytes.
 */
final class OutputDigests {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * @param rows rows, from the manifest
   * @param chunks the chunk list [start, end, rows, bytes], from the manifest
   * @param content DuckDB's count and digest of each part file's rows, in file order
   */
  record RunDigest(long rows, String chunks, String content) {}

  private OutputDigests() {}

  /** Digests of every manifest entry of a Parquet root, by {@code type/lineage/run}. */
  static Map<String, RunDigest> of(Path root) throws IOException, SQLException {
    Map<String, RunDigest> out = new TreeMap<>();
    Path runs = root.resolve("_strand/runs");
    if (!Files.isDirectory(runs)) {
      return out;
    }
    try (Stream<Path> s = Files.walk(runs); Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = c.createStatement()) {
      for (Path entry : (Iterable<Path>) s.filter(p -> p.toString().endsWith(".json")).sorted()::iterator) {
        JsonNode n = JSON.readTree(entry.toFile());
        String type = n.get("type").asText();
        String lineage = n.get("lineage").asText();
        String run = n.get("run_id").asText();
        Path dir = root.resolve(type).resolve("lineage=" + lineage).resolve("run_id=" + run);
        StringBuilder content = new StringBuilder();
        for (JsonNode f : n.get("files")) {
          Path file = dir.resolve(f.get("name").asText());
          try (ResultSet rs = st.executeQuery("SELECT count(*), md5(string_agg(CAST(hash(t) AS VARCHAR), ',' ORDER BY file_row_number))"
              + " FROM read_parquet('" + file.toString().replace("'", "''") + "', file_row_number = true) t")) {
            rs.next();
            content.append(f.get("name").asText()).append(':').append(rs.getLong(1)).append(':').append(rs.getString(2)).append(' ');
          }
        }
        out.put(type + "/" + lineage + "/" + run, new RunDigest(n.get("rows").asLong(), n.get("chunks").toString(), content.toString().strip()));
      }
    }
    return out;
  }

  /**
   * Problems with the attempts behind each published run: every part file's footer must name
   * the attempt its manifest entry records, so no run mixes files of two writers.
   */
  static java.util.List<String> mixedRuns(Path root) throws IOException, SQLException {
    java.util.List<String> problems = new java.util.ArrayList<>();
    try (Stream<Path> s = Files.walk(root.resolve("_strand/runs")); Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = c.createStatement()) {
      for (Path entry : (Iterable<Path>) s.filter(p -> p.toString().endsWith(".json")).sorted()::iterator) {
        JsonNode n = JSON.readTree(entry.toFile());
        String attempt = n.get("attempt").asText();
        Path dir = root.resolve(n.get("type").asText()).resolve("lineage=" + n.get("lineage").asText()).resolve("run_id=" + n.get("run_id").asText());
        for (JsonNode f : n.get("files")) {
          Path file = dir.resolve(f.get("name").asText());
          try (ResultSet rs = st.executeQuery("SELECT decode(value) FROM parquet_kv_metadata('" + file.toString().replace("'", "''")
              + "') WHERE decode(key) = 'strand.attempt'")) {
            String footer = rs.next() ? rs.getString(1) : null;
            if (!attempt.equals(footer)) {
              problems.add(file + " was written by attempt " + footer + "; its entry " + entry.getFileName() + " records " + attempt);
            }
          }
        }
      }
    }
    return problems;
  }

  /** The manifest entries of a root by {@code type/lineage/run}: (published time, attempt). */
  static Map<String, String> publications(Path root) throws IOException {
    Map<String, String> out = new TreeMap<>();
    Path runs = root.resolve("_strand/runs");
    if (!Files.isDirectory(runs)) {
      return out;
    }
    try (Stream<Path> s = Files.walk(runs)) {
      for (Path entry : (Iterable<Path>) s.filter(p -> p.toString().endsWith(".json")).sorted()::iterator) {
        JsonNode n = JSON.readTree(entry.toFile());
        out.put(n.get("type").asText() + "/" + n.get("lineage").asText() + "/" + n.get("run_id").asText(),
            n.get("published").asText() + " by " + n.get("attempt").asText());
      }
    }
    return out;
  }
}
