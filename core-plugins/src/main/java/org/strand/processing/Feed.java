package org.strand.processing;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.strand.core.Chunk;
import org.strand.core.InvalidDataException;
import org.strand.core.ProcessingException;

/**
 * The chunks of one data type on their way to its readers: one queue per reader, filled in
 * chunk order by the type's producer. Checks that the chunks are contiguous.
 *
 * <p>A reader takes from its queue; when the queue is empty and the feed has not ended, it asks
 * the producer to advance, which pushes the next chunk to every queue (or ends the feed). Readers
 * of one type advance at the pace of time, so a queue holds only the chunks by which one reader
 * lags another. Not thread-safe: used by the one thread that drives a run.
 */
final class Feed {
  private final String runId;
  private final String type;
  private final List<ArrayDeque<Chunk>> queues = new ArrayList<>();
  private boolean ended;
  private long lastEnd = Long.MIN_VALUE;
  private int count;

  Feed(String runId, String type) {
    this.runId = runId;
    this.type = type;
  }

  String type() {
    return type;
  }

  /** A new reader's queue. */
  ArrayDeque<Chunk> subscribe() {
    ArrayDeque<Chunk> q = new ArrayDeque<>();
    queues.add(q);
    return q;
  }

  boolean hasReaders() {
    return !queues.isEmpty();
  }

  boolean ended() {
    return ended;
  }

  /**
   * Appends the next chunk to every reader's queue and returns its index in the stream.
   *
   * @param stage the producing stage's label, for the error when {@code c} is not contiguous
   * @throws ProcessingException if {@code c} does not start where the previous chunk ended
   */
  int push(String stage, Chunk c) {
    if (lastEnd != Long.MIN_VALUE && c.start() != lastEnd) {
      throw new ProcessingException(runId, stage, count, new InvalidDataException(
          "chunks of '" + type + "' are not contiguous: chunk " + count + " " + c.where()
              + " does not start where the previous one ended (" + lastEnd + ")"));
    }
    lastEnd = c.end();
    for (ArrayDeque<Chunk> q : queues) {
      q.add(c);
    }
    return count++;
  }

  void end() {
    ended = true;
  }

  /** The longest reader queue now: how many chunks of this type are held in memory. */
  int deepestQueue() {
    int deepest = 0;
    for (ArrayDeque<Chunk> q : queues) {
      deepest = Math.max(deepest, q.size());
    }
    return deepest;
  }

  /** The next chunk for queue {@code q}, advancing the producer as needed; null at the end. */
  Chunk take(ArrayDeque<Chunk> q, Runnable advanceProducer) {
    while (q.isEmpty() && !ended) {
      advanceProducer.run();
    }
    return q.poll();
  }
}
