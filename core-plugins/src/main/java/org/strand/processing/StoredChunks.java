package org.strand.processing;

import org.strand.core.Chunk;
import org.strand.core.InvalidDataException;
import org.strand.core.ProcessingException;

/**
 * Reads the chunks of a step without inputs: a source's run or a loader's stored data. Each chunk
 * is read independently; {@link #read} is thread-safe (both {@code SourceRun.chunk} and
 * {@code StoredData.read} are), checks what it got, and counts it in the stage's statistics.
 */
final class StoredChunks {
  private final RunPlan plan;
  private final RunPlan.Step step;
  private final StageStats stats;
  private final String type;
  private volatile int count = -1;

  StoredChunks(RunPlan plan, RunPlan.Step step, StageStats stats) {
    this.plan = plan;
    this.step = step;
    this.stats = stats;
    this.type = step.outputs().get(0);
  }

  String type() {
    return type;
  }

  /** How many chunks there are. */
  int count() {
    int c = count;
    if (c < 0) {
      try {
        c = step.action() == RunPlan.Action.LOAD ? step.stored().chunkCount() : step.source().chunkCount();
      } catch (RuntimeException e) {
        throw new ProcessingException(plan.runId(), step.label(), -1, e);
      }
      count = c;
    }
    return c;
  }

  /**
   * Reads chunk {@code index}.
   *
   * @throws ProcessingException naming run, stage and chunk if reading fails or the chunk is not
   *     one of this run and type with the declared schema
   */
  Chunk read(int index) {
    StageStats.Timer timer = stats.time();
    Chunk c;
    try {
      c = step.action() == RunPlan.Action.LOAD ? step.stored().read(index) : step.source().chunk(index);
      check(index, c);
    } catch (RuntimeException e) {
      throw new ProcessingException(plan.runId(), step.label(), index, e);
    } finally {
      timer.stop();
    }
    stats.chunks.increment();
    stats.rowsOut.add(c.rows());
    stats.bytesOut.add(c.nbytes());
    return c;
  }

  private void check(int index, Chunk c) {
    if (c == null) {
      throw new InvalidDataException("chunk " + index + " is null");
    }
    if (!c.type().equals(type) || !c.runId().equals(plan.runId())) {
      throw new InvalidDataException("expected a chunk of run " + plan.runId() + ", type '" + type + "', got " + c.where());
    }
    if (!c.schema().equals(step.schema(type))) {
      throw new InvalidDataException(c.where() + " has schema " + c.schema() + ", expected " + step.schema(type));
    }
  }
}
