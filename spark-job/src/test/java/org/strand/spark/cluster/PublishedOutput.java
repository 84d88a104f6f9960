package org.strand.spark.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.strand.storage.ChunkInfo;
import org.strand.storage.dataset.DatasetFormat;
import org.strand.storage.dataset.DatasetOptions;
import org.strand.storage.dataset.DatasetStorage;
import org.strand.storage.dataset.ManifestEntry;
import org.strand.storage.dataset.PartFile;
import org.strand.storage.dataset.VerificationProblem;

/**
 * What an output root holds, compared by content: for each published (type, run, lineage) the
 * manifest's rows, bytes and chunks, and a digest of the rows read back by DuckDB (an independent
 * Parquet reader). File names, publication times and attempt ids differ from one job to the
 * next and are left out.
 */
final class PublishedOutput {
  private PublishedOutput() {}

  /**
   * One published run of one type.
   *
   * @param rows the manifest's row count
   * @param bytes the manifest's uncompressed bytes
   * @param chunks the manifest's chunks (index, start, end, rows, bytes)
   * @param rowsRead the rows DuckDB reads from the run's files
   * @param digest an MD5 over the sorted 64-bit hashes of every row DuckDB reads
   */
  record RunContent(long rows, long bytes, List<ChunkInfo> chunks, long rowsRead, String digest) {}

  /** Every published (type, run, lineage) of a Parquet root, keyed {@code type/lineage/run}. */
  static Map<String, RunContent> read(Path root) throws SQLException {
    Map<String, RunContent> out = new TreeMap<>();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
      for (ManifestEntry e : storage(root).entries()) {
        Path dir = runDirectory(root, e);
        try (ResultSet rs = s.executeQuery("SELECT count(*), md5(string_agg(CAST(hash(t) AS VARCHAR), ',' ORDER BY hash(t))) FROM read_parquet('"
            + dir + "/*.parquet', hive_partitioning = false) t")) {
          rs.next();
          out.put(e.type() + "/" + e.lineage() + "/" + e.runId(), new RunContent(e.rows(), e.bytes(), e.chunks(), rs.getLong(1), rs.getString(2)));
        }
      }
    }
    return out;
  }

  /**
   * Everything wrong with a root after a job that may have lost executors: problems
   * {@link DatasetStorage#verify} finds in any published run; any file or directory under a type's
   * tree that the manifest does not list (a duplicate or stray part file, a half-published run);
   * any file outside the types' trees, {@code _strand/} and {@code _staging/}; and staging left by
   * an attempt whose process was not one of {@code killedPids} (only a killed attempt can leave
   * staging behind; it is removed once its lease expires).
   */
  static List<String> problems(Path root, Collection<Long> killedPids) throws IOException {
    List<String> problems = new ArrayList<>();
    DatasetStorage storage = storage(root);
    Map<Path, Set<String>> listed = new HashMap<>();
    for (ManifestEntry e : storage.entries()) {
      for (VerificationProblem p : storage.verify(e.key())) {
        problems.add("verify " + e.key() + ": " + p);
      }
      listed.put(runDirectory(root, e), Set.copyOf(e.files().stream().map(PartFile::name).toList()));
    }
    try (Stream<Path> top = Files.list(root)) {
      for (Path p : top.sorted().toList()) {
        String name = p.getFileName().toString();
        if (name.equals("_strand")) {
          continue;
        }
        if (name.equals("_staging")) {
          problems.addAll(stagingLeftovers(p, killedPids));
        } else if (Files.isDirectory(p)) {
          problems.addAll(strayFiles(root, p, listed));
        } else {
          problems.add("unexpected file " + root.relativize(p));
        }
      }
    }
    return problems;
  }

  private static List<String> strayFiles(Path root, Path typeDir, Map<Path, Set<String>> listed) throws IOException {
    List<String> problems = new ArrayList<>();
    try (Stream<Path> all = Files.walk(typeDir)) {
      for (Path p : all.sorted().toList()) {
        Path rel = root.relativize(p);
        if (rel.getNameCount() == 3 && Files.isDirectory(p) && !listed.containsKey(p)) {
          problems.add("run directory not in the manifest: " + rel);
        } else if (Files.isRegularFile(p)) {
          Set<String> files = listed.get(p.getParent());
          if (rel.getNameCount() != 4 || files == null || !files.contains(p.getFileName().toString())) {
            problems.add("file not listed in the manifest: " + rel);
          }
        }
      }
    }
    return problems;
  }

  private static List<String> stagingLeftovers(Path staging, Collection<Long> killedPids) throws IOException {
    List<String> problems = new ArrayList<>();
    try (Stream<Path> attempts = Files.list(staging)) {
      for (Path attempt : attempts.sorted().toList()) {
        Path lease = attempt.resolve("_lease");
        String text = Files.exists(lease) ? Files.readString(lease, StandardCharsets.UTF_8) : "";
        Long pid = null;
        for (String line : text.split("\n")) {
          if (line.startsWith("process=") && line.contains("@")) {
            pid = Long.parseLong(line.substring("process=".length(), line.indexOf('@')));
          }
        }
        if (pid == null || !killedPids.contains(pid)) {
          problems.add("staging left by an attempt that was not killed: " + staging.getFileName() + "/" + attempt.getFileName()
              + " (lease: " + text.replace('\n', ' ').strip() + "; killed: " + killedPids + ")");
        }
      }
    }
    return problems;
  }

  private static Path runDirectory(Path root, ManifestEntry e) {
    return root.resolve(e.type()).resolve("lineage=" + e.lineage()).resolve("run_id=" + e.runId());
  }

  private static DatasetStorage storage(Path root) {
    return DatasetStorage.open(new org.apache.hadoop.fs.Path(root.toUri()), new Configuration(), DatasetOptions.defaults(DatasetFormat.PARQUET));
  }
}
