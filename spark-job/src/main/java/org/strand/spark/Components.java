package org.strand.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.deploy.SparkHadoopUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strand.chain.ChainOptions;
import org.strand.chain.ChainSchemas;
import org.strand.chain.RawRecordsGenerator;
import org.strand.chain.StandardChain;
import org.strand.context.Context;
import org.strand.context.PluginRegistry;
import org.strand.context.SavePolicy;
import org.strand.core.ConfigurationException;
import org.strand.core.Names;
import org.strand.core.StorageException;
import org.strand.plugin.Option;
import org.strand.plugin.SourcePlugin;
import org.strand.processing.Processors;
import org.strand.processing.ThreadedProcessor;
import org.strand.storage.chunkstore.ChunkStore;
import org.strand.storage.chunkstore.ChunkStoreOptions;
import org.strand.storage.chunkstore.ChunkStoreSource;
import org.strand.storage.DataKey;
import org.strand.storage.StoredData;
import org.strand.storage.fs.RootFormat;
import org.strand.storage.routing.FirstFoundSource;
import org.strand.storage.routing.RoutingStorage;
import org.strand.storage.dataset.DatasetFormat;
import org.strand.storage.dataset.DatasetOptions;
import org.strand.storage.dataset.DatasetStorage;
import org.strand.storage.fs.StrandVersion;
import org.strand.storage.strax.StraxDirectory;
import org.strand.storage.strax.StraxRunEntry;
import org.strand.storage.strax.StraxSource;

/**
 * Wires a {@link JobSpec} to concrete parts: the raw-data source, the standard chain, the output
 * dataset, the chunk store and the processor. The same wiring serves the driver (planning,
 * checks) and the executors (processing).
 */
public final class Components {
  /** The type every input provides. */
  public static final String RAW = RawRecordsGenerator.TYPE;
  private static final Logger LOG = LoggerFactory.getLogger(Components.class);

  private Components() {}

  /** strand's version, as stamped in outputs. */
  public static String version() {
    return StrandVersion.get();
  }

  /**
   * The Hadoop configuration the driver reads and checks roots with, made as Spark makes its
   * executors' ({@code spark.hadoop.*} settings and the rest of Spark's rules): from this JVM's
   * Spark settings (what {@code spark-submit} was given, {@code spark-defaults.conf} included),
   * then {@code sparkConf} (strand's own {@code --conf}) over them. So a file-system setting given
   * either way reaches the driver's listing and checks as it reaches the executors.
   */
  public static Configuration hadoopConfiguration(Map<String, String> sparkConf) {
    SparkConf conf = new SparkConf();
    sparkConf.forEach(conf::set);
    return SparkHadoopUtil.get().newConfiguration(conf);
  }

  /**
   * Decides what kind of root each input root is (strax data directory, or strand chunk store).
   *
   * @throws ConfigurationException naming the root if one does not exist, is not a directory,
   *     cannot be reached, holds strand output, or is given twice
   */
  public static JobSpec resolveInput(JobSpec spec, Configuration conf) {
    JobSpec.Input in = spec.input();
    if (in.generated()) {
      return spec;
    }
    List<JobSpec.InputRoot> resolved = new ArrayList<>();
    Map<Path, String> seen = new LinkedHashMap<>();
    List<JobSpec.InputRoot> roots = in.roots();
    for (int i = 0; i < roots.size(); i++) {
      JobSpec.InputRoot r = roots.get(i);
      String before = seen.putIfAbsent(qualify("--input", new Path(r.path()), conf), r.path());
      if (before != null) {
        throw new ConfigurationException("--input " + r.path() + " is given twice" + (before.equals(r.path()) ? "" : " (also as " + before + ")")
            + "; give each root once");
      }
      resolved.add(r.withKind(kindOf(r.path(), i + 1 < roots.size() ? roots.get(i + 1).path() : null, conf)));
    }
    return spec.withInput(in.withRoots(resolved));
  }

