package org.strand.storage.chunkstore;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.strand.core.Chunk;
import org.strand.core.InvalidDataException;
import org.strand.core.Schema;
import org.strand.core.StorageException;
import org.strand.storage.ChunkInfo;
import org.strand.storage.DataKey;
import org.strand.storage.StoredData;

/**
 * A stored key, read lazily: each {@link #read} reads one chunk file, checks its size against
 * the key's metadata and its checksums, and decodes it. Independent and thread-safe.
 */
final class ChunkStoreData implements StoredData {
  private final ChunkStoreImpl store;
  private final Path directory;
  private final KeyMetadata metadata;

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
    byte[] bytes;
    try (InputStream in = store.fs().open(file)) {
      long length = store.fs().getFileStatus(file).getLen();
      if (length != expectedSize) {
        throw new StorageException(file + ": chunk file has " + length + " bytes, the metadata says " + expectedSize
            + (length < expectedSize ? " (truncated)" : ""));
      }
      bytes = in.readNBytes((int) length);
      if (bytes.length != length) {
        throw new StorageException(file + ": chunk file ended after " + bytes.length + " of " + length + " bytes");
      }
    } catch (FileNotFoundException e) {
      throw new StorageException(file + ": chunk " + index + " of " + metadata.key() + " is missing", e);
    } catch (IOException e) {
      throw new StorageException(file + ": cannot read chunk " + index + ": " + e.getMessage(), e);
    }
    ChunkFileFormat.Decoded d;
    try {
      d = ChunkFileFormat.decode(bytes, metadata.schema());
    } catch (IllegalArgumentException e) {
      throw new StorageException(file + ": damaged chunk file: " + e.getMessage(), e);
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
