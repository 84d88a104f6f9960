package org.strand.spark.sql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.strand.core.StorageException;
import org.strand.spark.RunResult;
import org.strand.storage.fs.RegularFiles;
import org.strand.storage.fs.RootFormat;
import org.strand.storage.fs.SmallFiles;

/**
 * The run log of an output root: one small JSON file per run, {@code _strand/run-log/<run>.json},
 * rewritten by the driver at the end of every job that processed the run (a {@link RunRecord}).
 *
 * <p>A run that a job found already done keeps the record of the job that did it; it gets one
 * only if it had none (data published by an older strand, say). Each file is replaced whole (a
 * rename over the old one); two jobs finishing the same run at once leave one of their records.
 * Readers skip files they cannot parse rather than fail a query over the data.
 */
public final class RunRecords {
  /** The directory under {@code _strand/}. */
  public static final String DIRECTORY = "run-log";

  private static final ObjectMapper JSON = new ObjectMapper();

  private RunRecords() {}

  /** {@code <root>/_strand/run-log}. */
  public static Path directory(Path root) {
    return new Path(new Path(root, RootFormat.METADATA_DIRECTORY), DIRECTORY);
  }

  /**
   * Records what a job did with each of its runs.
   *
   * @param finished when the job finished
   * @throws StorageException naming the file that could not be written
   */
  public static void write(Path root, Configuration conf, List<RunResult> results, String strandVersion, Instant finished) {
    Path dir = directory(root);
    try {
      FileSystem fs = SmallFiles.forWriting(dir, conf);
      for (RunResult r : results) {
        Path file = new Path(dir, r.runId() + ".json");
        boolean skipped = RunResult.SKIPPED.equals(r.status());
        if (skipped && fs.exists(file)) {
          continue;
        }
        Map<String, String> targets = new TreeMap<>();
        r.targets().forEach((type, t) -> targets.put(type, t.lineage()));
        RunRecord record = new RunRecord(r.runId(), skipped ? RunResult.DONE : r.status(), r.error(), r.rawBytes(), r.seconds(),
            targets, strandVersion, skipped ? null : finished);
        SmallFiles.replace(fs, file, toJson(record));
      }
    } catch (IOException e) {
      throw new StorageException("cannot write the run log under " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Every record under {@code root}, by run id; empty when there is no run log.
   *
   * @throws StorageException if the directory cannot be listed
   */
  public static Map<String, RunRecord> read(Path root, Configuration conf) {
    Path dir = directory(root);
    Map<String, RunRecord> out = new TreeMap<>();
    FileStatus[] files;
    FileSystem fs;
    try {
      fs = dir.getFileSystem(conf);
      files = fs.listStatus(dir, p -> p.getName().endsWith(".json") && !p.getName().startsWith("."));
    } catch (FileNotFoundException e) {
      return out;
    } catch (IOException e) {
      throw new StorageException("cannot list the run log " + dir + ": " + e.getMessage(), e);
    }
    for (FileStatus f : files) {
      if (RegularFiles.problem(fs, f.getPath()).isPresent()) {
        // Not opened: a named pipe would block 'strand sql'. It counts as a damaged record.
        continue;
      }
      try (InputStream in = fs.open(f.getPath())) {
        RunRecord r = fromJson(JSON.readTree(in));
        if (r != null) {
          out.put(r.runId(), r);
        }
      } catch (IOException | DateTimeParseException e) {
        // A damaged record loses the run's raw size and status in strand_runs, nothing more.
      }
    }
    return out;
  }

  static byte[] toJson(RunRecord r) throws IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("run_id", r.runId());
    m.put("status", r.status());
    m.put("error", r.error());
    m.put("raw_bytes", r.rawBytes());
    m.put("seconds", r.seconds());
    m.put("targets", new TreeMap<>(r.targets()));
    m.put("strand_version", r.strandVersion());
    m.put("processed_at", r.processedAt() == null ? null : r.processedAt().toString());
    return JSON.writeValueAsBytes(m);
  }

  static RunRecord fromJson(JsonNode n) {
    if (!n.hasNonNull("run_id") || !n.hasNonNull("status")) {
      return null;
    }
    Map<String, String> targets = new TreeMap<>();
    n.path("targets").fields().forEachRemaining(e -> targets.put(e.getKey(), e.getValue().asText()));
    String at = n.path("processed_at").asText(null);
    return new RunRecord(n.get("run_id").asText(), n.get("status").asText(), n.path("error").asText(null),
        n.path("raw_bytes").asLong(0), n.path("seconds").asDouble(0), targets, n.path("strand_version").asText(null),
        at == null ? null : Instant.parse(at));
  }
}
