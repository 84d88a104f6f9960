package org.strand.spark.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The options that choose runs, targets and option values: shared by {@code run} and {@code explain}. */
public final class SelectionOptions {
  /** Targets when none are given. */
  public static final List<String> DEFAULT_TARGETS = List.of("peak_basics", "event_basics");
  /** Intermediate types kept in the store when none are given. */
  public static final List<String> DEFAULT_SAVE = List.of("hits", "peaks");

  @Option(names = "--output", required = true, paramLabel = "ROOT",
      description = "Output root (a path or a Hadoop URI: file://, hdfs://, s3a://).")
  String output;

  @Option(names = "--generate", paramLabel = "N", description = "Generate N synthetic runs, 000000 .. N-1.")
  Integer generate;

  /** Each generated run's raw size when --run-size-mb is not given. */
  static final double DEFAULT_RUN_SIZE_MB = 20;
  /** The generator's seed when --seed is not given. */
  static final long DEFAULT_SEED = 20261122L;

  // No picocli defaults for these two: null tells that they were not given (refused with --input).
  @Option(names = "--run-size-mb", paramLabel = "MB", description = "With --generate: raw size of each run in MB (default 20).")
  Double runSizeMb;

  @Option(names = "--seed", paramLabel = "S", description = "With --generate: generator seed (default 20261122).")
  Long seed;

  @Option(names = "--input", split = ",", paramLabel = "ROOT",
      description = "A strax data directory or a strand chunk-store root; repeatable, or several separated by commas (--input A,B"
          + " is --input A --input B). The runs are those with raw_records in any root; a run in several is read from the first"
          + " given, as strax takes a run from the first of its storage directories that has it. A root whose name holds a comma"
          + " goes in double quotes: --input '\"/data/a,b\"'.")
  List<String> inputs;

  @Option(names = "--input-lineage", paramLabel = "HASH",
      description = "With --input: read the raw_records of this lineage hash (strax's, or the chunk store's), for runs that hold them under several;"
          + " a root where a run lacks it does not hold the run.")
  String inputLineage;

  @Option(names = "--runs", split = ",", paramLabel = "ID", description = "With --input: only these runs.")
  List<String> runs;

  @Option(names = "--runs-file", paramLabel = "FILE", description = "With --input: only the runs listed in FILE, one per line (# starts a comment).")
  Path runsFile;

  @Option(names = "--targets", split = ",", paramLabel = "T", description = "Data types to produce (default peak_basics,event_basics).")
  List<String> targets;

  @Option(names = "--format", paramLabel = "FORMAT", description = "Output format: parquet or arrow (default ${DEFAULT-VALUE}).", defaultValue = "parquet")
  String format;

  @Option(names = "--config", paramLabel = "FILE", description = "Option values from a JSON or YAML file.")
  Path config;

  @Option(names = "--set", paramLabel = "option=value", description = "Set a plugin option (wins over --config); repeatable.")
  List<String> sets = new ArrayList<>();

  @Option(names = "--store", paramLabel = "ROOT", description = "Chunk-store root: cache intermediate types there and reuse them when their lineage matches.")
  String store;

  @Option(names = "--save", split = ",", paramLabel = "T", description = "With --store: the intermediate types to keep (default hits,peaks).")
  List<String> save;

  @Option(names = "--plugins", split = ",", paramLabel = "CLASS",
      description = "Enable these plugins of your own (classes in a jar on the classpath, listed in its META-INF/services/org.strand.plugin.Plugin); others are never loaded.")
  List<String> plugins = new ArrayList<>();

  /** The targets, or the defaults when none were given ({@code --targets ,} gives an empty list, refused later). */
  public List<String> targets() {
    return targets == null ? DEFAULT_TARGETS : targets;
  }

  /** The types to keep in the store, or the defaults when none were given. */
  public List<String> save() {
    return save == null ? DEFAULT_SAVE : save;
  }
}
