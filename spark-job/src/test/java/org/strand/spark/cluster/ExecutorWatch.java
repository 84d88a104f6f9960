package org.strand.spark.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Watches the executors of a {@link LoopbackCluster} through {@code /proc} (Linux): which task
 * threads they run and which staging files of an output root they hold open, so a test can
 * kill one ({@code kill -9}) at a chosen moment of a job.
 */
final class ExecutorWatch {
  private final LoopbackCluster cluster;
  private final Path output;

  ExecutorWatch(LoopbackCluster cluster, Path output) {
    this.cluster = cluster;
    this.output = output.toAbsolutePath().normalize();
  }

  /** Whether this system shows processes' open files and threads under /proc. */
  static boolean supported() {
    return Files.isDirectory(Path.of("/proc/self/fd")) && Files.isDirectory(Path.of("/proc/self/task"));
  }

  /**
   * A part file an executor holds open in the output's staging.
   *
   * @param executor the executor's process
   * @param attempt the staging attempt directory's name
   * @param type the data type being written
   * @param runId the run being written
   * @param file the part file
   */
  record Saving(ProcessHandle executor, String attempt, String type, String runId, Path file) {}

  /** What every executor is saving right now. */
  List<Saving> saving() {
    Path staging = output.resolve("_staging");
    List<Saving> out = new ArrayList<>();
    for (ProcessHandle e : cluster.executors()) {
      for (Path target : openFiles(e.pid())) {
        if (!target.startsWith(staging) || staging.relativize(target).getNameCount() != 3
            || !target.getFileName().toString().startsWith("part-")) {
          continue;
        }
        Path rel = staging.relativize(target);
        // The writer's entry is named <type>.<lineage>.<run>.<nonce>.
        String[] label = rel.getName(1).toString().split("\\.");
        if (label.length == 4) {
          out.add(new Saving(e, rel.getName(0).toString(), label[0], label[2], target));
        }
      }
    }
    return out;
  }

  /** Executors that have started a task (a task thread exists) and hold no staging file open. */
  List<ProcessHandle> computingBeforeSaving() {
    List<ProcessHandle> out = new ArrayList<>();
    List<Long> saving = saving().stream().map(s -> s.executor().pid()).toList();
    for (ProcessHandle e : cluster.executors()) {
      if (!saving.contains(e.pid()) && hasTaskThread(e.pid())) {
        out.add(e);
      }
    }
    return out;
  }

  /**
   * Polls until {@code found} finds something in what the executors do, the driver ends, or
   * {@code timeout} passes.
   */
  <T> Optional<T> await(Script.Running driver, Duration timeout, Supplier<Optional<T>> found)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (driver.isAlive() && System.nanoTime() < deadline) {
      Optional<T> f = found.get();
      if (f.isPresent()) {
        return f;
      }
      Thread.sleep(15);
    }
    return Optional.empty();
  }

  /** Waits for an executor saving something that {@code which} accepts. */
  Optional<Saving> awaitSaving(Script.Running driver, Duration timeout, Predicate<Saving> which) throws InterruptedException {
    return await(driver, timeout, () -> saving().stream().filter(which).findFirst());
  }

  /** Kills an executor with SIGKILL and waits until it is gone (or a zombie); returns its pid. */
  static long kill(ProcessHandle executor) throws InterruptedException {
    long pid = executor.pid();
    boolean requested = executor.destroyForcibly();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (alive(pid)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("executor " + pid + " is still alive 30 s after SIGKILL (requested: " + requested + ")");
      }
      Thread.sleep(10);
    }
    return pid;
  }

  /** Whether a process exists and is not a zombie (dead, waiting for its parent to reap it). */
  private static boolean alive(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // The state follows the command name, which is in parentheses and may hold spaces.
      return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
    } catch (IOException e) {
      return false;
    }
  }

  private static List<Path> openFiles(long pid) {
    List<Path> out = new ArrayList<>();
    try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
      for (Path fd : fds.toList()) {
        try {
          out.add(Files.readSymbolicLink(fd));
        } catch (IOException e) {
          // The descriptor was closed meanwhile.
        }
      }
    } catch (IOException | UncheckedIOException e) {
      // The process ended meanwhile.
    }
    return out;
  }

  private static boolean hasTaskThread(long pid) {
    try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path t : tasks.toList()) {
        try {
          // Linux keeps the first 15 characters of a thread's name.
          if (Files.readString(t.resolve("comm")).startsWith("Executor task l")) {
            return true;
          }
        } catch (IOException e) {
          // The thread ended meanwhile.
        }
      }
    } catch (IOException | UncheckedIOException e) {
      // The process ended meanwhile.
    }
    return false;
  }
}