  /**
   * The kind of root {@code given} is; {@code next}, the root given after it (or null), serves
   * only to tell a root whose name holds a comma, split in two by the comma between roots.
   */
  private static JobSpec.InputKind kindOf(String given, String next, Configuration conf) {
    Path root = new Path(given);
    try {
      FileSystem fs = fileSystem("--input", root, conf);
      if (!fs.exists(root)) {
        String joined = next == null ? null : given + "," + next;
        if (joined != null && fs.exists(new Path(joined))) {
          throw new ConfigurationException("--input " + given + " does not exist, but " + joined
              + " does; it holds a comma, give the root in double quotes: --input '\"" + joined + "\"'");
        }
        throw new ConfigurationException("--input " + given + " does not exist");
      }
      if (!fs.getFileStatus(root).isDirectory()) {
        throw new ConfigurationException("--input " + given + " is not a directory");
      }
      String format = RootFormat.read(fs, root);
      if (ChunkStore.FORMAT.equals(format)) {
        return JobSpec.InputKind.STORE;
      }
      if (format != null) {
        throw new ConfigurationException("--input " + given + " holds strand " + format
            + " output, not raw data; give a strax data directory or a strand chunk store");
      }
    } catch (IOException e) {
      throw new ConfigurationException("cannot reach --input " + given + ": " + e.getMessage());
    }
    return JobSpec.InputKind.STRAX;
  }

  /**
   * What one input root holds.
   *
   * @param root the root
   * @param found its runs with raw_records (of the chosen lineage, if any), with their raw sizes
   * @param lineages every lineage of each run's raw_records there
   * @param store the chunk store, for a root that is one; else null
   */
  private record RootRuns(JobSpec.InputRoot root, Map<String, Long> found, Map<String, List<String>> lineages, ChunkStore store) {}

  private static RootRuns listRoot(JobSpec.InputRoot root, String lineage, Configuration conf) {
    Map<String, Long> found = new LinkedHashMap<>();
    Map<String, List<String>> lineages = new LinkedHashMap<>();
    ChunkStore store = null;
    if (root.kind() == JobSpec.InputKind.STORE) {
      store = ChunkStore.open(new Path(root.path()), conf, ChunkStoreOptions.defaults());
      for (DataKey key : store.keys(RAW)) {
        lineages.computeIfAbsent(key.runId(), id -> new ArrayList<>()).add(key.lineage());
        if (lineage != null && !lineage.equals(key.lineage())) {
          continue;
        }
        long bytes;
        try {
          bytes = store.find(key).map(StoredData::totalBytes).orElse(0L);
        } catch (StorageException e) {
          // Listed all the same: the run fails with this error when it is planned, alone.
          bytes = 0;
        }
        found.merge(key.runId(), bytes, Math::max);
      }
    } else {
      for (StraxRunEntry e : new StraxDirectory(new Path(root.path()), conf).list(RAW)) {
        lineages.computeIfAbsent(e.runId(), id -> new ArrayList<>()).add(e.lineageHash());
        if (lineage == null || lineage.equals(e.lineageHash())) {
          found.putIfAbsent(e.runId(), e.rawBytes());
        }
      }
    }
    return new RootRuns(root, found, lineages, store);
  }

  /**
   * The runs to process, and the spec to process them with: what listing each root found of them
   * ({@link JobSpec.InputRoot#listed}) added, so that planning and processing a run open its
   * directory by name instead of listing the root again.
   *
   * @param spec the job's spec, its input roots' kinds decided
   * @param runs the runs with their raw sizes
   */
  public record Selection(JobSpec spec, List<RunScheduler.SizedRun> runs) {}

