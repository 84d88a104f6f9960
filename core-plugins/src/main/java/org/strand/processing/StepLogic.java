package org.strand.processing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.strand.core.Chunk;
import org.strand.core.InvalidDataException;
import org.strand.core.ProcessingException;
import org.strand.core.Schema;
import org.strand.core.Table;
import org.strand.plugin.ChunkInput;
import org.strand.plugin.ChunkPlugin;
import org.strand.plugin.OverlapWindowPlugin;
import org.strand.plugin.Parallelism;
import org.strand.plugin.Outputs;
import org.strand.plugin.SequentialPlugin;

/**
 * How one compute step turns aligned input chunks into output chunks, the same for every
 * processor: calls the plugin, checks and wraps what it returns, counts statistics, and wraps
 * any failure with the run, step and chunk index.
 *
 * <p>{@link #isParallel()} steps are pure: {@link #accept} may be called from several threads at
 * once and returns exactly one output set per input set. The others keep per-run state and must
 * be fed in order from one thread at a time; they may return zero or more output sets per input
 * and more at {@link #finish()}.
 */
abstract class StepLogic {
  final RunPlan plan;
  final RunPlan.Step step;
  final StageStats stats;

  StepLogic(RunPlan plan, RunPlan.Step step, StageStats stats) {
    this.plan = plan;
    this.step = step;
    this.stats = stats;
  }

  /** The logic of a compute step that has inputs. */
  static StepLogic of(RunPlan plan, RunPlan.Step step, StageStats stats) {
    return switch (step.plugin().kind()) {
      case CHUNK, LOOP -> new Pure(plan, step, stats, (ChunkPlugin) step.plugin());
      case SEQUENTIAL -> new Sequential(plan, step, stats, (SequentialPlugin) step.plugin());
      case OVERLAP_WINDOW -> new OverlapWindow(plan, step, stats, (OverlapWindowPlugin) step.plugin());
      case SOURCE -> throw new IllegalArgumentException(step.label() + " has no inputs");
    };
  }

  abstract boolean isParallel();

  /** The output sets (type to chunk) for aligned input set number {@code index}. */
  abstract List<Map<String, Chunk>> accept(long index, Map<String, Chunk> inputs);

  /** Output sets still held back when the inputs have ended. */
  List<Map<String, Chunk>> finish() {
    return List.of();
  }

  /** Calls the plugin on {@code in}, timing it and wrapping failures; returns its checked outputs. */
  final Map<String, Chunk> compute(ChunkInput in, Computation computation) {
    long rowsIn = 0;
    long bytesIn = 0;
    for (Chunk c : in.inputs().values()) {
      rowsIn += c.rows();
      bytesIn += c.nbytes();
    }
    StageStats.Timer timer = stats.time();
    Outputs outputs;
    try {
      outputs = computation.apply(in);
    } catch (RuntimeException | LinkageError | AssertionError | StackOverflowError e) {
      throw wrap(in.index(), e);
    } finally {
      timer.stop();
    }
    Map<String, Chunk> chunks = wrapOutputs(in.index(), in.start(), in.end(), outputs);
    stats.rowsIn.add(rowsIn);
    stats.bytesIn.add(bytesIn);
    return chunks;
  }

  /** Records produced output sets in the statistics. */
  final void count(Map<String, Chunk> outputs) {
    stats.chunks.increment();
    for (Chunk c : outputs.values()) {
      stats.rowsOut.add(c.rows());
      stats.bytesOut.add(c.nbytes());
    }
  }

  /** Checks that the plugin returned every type it provides with its schema; wraps them as chunks. */
  final Map<String, Chunk> wrapOutputs(long index, long start, long end, Outputs outputs) {
    if (outputs == null) {
      throw wrap(index, new InvalidDataException("compute returned null"));
    }
    Map<String, Chunk> out = new LinkedHashMap<>();
    for (String type : step.outputs()) {
      Table t = outputs.get(type);
      if (t == null) {
        throw wrap(index, new InvalidDataException("compute returned no table for '" + type + "'; it returned " + outputs.tables().keySet()));
      }
      Schema expected = step.plugin().schema(type);
      if (!t.schema().equals(expected)) {
        throw wrap(index, new InvalidDataException("'" + type + "' has schema " + t.schema() + ", declared " + expected));
      }
      try {
        out.put(type, Chunk.of(plan.runId(), type, start, end, t));
      } catch (InvalidDataException e) {
        throw wrap(index, e);
      }
    }
    for (String type : outputs.tables().keySet()) {
      if (!out.containsKey(type)) {
        throw wrap(index, new InvalidDataException("compute returned '" + type + "', which the plugin does not provide"));
      }
    }
    return out;
  }

  final ProcessingException wrap(long index, Throwable e) {
    if (e instanceof ProcessingException p) {
      return p;
    }
    return new ProcessingException(plan.runId(), step.label(), index, e);
  }

