package org.strand.storage.dataset;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.strand.core.Chunk;
import org.strand.core.InvalidDataException;
import org.strand.core.Schema;
import org.strand.core.StorageException;
import org.strand.core.Table;
import org.strand.storage.ChunkInfo;
import org.strand.storage.DataKey;
import org.strand.storage.StoredData;
import org.strand.storage.fs.RegularFiles;

/**
 * A published run read back chunk by chunk, as the manifest entry describes it. Each read opens
 * the part file holding the chunk and decodes only the chunk's rows; reads are independent and
 * thread-safe. A file whose size differs from the manifest's, or that does not decode to the
 * expected rows, is an error naming the file.
 */
final class DatasetStoredData implements StoredData {
  private final DatasetStorageImpl storage;
  private final ManifestEntry entry;
  private final Path directory;

  DatasetStoredData(DatasetStorageImpl storage, ManifestEntry entry, Path directory) {
    this.storage = storage;
    this.entry = entry;
    this.directory = directory;
  }

  @Override
  public DataKey key() {
    return entry.key();
  }

  @Override
  public Schema schema() {
    return entry.schema();
  }

  @Override
  public List<ChunkInfo> chunks() {
    return entry.chunks();
  }

  @Override
  public long totalBytes() {
    return entry.bytes();
  }

  @Override
  public Chunk read(int index) {
    if (index < 0 || index >= entry.chunks().size()) {
      throw new StorageException(location() + ": no chunk " + index + " (has " + entry.chunks().size() + ")");
    }
    PartFile file = null;
    for (PartFile f : entry.files()) {
      if (index >= f.firstChunk() && index < f.firstChunk() + f.chunks()) {
        file = f;
        break;
      }
    }
    if (file == null) {
      throw new StorageException(location() + ": the manifest places chunk " + index + " in no file");
    }
    long from = 0;
    for (int i = file.firstChunk(); i < index; i++) {
      from += entry.chunks().get(i).rows();
    }
    ChunkInfo c = entry.chunks().get(index);
    Path path = new Path(directory, file.name());
    Table table;
    try {
      RegularFiles.require(storage.publisher().fileSystem(), path);
      FileStatus status = storage.publisher().fileSystem().getFileStatus(path);
      if (status.getLen() != file.bytes()) {
        throw new StorageException(path + ": file has " + status.getLen() + " bytes, the manifest says " + file.bytes()
            + " (truncated or replaced)");
      }
      table = storage.codec().read(storage.publisher().fileSystem(), status, entry.schema(), from, from + c.rows(), storage.conf());
    } catch (FileNotFoundException e) {
      throw new StorageException(path + ": part file of chunk " + index + " is missing", e);
    } catch (IOException | RuntimeException e) {
      if (e instanceof StorageException se) {
        throw se;
      }
      throw new StorageException(path + ": cannot read chunk " + index + " (rows " + from + " to " + (from + c.rows())
          + "): " + e.getMessage(), e);
    }
    try {
      return Chunk.of(entry.runId(), entry.type(), c.start(), c.end(), table);
    } catch (InvalidDataException e) {
      throw new StorageException(path + ": chunk " + index + " disagrees with the manifest: " + e.getMessage(), e);
    }
  }

  @Override
  public String location() {
    return directory.toString();
  }
}
