package org.strand.storage.dataset;

import java.time.Instant;
import java.util.List;
import org.strand.core.Schema;
import org.strand.storage.ChunkInfo;
import org.strand.storage.DataKey;

/**
 * What the manifest records of one published (type, run, lineage).
 *
 * @param type the data type
 * @param runId the run id, as a string (leading zeros kept)
 * @param lineage the lineage hash
 * @param format the file format
 * @param schema the rows' schema, with field descriptions
 * @param rows total rows
 * @param bytes total uncompressed bytes (rows times the packed row size)
 * @param storedBytes total bytes of the files on disk
 * @param start the data's start [ns]
 * @param end the data's end [ns]
 * @param chunks every chunk, in order
 * @param files the part files, in order
 * @param compression the codec label
 * @param strandVersion the strand version that wrote it
 * @param published when it was published
 * @param attempt the writer's attempt id
 */
public record ManifestEntry(
    String type,
    String runId,
    String lineage,
    DatasetFormat format,
    Schema schema,
    long rows,
    long bytes,
    long storedBytes,
    long start,
    long end,
    List<ChunkInfo> chunks,
    List<PartFile> files,
    String compression,
    String strandVersion,
    Instant published,
    String attempt) {

  public ManifestEntry {
    chunks = List.copyOf(chunks);
    files = List.copyOf(files);
  }

  /** The key this entry is published under. */
  public DataKey key() {
    return new DataKey(runId, type, lineage);
  }
}