  /**
   * The runs to process with their raw sizes: generated ids, or the runs with raw_records in any
   * input root (of the input's chosen lineage, if any; only the requested ones when given). A run
   * in several roots is taken from the first (as the source reads it, see {@link #context}), and
   * the roots holding the copies not used are logged.
   *
   * @throws ConfigurationException if a requested run is in no root (or has no raw_records of the
   *     chosen lineage, naming those it has), or no root holds any run
   */
  public static Selection select(JobSpec spec, List<String> requested, Configuration conf) {
    JobSpec.Input in = spec.input();
    List<RunScheduler.SizedRun> out = new ArrayList<>();
    if (in.generated()) {
      SourcePlugin generator = new RawRecordsGenerator();
      Context ctx = Context.of(generator).withOptions(generatorOptions(spec));
      for (int i = 0; i < in.count(); i++) {
        String id = String.format("%06d", i);
        try (var plan = ctx.plan(id, List.of(RAW))) {
          out.add(new RunScheduler.SizedRun(id, plan.run().rawBytes()));
        }
      }
      return new Selection(spec, out);
    }
    String lineage = in.lineage();
    List<RootRuns> roots = new ArrayList<>();
    for (JobSpec.InputRoot root : in.roots()) {
      roots.add(listRoot(root, lineage, conf));
    }
    // Sorted by run id, as each root lists its own runs.
    Map<String, Long> found = new TreeMap<>();
    Map<String, List<String>> holders = new LinkedHashMap<>();
    for (RootRuns r : roots) {
      r.found().forEach((id, bytes) -> {
        found.putIfAbsent(id, bytes);
        holders.computeIfAbsent(id, k -> new ArrayList<>()).add(r.root().path());
      });
    }
    String ofLineage = lineage == null ? "" : " of lineage " + lineage + " (--input-lineage)";
    if (found.isEmpty()) {
      Set<String> all = new TreeSet<>();
      roots.forEach(r -> r.lineages().values().forEach(all::addAll));
      throw new ConfigurationException((roots.size() == 1 ? "--input " + in.roots().get(0).path() + " holds no"
          : "none of the --input roots " + String.join(", ", in.paths()) + " holds")
          + " runs with " + RAW + (lineage == null || all.isEmpty() ? "" : ofLineage + "; " + (roots.size() == 1 ? "its" : "their")
              + " runs have lineages " + all));
    }
    for (RootRuns r : roots) {
      if (roots.size() > 1 && r.found().isEmpty()) {
        LOG.warn("--input {} holds no runs with {}{}; the runs are those of the other roots", r.root().path(), RAW, ofLineage);
      }
    }
    if (requested.isEmpty()) {
      found.forEach((id, bytes) -> out.add(new RunScheduler.SizedRun(id, bytes)));
    } else {
      for (String id : requested) {
        Long bytes = found.get(id);
        if (bytes == null) {
          throw notInAnyRoot(id, roots, lineage, found.size(), conf);
        }
        out.add(new RunScheduler.SizedRun(id, bytes));
      }
    }
    // One line per set of roots, not per run: mirrored directories share thousands of runs.
    Map<List<String>, List<String>> runsByCopies = new LinkedHashMap<>();
    for (RunScheduler.SizedRun run : out) {
      List<String> copies = holders.get(run.runId());
      if (copies.size() > 1) {
        runsByCopies.computeIfAbsent(copies, k -> new ArrayList<>()).add(run.runId());
      }
    }
    runsByCopies.forEach((copies, ids) -> {
      List<String> unused = copies.subList(1, copies.size());
      String which = ids.size() == 1 ? "run " + ids.get(0)
          : ids.size() + " runs (" + String.join(", ", ids.subList(0, Math.min(10, ids.size()))) + (ids.size() > 10 ? ", ..." : "") + ")";
      LOG.info("{}: {} read from --input {}, the first root holding them; the cop{} in {} {} not read", which, RAW,
          copies.get(0), unused.size() == 1 && ids.size() == 1 ? "y" : "ies", String.join(", ", unused),
          unused.size() == 1 && ids.size() == 1 ? "is" : "are");
    });
    List<JobSpec.InputRoot> listed = new ArrayList<>();
    for (RootRuns r : roots) {
      listed.add(r.root().withListed(listedLineages(r, out, holders, lineage)));
    }
    return new Selection(spec.withInput(in.withRoots(listed)), out);
  }

  /**
   * Of {@code runs}, those read from {@code root} (the first root holding them) that it holds
   * under one lineage (or under the chosen {@code lineage}), with its hash.
   */
  private static Map<String, String> listedLineages(RootRuns root, List<RunScheduler.SizedRun> runs, Map<String, List<String>> holders,
      String lineage) {
    Map<String, String> out = new LinkedHashMap<>();
    for (RunScheduler.SizedRun run : runs) {
      List<String> hashes = root.lineages().get(run.runId());
      if (hashes == null || !holders.get(run.runId()).get(0).equals(root.root().path())) {
        continue;
      }
      if (lineage != null ? hashes.contains(lineage) : hashes.size() == 1) {
        out.put(run.runId(), lineage != null ? lineage : hashes.get(0));
      }
    }
    return out;
  }

