package org.strand.storage.dataset;

import java.util.Objects;

/**
 * One part file of a published run: it holds the consecutive chunks
 * {@code [firstChunk, firstChunk + chunks)}.
 *
 * @param name the file name, e.g. {@code part-00000.parquet}
 * @param rows rows in the file
 * @param bytes the file's size on disk
 * @param firstChunk index of its first chunk
 * @param chunks how many chunks it holds
 * @param checksum the whole file's checksum, {@code crc32c:} and 8 hex digits, computed while it
 *     was written; empty in entries written before strand recorded checksums
 */
public record PartFile(String name, long rows, long bytes, int firstChunk, int chunks, String checksum) {
  public PartFile {
    Objects.requireNonNull(checksum, "checksum");
  }

  /** A part file without a recorded checksum (as in entries from before checksums). */
  public PartFile(String name, long rows, long bytes, int firstChunk, int chunks) {
    this(name, rows, bytes, firstChunk, chunks, "");
  }

  /** Whether a checksum is recorded. */
  public boolean hasChecksum() {
    return !checksum.isEmpty();
  }
}
