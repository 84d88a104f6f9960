package org.strand.spark.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.strand.context.Context;
import org.strand.core.ConfigurationException;
import org.strand.core.Names;
import org.strand.plugin.ByRun;
import org.strand.plugin.Lineage;
import org.strand.plugin.Option;
import org.strand.plugin.Plugin;
import org.strand.spark.Durations;
import org.strand.spark.JobSpec;
import org.strand.spark.OptionConfig;
import org.strand.spark.RunScheduler;
import org.strand.spark.Warmup;
import org.strand.storage.fs.RegularFiles;

/**
 * Checks command-line options that need no Spark and no storage (a standalone master is only
 * asked whether it answers), and turns them into a {@link JobSpec}. Every problem is a
 * {@link ConfigurationException} with a one-line message naming the option and the bad value;
 * nothing is written.
 */
final class RequestValidation {
  private RequestValidation() {}

  /**
   * The master URLs Spark 4 accepts: local forms with at least one thread, a standalone cluster
   * (one or more host:port), YARN, Kubernetes.
   */
  private static final Pattern MASTER = Pattern.compile(
      "local|local\\[(\\*|[1-9]\\d*)(,[1-9]\\d*)?\\]|local-cluster\\[[1-9]\\d*,[1-9]\\d*,[1-9]\\d*\\]"
          + "|spark://[A-Za-z0-9._-]+(:\\d{1,5})?(,[A-Za-z0-9._-]+(:\\d{1,5})?)*|yarn|k8s://\\S+");

  /**
   * The most threads a run may have. A fixed number, not a multiple of this machine's cores: the
   * driver's cores say nothing about the executors'. A run keeps at most a few chunks per stage
   * in flight and splits a chunk into at most one group per channel (250 for the reference
   * detector), so more threads than that only add idle workers (each with its stack) and
   * contention; 256 is also as many hardware threads as the largest common servers have. A value
   * like 100000 is a typo, refused before it starts thousands of threads in every run.
   */
  static final int MAX_THREADS_PER_RUN = 256;

  /** How long a standalone master may take to accept a connection before it counts as down. */
  private static final int MASTER_CONNECT_MS = 5000;

  /**
   * Checks a {@code --master} value (null: not given). A standalone cluster's master must answer:
   * Spark itself would retry for about a minute and then fail the job with an unrelated message.
   */
  static void master(String master) {
    if (master == null) {
      return;
    }
    if (!MASTER.matcher(master).matches()) {
      throw new ConfigurationException("--master must be local, local[N], local[*], local[N,F], spark://HOST:PORT, yarn or k8s://URL, got '"
          + master + "'");
    }
    if (master.startsWith("spark://")) {
      probeStandalone("--master " + master, master);
    }
  }

