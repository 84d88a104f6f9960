package org.strand.storage;

/**
 * What stored metadata says of one chunk, readable without its data: index, time range, rows
 * and uncompressed bytes.
 */
public record ChunkInfo(int index, long start, long end, long rows, long bytes) {
  public ChunkInfo {
    if (end < start) {
      throw new IllegalArgumentException("chunk " + index + " ends (" + end + ") before it starts (" + start + ")");
    }
  }
}
