package org.strand.storage.strax;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.strand.core.Chunk;
import org.strand.core.InvalidDataException;
import org.strand.core.Schema;
import org.strand.core.StorageException;
import org.strand.core.Table;
import org.strand.plugin.Lineage;
import org.strand.plugin.RunInfo;
import org.strand.plugin.SourceRun;

/**
 * One opened strax run: its checked metadata, and its chunks read on demand. Thread-safe: a
 * chunk read touches only its own file and fresh arrays.
 */
final class StraxRun implements SourceRun {
  private final FileSystem fs;
  private final Path directory;
  private final StraxMetadata metadata;
  private final Schema schema;
  private final RunInfo info;

  StraxRun(FileSystem fs, Path directory, StraxMetadata metadata, Schema schema) {
    this.fs = fs;
    this.directory = directory;
    this.metadata = metadata;
    this.schema = schema;
    this.info = new RunInfo(metadata.runId(), metadata.start(), metadata.end(), metadata.rawBytes());
  }

  @Override
  public RunInfo info() {
    return info;
  }

  @Override
  public int chunkCount() {
    return metadata.chunks().size();
  }

  @Override
  public Optional<Lineage> externalLineage() {
    return Optional.of(metadata.lineage());
  }

  /**
   * Reads, decompresses and decodes chunk {@code index}.
   *
   * @throws StorageException naming the chunk file if it is missing, truncated, damaged, or holds
   *     other rows than the metadata says
   */
  @Override
  public Chunk chunk(int index) {
    if (index < 0 || index >= metadata.chunks().size()) {
      throw new IndexOutOfBoundsException("run " + metadata.runId() + " has " + metadata.chunks().size() + " chunks, no chunk " + index);
    }
    StraxMetadata.ChunkEntry c = metadata.chunks().get(index);
    Path file = new Path(directory, c.fileName());
    byte[] compressed = readFile(file, c);
    byte[] raw;
    try {
      raw = metadata.compressor().decompress(compressed, (int) c.nbytes());
    } catch (CorruptDataException e) {
      throw new StorageException(file + ": " + metadata.compressor().straxName() + " chunk " + index
          + " cannot be decoded: " + e.getMessage(), e);
    }
    Table decoded = RowDecoder.decode(metadata.dtype(), raw, c.rows());
    Object[] columns = new Object[schema.size()];
    for (int i = 0; i < columns.length; i++) {
      columns[i] = decoded.column(i);
    }
    try {
      return Chunk.of(metadata.runId(), metadata.type(), c.start(), c.end(), Table.wrap(schema, c.rows(), columns));
    } catch (InvalidDataException e) {
      throw new StorageException(file + ": chunk " + index + " disagrees with its metadata: " + e.getMessage(), e);
    }
  }

  private byte[] readFile(Path file, StraxMetadata.ChunkEntry c) {
    try (InputStream in = fs.open(file)) {
      long length = fs.getFileStatus(file).getLen();
      if (c.fileSize() >= 0 && length != c.fileSize()) {
        throw new StorageException(file + ": chunk file has " + length + " bytes, but the metadata says " + c.fileSize()
            + (length < c.fileSize() ? " (truncated)" : ""));
      }
      if (length > Integer.MAX_VALUE - 16) {
        throw new StorageException(file + ": chunk file of " + length + " bytes is larger than one chunk may be (2 GiB)");
      }
      byte[] bytes = in.readNBytes((int) length);
      if (bytes.length != length) {
        throw new StorageException(file + ": chunk file ended after " + bytes.length + " of its " + length + " bytes");
      }
      return bytes;
    } catch (FileNotFoundException e) {
      throw new StorageException(file + ": chunk file " + c.index() + " of run " + metadata.runId() + " is missing", e);
    } catch (IOException e) {
      throw new StorageException(file + ": cannot read chunk " + c.index() + ": " + e.getMessage(), e);
    }
  }
}
