package org.strand.spark.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.strand.spark.cli.StrandCli;

/**
 * {@code strand <command>} in a child JVM, as {@code submit-scripts/strand} starts it: the JVM
 * options of {@code submit-scripts/jvm-options}, this test JVM's classpath, its own heap. Its
 * output goes to files, so a killed child leaves them readable. {@link #kill()} is SIGKILL: no
 * shutdown hook, no finally block runs in the child.
 */
final class ChildStrand implements AutoCloseable {
  private static final String VECTOR_MODULE = "jdk.incubator.vector";

  private final String name;
  private final Process process;
  private final Path stdout;
  private final Path stderr;

  private ChildStrand(String name, Process process, Path stdout, Path stderr) {
    this.name = name;
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  /**
   * Starts {@code strand args...} with heap {@code heap} (e.g. {@code 2g}) and any extra JVM
   * options; its output goes to {@code <logs>/<name>.out} and {@code .err}.
   */
  static ChildStrand start(Path logs, String name, String heap, List<String> jvmExtra, String... args) throws IOException {
    Files.createDirectories(logs);
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.add("-Xmx" + heap);
    cmd.addAll(jvmOptions());
    cmd.addAll(jvmExtra);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(StrandCli.class.getName());
    cmd.addAll(List.of(args));
    Path out = logs.resolve(name + ".out");
    Path err = logs.resolve(name + ".err");
    // Run in the log directory, so that anything a child writes to its working directory stays
    // in the test's temporary space (arguments are absolute paths).
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(logs.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().putIfAbsent("SPARK_LOCAL_IP", "127.0.0.1");
    return new ChildStrand(name, pb.start(), out, err);
  }

  static ChildStrand start(Path logs, String name, String... args) throws IOException {
    return start(logs, name, "2g", List.of(), args);
  }

  /** Runs {@code strand args...} to the end (at most {@code timeout}) and returns its exit code. */
  static ChildStrand run(Path logs, String name, Duration timeout, String... args) throws IOException, InterruptedException {
    ChildStrand c = start(logs, name, args);
    c.waitFor(timeout);
    return c;
  }

  /**
   * The options every JVM running Spark needs, from the repository's
   * {@code submit-scripts/jvm-options} when it can be found, else this JVM's own module options;
   * without the vector incubator module, as {@code submit-scripts/strand} starts strand.
   */
  static List<String> jvmOptions() throws IOException {
    Path file = Repository.root().map(r -> r.resolve("submit-scripts/jvm-options")).filter(Files::isRegularFile).orElse(null);
    List<String> out = new ArrayList<>();
    if (file != null) {
      for (String line : Files.readAllLines(file)) {
        String l = line.strip();
        if (!l.isEmpty() && !l.startsWith("#") && !l.contains(VECTOR_MODULE)) {
          out.add(l);
        }
      }
      return out;
    }
    for (String a : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (a.startsWith("--add-") || a.startsWith("-XX:+IgnoreUnrecognized") || a.startsWith("-Dio.netty") || a.startsWith("--sun-misc")
          || a.startsWith("--enable-native-access")) {
        if (!a.contains(VECTOR_MODULE)) {
          out.add(a);
        }
      }
    }
    return out;
  }

  /** Waits for the child to end; kills it and fails if it takes longer than {@code timeout}. */
  int waitFor(Duration timeout) throws InterruptedException, IOException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      kill();
      throw new AssertionError(name + " did not end within " + timeout + "; killed. " + describe());
    }
    return process.exitValue();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  long pid() {
    return process.pid();
  }

  /** SIGKILL, then waits until the process is gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      throw new AssertionError(name + " (pid " + process.pid() + ") still runs a minute after SIGKILL");
    }
  }

  /** SIGTERM (what Ctrl-C's SIGINT also does to a JVM: shutdown hooks run), then waits until the process is gone. */
  void terminate() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      throw new AssertionError(name + " (pid " + process.pid() + ") still runs a minute after SIGTERM");
    }
  }

  int exitCode() {
    return process.exitValue();
  }

  String out() throws IOException {
    return Files.readString(stdout, StandardCharsets.UTF_8);
  }

  String err() throws IOException {
    return Files.readString(stderr, StandardCharsets.UTF_8);
  }

  /** Exit code and output, for assertion messages. */
  String describe() throws IOException {
    String code = process.isAlive() ? "running" : "exit " + process.exitValue();
    String err = err();
    if (err.length() > 6000) {
      err = "..." + err.substring(err.length() - 6000);
    }
    return name + ": " + code + "\n--- stdout\n" + out() + "\n--- stderr\n" + err;
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }
}
