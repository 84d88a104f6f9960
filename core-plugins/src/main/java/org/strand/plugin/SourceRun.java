package org.strand.plugin;

import java.util.Optional;
import org.strand.core.Chunk;

/**
 * One run opened by a {@link SourcePlugin}: its description and its chunks.
 *
 * <p>Opening reads metadata only. {@link #chunk(int)} produces chunk {@code i} independently of
 * the others and may be called from several threads at once, in any order, so a processor can read
 * (decompress, generate) chunks in parallel. The chunks are contiguous and together cover
 * {@code [info().start(), info().end())}.
 */
public interface SourceRun extends AutoCloseable {
  /** The run's id, time range and raw size, known before any chunk is produced. */
  RunInfo info();

  /** How many chunks the run has. */
  int chunkCount();

  /**
   * Produces chunk {@code index}. Thread-safe.
   *
   * @throws org.strand.core.StorageException if stored data is missing or corrupt (naming the path)
   */
  Chunk chunk(int index);

  /**
   * The lineage the data already carries, for sources that read data processed elsewhere (strax
   * data keeps strax's own lineage hash). Empty for data strand generates, whose lineage strand
   * computes.
   */
  default Optional<Lineage> externalLineage() {
    return Optional.empty();
  }

  /** Releases what opening took (files, buffers). Idempotent. */
  @Override
  default void close() {}
}
