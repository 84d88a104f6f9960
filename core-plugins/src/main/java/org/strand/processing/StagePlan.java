package org.strand.processing;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.strand.plugin.Parallelism;
import org.strand.plugin.Plugin;

/**
 * How the threaded processor groups the steps of a plan into stages (strax's inlining of parallel
 * chains into a {@code ParallelSourcePlugin}).
 *
 * <p>A step that reads chunks independently (a source or loader) or computes them independently
 * (a chunk or loop plugin, or a channel-parallel one) roots a parallel stage. A chunk-parallel
 * plugin with a single input produced inside a parallel stage joins that stage as a member: one
 * task per chunk computes the root and then every member on the root's output, with no hand-off
 * in between, and writes the stage's saved types whose writers do not rechunk. Sequential and
 * overlap-window plugins are stages of their own. Steps appear in plan order, so a member always
 * follows the step it reads from.
 */
final class StagePlan {
  private StagePlan() {}

  /** The kinds of stage. */
  enum Kind {
    /** Chunks of a source or loader, read in parallel. */
    READ,
    /** A chunk-parallel compute step, its chunks computed in parallel. */
    PARALLEL,
    /** A channel-parallel compute step: each chunk is also split into channel groups. */
    CHANNEL,
    /** A sequential or overlap-window step: one chunk at a time, in order. */
    SEQUENTIAL
  }

  /**
   * One stage.
   *
   * @param kind how its chunks are produced
   * @param root the step that reads the stage's inputs
   * @param members steps computed inside the stage's tasks after the root, in plan order
   * @param outputs every type the root and members produce
   * @param exported outputs handed out of the stage: read by other stages or by a consumer, or
   *     saved by a rechunking writer; the root's outputs are always handed out
   * @param savedInside outputs written by the stage's own tasks
   */
  record Stage(Kind kind, RunPlan.Step root, List<RunPlan.Step> members, Set<String> outputs, Set<String> exported,
      Set<String> savedInside) {

    String label() {
      return root.label();
    }

    /** Every step of the stage: the root, then the members. */
    List<RunPlan.Step> steps() {
      List<RunPlan.Step> all = new ArrayList<>();
      all.add(root);
      all.addAll(members);
      return all;
    }
  }

  /**
   * The stages of a plan.
   *
   * @param delivered the types consumers read
   * @param savers the saver of every saved type
   */
  static List<Stage> of(RunPlan plan, Collection<String> delivered, Map<String, Saver> savers) {
    Map<RunPlan.Step, List<RunPlan.Step>> members = new LinkedHashMap<>();
    Map<String, RunPlan.Step> rootOf = new LinkedHashMap<>();
    for (RunPlan.Step s : plan.steps()) {
      RunPlan.Step joined = isMember(s) ? rootOf.get(s.inputs().get(0)) : null;
      RunPlan.Step root = joined != null ? joined : s;
      if (joined != null) {
        members.get(joined).add(s);
      } else {
        members.put(s, new ArrayList<>());
      }
      if (kind(s) != Kind.SEQUENTIAL) {
        for (String t : s.outputs()) {
          rootOf.put(t, root);
        }
      }
    }
    List<Stage> stages = new ArrayList<>();
    for (Map.Entry<RunPlan.Step, List<RunPlan.Step>> e : members.entrySet()) {
      stages.add(stage(plan, e.getKey(), e.getValue(), delivered, savers));
    }
    return stages;
  }

  private static Stage stage(RunPlan plan, RunPlan.Step root, List<RunPlan.Step> members, Collection<String> delivered,
      Map<String, Saver> savers) {
    Kind kind = kind(root);
    Set<RunPlan.Step> inside = new LinkedHashSet<>();
    inside.add(root);
    inside.addAll(members);
    Set<String> outputs = new LinkedHashSet<>();
    inside.forEach(s -> outputs.addAll(s.outputs()));
    Set<String> exported = new LinkedHashSet<>();
    Set<String> savedInside = new LinkedHashSet<>();
    for (String t : outputs) {
      Saver saver = savers.get(t);
      boolean writtenInside = saver != null && kind != Kind.SEQUENTIAL && !saver.rechunks();
      if (writtenInside) {
        savedInside.add(t);
      }
      boolean readOutside = delivered.contains(t);
      for (RunPlan.Step reader : plan.consumers(t)) {
        readOutside |= !inside.contains(reader);
      }
      if (kind == Kind.SEQUENTIAL || root.outputs().contains(t) || readOutside || (saver != null && !writtenInside)) {
        exported.add(t);
      }
    }
    return new Stage(kind, root, List.copyOf(members), outputs, exported, savedInside);
  }

  static Kind kind(RunPlan.Step s) {
    if (s.inputs().isEmpty()) {
      return Kind.READ;
    }
    Plugin.Kind k = s.plugin().kind();
    if (k == Plugin.Kind.CHUNK || k == Plugin.Kind.LOOP) {
      return s.plugin().parallelism() == Parallelism.CHANNEL ? Kind.CHANNEL : Kind.PARALLEL;
    }
    return Kind.SEQUENTIAL;
  }

  /** Whether a step may join the stage of its input: chunk-parallel, one input, not split by channel. */
  private static boolean isMember(RunPlan.Step s) {
    return s.action() == RunPlan.Action.COMPUTE && s.inputs().size() == 1
        && s.plugin().kind() == Plugin.Kind.CHUNK && s.plugin().parallelism() == Parallelism.CHUNK;
  }
}