  /**
   * Why a run asked for by name is in no root: it has raw_records of other lineages only, the
   * raw_records of a root are incomplete or unfinished, or none has it.
   */
  private static ConfigurationException notInAnyRoot(String id, List<RootRuns> roots, String lineage, int runs, Configuration conf) {
    boolean one = roots.size() == 1;
    String where = one ? "--input " + roots.get(0).root().path() : "any --input root (searched " + String.join(", ",
        roots.stream().map(r -> r.root().path()).toList()) + ")";
    if (lineage != null) {
      List<String> others = new ArrayList<>();
      for (RootRuns r : roots) {
        if (r.lineages().containsKey(id)) {
          others.add(r.lineages().get(id) + (one ? "" : " in " + r.root().path()));
        }
      }
      if (!others.isEmpty()) {
        return new ConfigurationException("run " + id + " has no " + RAW + " of lineage " + lineage + " (--input-lineage) in " + where
            + "; it has lineages " + String.join(", ", others));
      }
    }
    for (RootRuns r : roots) {
      if (r.store() != null) {
        requireNoIncompleteRaw(r.store(), id, r.root().path());
      } else if (Names.isValidRunId(id)) {
        requireNoUnfinishedStrax(new StraxDirectory(new Path(r.root().path()), conf), id, r.root().path());
      }
    }
    return new ConfigurationException("run " + id + " has no " + RAW + " in " + where + " (" + (one ? "it holds " : "they hold ") + runs
        + " runs)");
  }

  /**
   * A run asked for by name whose raw data in the chunk store is there but incomplete is refused
   * with the store's reason, naming the directory, rather than said to be absent.
   */
  private static void requireNoIncompleteRaw(ChunkStore store, String runId, String root) {
    try {
      store.stored(runId, RAW);
    } catch (StorageException e) {
      throw new ConfigurationException("run " + runId + " has no complete " + RAW + " in --input " + root + ": " + e.getMessage());
    }
  }

  /**
   * A run asked for by name that strax has begun but not finished writing is refused naming its
   * unfinished directory, rather than said to be absent.
   */
  private static void requireNoUnfinishedStrax(StraxDirectory dir, String runId, String root) {
    List<String> unfinished = dir.unfinished(runId, RAW);
    if (!unfinished.isEmpty()) {
      throw new ConfigurationException("run " + runId + " has no finished " + RAW + " in --input " + root + ": "
          + String.join(", ", unfinished) + ": " + StraxDirectory.UNFINISHED_REASON);
    }
  }

  /**
   * Checks the output root against the input: not inside it, and of the requested format.
   *
   * @throws ConfigurationException naming both paths, or the formats
   */
  public static void checkOutput(JobSpec spec, Configuration conf) {
    Path output = qualify("--output", new Path(spec.output()), conf);
    requireDirectoryOrAbsent("--output", output, conf);
    if (spec.store() != null) {
      requireDirectoryOrAbsent("--store", qualify("--store", new Path(spec.store()), conf), conf);
    }
    List<Map.Entry<String, String>> others = new ArrayList<>();
    spec.input().paths().forEach(root -> others.add(Map.entry("--input", root)));
    if (spec.store() != null) {
      others.add(Map.entry("--store", spec.store()));
    }
    for (Map.Entry<String, String> other : others) {
      Path o = qualify(other.getKey(), new Path(other.getValue()), conf);
      if (isInside(output, o) || isInside(o, output)) {
        throw new ConfigurationException("--output " + spec.output() + " must not be inside or contain " + other.getValue());
      }
    }
    output(spec, conf);
  }

  /**
   * A root that exists must be a directory, and one that does not must be creatable (its nearest
   * existing parent a directory): writing under a file would fail only once runs are processed.
   */
  private static void requireDirectoryOrAbsent(String option, Path root, Configuration conf) {
    try {
      FileSystem fs = fileSystem(option, root, conf);
      if (fs.exists(root)) {
        if (!fs.getFileStatus(root).isDirectory()) {
          throw new ConfigurationException(option + " " + root + " is not a directory");
        }
        return;
      }
      if ("file".equals(fs.getScheme())) {
        // A link to a directory that is not there (a disk not mounted) does not exist for Hadoop,
        // which would then fail to create the root under it while each run writes.
        java.nio.file.Path local = java.nio.file.Path.of(fs.makeQualified(root).toUri());
        if (Files.isSymbolicLink(local)) {
          throw new ConfigurationException(option + " " + root + " is a symbolic link to " + Files.readSymbolicLink(local)
              + ", which does not exist");
        }
      }
      for (Path p = root.getParent(); p != null; p = p.getParent()) {
        if (fs.exists(p)) {
          if (!fs.getFileStatus(p).isDirectory()) {
            throw new ConfigurationException(option + " " + root + " cannot be created: " + p + " is a file");
          }
          return;
        }
      }
    } catch (IOException e) {
      throw new ConfigurationException("cannot reach " + option + " " + root + ": " + e.getMessage());
    }
  }