  final ChunkInput input(long index, Map<String, Chunk> inputs) {
    Chunk any = inputs.values().iterator().next();
    return new ChunkInput(plan.run(), index, any.start(), any.end(), inputs, step.options());
  }

  /** A plugin call. */
  interface Computation {
    Outputs apply(ChunkInput in);
  }

  /** Chunk and loop plugins: one output set per input set, no state. */
  static final class Pure extends StepLogic {
    private final ChunkPlugin plugin;

    Pure(RunPlan plan, RunPlan.Step step, StageStats stats, ChunkPlugin plugin) {
      super(plan, step, stats);
      this.plugin = plugin;
    }

    @Override
    boolean isParallel() {
      return true;
    }

    @Override
    List<Map<String, Chunk>> accept(long index, Map<String, Chunk> inputs) {
      return List.of(computeOne(index, inputs));
    }

    /** The single output set of one input set; thread-safe. */
    Map<String, Chunk> computeOne(long index, Map<String, Chunk> inputs) {
      Map<String, Chunk> out = compute(input(index, inputs), plugin::compute);
      count(out);
      return out;
    }

    ChunkPlugin plugin() {
      return plugin;
    }

    /** Whether the plugin may be split by channel: {@link Parallelism#CHANNEL}. */
    boolean isChannelParallel() {
      return plugin.parallelism() == Parallelism.CHANNEL;
    }

    /**
     * The input set of chunk {@code index} split into at most {@code groups} channel groups
     * (see {@link ChannelSplit}); the set itself when it does not split.
     */
    List<Map<String, Chunk>> splitByChannel(long index, Map<String, Chunk> inputs, int groups) {
      String field = plugin.spec().channelField();
      Map.Entry<String, Chunk> in = inputs.entrySet().iterator().next();
      Chunk c = in.getValue();
      if (!c.schema().has(field)) {
        throw wrap(index, new InvalidDataException("channel-parallel plugin '" + plugin.name() + "' splits by '" + field
            + "', but its input '" + in.getKey() + "' has no such field: " + c.schema()));
      }
      List<Table> parts = ChannelSplit.split(c.data(), field, groups);
      if (parts.size() == 1) {
        return List.of(inputs);
      }
      List<Map<String, Chunk>> out = new ArrayList<>(parts.size());
      for (Table part : parts) {
        out.add(Map.of(in.getKey(), Chunk.of(c.runId(), c.type(), c.start(), c.end(), part)));
      }
      return out;
    }

    /**
     * The outputs of one channel group of chunk {@code index}, checked to be in (time, channel)
     * order; not counted as a chunk. Thread-safe.
     */
    Map<String, Chunk> computeGroup(long index, Map<String, Chunk> groupInputs) {
      Map<String, Chunk> out = compute(input(index, groupInputs), plugin::compute);
      String field = plugin.spec().channelField();
      for (Chunk c : out.values()) {
        int bad = ChannelSplit.firstUnordered(c.data(), field);
        if (bad >= 0) {
          throw wrap(index, new InvalidDataException("channel-parallel plugin '" + plugin.name() + "' returned '" + c.type()
              + "' out of (time, " + field + ") order at row " + bad + " (" + c.data().describeRow(bad)
              + "); a channel-parallel plugin must sort its output by (time, " + field + ")"));
        }
      }
      return out;
    }

    /** Merges the groups' outputs of chunk {@code index} into the chunk's outputs and counts them. */
    Map<String, Chunk> mergeGroups(long index, List<Map<String, Chunk>> groups) {
      if (groups.size() == 1) {
        count(groups.get(0));
        return groups.get(0);
      }
      String field = plugin.spec().channelField();
      Map<String, Chunk> out = new LinkedHashMap<>();
      try {
        for (String type : step.outputs()) {
          List<Table> parts = new ArrayList<>(groups.size());
          for (Map<String, Chunk> g : groups) {
            parts.add(g.get(type).data());
          }
          Chunk first = groups.get(0).get(type);
          out.put(type, Chunk.of(first.runId(), type, first.start(), first.end(), ChannelSplit.merge(parts, field)));
        }
      } catch (RuntimeException e) {
        throw wrap(index, e);
      }
      count(out);
      return out;
    }
  }

  /** Sequential plugins: one output set per input set, state carried in the run's sequence. */
  static final class Sequential extends StepLogic {
    private final SequentialPlugin.Sequence sequence;

    Sequential(RunPlan plan, RunPlan.Step step, StageStats stats, SequentialPlugin plugin) {
      super(plan, step, stats);
      try {
        this.sequence = plugin.open(plan.run(), step.options());
      } catch (RuntimeException e) {
        throw wrap(-1, e);
      }
    }

    @Override
    boolean isParallel() {
      return false;
    }

    @Override
    List<Map<String, Chunk>> accept(long index, Map<String, Chunk> inputs) {
      Map<String, Chunk> out = compute(input(index, inputs), sequence::compute);
      count(out);
      return List.of(out);
    }
  }
}
