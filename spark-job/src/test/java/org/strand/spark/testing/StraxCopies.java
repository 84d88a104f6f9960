package org.strand.spark.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Copies the reference strax run under new run ids, to make multi-run strax inputs for tests. */
public final class StraxCopies {
  private StraxCopies() {}

  /**
   * Copies {@code <runId>-raw_records-<hash>/} of {@code source} into {@code target} as run
   * {@code newRunId}, rewriting the run id in the metadata. Returns the new directory.
   */
  public static Path copyRun(Path source, String runId, Path target, String newRunId) throws IOException {
    Path from;
    try (Stream<Path> s = Files.list(source)) {
      from = s.filter(p -> p.getFileName().toString().startsWith(runId + "-raw_records-")).findFirst()
          .orElseThrow(() -> new IOException("no raw_records of run " + runId + " in " + source));
    }
    String name = from.getFileName().toString().replaceFirst("^" + runId, newRunId);
    Path to = Files.createDirectories(target.resolve(name));
    try (Stream<Path> files = Files.list(from)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Path dest = to.resolve(f.getFileName());
        if (f.getFileName().toString().endsWith("-metadata.json")) {
          String json = Files.readString(f).replace("\"run_id\": \"" + runId + "\"", "\"run_id\": \"" + newRunId + "\"");
          Files.writeString(dest, json);
        } else {
          Files.copy(f, dest);
        }
      }
    }
    return to;
  }

  /**
   * Copies {@code <runId>-raw_records-<hash>/} of {@code source} into {@code target} under the
   * lineage hash {@code newHash}: the directory, the chunk files and the metadata (its hash and
   * chunk file names) renamed to match, as strax would have written the run with another lineage.
   * Returns the new directory.
   */
  public static Path copyRunUnderHash(Path source, String runId, Path target, String newHash) throws IOException {
    Path from;
    try (Stream<Path> s = Files.list(source)) {
      from = s.filter(p -> p.getFileName().toString().startsWith(runId + "-raw_records-")).findFirst()
          .orElseThrow(() -> new IOException("no raw_records of run " + runId + " in " + source));
    }
    String hash = from.getFileName().toString().substring((runId + "-raw_records-").length());
    Path to = Files.createDirectories(target.resolve(runId + "-raw_records-" + newHash));
    try (Stream<Path> files = Files.list(from)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        String name = f.getFileName().toString();
        Path dest = to.resolve(name.replace("raw_records-" + hash, "raw_records-" + newHash));
        if (name.endsWith("-metadata.json")) {
          Files.writeString(dest, Files.readString(f).replace(hash, newHash));
        } else {
          Files.copy(f, dest);
        }
      }
    }
    return to;
  }
}
