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

  /** Where the runs come from. */
  public enum InputKind {
    /** Synthetic runs made by the generator. */
    GENERATE,
    /** A strax data directory. */
    STRAX,
    /** A strand chunk-store root. */
    STORE
  }

  /**
   * @param kind the input kind
   * @param root the input root for STRAX and STORE, else null
   * @param count for GENERATE: how many runs (000000 .. count-1)
   * @param runSizeMb for GENERATE: each run's raw size in MB
   * @param seed for GENERATE: the generator seed
   * @param lineage for STRAX and STORE: the lineage hash of raw_records to read, for runs that
   *     hold it under several; null to read the one a run holds (a run with several is refused)
   */
  public record Input(InputKind kind, String root, int count, double runSizeMb, long seed, String lineage) implements Serializable {
    private static final long serialVersionUID = 2L;

    /** An input without a chosen lineage. */
    public Input(InputKind kind, String root, int count, double runSizeMb, long seed) {
      this(kind, root, count, runSizeMb, seed, null);
    }

    /** The same input with its kind decided (after looking at the root). */
    public Input withKind(InputKind k) {
      return new Input(k, root, count, runSizeMb, seed, lineage);
    }

    /** The same input read from another root (the same place, written otherwise). */
    public Input withRoot(String newRoot) {
      return new Input(kind, newRoot, count, runSizeMb, seed, lineage);
    }
  }

  /** This spec with another input (its kind decided). */
  public JobSpec withInput(Input newInput) {
    return withRoots(output, newInput, store);
  }

  /** This spec with its roots written otherwise (see {@code Components.qualifyRoots}). */
  public JobSpec withRoots(String newOutput, Input newInput, String newStore) {
    return new JobSpec(newOutput, format, newInput, targets, options, newStore, save, threadsPerRun, processor, runTimeoutMillis, failFast, plugins);
  }
}
