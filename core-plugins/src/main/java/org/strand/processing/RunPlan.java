package org.strand.processing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.strand.core.Schema;
import org.strand.plugin.Lineage;
import org.strand.plugin.OptionValues;
import org.strand.plugin.Plugin;
import org.strand.plugin.RunInfo;
import org.strand.plugin.SourceRun;
import org.strand.storage.Storage;
import org.strand.storage.StoredData;

/**
 * The work for one run: for every data type involved, whether it is loaded from storage or
 * computed (and by which plugin, with which option values and lineage), and which computed types
 * are saved. Made by a context; carried out by a {@link Processor}.
 *
 * <p>Steps are in dependency order: every step comes after the steps that produce its inputs.
 * A plan holds opened sources; {@link #close()} releases them.
 */
public final class RunPlan implements AutoCloseable {
  /** What a step does. */
  public enum Action {
    /** Read a type from storage. */
    LOAD,
    /** Compute a plugin's outputs (a source's, or from inputs). */
    COMPUTE
  }

  /**
   * One step of a plan.
   *
   * @param action load or compute
   * @param plugin the plugin computing (compute), or the plugin that would provide the type (load)
   * @param options the plugin's option values for this run (compute)
   * @param outputs the types this step produces: every type the plugin provides (compute), or the
   *     one loaded type (load)
   * @param stored the data read (load), else null
   * @param source the opened run (compute by a source plugin), else null
   * @param saved the outputs to save
   */
  public record Step(
      Action action,
      Plugin plugin,
      OptionValues options,
      List<String> outputs,
      StoredData stored,
      SourceRun source,
      Set<String> saved) {

    public Step {
      outputs = List.copyOf(outputs);
      saved = Collections.unmodifiableSet(new LinkedHashSet<>(saved));
    }

    /** The types this step reads: the plugin's dependencies, or none for loads and sources. */
    public List<String> inputs() {
      return action == Action.LOAD ? List.of() : plugin.dependsOn();
    }

    /** How the step is named in reports and errors: {@code plugin 'Hits'}, {@code loader of 'hits'}. */
    public String label() {
      if (action == Action.LOAD) {
        return "loader of '" + outputs.get(0) + "'";
      }
      return (plugin.kind() == Plugin.Kind.SOURCE ? "source '" : "plugin '") + plugin.name() + "'";
    }

    /** The schema of an output. */
    public Schema schema(String type) {
      return action == Action.LOAD ? stored.schema() : plugin.schema(type);
    }
  }

  private final RunInfo run;
  private final List<String> targets;
  private final List<Step> steps;
  private final Map<String, Step> producers;
  private final Map<String, Lineage> lineages;
  private final Storage storage;

  /**
   * @param steps in dependency order
   * @param lineages the lineage of every type the steps produce
   */
  public RunPlan(RunInfo run, List<String> targets, List<Step> steps, Map<String, Lineage> lineages, Storage storage) {
    this.run = run;
    this.targets = List.copyOf(targets);
    this.steps = List.copyOf(steps);
    this.lineages = Collections.unmodifiableMap(new LinkedHashMap<>(lineages));
    this.storage = storage;
    Map<String, Step> p = new LinkedHashMap<>();
    for (Step s : this.steps) {
      for (String t : s.outputs()) {
        if (p.put(t, s) != null) {
          throw new IllegalArgumentException("two steps produce '" + t + "'");
        }
      }
    }
    for (Step s : this.steps) {
      for (String in : s.inputs()) {
        if (!p.containsKey(in)) {
          throw new IllegalArgumentException(s.label() + " reads '" + in + "', which no step produces");
        }
      }
    }
    for (String t : this.targets) {
      if (!p.containsKey(t)) {
        throw new IllegalArgumentException("target '" + t + "' is produced by no step");
      }
    }
    this.producers = Collections.unmodifiableMap(p);
  }

  public RunInfo run() {
    return run;
  }

  public String runId() {
    return run.runId();
  }

  public List<String> targets() {
    return targets;
  }

  /** Steps in dependency order. */
  public List<Step> steps() {
    return steps;
  }

  /** The step producing {@code type}. */
  public Step producer(String type) {
    Step s = producers.get(type);
    if (s == null) {
      throw new IllegalArgumentException("type '" + type + "' is not part of the plan for run " + run.runId() + "; it has " + producers.keySet());
    }
    return s;
  }

  /** Every type produced, in step order. */
  public Set<String> types() {
    return producers.keySet();
  }

  /** The steps that read {@code type}. */
  public List<Step> consumers(String type) {
    List<Step> out = new ArrayList<>();
    for (Step s : steps) {
      if (s.inputs().contains(type)) {
        out.add(s);
      }
    }
    return out;
  }

  public Lineage lineage(String type) {
    Lineage l = lineages.get(type);
    if (l == null) {
      throw new IllegalArgumentException("no lineage for '" + type + "' in the plan of run " + run.runId());
    }
    return l;
  }

  public Map<String, Lineage> lineages() {
    return lineages;
  }

  /** Where saved types go. */
  public Storage storage() {
    return storage;
  }

  /** The types that are saved, in step order. */
  public Set<String> savedTypes() {
    Set<String> out = new LinkedHashSet<>();
    steps.forEach(s -> out.addAll(s.saved()));
    return out;
  }

  /** The plan as text: one line per type with action, producer, lineage and save flag. */
  public String explain() {
    StringBuilder sb = new StringBuilder();
    sb.append("run ").append(run.runId()).append(": targets ").append(targets)
        .append(", storage ").append(storage == null ? "none" : storage.describe()).append('\n');
    int width = 4;
    for (String t : producers.keySet()) {
      width = Math.max(width, t.length());
    }
    for (Step s : steps) {
      for (String t : s.outputs()) {
        sb.append(String.format("  %-" + width + "s  %-7s  %-14s  %s", t,
            s.action() == Action.LOAD ? "load" : "compute", lineage(t).hash(), describeProducer(s)));
        if (s.saved().contains(t)) {
          sb.append("  [save]");
        }
        sb.append('\n');
      }
    }
    return sb.toString();
  }

  private static String describeProducer(Step s) {
    if (s.action() == Action.LOAD) {
      return "from " + s.stored().location();
    }
    String deps = s.inputs().isEmpty() ? "" : " <- " + String.join(", ", s.inputs());
    return s.plugin().name() + " v" + s.plugin().version() + deps;
  }

  @Override
  public void close() {
    for (Step s : steps) {
      if (s.source() != null) {
        s.source().close();
      }
    }
  }

  @Override
  public String toString() {
    return explain();
  }
}
