package org.strand.processing;

import java.util.Iterator;
import org.strand.core.Chunk;

/**
 * The chunks of one data type of one run, in time order, as a processor produces them.
 *
 * <p>Closing the stream before its end stops the work: nothing more is computed, partially saved
 * data is discarded, every thread started for it is gone when {@code close} returns. A failure
 * anywhere in the run is thrown from {@link #hasNext()} or {@link #next()} as a
 * {@link org.strand.core.ProcessingException}, once. Not thread-safe: one consumer.
 */
public interface ChunkStream extends Iterator<Chunk>, AutoCloseable {
  /** Per-stage statistics so far; complete once the stream is exhausted or closed. */
  RunReport report();

  @Override
  void close();
}