  /**
   * The file system of a root given by the user.
   *
   * @throws ConfigurationException naming the option and root when there is none: an unknown
   *     scheme, an unknown host, or a file system whose classes are not on the class path
   */
  public static FileSystem fileSystem(String option, Path root, Configuration conf) {
    try {
      return root.getFileSystem(conf);
    } catch (IOException | IllegalArgumentException e) {
      throw new ConfigurationException("cannot reach " + option + " " + root + ": " + RunResult.oneLine(e));
    } catch (RuntimeException e) {
      if (e.getCause() instanceof ClassNotFoundException) {
        String scheme = root.toUri().getScheme() != null ? root.toUri().getScheme() + "://"
            : FileSystem.getDefaultUri(conf).getScheme() + ":// (the default file system, fs.defaultFS)";
        throw new ConfigurationException("cannot reach " + option + " " + root + ": the file system for " + scheme
            + " is not on the class path (" + e.getCause().getMessage() + "); add its jars (for s3a://, hadoop-aws"
            + " and the AWS SDK) with spark-submit's --jars or --packages, or STRAND_CLASSPATH for the strand script", e);
      }
      throw e;
    }
  }

  /**
   * The spec with its roots (output, input, store) as absolute URIs, resolved as this JVM sees
   * them: a relative path means the same place wherever the spec is read.
   */
  public static JobSpec qualifyRoots(JobSpec spec, Configuration conf) {
    JobSpec.Input in = spec.input();
    List<JobSpec.InputRoot> roots = in.roots().stream()
        .map(r -> r.withPath(qualify("--input", new Path(r.path()), conf).toString())).toList();
    return spec.withRoots(qualify("--output", new Path(spec.output()), conf).toString(), in.withRoots(roots),
        spec.store() == null ? null : qualify("--store", new Path(spec.store()), conf).toString());
  }

  private static Path qualify(String option, Path p, Configuration conf) {
    return fileSystem(option, p, conf).makeQualified(p);
  }

  private static boolean isInside(Path inner, Path outer) {
    for (Path p = inner; p != null; p = p.getParent()) {
      if (p.equals(outer)) {
        return true;
      }
    }
    return false;
  }

  /** The output dataset. @throws ConfigurationException if the root holds another format */
  public static DatasetStorage output(JobSpec spec, Configuration conf) {
    return DatasetStorage.open(new Path(spec.output()), conf, DatasetOptions.defaults(DatasetFormat.fromLabel(spec.format())));
  }

  /**
   * The context for a job's runs: the standard chain on the job's input, its option values, the
   * output dataset for targets (and the chunk store for saved intermediates), and the processor.
   *
   * @throws ConfigurationException for an unknown target or option, or a bad value
   */
  public static Context context(JobSpec spec, Configuration conf, int threads) {
    Context ctx = Context.of(StandardChain.plugins(source(spec, conf), channels(spec.options())));
    List<org.strand.plugin.Plugin> user = UserPlugins.load(spec.plugins(), UserPlugins.classLoader());
    if (!user.isEmpty()) {
      UserPlugins.requireOwnLineage(spec.plugins(), user, ctx.registry());
      ctx = ctx.withPlugins(user);
    }
    ctx = ctx.withOptions(OptionConfig.toContextValues(spec.options()));
    if (spec.input().generated()) {
      ctx = ctx.withOptions(generatorOptions(spec));
    }
    for (String t : spec.targets()) {
      if (ctx.registry().provider(t) == null) {
        throw new ConfigurationException("unknown target '" + t + "'; known types: " + ctx.registry().types()
            + UserPlugins.notAllowedHint(spec.plugins()));
      }
    }
    requireNeeded(spec, user, ctx.registry());
    DatasetStorage output = output(spec, conf);
    RoutingStorage.Builder storage = RoutingStorage.builder(output);
    Set<String> saved = new LinkedHashSet<>(spec.targets());
    if (spec.store() != null) {
      for (String t : spec.save()) {
        if (ctx.registry().provider(t) == null) {
          throw new ConfigurationException("--save: unknown type '" + t + "'; known types: " + ctx.registry().types());
        }
        if (spec.targets().contains(t)) {
          throw new ConfigurationException("--save: '" + t + "' is a target; targets go to --output, --save names intermediate types");
        }
      }
      storage.route(store(spec, conf), spec.save().toArray(String[]::new));
      saved.addAll(spec.save());
    }
    Duration timeout = spec.runTimeoutMillis() > 0 ? Duration.ofMillis(spec.runTimeoutMillis()) : null;
    return ctx.withStorage(storage.build())
        .withSavePolicy(SavePolicy.listed(new ArrayList<>(saved)))
        .withProcessor(Processors.create(spec.processor(), threads, maxInFlight(threads, Runtime.getRuntime().maxMemory()), timeout));
  }

