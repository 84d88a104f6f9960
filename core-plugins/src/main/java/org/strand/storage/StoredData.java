package org.strand.storage;

import java.util.List;
import org.strand.core.Chunk;
import org.strand.core.Schema;

/**
 * Complete, published data of one key, read lazily chunk by chunk.
 *
 * <p>{@link #read(int)} reads one chunk independently of the others and may be called from
 * several threads at once, so a processor can load chunks in parallel. Implementations detect
 * missing, truncated or corrupt chunks and throw {@link org.strand.core.StorageException} naming
 * the path; they never return damaged data.
 */
public interface StoredData {
  DataKey key();

  Schema schema();

  /** Every chunk's metadata, in order (no chunk data is read). */
  List<ChunkInfo> chunks();

  default int chunkCount() {
    return chunks().size();
  }

  /** Total uncompressed bytes of all chunks. */
  default long totalBytes() {
    return chunks().stream().mapToLong(ChunkInfo::bytes).sum();
  }

  /**
   * Reads chunk {@code index}. Thread-safe.
   *
   * @throws org.strand.core.StorageException if the chunk is missing, truncated or corrupt
   */
  Chunk read(int index);

  /** Where the data lives, for messages and {@code explain}. */
  String location();
}
