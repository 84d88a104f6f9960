package org.strand.processing;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.strand.core.Chunk;

/**
 * Saves a type that leaves its stage (the output of a sequential stage, or any type whose writer
 * rechunks): each chunk the driving thread hands over becomes a write task, independent of the
 * others, or chained after the previous one for a rechunking writer, which must see chunks in
 * order, one at a time. At most {@code maxInFlight} writes are in flight; beyond that the
 * producer waits, and the wait is counted as its backpressure. Used by the driving thread only.
 */
final class SaverWindow {
  private final RunTasks tasks;
  private final Saver saver;
  private final int maxInFlight;
  private final StageStats producerStats;
  private final ArrayDeque<StageTask> writes = new ArrayDeque<>();
  private CompletableFuture<?> last = CompletableFuture.completedFuture(null);

  SaverWindow(RunTasks tasks, Saver saver, int maxInFlight, StageStats producerStats) {
    this.tasks = tasks;
    this.saver = saver;
    this.maxInFlight = maxInFlight;
    this.producerStats = producerStats;
  }

  /** Starts writing chunk {@code index}, first waiting for the oldest write if the window is full. */
  void write(int index, Chunk c) {
    if (writes.size() >= maxInFlight) {
      long t0 = System.nanoTime();
      awaitOldest();
      producerStats.blocked.add(System.nanoTime() - t0);
    }
    StageTask task = new StageTask(index);
    Supplier<List<Map<String, Chunk>>> body = () -> {
      task.at = saver.label();
      saver.write(index, c);
      return List.of();
    };
    task.result = saver.rechunks()
        ? tasks.submitAfter(last, saver.label(), index, body)
        : tasks.submit(saver.label(), index, body);
    last = task.result;
    tasks.watch(task.result, task);
    writes.add(task);
    saver.stats().observePeak(writes.size());
  }

  /** Waits for every write, then commits. */
  void finish() {
    while (!writes.isEmpty()) {
      awaitOldest();
    }
    tasks.runAndWait(saver.label(), "the commit of " + saver.label(), saver::commit);
  }

  private void awaitOldest() {
    StageTask task = writes.poll();
    tasks.await(task.result, task, saver.label(), task.index, "chunk " + task.index + " of " + saver.label());
  }
}