  /**
   * Heap to allow per chunk in flight per stage: a run of the standard chain at its default 50 MB
   * chunks peaked at about 480 MB of heap with two chunks in flight per stage (measured in the
   * reliability suite's large-run test).
   */
  static final long HEAP_PER_CHUNK_IN_FLIGHT = 256L << 20;

  /**
   * Chunks in flight per stage for {@code threads} threads in a JVM of {@code maxHeap} bytes: the
   * threaded processor's default (twice the threads) while half the heap holds that many, else
   * fewer (at least one). Without this cap a two-thread run in a 1 GiB executor kept about 600 MB
   * live, collected its heap in full every second and could run out of it.
   */
  static int maxInFlight(int threads, long maxHeap) {
    long affordable = maxHeap / 2 / HEAP_PER_CHUNK_IN_FLIGHT;
    return (int) Math.max(1, Math.min(ThreadedProcessor.defaultMaxInFlight(threads), affordable));
  }

  /**
   * Every plugin enabled with {@code --plugins} must make a type the targets need (a target, or
   * a type one depends on, as a plugin replacing one of the standard chain's does): one that
   * nothing needs is loaded and never run, and the job would publish the other targets as if it
   * had run it. And every type needed must have a plugin ({@link UserPlugins#typesNeeded}).
   *
   * @throws ConfigurationException naming the plugin class, the types it provides and the targets;
   *     or the type no plugin provides and the plugin needing it
   */
  private static void requireNeeded(JobSpec spec, List<org.strand.plugin.Plugin> user, PluginRegistry registry) {
    // Targets were checked to have a provider.
    Set<String> needed = UserPlugins.typesNeeded(spec.targets(), registry, spec.plugins());
    // UserPlugins.load returns one plugin per allowed class, in the order given.
    for (int i = 0; i < user.size(); i++) {
      List<String> provides = user.get(i).provides();
      if (provides.stream().noneMatch(needed::contains)) {
        throw new ConfigurationException("--plugins " + spec.plugins().get(i) + " provides " + provides + ", which the targets "
            + spec.targets() + " do not need, so it would never run; add its type to --targets (--targets "
            + String.join(",", spec.targets()) + "," + provides.get(0) + ")");
      }
    }
  }

  /** The chunk store of {@code --store}. @throws ConfigurationException if the root holds another format */
  public static ChunkStore store(JobSpec spec, Configuration conf) {
    return ChunkStore.open(new Path(spec.store()), conf, ChunkStoreOptions.defaults());
  }

  /**
   * The chain's {@code n_channels}, which fixes the width of peaks' {@code area_per_channel}, so it
   * is one value for the whole job; every {@code to_pe} given must hold that many gains.
   *
   * @throws ConfigurationException if n_channels varies by run or is invalid, or a to_pe has
   *     another length
   */
  static int channels(Map<String, Object> options) {
    Option<Long> nOption = ChainOptions.N_CHANNELS;
    Object raw = options.get(nOption.name());
    if (raw instanceof Map) {
      throw new ConfigurationException("option 'n_channels' cannot vary by run: it fixes the width of peaks' area_per_channel");
    }
    long n = raw == null ? nOption.defaultValue() : nOption.coerce(raw);
    Object toPe = options.get(ChainOptions.TO_PE.name());
    List<Object> gains = new ArrayList<>();
    if (toPe instanceof Map<?, ?> m) {
      m.values().forEach(table -> {
        if (table instanceof Map<?, ?> t) {
          gains.addAll(t.values());
        }
      });
    } else if (toPe != null) {
      gains.add(toPe);
    } else {
      gains.add(ChainOptions.TO_PE.defaultValue());
    }
    for (Object g : gains) {
      int length = ChainOptions.TO_PE.coerce(g).length;
      if (length != n) {
        throw new ConfigurationException("option 'to_pe' has " + length + " gains but n_channels is " + n
            + "; give one gain per channel" + (toPe == null ? " (the default to_pe is for " + ChainOptions.TO_PE.defaultValue().length + " channels)" : ""));
      }
    }
    topChannels(options.get(ChainOptions.N_TOP_CHANNELS.name()), n);
    return Math.toIntExact(n);
  }

