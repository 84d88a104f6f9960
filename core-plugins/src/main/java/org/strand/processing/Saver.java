package org.strand.processing;

import java.util.concurrent.atomic.AtomicBoolean;
import org.strand.core.Chunk;
import org.strand.core.ProcessingException;
import org.strand.storage.DataKey;
import org.strand.storage.DataWriter;

/**
 * The saving stage of one data type: a {@link DataWriter} with statistics, and failures wrapped
 * with run, stage and chunk. {@link #write} is thread-safe when the writer does not
 * {@linkplain DataWriter#rechunks() rechunk}; commit and abort are called by the thread that
 * drives the run, once every write has returned.
 */
final class Saver {
  private final String runId;
  private final String type;
  private final DataWriter writer;
  private final StageStats stats;
  private final AtomicBoolean done = new AtomicBoolean();

  private Saver(String runId, String type, DataWriter writer, StageStats stats) {
    this.runId = runId;
    this.type = type;
    this.writer = writer;
    this.stats = stats;
  }

  /**
   * Opens the writer of a saved type of the plan.
   *
   * @throws ProcessingException if storage cannot start writing it
   */
  static Saver open(RunPlan plan, RunPlan.Step step, String type, ReportRecorder recorder) {
    DataKey key = new DataKey(plan.runId(), type, plan.lineage(type).hash());
    DataWriter w;
    try {
      w = plan.storage().writer(key, step.schema(type), plan.lineage(type));
    } catch (RuntimeException e) {
      throw new ProcessingException(plan.runId(), ReportRecorder.saverLabel(type), -1, e);
    }
    return new Saver(plan.runId(), type, w, recorder.saver(type));
  }

  String type() {
    return type;
  }

  String label() {
    return stats.label;
  }

  StageStats stats() {
    return stats;
  }

  boolean rechunks() {
    return writer.rechunks();
  }

  /** Whether the writer was committed or aborted. */
  boolean isDone() {
    return done.get();
  }

  void write(int index, Chunk c) {
    StageStats.Timer timer = stats.time();
    try {
      writer.write(index, c);
    } catch (RuntimeException e) {
      throw new ProcessingException(runId, stats.label, index, e);
    } finally {
      timer.stop();
    }
    stats.chunks.increment();
    stats.rowsIn.add(c.rows());
    stats.bytesIn.add(c.nbytes());
  }

  void commit() {
    StageStats.Timer timer = stats.time();
    try {
      writer.commit();
      done.set(true);
    } catch (RuntimeException e) {
      throw new ProcessingException(runId, stats.label, -1, e);
    } finally {
      timer.stop();
    }
  }

  /** Discards what was written, unless committed; never throws. */
  void abort() {
    if (done.compareAndSet(false, true)) {
      try {
        writer.abort();
      } catch (RuntimeException suppressed) {
        // The run already failed or was abandoned; the first failure is what the user needs to see.
      }
    }
  }
}
