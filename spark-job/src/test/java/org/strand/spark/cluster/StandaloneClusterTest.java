package org.strand.spark.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * strand on a real Spark standalone cluster (a master and two workers on 127.0.0.1, started with
 * {@code submit-scripts/standalone-cluster}): the same job gives the same output as local mode,
 * through either way of submitting it; executors killed with SIGKILL at chosen moments of a job
 * cost only time, never a run, a duplicate or a half-written file; a plugin from a separate jar
 * runs on the executors only when allowed.
 *
 * <p>Every job is the same 4 generated runs, compared with one reference run in local mode by
 * content (see {@link PublishedOutput}). When a test fails, the cluster's logs (master, workers,
 * every executor's stderr) are printed to the test's output; they stay under
 * {@code target/cluster-test/} until the next run.
 */
@Tag("cluster")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneClusterTest {
  /**
   * 4 runs of 12 MB in 0.4 MB chunks: a run's part files stay open from its first chunk to its
   * last, long enough for a watcher polling /proc to catch an executor saving it. (Runs of 3 MB
   * kept them open for 70-220 ms in local mode, less on a warm executor, and the kill tests
   * sometimes missed the retry of a killed run.)
   */
  static final List<String> JOB = List.of("--generate", "4", "--run-size-mb", "12", "--set", "chunk_size_mb=0.4", "--no-progress");
  static final Duration JOB_TIMEOUT = Duration.ofMinutes(4);

  static Path dir;
  static LoopbackCluster cluster;
  static Map<String, PublishedOutput.RunContent> reference;

  @RegisterExtension
  static final TestWatcher LOGS_ON_FAILURE = new TestWatcher() {
    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
      if (cluster != null) {
        System.err.println("===== " + context.getDisplayName() + " failed; the cluster's logs:");
        System.err.println(cluster.logs(80));
      }
    }
  };

  @BeforeAll
  static void startClusterAndRunTheJobLocally() throws Exception {
    assumeTrue(ExecutorWatch.supported(), "needs Linux's /proc to find and kill executors");
    assumeTrue(Files.isExecutable(Path.of("/bin/bash")) || Files.isExecutable(Path.of("/usr/bin/bash")), "needs bash for the scripts");
    dir = LoopbackCluster.Repository.root().resolve("spark-job/target/cluster-test");
    Path state = dir.resolve("cluster");
    if (Files.exists(state)) {
      // A previous run that died without stopping its cluster: stop it, then start afresh.
      LoopbackCluster.in(state, 2, 1, "1g").stop();
    }
    deleteTree(dir);
    // Real path: executors' open files are seen through /proc by their real paths.
    dir = Files.createDirectories(dir).toRealPath();
    cluster = LoopbackCluster.in(state, 2, 1, "1g");
    Script.Outcome started = cluster.start(Duration.ofSeconds(150));
    assertEquals(0, started.code(), "the cluster starts: " + started);
    System.err.printf("cluster started in %.1f s%n", started.seconds());
    Script.Outcome status = cluster.status();
    assertEquals(0, status.code(), status.toString());
    assertThat(status.output()).contains(cluster.masterUrl(), "workers alive: 2 of 2");

    Path local = dir.resolve("local");
    Script.Outcome run = Drivers.strand(dir.resolve("local.log"), job(local, "--master", "local[2]")).await(JOB_TIMEOUT);
    assertEquals(0, run.code(), "the job in local mode: " + run);
    reference = PublishedOutput.read(local);
    assertEquals(8, reference.size(), "4 runs of peak_basics and event_basics: " + reference.keySet());
  }

  @AfterAll
  static void stopCluster() {
    if (cluster == null) {
      return;
    }
    List<ProcessHandle> running = cluster.processes();
    Script.Outcome stopped = cluster.stop();
    assertEquals(0, stopped.code(), "stop: " + stopped);
    assertThat(running.stream().filter(ProcessHandle::isAlive).map(ProcessHandle::pid).toList())
        .as("no process of the cluster survives stop").isEmpty();
    Script.Outcome again = cluster.stop();
    assertEquals(0, again.code(), "a second stop is harmless: " + again);
    assertNotEquals(0, cluster.status().code(), "status says the stopped cluster is not running");
  }

  /** The job on the cluster, its executors started quickly (see {@link Drivers#QUICK_START}). */
  static List<String> clusterJob(Path output, String... more) {
    List<String> args = job(output, more);
    args.addAll(List.of("--master", cluster.masterUrl(), "--conf", "spark.executor.extraJavaOptions=" + Drivers.QUICK_START));
    return args;
  }

  static List<String> job(Path output, String... more) {
    List<String> args = new ArrayList<>(List.of("run", "--output", output.toString()));
    args.addAll(JOB);
    args.addAll(List.of(more));
    return args;
  }

  @Test
  @Order(0)
  void script_refusesBadStarts_clearly_andAStartThatTimesOutLeavesNothingRunning() throws Exception {
    Script.Outcome again = cluster.start(Duration.ofSeconds(30));
    assertEquals(1, again.code(), again.toString());
    assertThat(again.output()).contains("already running", cluster.masterUrl());

    LoopbackCluster other = LoopbackCluster.in(dir.resolve("other-cluster"), 2, 1, "1g");
    Script.Outcome notRunning = other.status();
    assertEquals(1, notRunning.code(), notRunning.toString());
    assertThat(notRunning.output()).contains("not running");
    Script.Outcome badValue = other.script(Duration.ofSeconds(30), "start", "--workers", "0");
    assertEquals(1, badValue.code(), badValue.toString());
    assertThat(badValue.output()).contains("--workers must be a positive whole number, not '0'");
    Script.Outcome portTaken = other.script(Duration.ofSeconds(30), "start", "--port", Integer.toString(cluster.port));
    assertEquals(1, portTaken.code(), portTaken.toString());
    assertThat(portTaken.output()).contains("port " + cluster.port + " on 127.0.0.1 is in use");

    // Workers cannot register within a second: start gives up, says why, shows the logs and stops what it started.
    Script.Outcome timedOut = other.script(Duration.ofSeconds(60), "start", "--port", Integer.toString(other.port),
        "--ui-port", Integer.toString(other.uiPort), "--timeout", "1");
    assertEquals(1, timedOut.code(), timedOut.toString());
    assertThat(timedOut.output()).contains("timed out after 1s", "of 2 workers alive", "logs/master.log");
    String tag = "-Dstrand.cluster.dir=" + other.state;
    assertThat(ProcessHandle.allProcesses().filter(p -> p.info().arguments().map(a -> List.of(a).contains(tag)).orElse(false))
        .map(ProcessHandle::pid).toList()).as("processes of the cluster that timed out").isEmpty();
    assertNotEquals(0, other.status().code());
  }

  @Test
  @Order(1)
  void twoWorkers_sameJobAsLocalMode_identicalOutput() throws Exception {
    Path out = dir.resolve("same");
    Path summary = dir.resolve("same.json");
    // The output given relative to the driver's directory, as users write it: the executors, in
    // directories of their own, must still write there.
    Path relative = Path.of("").toRealPath().relativize(out);
    assertFalse(relative.isAbsolute());
    Script.Outcome run = Drivers.strand(dir.resolve("same.log"), clusterJob(relative, "--summary-json", summary.toString()))
        .await(JOB_TIMEOUT);
    assertEquals(0, run.code(), run.toString());
    assertAllDone(summary);
    assertEquals(reference, PublishedOutput.read(out));
    assertEquals(List.of(), PublishedOutput.problems(out, List.of()));

    // Both workers ran executors of this job, launched with Spark's module options.
    Optional<String> app = cluster.newestApplication(1);
    assertTrue(app.isPresent(), "worker 1 ran no executor");
    assertEquals(app, cluster.newestApplication(2), "both workers ran executors of the same job");
    for (int w = 1; w <= 2; w++) {
      String log = Files.readString(cluster.state.resolve("logs/worker-" + w + ".log"));
      assertThat(log).contains("Launch command", "CoarseGrainedExecutorBackend", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED");
    }
  }

  @Test
  @Order(2)
  void pluginJar_throughStrandSubmit_runsOnTheExecutorsWhenAllowed_refusedWhenNot() throws Exception {
    Path jar = PluginJar.build(dir.resolve("plugin"));
    String targets = "peak_basics,event_basics," + PluginJar.TYPE;

    Path refusedOut = dir.resolve("plugin-refused");
    // The first strand-submit may build the application jar (when missing or older than the sources).
    Script.Outcome refused = Drivers.strandSubmit(cluster, dir.resolve("plugin-refused.log"),
        concat(List.of("--jars", jar.toString()), job(refusedOut, "--targets", targets))).await(Duration.ofMinutes(6));
    assertEquals(2, refused.code(), refused.toString());
    assertThat(refused.output()).contains("unknown target '" + PluginJar.TYPE + "'", "not allowed: [" + PluginJar.CLASS + "]", "--plugins");
    assertTrue(!Files.exists(refusedOut), "a refused job writes nothing");

    Path out = dir.resolve("plugin");
    Path summary = dir.resolve("plugin.json");
    Script.Outcome run = Drivers.strandSubmit(cluster, dir.resolve("plugin-allowed.log"),
        concat(List.of("--jars", jar.toString()), job(out, "--targets", targets, "--plugins", PluginJar.CLASS, "--summary-json", summary.toString())))
        .await(JOB_TIMEOUT);
    assertEquals(0, run.code(), run.toString());
    assertAllDone(summary);
    assertThat(run.output()).as("it ran on the cluster").contains("Connected to Spark cluster");

    Map<String, PublishedOutput.RunContent> published = PublishedOutput.read(out);
    Map<String, PublishedOutput.RunContent> standard = new TreeMap<>(published);
    standard.keySet().removeIf(k -> k.startsWith(PluginJar.TYPE + "/"));
    assertEquals(reference, standard, "strand-submit with the application jar gives local mode's output");
    assertEquals(4, published.size() - standard.size(), "one " + PluginJar.TYPE + " per run: " + published.keySet());
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
      ResultSet rs = s.executeQuery("SELECT p.run_id, p.n, p.sq, a.n, a.sq FROM (SELECT run_id, count(*) AS n, sum(CAST(area AS DOUBLE) * area) AS sq FROM "
          + parquet(out, "peak_basics") + " GROUP BY run_id) p JOIN (SELECT run_id, count(*) AS n, sum(area_squared) AS sq FROM "
          + parquet(out, PluginJar.TYPE) + " GROUP BY run_id) a USING (run_id) ORDER BY run_id");
      int runs = 0;
      while (rs.next()) {
        runs++;
        assertEquals(rs.getLong(2), rs.getLong(4), "rows of run " + rs.getString(1));
        assertEquals(rs.getDouble(3), rs.getDouble(5), 1e-9 * Math.abs(rs.getDouble(3)), "squared areas of run " + rs.getString(1));
      }
      assertEquals(4, runs);
    }
    String lineage;
    try (Stream<Path> files = Files.list(out.resolve("_strand/lineages"))) {
      lineage = Files.readString(files.filter(p -> p.getFileName().toString().startsWith(PluginJar.TYPE + "-")).findFirst().orElseThrow());
    }
    assertThat(lineage).contains("\"plugin\":\"AreaSquared\"", "\"version\":\"" + PluginJar.VERSION + "\"");
  }

  @Test
  @Order(3)
  void executorKilledWhileComputingItsFirstRun_jobFinishes_outputEqualsCleanRun() throws Exception {
    Path out = dir.resolve("kill-computing");
    Path summary = dir.resolve("kill-computing.json");
    Script.Running driver = Drivers.strand(dir.resolve("kill-computing.log"), clusterJob(out, "--summary-json", summary.toString()));
    ExecutorWatch watch = new ExecutorWatch(cluster, out);
    // Before any run is published, an executor with a task thread and no staging file is computing its first run.
    Optional<ProcessHandle> victim = watch.await(driver, JOB_TIMEOUT,
        () -> published(out).isEmpty() ? watch.computingBeforeSaving().stream().findFirst() : Optional.empty());
    assertTrue(victim.isPresent(), () -> "no executor was caught computing before anything was published; " + driver.await(JOB_TIMEOUT));
    List<Long> killed = List.of(ExecutorWatch.kill(victim.get()));
    assertRecovered(driver.await(JOB_TIMEOUT), out, summary, killed);
  }

  @Test
  @Order(4)
  void executorKilledWhileSaving_afterOtherRunsWerePublished_finishedRunsSurvive_outputEqualsCleanRun() throws Exception {
    Path out = dir.resolve("kill-saving");
    Path summary = dir.resolve("kill-saving.json");
    Script.Running driver = Drivers.strand(dir.resolve("kill-saving.log"), clusterJob(out, "--summary-json", summary.toString()));
    ExecutorWatch watch = new ExecutorWatch(cluster, out);
    Optional<ExecutorWatch.Saving> victim = watch.awaitSaving(driver, JOB_TIMEOUT, s -> {
      Set<String> done = published(out);
      return !done.isEmpty() && !done.contains(s.runId());
    });
    assertTrue(victim.isPresent(), () -> "no executor was caught saving an unpublished run after another was published; " + driver.await(JOB_TIMEOUT));
    List<Long> killed = List.of(ExecutorWatch.kill(victim.get().executor()));
    Map<String, String> before = manifestEntries(out);
    System.err.println("killed executor " + killed + " while it saved " + victim.get());
    assertRecovered(driver.await(JOB_TIMEOUT), out, summary, killed);
    Map<String, String> after = manifestEntries(out);
    before.forEach((entry, json) -> assertEquals(json, after.get(entry), "a run published before the kill stays as it was: " + entry));
  }

  @Test
  @Order(5)
  void executorsKilledTwiceInARow_savingTheSameRun_jobFinishes_outputEqualsCleanRun() throws Exception {
    Path out = dir.resolve("kill-twice");
    Path summary = dir.resolve("kill-twice.json");
    Script.Running driver = Drivers.strand(dir.resolve("kill-twice.log"), clusterJob(out, "--summary-json", summary.toString()));
    ExecutorWatch watch = new ExecutorWatch(cluster, out);
    Optional<ExecutorWatch.Saving> first = watch.awaitSaving(driver, JOB_TIMEOUT, s -> true);
    assertTrue(first.isPresent(), () -> "no executor was caught saving; " + driver.await(JOB_TIMEOUT));
    List<Long> killed = new ArrayList<>(List.of(ExecutorWatch.kill(first.get().executor())));
    // The run's next attempt, wherever Spark puts it, is killed the same way.
    Optional<ExecutorWatch.Saving> second = watch.awaitSaving(driver, JOB_TIMEOUT,
        s -> s.runId().equals(first.get().runId()) && !s.attempt().equals(first.get().attempt()));
    assertTrue(second.isPresent(), () -> "run " + first.get().runId() + " was not caught saving again after the first kill; " + driver.await(JOB_TIMEOUT));
    killed.add(ExecutorWatch.kill(second.get().executor()));
    System.err.println("killed executors " + killed + " while they saved run " + first.get().runId());
    assertRecovered(driver.await(JOB_TIMEOUT), out, summary, killed);
  }

  /** The job survived the kills: exit 0, every run done once, output as a clean run's, nothing stray. */
  static void assertRecovered(Script.Outcome run, Path out, Path summary, List<Long> killed) throws Exception {
    assertEquals(0, run.code(), run.toString());
    assertThat(run.output()).as("the driver saw the executor go").containsPattern("Lost executor|ExecutorLostFailure");
    assertAllDone(summary);
    assertEquals(reference, PublishedOutput.read(out));
    assertEquals(List.of(), PublishedOutput.problems(out, killed));
  }

  static void assertAllDone(Path summary) throws IOException {
    JsonNode s = new ObjectMapper().readTree(summary.toFile());
    assertEquals("ok", s.get("status").asText(), s.toString());
    Set<String> done = new TreeSet<>();
    s.get("runs").forEach(r -> {
      assertEquals("done", r.get("status").asText(), r.toString());
      done.add(r.get("run_id").asText());
    });
    assertEquals(Set.of("000000", "000001", "000002", "000003"), done);
  }

  /** Runs whose peak_basics and event_basics are both in the manifest. */
  static Set<String> published(Path out) {
    Map<String, String> entries = manifestEntries(out);
    Set<String> peaks = new TreeSet<>();
    Set<String> events = new TreeSet<>();
    entries.keySet().forEach(k -> (k.startsWith("peak_basics/") ? peaks : events).add(k.substring(k.lastIndexOf('/') + 1).replace(".json", "")));
    peaks.retainAll(events);
    return peaks;
  }

  /** The manifest's run entries as they are on disk, by path under {@code _strand/runs}. */
  static Map<String, String> manifestEntries(Path out) {
    Map<String, String> entries = new TreeMap<>();
    Path runs = out.resolve("_strand/runs");
    if (!Files.isDirectory(runs)) {
      return entries;
    }
    try (Stream<Path> files = Files.walk(runs)) {
      for (Path p : files.filter(p -> p.toString().endsWith(".json")).toList()) {
        entries.put(runs.relativize(p).toString(), Files.readString(p));
      }
    } catch (IOException | java.io.UncheckedIOException e) {
      // Being written right now: the next poll sees it whole (entries are replaced atomically).
    }
    return entries;
  }

  static String parquet(Path root, String type) {
    return "read_parquet('" + root.resolve(type) + "/**/*.parquet', hive_partitioning = true, hive_types = {'run_id': VARCHAR, 'lineage': VARCHAR})";
  }

  static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