  /** Refuses a standalone master ({@code spark://...}) that does not answer, or answers HTTP; {@code given} says where it came from. */
  private static void probeStandalone(String given, String master) {
    List<String> problems = new ArrayList<>();
    List<String> webPorts = new ArrayList<>();
    for (String hostPort : master.substring("spark://".length()).split(",")) {
      int colon = hostPort.indexOf(':');
      String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
      String port = colon < 0 ? "7077" : hostPort.substring(colon + 1);
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(host, Integer.parseInt(port)), MASTER_CONNECT_MS);
        if (!answersHttp(socket)) {
          return;
        }
        webPorts.add(host + ":" + port);
      } catch (IOException | IllegalArgumentException e) {
        problems.add(host + ":" + port + " (" + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")");
      }
    }
    if (!webPorts.isEmpty()) {
      throw new ConfigurationException(given + ": " + String.join(", ", webPorts) + (webPorts.size() == 1 ? " answers" : " answer")
          + " HTTP (a web UI?), not Spark's RPC; the master's log and web UI give its URL as spark://HOST:PORT (port 7077 by default)");
    }
    throw new ConfigurationException(given + ": no Spark master answers at " + String.join(", ", problems));
  }

  /** How long a connected master port may take to answer the HTTP probe before it counts as not HTTP. */
  static final int HTTP_PROBE_MS = 2000;

  /**
   * Whether the port a socket is connected to speaks HTTP: the usual slip is the master's web UI
   * port (8080) for its RPC port (7077), and both accept connections. The probe is the 8-byte
   * length of a one-byte Spark RPC frame, then end of input: a Spark RPC port waits for the rest
   * of the frame, sees the end, and closes the connection as after any client (nothing in its
   * log but the usual disassociation line); an HTTP server takes the bytes for a bad request line
   * and answers {@code HTTP/1.1 400}. (A real HTTP request would make the master log a stack trace
   * for a frame too large, once per job.) Waits at most {@link #HTTP_PROBE_MS} in all, so a port
   * that never answers costs no more than that.
   */
  private static boolean answersHttp(Socket socket) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(HTTP_PROBE_MS);
    byte[] expected = "HTTP/".getBytes(StandardCharsets.US_ASCII);
    try {
      socket.getOutputStream().write(new byte[] {0, 0, 0, 0, 0, 0, 0, 9});
      socket.getOutputStream().flush();
      socket.shutdownOutput();
      InputStream in = socket.getInputStream();
      int read = 0;
      while (read < expected.length) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
          return false;
        }
        socket.setSoTimeout((int) left);
        int b = in.read();
        if (b != expected[read]) {
          return false;
        }
        read++;
      }
      return true;
    } catch (IOException e) {
      // A timeout, a reset or a closed connection: not an HTTP server, so not the slip this looks for.
      return false;
    }
  }

  /** A local master's cores: {@code local} 1, {@code local[N]} and {@code local[N,F]} N, {@code local[*]} this machine's. */
  private static final Pattern LOCAL_CORES = Pattern.compile("local(?:\\[(\\*|\\d+)(?:,\\d+)?\\])?");

  /**
   * Checks {@code spark.task.cpus} (null: not set) against a local master's cores: Spark refuses
   * a task that needs more cores than its executor has, but only once it starts, with its own
   * error log and stack trace.
   */
  static void taskCpus(String value, String master) {
    if (value == null) {
      return;
    }
    int cpus;
    try {
      cpus = Integer.parseInt(value);
    } catch (NumberFormatException ex) {
      cpus = 0;
    }
    if (cpus < 1) {
      throw new ConfigurationException("--conf spark.task.cpus must be a whole number of cores, at least 1, got '" + value + "'");
    }
    Matcher m = master == null ? null : LOCAL_CORES.matcher(master);
    if (m != null && m.matches()) {
      String n = m.group(1);
      int cores = n == null ? 1 : n.equals("*") ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(n);
      if (cpus > cores) {
        throw new ConfigurationException("--conf spark.task.cpus=" + cpus + " needs " + cpus + " cores per task, but --master "
            + master + " has " + cores);
      }
    }
  }

  static JobSpec spec(SelectionOptions s, ExecutionOptions e) {
    if (s.output == null || s.output.isBlank()) {
      throw new ConfigurationException("--output is empty; give the output root");
    }
    JobSpec.Input input = input(s);
    List<String> targets = identifiers("--targets", s.targets());
    if (!List.of("parquet", "arrow").contains(s.format)) {
      throw new ConfigurationException("--format must be parquet or arrow, got '" + s.format + "'");
    }
    if (s.store == null && s.save != null) {
      throw new ConfigurationException("--save names the types to keep in the store; give --store ROOT too");
    }
    List<String> save = s.store == null ? List.of() : identifiers("--save", s.save());
    if (s.save == null) {
      // The default list keeps what is not a target (a target goes to --output).
      save = save.stream().filter(t -> !targets.contains(t)).toList();
    }
    Map<String, Object> options = options(s);
    if (s.generate != null) {
      // --seed and --run-size-mb (defaults included) set these, so a value given here would be overridden.
      for (String name : List.of("generator_seed", "run_duration_s", "run_size_mb")) {
        if (options.containsKey(name)) {
          throw new ConfigurationException("option '" + name + "' cannot be set with --generate: generated runs take "
              + (name.equals("generator_seed") ? "their seed from --seed" : "their size from --run-size-mb"));
        }
      }
    }
    int threads = 0;
    String processor = "threaded";
    long timeout = 0;
    boolean failFast = false;
    if (e != null) {
      if (e.threadsPerRun != null && (e.threadsPerRun < 1 || e.threadsPerRun > MAX_THREADS_PER_RUN)) {
        throw new ConfigurationException("--threads-per-run must be between 1 and " + MAX_THREADS_PER_RUN + ", got " + e.threadsPerRun);
      }
      threads = e.threadsPerRun == null ? 0 : e.threadsPerRun;
      if (!List.of("threaded", "single").contains(e.processor)) {
        throw new ConfigurationException("--processor must be threaded or single, got '" + e.processor + "'");
      }
      processor = e.processor;
      if (e.runTimeout != null) {
        try {
          timeout = Durations.parse(e.runTimeout).toMillis();
        } catch (IllegalArgumentException ex) {
          throw new ConfigurationException("--run-timeout: " + ex.getMessage());
        }
      }
      sparkConf(e.conf);
      summaryJson(e.summaryJson);
      failFast = e.failFast;
    }
    List<String> plugins = pluginClassNames(s.plugins);
    return new JobSpec(s.output, s.format, input, targets, options, s.store, save, threads, processor, timeout, failFast, plugins);
  }

  /** Checks the options of a job on Spark against its settings ({@code --conf}, checked). */
  static void sparkJob(SparkJobOptions j, Map<String, String> settings) {
    if (j.maxRunsPerPartition < 1) {
      throw new ConfigurationException("--max-runs-per-partition must be at least 1, got " + j.maxRunsPerPartition);
    }
    master(j.master);
    if (j.master == null) {
      impliedMaster(settings.get("spark.master"), System.getProperty("spark.master"));
    }
    taskCpus(settings.get("spark.task.cpus"), j.master);
  }

  /**
   * Without {@code --master}, the master Spark will use, {@code --conf spark.master} or else the
   * JVM's {@code spark.master} (what spark-submit's {@code --master} sets, so strand-submit's
   * STRAND_MASTER, or spark-defaults.conf), is held to the same check: a standalone master that
   * does not answer cost a minute of Spark's retries, then an exit 1 as if a run had failed.
   */
  static void impliedMaster(String fromConf, String fromJvm) {
    if (fromConf != null && fromConf.startsWith("spark://")) {
      probeStandalone("--conf spark.master=" + fromConf, fromConf);
    } else if (fromConf == null && fromJvm != null && fromJvm.startsWith("spark://")) {
      probeStandalone("spark.master " + fromJvm + " (spark-submit's --master, STRAND_MASTER, or spark-defaults.conf)", fromJvm);
    }
  }

  /**
   * Checks the {@code --conf} settings of a job processed in this JVM without Spark: it reads
   * only {@code spark.hadoop.*} (the roots' file system) and {@link Warmup#ENABLED}, so any other
   * setting would be silently ignored and is refused instead.
   */
  static void inProcessSettings(Map<String, String> settings) {
    for (String key : settings.keySet()) {
      if (!key.startsWith("spark.hadoop.") && !key.equals(Warmup.ENABLED)) {
        throw new ConfigurationException("--conf " + key + " has no effect in a job without Spark; it takes spark.hadoop.* settings "
            + "(the roots' file system) and " + Warmup.ENABLED + " only");
      }
    }
  }

  /** The summary's file must be writable as a file: not a directory, its parent not a file. */
  private static void summaryJson(java.nio.file.Path file) {
    if (file == null) {
      return;
    }
    if (Files.isDirectory(file)) {
      throw new ConfigurationException("--summary-json " + file + " is a directory; give a file name");
    }
    for (java.nio.file.Path p = file.toAbsolutePath().getParent(); p != null; p = p.getParent()) {
      if (Files.exists(p)) {
        if (!Files.isDirectory(p)) {
          throw new ConfigurationException("--summary-json " + file + " cannot be written: " + p + " is not a directory");
        }
        if (!Files.isWritable(p) || Files.exists(file) && !Files.isWritable(file)) {
          throw new ConfigurationException("--summary-json " + file + " cannot be written: no permission to write in " + p);
        }
        break;
      }
    }
  }

  /** A lineage hash, as strax and the chunk store name directories with it. */

  private static JobSpec.Input input(SelectionOptions s) {
    if ((s.generate == null) == (s.inputs == null)) {
      throw new ConfigurationException("give exactly one of --generate N and --input ROOT");
    }
    if (s.generate != null) {
      if (s.generate < 1) {
        throw new ConfigurationException("--generate must be at least 1, got " + s.generate);
      }
      if (s.generate > 1_000_000) {
        throw new ConfigurationException("--generate makes runs 000000 .. 999999 at most, got " + s.generate);
      }
      double runSizeMb = s.runSizeMb == null ? SelectionOptions.DEFAULT_RUN_SIZE_MB : s.runSizeMb;
      if (!(runSizeMb > 0) || runSizeMb > 1_000_000) {
        throw new ConfigurationException("--run-size-mb must be a positive size in MB, got " + runSizeMb);
      }
      if (s.runs != null || s.runsFile != null) {
        throw new ConfigurationException("--runs and --runs-file select runs of --input; with --generate the runs are 000000 .. N-1");
      }
      if (s.inputLineage != null) {
        throw new ConfigurationException("--input-lineage chooses a lineage of --input's raw_records; generated runs (--generate) have only one");
      }
      long seed = s.seed == null ? SelectionOptions.DEFAULT_SEED : s.seed;
      return JobSpec.Input.generated(s.generate, runSizeMb, seed);
    }
    if (s.runSizeMb != null || s.seed != null) {
      throw new ConfigurationException((s.seed != null ? "--seed" : "--run-size-mb")
          + " applies to generated runs (--generate); runs read from --input keep their own data");
    }
    List<String> roots = new ArrayList<>();
    for (String root : s.inputs) {
      String r = root.strip();
      // picocli leaves a double-quoted value whole, quotes and all: the way to give a root
      // whose name holds a comma.
      if (r.length() >= 2 && r.startsWith("\"") && r.endsWith("\"")) {
        r = r.substring(1, r.length() - 1);
      }
      if (!r.isBlank()) {
        roots.add(r);
      }
    }
    if (roots.isEmpty()) {
      throw new ConfigurationException("--input is empty");
    }
    if (roots.size() < s.inputs.size()) {
      throw new ConfigurationException("--input names an empty root among " + String.join(",", s.inputs) + "; give roots separated by single commas");
    }
    if (s.inputLineage != null && !Lineage.isHash(s.inputLineage)) {
      throw new ConfigurationException("--input-lineage: '" + s.inputLineage + "' is not a lineage hash (letters and digits, at most 64)");
    }
    return JobSpec.Input.of(roots, s.inputLineage);
  }

  /** The run ids asked for with --runs or --runs-file (empty: all runs of the input). */
  static List<String> requestedRuns(SelectionOptions s) {
    if (s.runs != null && s.runsFile != null) {
      throw new ConfigurationException("give --runs or --runs-file, not both");
    }
    List<String> ids = new ArrayList<>();
    if (s.runsFile != null) {
      if (!Files.isRegularFile(s.runsFile)) {
        // Never opened unless regular: a named pipe would block the command until something wrote to it.
        throw new ConfigurationException("--runs-file " + s.runsFile + " " + RegularFiles.problem(s.runsFile).orElse("does not exist"));
      }
      try {
        for (String line : Files.readAllLines(s.runsFile)) {
          // A byte order mark, as some editors write, is not part of the first run id.
          String id = line.replace("\uFEFF", "").replaceAll("#.*", "").trim();
          if (!id.isEmpty()) {
            ids.add(id);
          }
        }
      } catch (java.nio.charset.CharacterCodingException ex) {
        throw new ConfigurationException("--runs-file " + s.runsFile + " is not UTF-8 text (one run id per line)");
      } catch (IOException ex) {
        throw new ConfigurationException("cannot read --runs-file " + s.runsFile + ": " + ex.getMessage());
      }
      if (ids.isEmpty()) {
        throw new ConfigurationException("--runs-file " + s.runsFile + " lists no runs");
      }
    } else if (s.runs != null) {
      for (String id : s.runs) {
        if (!id.isBlank()) {
          ids.add(id.trim());
        }
      }
      if (ids.isEmpty()) {
        throw new ConfigurationException("--runs lists no runs");
      }
    }
    for (String id : ids) {
      try {
        Names.requireRunId(id);
      } catch (IllegalArgumentException ex) {
        throw new ConfigurationException(ex.getMessage());
      }
    }
    return new ArrayList<>(new LinkedHashSet<>(ids));
  }

  /** How many missing runs a by_run message lists before "and N more". */
  private static final int RUNS_NAMED = 5;

  /**
   * Checks every {@code by_run} table of an option the targets use against every selected run:
   * a run before a table's first entry has no value, and would fail when it is planned, after
   * the job has started. Tables by start time are left to planning: a run's start time is known
   * only once its data is opened.
   *
   * @throws ConfigurationException naming the table's file, the option and the runs without a value
   */
  static void byRunTables(Context ctx, JobSpec spec, List<RunScheduler.SizedRun> runs, java.nio.file.Path config) {
    Map<String, Object> values = OptionConfig.toContextValues(spec.options());
    for (String name : optionsUsed(ctx, spec.targets())) {
      if (!(values.get(name) instanceof ByRun table) || table.byStartTime()) {
        continue;
      }
      String first = table.entries().get(0).fromRun();
      List<String> missing = new ArrayList<>();
      for (RunScheduler.SizedRun run : runs) {
        if (ByRun.compareRunIds(first, run.runId()) > 0) {
          missing.add(run.runId());
        }
      }
      if (!missing.isEmpty()) {
        String named = String.join(", ", missing.subList(0, Math.min(RUNS_NAMED, missing.size())))
            + (missing.size() > RUNS_NAMED ? " and " + (missing.size() - RUNS_NAMED) + " more" : "");
        throw new ConfigurationException("the by_run table of option '" + name + "'" + (config == null ? "" : " in --config " + config)
            + " starts at run " + first + ", so " + (missing.size() == 1 ? "selected run " : missing.size() + " selected runs ")
            + named + (missing.size() == 1 ? " has" : " have") + " no value; add an entry at or before the first of them");
      }
    }
  }

  /** {@code --plugins} values as class names: trimmed, empty entries dropped, anything else refused. */
  static List<String> pluginClassNames(List<String> given) {
    List<String> plugins = new ArrayList<>();
    for (String c : given) {
      String name = c.trim();
      if (!name.isEmpty() && !name.matches("[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)*")) {
        throw new ConfigurationException("--plugins: '" + name + "' is not a Java class name");
      }
      if (!name.isEmpty()) {
        plugins.add(name);
      }
    }
    return plugins;
  }

  /** The options of the plugins the targets need, directly or through their inputs. */
  private static List<String> optionsUsed(Context ctx, List<String> targets) {
    List<String> names = new ArrayList<>();
    Deque<String> types = new ArrayDeque<>(targets);
    Set<Plugin> seen = new HashSet<>();
    while (!types.isEmpty()) {
      Plugin p = ctx.registry().provider(types.pop());
      if (p != null && seen.add(p)) {
        for (Option<?> o : p.options()) {
          if (!names.contains(o.name())) {
            names.add(o.name());
          }
        }
        types.addAll(p.dependsOn());
      }
    }
    return names;
  }

  private static List<String> identifiers(String option, List<String> names) {
    List<String> out = new ArrayList<>();
    for (String n : names) {
      String t = n.trim();
      if (t.isEmpty()) {
        continue;
      }
      if (!Names.isIdentifier(t)) {
        throw new ConfigurationException(option + ": invalid data type '" + t + "' (lower-case letters, digits and '_')");
      }
      out.add(t);
    }
    if (out.isEmpty()) {
      throw new ConfigurationException(option + " lists no data types");
    }
    return new ArrayList<>(new LinkedHashSet<>(out));
  }

  private static Map<String, Object> options(SelectionOptions s) {
    Map<String, Object> options = new LinkedHashMap<>();
    if (s.config != null) {
      options.putAll(OptionConfig.read(s.config));
    }
    options.putAll(OptionConfig.parseSets(s.sets));
    for (String name : options.keySet()) {
      if (!Names.isIdentifier(name)) {
        throw new ConfigurationException("invalid option name '" + name + "' (lower-case letters, digits and '_')");
      }
    }
    return options;
  }

  /** Spark settings from --conf key=value. */
  static Map<String, String> sparkConf(List<String> conf) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String c : conf) {
      int eq = c.indexOf('=');
      if (eq <= 0) {
        throw new ConfigurationException("--conf expects key=value, got '" + c + "'");
      }
      String key = c.substring(0, eq).trim();
      String value = c.substring(eq + 1).trim();
      sparkValue(key, value);
      out.put(key, value);
    }
    String warmup = out.get(Warmup.ENABLED);
    if (warmup != null && !warmup.equalsIgnoreCase("true") && !warmup.equalsIgnoreCase("false")) {
      throw new ConfigurationException("--conf " + Warmup.ENABLED + " must be true or false, got '" + warmup + "'");
    }
    return out;
  }

  /**
   * A value that Spark's own definition of the setting refuses ({@code spark.executor.memory=abc},
   * {@code spark.driver.maxResultSize=zz}) is refused here, with Spark's reason, before Spark
   * starts: Spark would refuse it only while starting, logging several stack traces and then
   * failing its shutdown hook after strand's message. Settings Spark does not define, and those
   * defined by libraries not yet loaded (Spark SQL's), are left to Spark.
   */
  static void sparkValue(String key, String value) {
    org.apache.spark.internal.config.ConfigEntry<?> entry = sparkSetting(key);
    if (entry == null) {
      return;
    }
    try {
      entry.valueConverter().apply(value);
    } catch (RuntimeException e) {
      throw new ConfigurationException("--conf " + key + "=" + value + ": Spark does not take this value: " + StrandCli.oneLine(e.getMessage()));
    }
  }

  /** Spark's definition of a core setting, or null. */
  private static org.apache.spark.internal.config.ConfigEntry<?> sparkSetting(String key) {
    // Spark's core settings are registered when the object defining them is first used.
    Objects.requireNonNull(org.apache.spark.internal.config.package$.MODULE$);
    return org.apache.spark.internal.config.ConfigEntry.findEntry(key);
  }
}
