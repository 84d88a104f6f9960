package org.strand.storage.chunkstore;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.strand.core.Chunk;
import org.strand.core.InvalidDataException;
import org.strand.core.Schema;
import org.strand.core.StorageException;
import org.strand.storage.ChunkInfo;
import org.strand.storage.DataKey;
import org.strand.storage.StoredData;
import org.strand.storage.fs.BufferPool;
import org.strand.storage.fs.FileBytes;

/**
 * A stored key, read lazily: each {@link #read} reads one chunk file, checks its size against
 * the key's metadata and its checksums, and decodes it. Independent and thread-safe; the file
 * and decompression buffers are reused between reads (concurrent reads take separate ones).
 */
final class ChunkStoreData implements StoredData {
  private final ChunkStoreImpl store;
  private final Path directory;
  private final KeyMetadata metadata;
  /** Chunk files and decompressed columns, reused from one read to the next (see BufferPool). */
  private final BufferPool fileBuffers = new BufferPool(2);
  private final BufferPool columnBuffers = new BufferPool(2);

  ChunkStoreData(ChunkStoreImpl store, Path directory, KeyMetadata metadata) {
    this.store = store;
    this.directory = directory;
    this.metadata = metadata;
  }

  @Override
  public DataKey key() {
    return metadata.key();
  }

  @Override
  public Schema schema() {
    return metadata.schema();
  }

  @Override
  public List<ChunkInfo> chunks() {
    return metadata.chunks();
  }

  /** The lineage description stored with the key. */
  String lineageJson() {
    return metadata.lineageJson();
  }

  @Override
  public Chunk read(int index) {
    if (index < 0 || index >= metadata.chunks().size()) {
      throw new StorageException(location() + ": no chunk " + index + " (has " + metadata.chunks().size() + ")");
    }
    ChunkInfo info = metadata.chunks().get(index);
    Path file = new Path(directory, metadata.files().get(index));
    long expectedSize = metadata.fileSizes().get(index);
    if (expectedSize > Integer.MAX_VALUE - 16) {
      throw new StorageException(file + ": the metadata gives chunk file " + index + " " + expectedSize
          + " bytes, more than one chunk may have (2 GiB)");
    }
    byte[] bytes = fileBuffers.take((int) expectedSize);
    ChunkFileFormat.Decoded d;
    try {
      long length;
      try {
        length = FileBytes.read(store.fs(), file, bytes, (int) expectedSize);
      } catch (FileNotFoundException e) {
        throw new StorageException(file + ": chunk " + index + " of " + metadata.key() + " is missing", e);
      } catch (IOException e) {
        throw new StorageException(file + ": cannot read chunk " + index + ": " + e.getMessage(), e);
      }
      if (length != expectedSize) {
        throw new StorageException(file + ": chunk file has " + length + " bytes, the metadata says " + expectedSize
            + (length < expectedSize ? " (truncated)" : ""));
      }
      try {
        d = ChunkFileFormat.decode(bytes, (int) expectedSize, metadata.schema(), columnBuffers);
      } catch (IllegalArgumentException e) {
        throw new StorageException(file + ": damaged chunk file: " + e.getMessage(), e);
      }
    } finally {
      fileBuffers.give(bytes);
    }
    if (d.rows() != info.rows() || d.start() != info.start() || d.end() != info.end()) {
      throw new StorageException(file + ": chunk file holds " + d.rows() + " rows over [" + d.start() + ", " + d.end()
          + "), the metadata says " + info.rows() + " rows over [" + info.start() + ", " + info.end() + ")");
    }
    try {
      return Chunk.of(metadata.key().runId(), metadata.key().type(), info.start(), info.end(), d.table());
    } catch (InvalidDataException e) {
      throw new StorageException(file + ": chunk " + index + " breaks the chunk invariants: " + e.getMessage(), e);
    }
  }

  @Override
  public String location() {
    return directory.toString();
  }
}
