package org.strand.storage;

import org.strand.core.Chunk;

/**
 * Writes the chunks of one key and publishes them as a whole.
 *
 * <p>A writer keeps no state between chunks that the data depends on: each chunk is written with
 * its own metadata, so {@link #write} can run inside parallel tasks, from several threads, chunks
 * in any order. Nothing is visible to readers until {@link #commit()}, which publishes the data
 * in one step (the first complete attempt wins). {@link #abort()} discards what was written.
 * Exactly one of commit or abort ends a writer.
 */
public interface DataWriter {
  /**
   * Writes chunk {@code index} (0-based, contiguous with its neighbours). Thread-safe.
   *
   * @throws org.strand.core.StorageException if it cannot be written (naming the path)
   */
  void write(int index, Chunk chunk);

  /**
   * Publishes the data: afterwards readers see all of it. Call after every chunk was written.
   *
   * @throws org.strand.core.StorageException if chunks are missing or publishing fails
   */
  void commit();

  /** Discards what was written. Safe to call more than once, and after a failed commit. */
  void abort();

  /**
   * Whether this writer regroups chunks (rechunks) on its way to storage. A rechunking writer
   * must see chunks in order from one thread, so it cannot run inside fused parallel tasks.
   */
  default boolean rechunks() {
    return false;
  }
}
