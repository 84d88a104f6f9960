package org.strand.spark.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command (a script, a driver JVM) as a child process with its output in a log file, and
 * never waits for it longer than a timeout: a process that overstays is killed with everything
 * it started, and the outcome says so.
 */
final class Script {
  private Script() {}

  /**
   * How a process ended.
   *
   * @param code its exit code, or -1 when it was killed for overstaying
   * @param log the file holding its output (stdout and stderr)
   * @param seconds how long it ran
   */
  record Outcome(int code, Path log, double seconds) {
    String output() {
      try {
        return Files.readString(log, StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "(cannot read " + log + ": " + e.getMessage() + ")";
      }
    }

    @Override
    public String toString() {
      return (code < 0 ? "killed after timing out" : "exit " + code) + String.format(" after %.1f s", seconds)
          + "; last lines of " + log + ":\n" + tail(log, 60);
    }
  }

  /** A started process and its log. */
  record Running(Process process, Path log, long startedNanos) {
    boolean isAlive() {
      return process.isAlive();
    }

    /** Waits for the process to end, killing it (and its descendants) after {@code timeout}. */
    Outcome await(Duration timeout) {
      try {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          killTree(process.toHandle());
          process.waitFor(30, TimeUnit.SECONDS);
          return new Outcome(-1, log, (System.nanoTime() - startedNanos) / 1e9);
        }
      } catch (InterruptedException e) {
        killTree(process.toHandle());
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the process logging to " + log, e);
      }
      return new Outcome(process.exitValue(), log, (System.nanoTime() - startedNanos) / 1e9);
    }
  }

  static Running start(List<String> command, Map<String, String> env, Path log) {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().putAll(env);
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    try {
      Files.createDirectories(log.getParent());
      return new Running(pb.start(), log, System.nanoTime());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command.get(0), e);
    }
  }

  static Outcome run(List<String> command, Map<String, String> env, Path log, Duration timeout) {
    return start(command, env, log).await(timeout);
  }

  /** Kills a process and every process it started (descendants first, so none is orphaned). */
  static void killTree(ProcessHandle root) {
    List<ProcessHandle> all = new ArrayList<>(root.descendants().toList());
    all.add(root);
    for (ProcessHandle p : all) {
      p.destroyForcibly();
    }
  }

  /** The last {@code n} lines of a text file (or why they cannot be read). */
  static String tail(Path file, int n) {
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(cannot read " + file + ": " + e.getMessage() + ")";
    }
  }
}
