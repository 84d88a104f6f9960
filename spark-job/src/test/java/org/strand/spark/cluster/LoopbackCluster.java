package org.strand.spark.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * A Spark standalone cluster on 127.0.0.1, started and stopped through
 * {@code submit-scripts/standalone-cluster} exactly as a user would, with its state in a
 * directory of its own and free ports, so it never meets a cluster the user is running.
 *
 * <p>Spark's jars come from this test's class path (strand's own modules left out by the
 * script), so no build runs inside the test.
 */
final class LoopbackCluster {
  final Path repo;
  final Path state;
  final int workers;
  final int cores;
  final String memory;
  final int port;
  final int uiPort;

  private LoopbackCluster(Path repo, Path state, int workers, int cores, String memory, int port, int uiPort) {
    this.repo = repo;
    this.state = state;
    this.workers = workers;
    this.cores = cores;
    this.memory = memory;
    this.port = port;
    this.uiPort = uiPort;
  }

  /** A cluster to be started in {@code state}, on free ports. */
  static LoopbackCluster in(Path state, int workers, int cores, String memory) {
    int port = freePort();
    int ui;
    do {
      ui = ThreadLocalRandom.current().nextInt(20_000, 30_000);
    } while (!portsFree(ui, workers + 1) || (port >= ui && port <= ui + workers));
    return new LoopbackCluster(Repository.root(), state, workers, cores, memory, port, ui);
  }

  String masterUrl() {
    return "spark://127.0.0.1:" + port;
  }

  Path script() {
    return repo.resolve("submit-scripts/standalone-cluster");
  }

  /** Runs the script with {@code args}; returns its exit code and output. */
  Script.Outcome script(Duration timeout, String... args) {
    List<String> command = new ArrayList<>();
    command.add(script().toString());
    command.addAll(List.of(args));
    Map<String, String> env = new LinkedHashMap<>();
    env.put("STRAND_CLUSTER_DIR", state.toString());
    env.put("STRAND_CLUSTER_CLASSPATH", Repository.testClassPath());
    env.put("STRAND_CLUSTER_JAVA_OPTS", Drivers.QUICK_START);
    return Script.run(command, env, state.resolveSibling(state.getFileName() + "-script.log"), timeout);
  }

  /** Starts the master and the workers; returns the script's outcome (exit 0: all workers alive). */
  Script.Outcome start(Duration timeout) {
    return script(timeout.plusSeconds(30), "start", "--workers", Integer.toString(workers), "--cores", Integer.toString(cores),
        "--memory", memory, "--port", Integer.toString(port), "--ui-port", Integer.toString(uiPort),
        "--worker-timeout", "20", "--timeout", Long.toString(timeout.toSeconds()));
  }

  Script.Outcome status() {
    return script(Duration.ofSeconds(30), "status");
  }

  Script.Outcome stop() {
    return script(Duration.ofSeconds(60), "stop");
  }

  /** What strand-submit needs to submit to this cluster, sized to its workers. */
  Map<String, String> submitEnvironment() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("SPARK_HOME", state.resolve("spark-home").toString());
    env.put("STRAND_MASTER", masterUrl());
    env.put("STRAND_EXECUTOR_CORES", Integer.toString(cores));
    env.put("STRAND_TASK_CPUS", "1");
    env.put("STRAND_EXECUTOR_MEMORY", memory);
    env.put("STRAND_DYNAMIC", "false");
    return env;
  }

  /** The worker JVMs, from the script's pid files. */
  List<ProcessHandle> workerProcesses() {
    List<ProcessHandle> out = new ArrayList<>();
    for (int i = 1; i <= workers; i++) {
      Path pidFile = state.resolve("worker-" + i + ".pid");
      if (Files.exists(pidFile)) {
        try {
          ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim())).ifPresent(out::add);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read " + pidFile, e);
        }
      }
    }
    return out;
  }

  /** Every process of the cluster now alive: the master, the workers and their executors. */
  List<ProcessHandle> processes() {
    List<ProcessHandle> out = new ArrayList<>();
    Path masterPid = state.resolve("master.pid");
    try {
      if (Files.exists(masterPid)) {
        ProcessHandle.of(Long.parseLong(Files.readString(masterPid).trim())).ifPresent(out::add);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + masterPid, e);
    }
    for (ProcessHandle w : workerProcesses()) {
      out.add(w);
      w.descendants().forEach(out::add);
    }
    return out;
  }

  /** The executor JVMs now running: the workers' children. */
  List<ProcessHandle> executors() {
    List<ProcessHandle> out = new ArrayList<>();
    for (ProcessHandle w : workerProcesses()) {
      w.children().filter(ProcessHandle::isAlive).forEach(out::add);
    }
    return out;
  }

  /** Each worker's work directory (one sub-directory per application it ran executors for). */
  Path workDirectory(int worker) {
    return state.resolve("work/worker-" + worker);
  }

  /** The daemons' logs and every executor's stderr, each cut to its last lines: for failure reports. */
  String logs(int lastLines) {
    StringBuilder sb = new StringBuilder();
    List<Path> files = new ArrayList<>();
    try {
      if (Files.isDirectory(state.resolve("logs"))) {
        try (Stream<Path> s = Files.list(state.resolve("logs"))) {
          s.sorted().forEach(files::add);
        }
      }
      if (Files.isDirectory(state.resolve("work"))) {
        try (Stream<Path> s = Files.walk(state.resolve("work"))) {
          s.filter(p -> p.getFileName().toString().equals("stderr")).sorted(Comparator.comparing(Path::toString)).forEach(files::add);
        }
      }
    } catch (IOException e) {
      sb.append("(cannot list the cluster's logs: ").append(e.getMessage()).append(")\n");
    }
    for (Path f : files) {
      sb.append("----- ").append(state.relativize(f)).append(" (last ").append(lastLines).append(" lines)\n");
      sb.append(Script.tail(f, lastLines)).append('\n');
    }
    return sb.toString();
  }

  /** The application id of the newest application a worker launched executors for, if any. */
  Optional<String> newestApplication(int worker) throws IOException {
    if (!Files.isDirectory(workDirectory(worker))) {
      return Optional.empty();
    }
    try (Stream<Path> s = Files.list(workDirectory(worker))) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("app-")).max(Comparator.naturalOrder());
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on 127.0.0.1", e);
    }
  }

  private static boolean portsFree(int first, int count) {
    for (int p = first; p < first + count; p++) {
      try (ServerSocket s = new ServerSocket(p, 1, InetAddress.getLoopbackAddress())) {
        s.setReuseAddress(true);
      } catch (IOException e) {
        return false;
      }
    }
    return true;
  }

  /** Where the repository and this test's class path are. */
  static final class Repository {
    private Repository() {}

    /** The repository root: the first directory up from the working directory holding the script. */
    static Path root() {
      for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
        if (Files.isRegularFile(p.resolve("submit-scripts/standalone-cluster"))) {
          return p;
        }
      }
      throw new IllegalStateException("no submit-scripts/standalone-cluster above " + Path.of("").toAbsolutePath());
    }

    /** This test JVM's class path (surefire's, when it runs under surefire). */
    static String testClassPath() {
      String cp = System.getProperty("surefire.test.class.path");
      return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
    }

    /** The JVM options every Spark JVM needs (submit-scripts/jvm-options). */
    static List<String> jvmOptions() {
      try {
        return Files.readAllLines(root().resolve("submit-scripts/jvm-options")).stream()
            .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read submit-scripts/jvm-options", e);
      }
    }

    static String java() {
      return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
  }
}
