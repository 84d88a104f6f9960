package org.strand.plugin;

/** How a plugin's work may be spread over threads. The processors decide the rest. */
public enum Parallelism {
  /** Chunks are independent: any number may be computed at once, results kept in chunk order. */
  CHUNK,
  /** Chunks must be computed one at a time, in order (state carried from chunk to chunk). */
  SEQUENTIAL,
  /**
   * Chunks are independent and, within a chunk, so are channels: a chunk may be split into
   * channel groups computed at once and merged back (FACETpy's {@code parallel_safe}).
   */
  CHANNEL
}
