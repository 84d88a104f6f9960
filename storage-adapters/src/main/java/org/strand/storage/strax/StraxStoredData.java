package org.strand.storage.strax;

import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.strand.core.Chunk;
import org.strand.core.Schema;
import org.strand.core.StorageException;
import org.strand.storage.ChunkInfo;
import org.strand.storage.DataKey;
import org.strand.storage.StoredData;

/**
 * One {@code <run>-<type>-<hash>} directory of strax data seen as strand's {@link StoredData}:
 * the key's lineage is strax's hash, the schema the dtype's (titles as descriptions), the chunks
 * those of the metadata, each read on demand as {@link StraxSource} reads it. Thread-safe.
 */
final class StraxStoredData implements StoredData {
  private final DataKey key;
  private final StraxRun run;
  private final Schema schema;
  private final List<ChunkInfo> chunks;
  private final long rawBytes;
  private final Path directory;

  StraxStoredData(FileSystem fs, Path directory, StraxMetadata metadata) {
    this.key = new DataKey(metadata.runId(), metadata.type(), metadata.lineageHash());
    this.schema = metadata.dtype().schema();
    this.run = new StraxRun(fs, directory, metadata, schema);
    this.directory = directory;
    List<ChunkInfo> infos = new ArrayList<>(metadata.chunks().size());
    for (StraxMetadata.ChunkEntry c : metadata.chunks()) {
      infos.add(new ChunkInfo(c.index(), c.start(), c.end(), c.rows(), c.nbytes()));
    }
    this.chunks = List.copyOf(infos);
    this.rawBytes = metadata.rawBytes();
  }

  @Override
  public DataKey key() {
    return key;
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public List<ChunkInfo> chunks() {
    return chunks;
  }

  @Override
  public long totalBytes() {
    return rawBytes;
  }

  /**
   * Reads chunk {@code index}.
   *
   * @throws StorageException naming the chunk file if it is missing, truncated or damaged
   */
  @Override
  public Chunk read(int index) {
    if (index < 0 || index >= chunks.size()) {
      throw new StorageException(location() + ": no chunk " + index + " (has " + chunks.size() + ")");
    }
    return run.chunk(index);
  }

  @Override
  public String location() {
    return directory.toString();
  }
}
