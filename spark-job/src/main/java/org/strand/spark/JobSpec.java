package org.strand.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a task needs to process runs, small, explicit and serializable: where the input
 * and output are, the targets and option values, the storage and processor settings. It is
 * broadcast once per executor (it carries the option values, the per-channel gains among them),
 * never a SparkSession or a Hadoop object.
 *
 * @param output the output root (a Hadoop path or URI)
 * @param format {@code parquet} or {@code arrow}
 * @param input where runs come from
 * @param targets the data types to produce
 * @param options option values as read from config and {@code --set} (JSON-like values)
 * @param store the chunk-store root for intermediate types, or null
 * @param save the intermediate types to keep in the store
 * @param threadsPerRun threads per run (the task's cores)
 * @param processor {@code threaded} or {@code single}
 * @param runTimeoutMillis a run's time limit, 0 for none
 * @param failFast stop the job at the first failed run
 * @param plugins class names of the user's own plugins allowed to run (the allow-list)
 */
public record JobSpec(
    String output,
    String format,
    Input input,
    List<String> targets,
    Map<String, Object> options,
    String store,
    List<String> save,
    int threadsPerRun,
    String processor,
    long runTimeoutMillis,
    boolean failFast,
    List<String> plugins) implements Serializable {

  private static final long serialVersionUID = 1L;

  public JobSpec {
    targets = new ArrayList<>(targets);
    options = new LinkedHashMap<>(options);
    save = new ArrayList<>(save);
    plugins = new ArrayList<>(plugins);
  }

  /** The kind of an input root. */
  public enum InputKind {
    /** A strax data directory. */
    STRAX,
    /** A strand chunk-store root. */
    STORE
  }

  /**
   * One root of raw data.
   *
   * @param path the root (a Hadoop path or URI), as given or made absolute
   * @param kind what it holds; null until the root has been looked at
   * @param listed of the job's runs, those read from this root (the first root that held them
   *     when the runs were listed) that it held under one lineage (or under the chosen one), with
   *     that lineage's hash: their directories are opened by name, without listing this root or
   *     the roots before it again for each run. Empty until the runs have been listed
   */
  public record InputRoot(String path, InputKind kind, Map<String, String> listed) implements Serializable {
    private static final long serialVersionUID = 2L;

    public InputRoot {
      // A plain map, as the spec's others: what Spark serializes with any serializer.
      listed = new LinkedHashMap<>(listed);
    }

    /** A root not yet listed. */
    public InputRoot(String path, InputKind kind) {
      this(path, kind, Map.of());
    }

    /** The same root with its kind decided. */
    public InputRoot withKind(InputKind k) {
      return new InputRoot(path, k, listed);
    }

    /** The same root written otherwise (the same place). */
    public InputRoot withPath(String newPath) {
      return new InputRoot(newPath, kind, listed);
    }

    /** The same root with what listing it found of the job's runs. */
    public InputRoot withListed(Map<String, String> hashByRun) {
      return new InputRoot(path, kind, hashByRun);
    }
  }

  /**
   * Where the runs come from: generated, or read from one or more roots.
   *
   * @param roots the roots of raw data in the order given, each run read from the first that
   *     holds it (as strax takes a run from the first of its storage frontends that has it);
   *     empty for generated runs
   * @param count for generated runs: how many (000000 .. count-1)
   * @param runSizeMb for generated runs: each run's raw size in MB
   * @param seed for generated runs: the generator seed
   * @param lineage for roots: the lineage hash of raw_records to read, for runs that hold it
   *     under several; a root where a run lacks it does not hold the run. Null to read the one a
   *     run holds (a run with several is refused)
   */
  public record Input(List<InputRoot> roots, int count, double runSizeMb, long seed, String lineage) implements Serializable {
    private static final long serialVersionUID = 3L;

    public Input {
      // A plain list, as the spec's others: what Spark serializes with any serializer.
      roots = new ArrayList<>(roots);
    }

    /** Generated runs. */
    public static Input generated(int count, double runSizeMb, long seed) {
      return new Input(List.of(), count, runSizeMb, seed, null);
    }

    /** Runs read from {@code paths}, in this order, their kinds not yet decided. */
    public static Input of(List<String> paths, String lineage) {
      if (paths.isEmpty()) {
        throw new IllegalArgumentException("an input needs at least one root");
      }
      return new Input(paths.stream().map(p -> new InputRoot(p, null)).toList(), 0, 0, 0, lineage);
    }

    /** Whether the runs are generated rather than read. */
    public boolean generated() {
      return roots.isEmpty();
    }

    /** The roots' paths, in order. */
    public List<String> paths() {
      return roots.stream().map(InputRoot::path).toList();
    }

    /** The same input from these roots (the same places, their kinds decided or written otherwise). */
    public Input withRoots(List<InputRoot> newRoots) {
      if (newRoots.size() != roots.size()) {
        throw new IllegalArgumentException("an input of " + roots.size() + " roots cannot become one of " + newRoots.size());
      }
      return new Input(newRoots, count, runSizeMb, seed, lineage);
    }
  }

  /** This spec with what its roots' listing found of {@code runId} only ({@link InputRoot#listed}). */
  public JobSpec listedFor(String runId) {
    List<InputRoot> roots = new ArrayList<>();
    for (InputRoot r : input.roots()) {
      String hash = r.listed().get(runId);
      roots.add(r.withListed(hash == null ? Map.of() : Map.of(runId, hash)));
    }
    return withInput(input.withRoots(roots));
  }

  /** This spec with another input (its roots' kinds decided). */
  public JobSpec withInput(Input newInput) {
    return withRoots(output, newInput, store);
  }

  /** This spec with its roots written otherwise (see {@code Components.qualifyRoots}). */
  public JobSpec withRoots(String newOutput, Input newInput, String newStore) {
    return new JobSpec(newOutput, format, newInput, targets, options, newStore, save, threadsPerRun, processor, runTimeoutMillis, failFast, plugins);
  }
}
