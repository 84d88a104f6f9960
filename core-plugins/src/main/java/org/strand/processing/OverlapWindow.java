package org.strand.processing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.strand.core.Chunk;
import org.strand.core.InvalidDataException;
import org.strand.core.Schema;
import org.strand.plugin.ChunkInput;
import org.strand.plugin.OverlapWindowPlugin;

/**
 * Runs an {@link OverlapWindowPlugin} so that its results do not depend on where the chunks were
 * cut (strax's {@code OverlapWindowPlugin}).
 *
 * <p>Each call computes on the new input together with the input kept from before. Results
 * before {@code sentUntil} were already emitted and are dropped (a row there that now crosses
 * {@code sentUntil} means the declared window is too small: an error, not a silent change).
 * Results are trusted up to one window (plus 1 ns) before the end of the data seen; they are
 * emitted up to the latest time there at which no output row is in progress, and the rest is
 * held back. Input from two windows before that cut on is kept for the next call, cut where no
 * input row is in progress. At the end of the inputs, what was held back is emitted.
 *
 * <p>Numbered fields are filled here, in emission order, so numbers are gapless over the run.
 */
final class OverlapWindow extends StepLogic {
  private final OverlapWindowPlugin plugin;
  private final long window;
  private final Map<String, String> numbered;
  private final Map<String, Long> counters = new LinkedHashMap<>();
  private Map<String, Chunk> cachedInput;
  private Map<String, Chunk> heldBack;
  private long sentUntil = Long.MIN_VALUE;
  private long lastIndex = -1;

  OverlapWindow(RunPlan plan, RunPlan.Step step, StageStats stats, OverlapWindowPlugin plugin) {
    super(plan, step, stats);
    this.plugin = plugin;
    try {
      this.window = plugin.windowNs(step.options());
      if (window < 0) {
        throw new IllegalArgumentException("window must be >= 0 ns, got " + window);
      }
      this.numbered = plugin.numberedFields();
      for (Map.Entry<String, String> e : numbered.entrySet()) {
        Schema s = plugin.schema(e.getKey());
        if (s.field(e.getValue()).isArray() || s.field(e.getValue()).type() != org.strand.core.FieldType.INT64) {
          throw new IllegalArgumentException("numbered field '" + e.getValue() + "' of '" + e.getKey() + "' must be an int64 scalar");
        }
        counters.put(e.getKey(), 0L);
      }
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
    lastIndex = index;
    Chunk first = inputs.values().iterator().next();
    if (sentUntil == Long.MIN_VALUE) {
      sentUntil = first.start();
    }
    long end = first.end();
    Map<String, Chunk> extended = new LinkedHashMap<>();
    for (Map.Entry<String, Chunk> e : inputs.entrySet()) {
      Chunk cached = cachedInput == null ? null : cachedInput.get(e.getKey());
      extended.put(e.getKey(), cached == null ? e.getValue() : Chunk.concatenate(List.of(cached, e.getValue())));
    }
    long extStart = extended.values().iterator().next().start();
    ChunkInput in = new ChunkInput(plan.run(), index, extStart, end, extended, step.options());
    Map<String, Chunk> results = compute(in, plugin::compute);

    Map<String, Chunk> fresh = new LinkedHashMap<>();
    try {
      for (Map.Entry<String, Chunk> e : results.entrySet()) {
        fresh.put(e.getKey(), e.getValue().split(sentUntil).after());
      }
    } catch (InvalidDataException e) {
      throw wrap(index, new InvalidDataException(
          "a result crosses " + sentUntil + ", where earlier results were already emitted: the window of "
              + window + " ns is too small for this data (" + e.getMessage() + ")"));
    }
    long trustedUntil = Math.max(sentUntil, end - window - 1);
    long cut = Math.max(sentUntil, InputAligner.commonSafeSplit(fresh.values(), trustedUntil));
    Map<String, Chunk> emit = new LinkedHashMap<>();
    Map<String, Chunk> rest = new LinkedHashMap<>();
    for (Map.Entry<String, Chunk> e : fresh.entrySet()) {
      Chunk.Split s = e.getValue().split(cut);
      emit.put(e.getKey(), s.before());
      rest.put(e.getKey(), s.after());
    }
    heldBack = rest;
    sentUntil = cut;

    long keepFrom = Math.max(extStart, sentUntil - 2 * window - 1);
    long inputCut = InputAligner.commonSafeSplit(extended.values(), keepFrom);
    Map<String, Chunk> keep = new LinkedHashMap<>();
    for (Map.Entry<String, Chunk> e : extended.entrySet()) {
      keep.put(e.getKey(), e.getValue().split(inputCut).after());
    }
    cachedInput = keep;

    List<Map<String, Chunk>> out = new ArrayList<>(1);
    if (emit.values().iterator().next().duration() > 0 || hasRows(emit)) {
      out.add(number(emit));
    }
    return out;
  }

  @Override
  List<Map<String, Chunk>> finish() {
    if (heldBack == null) {
      return List.of();
    }
    Map<String, Chunk> last = heldBack;
    heldBack = null;
    cachedInput = null;
    if (last.values().iterator().next().duration() == 0 && !hasRows(last)) {
      return List.of();
    }
    try {
      return List.of(number(last));
    } catch (RuntimeException e) {
      throw wrap(lastIndex, e);
    }
  }

  private static boolean hasRows(Map<String, Chunk> set) {
    for (Chunk c : set.values()) {
      if (c.rows() > 0) {
        return true;
      }
    }
    return false;
  }

  /** Fills numbered fields of an emitted set with the next numbers, and counts the set. */
  private Map<String, Chunk> number(Map<String, Chunk> set) {
    for (Map.Entry<String, String> e : numbered.entrySet()) {
      Chunk c = set.get(e.getKey());
      long[] col = c.data().longs(e.getValue());
      long next = counters.get(e.getKey());
      for (int r = 0; r < c.rows(); r++) {
        col[r] = next++;
      }
      counters.put(e.getKey(), next);
    }
    count(set);
    return set;
  }
}
