package org.strand.storage.fs;

import java.util.concurrent.ArrayBlockingQueue;

/**
 * A few byte arrays kept for reuse by the chunk reads of one stored key or run: a chunk file's
 * bytes, and its decompressed bytes, are megabytes each and live only until the chunk is turned
 * into columns, so taking them from here rather than allocating (and zeroing) them again for
 * every chunk saves time and garbage. Arrays never leave the reader: only the columns made from
 * them do.
 *
 * <p>Thread-safe and never blocking: a reader that finds no array large enough allocates one,
 * and an array given back when the pool is full is dropped. Serves this module's readers; not
 * an API for plugin authors.
 */
public final class BufferPool {
  private final ArrayBlockingQueue<byte[]> spare;

  /** A pool keeping at most {@code capacity} arrays. */
  public BufferPool(int capacity) {
    this.spare = new ArrayBlockingQueue<>(capacity);
  }

  /** An array of at least {@code size} bytes, with undefined contents. */
  public byte[] take(int size) {
    byte[] b = spare.poll();
    if (b != null && b.length >= size) {
      return b;
    }
    // Chunks of one run differ a little in size; some slack lets the next one reuse this array.
    long slack = Math.min((long) size + (size >>> 4) + 64, Integer.MAX_VALUE - 16);
    return new byte[(int) slack];
  }

  /** Gives {@code b} back for reuse (nothing if null). */
  public void give(byte[] b) {
    if (b != null) {
      spare.offer(b);
    }
  }
}
