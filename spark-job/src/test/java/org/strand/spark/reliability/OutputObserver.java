package org.strand.spark.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Watches an output root while jobs write it, as a reader would: every few milliseconds it
 * lists the manifest and the run directories, and records what each run directory held.
 *
 * <p>What must hold at every moment (each break is recorded with the poll it was seen in):
 * a manifest entry is whole JSON; a run listed in the manifest has its directory; a run
 * directory holds part files only; a run directory once seen never disappears; nothing named
 * {@code run_id=} exists outside {@code <type>/lineage=<hash>/}. And, checked at the end against
 * the final manifest: every listing ever seen of a run directory is exactly the files its entry
 * lists, with their sizes, so no reader ever saw a part of a run.
 *
 * <p>Local file systems only.
 */
final class OutputObserver implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path root;
  private final Thread thread;
  private final Map<String, Set<Map<String, Long>>> listings = new ConcurrentHashMap<>();
  private final List<String> violations = Collections.synchronizedList(new ArrayList<>());
  private volatile boolean running = true;
  private volatile int polls;
  private volatile int entriesSeen;

  private OutputObserver(Path root) {
    this.root = root;
    this.thread = new Thread(this::loop, "output-observer");
    thread.setDaemon(true);
  }

  static OutputObserver watch(Path root) {
    OutputObserver o = new OutputObserver(root);
    o.thread.start();
    return o;
  }

  int polls() {
    return polls;
  }

  /** Manifest entries seen in the latest poll. */
  int entriesSeen() {
    return entriesSeen;
  }

  List<String> violations() {
    synchronized (violations) {
      return List.copyOf(violations);
    }
  }

  /** Run directories seen, relative to the root. */
  Set<String> runDirectoriesSeen() {
    return Set.copyOf(listings.keySet());
  }

  private void loop() {
    while (running) {
      try {
        poll();
      } catch (IOException | UncheckedIOException e) {
        violations.add("poll " + polls + ": cannot read the root: " + e);
      }
      polls++;
      try {
        Thread.sleep(15);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void poll() throws IOException {
    if (!Files.isDirectory(root)) {
      return;
    }
    // The manifest first: an entry seen now must have its directory in the listing that follows.
    Set<String> listed = new LinkedHashSet<>();
    for (Path entry : files(root.resolve("_strand/runs"))) {
      if (!entry.getFileName().toString().endsWith(".json")) {
        continue;
      }
      JsonNode n;
      try {
        n = JSON.readTree(Files.readAllBytes(entry));
      } catch (NoSuchFileException e) {
        violations.add("poll " + polls + ": manifest entry " + entry + " vanished");
        continue;
      } catch (IOException e) {
        violations.add("poll " + polls + ": manifest entry " + entry + " is not whole JSON: " + e.getMessage());
        continue;
      }
      listed.add(runDir(n.path("type").asText(), n.path("lineage").asText(), n.path("run_id").asText()));
    }
    entriesSeen = listed.size();
    Set<String> present = new LinkedHashSet<>();
    for (Path type : dirs(root)) {
      String t = type.getFileName().toString();
      if (t.startsWith("_") || t.startsWith(".")) {
        continue;
      }
      for (Path lineage : dirs(type)) {
        for (Path run : dirs(lineage)) {
          String rel = root.relativize(run).toString();
          present.add(rel);
          Map<String, Long> files = new TreeMap<>();
          try (Stream<Path> s = Files.list(run)) {
            for (Path f : (Iterable<Path>) s::iterator) {
              String name = f.getFileName().toString();
              if (!name.startsWith("part-") || Files.isDirectory(f)) {
                violations.add("poll " + polls + ": " + f + " is not a part file, in a published run directory");
              }
              files.put(name, Files.size(f));
            }
          } catch (NoSuchFileException e) {
            continue;
          }
          listings.computeIfAbsent(rel, k -> ConcurrentHashMap.newKeySet()).add(files);
        }
      }
    }
    for (String rel : listings.keySet()) {
      if (!present.contains(rel)) {
        violations.add("poll " + polls + ": run directory " + rel + " was visible before and is gone");
      }
    }
    for (String rel : listed) {
      if (!present.contains(rel)) {
        violations.add("poll " + polls + ": the manifest lists " + rel + " but its directory is not there");
      }
    }
    try (Stream<Path> s = Files.walk(root.resolve("_staging"))) {
      s.filter(p -> p.getFileName().toString().startsWith("run_id="))
          .forEach(p -> violations.add("poll " + polls + ": " + p + " is named like a run directory inside staging"));
    } catch (NoSuchFileException | UncheckedIOException e) {
      // Staging appears and goes as attempts work; nothing to check while it is absent.
    }
  }

  private static String runDir(String type, String lineage, String run) {
    return type + "/lineage=" + lineage + "/run_id=" + run;
  }

  private static List<Path> dirs(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isDirectory).sorted().toList();
    } catch (NoSuchFileException e) {
      return List.of();
    }
  }

  private static List<Path> files(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).sorted().toList();
    } catch (NoSuchFileException | UncheckedIOException e) {
      return List.of();
    }
  }

  /**
   * Stops watching (after one last poll) and returns every violation, including listings of a
   * run directory that differ from the files its final manifest entry lists.
   */
  List<String> finish() throws IOException, InterruptedException {
    running = false;
    thread.join(10_000);
    poll();
    List<String> out = new ArrayList<>(violations());
    for (Map.Entry<String, Set<Map<String, Long>>> e : listings.entrySet()) {
      Map<String, Long> expected = finalFiles(e.getKey());
      if (expected == null) {
        out.add(e.getKey() + " was visible, but the final manifest has no entry for it");
        continue;
      }
      for (Map<String, Long> seen : e.getValue()) {
        if (!seen.equals(expected)) {
          out.add(e.getKey() + " was seen holding " + seen + "; its manifest entry lists " + expected);
        }
      }
    }
    return out;
  }

  /** The part files (name to size) the manifest entry of a run directory lists, or null. */
  private Map<String, Long> finalFiles(String relRunDir) throws IOException {
    String[] parts = relRunDir.split("/");
    Path entry = root.resolve("_strand/runs").resolve(parts[0]).resolve(parts[1].substring("lineage=".length()))
        .resolve(parts[2].substring("run_id=".length()) + ".json");
    if (!Files.isRegularFile(entry)) {
      return null;
    }
    Map<String, Long> files = new TreeMap<>();
    for (JsonNode f : JSON.readTree(entry.toFile()).get("files")) {
      files.put(f.get("name").asText(), f.get("bytes").asLong());
    }
    return files;
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join(10_000);
  }
}