  /**
   * Checks {@code n_top_channels} (a value or a by-run table of values) against the job's
   * {@code n_channels}: the top array is channels 0 .. n_top_channels - 1, so a larger value
   * would silently count every channel as top (area_fraction_top 1 for every peak).
   */
  private static void topChannels(Object raw, long nChannels) {
    List<Object> values = new ArrayList<>();
    if (raw instanceof Map<?, ?> m) {
      m.values().forEach(table -> {
        if (table instanceof Map<?, ?> t) {
          values.addAll(t.values());
        }
      });
    } else {
      values.add(raw == null ? ChainOptions.N_TOP_CHANNELS.defaultValue() : raw);
    }
    for (Object v : values) {
      long top = ChainOptions.N_TOP_CHANNELS.coerce(v);
      if (top > nChannels) {
        throw new ConfigurationException("option 'n_top_channels' is " + top + " but n_channels is " + nChannels
            + "; the top array is channels 0 .. n_top_channels - 1, so n_top_channels must be at most n_channels");
      }
    }
  }

  /**
   * The source of raw_records: the generator, the one input root's reader, or for several roots a
   * reader taking each run from the first root that holds it, as {@link #select} chose it. With
   * one root the reader is the same as before several were allowed, so its reports name it alike.
   */
  private static SourcePlugin source(JobSpec spec, Configuration conf) {
    JobSpec.Input in = spec.input();
    if (in.generated()) {
      return new RawRecordsGenerator();
    }
    List<SourcePlugin> sources = new ArrayList<>();
    for (JobSpec.InputRoot root : in.roots()) {
      sources.add(rootSource(root, in.lineage(), conf));
    }
    return sources.size() == 1 ? sources.get(0) : FirstFoundSource.of(sources);
  }

  private static SourcePlugin rootSource(JobSpec.InputRoot root, String lineage, Configuration conf) {
    if (root.kind() == JobSpec.InputKind.STORE) {
      return ChunkStoreSource.of(ChunkStore.open(new Path(root.path()), conf, ChunkStoreOptions.defaults()), RAW,
          ChainSchemas.RAW_RECORDS, lineage).listed(root.listed());
    }
    if (root.kind() != JobSpec.InputKind.STRAX) {
      throw new IllegalStateException("--input " + root.path() + " was not looked at (Components.resolveInput) before use");
    }
    return StraxSource.builder(new Path(root.path()), conf).schema(ChainSchemas.RAW_RECORDS).lineage(lineage).listed(root.listed()).build();
  }

  private static Map<String, Object> generatorOptions(JobSpec spec) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(RawRecordsGenerator.RUN_SIZE_MB.name(), spec.input().runSizeMb());
    m.put(RawRecordsGenerator.GENERATOR_SEED.name(), spec.input().seed());
    return m;
  }

  /**
   * Housekeeping after a job: stale staging of crashed attempts (older than the lease) is removed,
   * what the job did with each run is recorded in the run log ({@code _strand/run-log/}), and
   * {@code _strand/tables.sql} is rewritten for the types now published.
   */
  public static void afterJob(JobSpec spec, Configuration conf, List<RunResult> results) {
    DatasetStorage output = output(spec, conf);
    output.removeStaleStaging();
    if (!results.isEmpty()) {
      org.strand.spark.sql.RunRecords.write(output.root(), conf, results, version(), java.time.Instant.now());
    }
    if (!output.entries().isEmpty()) {
      org.strand.spark.sql.TablesSql.write(output, conf);
    }
    if (spec.store() != null) {
      store(spec, conf).removeStaleStaging();
    }
  }
}
