package org.strand.processing;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.strand.core.Chunk;

/**
 * One task of a threaded run's stage: the chunk it works on, its result (the output sets it
 * produced), the step it is busy in (for timeout messages), and when it finished (for the
 * backpressure statistic). The driving thread creates it; the task updates {@link #at}, the
 * completion {@link #doneAt}.
 */
final class StageTask {
  final long index;
  CompletableFuture<List<Map<String, Chunk>>> result;
  volatile String at;
  volatile long doneAt;

  StageTask(long index) {
    this.index = index;
  }
}
