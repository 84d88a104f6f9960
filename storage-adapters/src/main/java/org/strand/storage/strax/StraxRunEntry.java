package org.strand.storage.strax;

import java.util.Optional;
import org.apache.hadoop.fs.Path;

/**
 * One {@code <run>-<type>-<hash>} directory of a strax data directory, as listed from its
 * metadata (no chunk data is read).
 *
 * @param runId the run id (validated)
 * @param type the data type
 * @param lineageHash strax's lineage hash
 * @param directory where the chunks are
 * @param rawBytes uncompressed size of all chunks, from the metadata (0 if it is unreadable)
 * @param chunks number of chunks (0 if the metadata is unreadable)
 * @param start the data's start [ns] (0 if unknown)
 * @param end the data's end [ns] (0 if unknown)
 * @param problem why the metadata cannot be used, naming the file; empty when it is sound. A run
 *     with a problem is still listed, so that a job can report it as failed rather than silently
 *     leave it out.
 */
public record StraxRunEntry(
    String runId,
    String type,
    String lineageHash,
    Path directory,
    long rawBytes,
    int chunks,
    long start,
    long end,
    Optional<String> problem) {

  /** Whether the metadata was read and passed every check. */
  public boolean isReadable() {
    return problem.isEmpty();
  }
}
