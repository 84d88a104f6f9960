package org.strand.storage.strax;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.fs.FileStatus;
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
import org.strand.storage.fs.BufferPool;
import org.strand.storage.fs.FileBytes;

/**
 * One opened strax run: its checked metadata, and its chunks read on demand. A chunk is read
 * into a reused buffer, decompressed into another and turned into fresh column arrays, field by
 * field; only the columns leave. Thread-safe: concurrent reads take separate buffers.
 */
final class StraxRun implements SourceRun {
  private final FileSystem fs;
  private final Path directory;
  private final StraxMetadata metadata;
  private final Schema schema;
  private final RunInfo info;
  /** File bytes and decompressed rows; two of each cover a reader and a prefetching neighbour. */
  private final BufferPool fileBuffers = new BufferPool(2);
  private final BufferPool rowBuffers = new BufferPool(2);

  StraxRun(FileSystem fs, Path directory, StraxMetadata metadata, Schema schema) {
    this.fs = fs;
    this.directory = directory;
    this.metadata = metadata;
    this.schema = schema;
    this.info = new RunInfo(metadata.runId(), metadata.start(), metadata.end(), metadata.rawBytes());
  }

  /**
   * Checks, from one listing of the run's directory, that every chunk file its metadata names is
   * there, so that data copied only in part fails the run before any of it is processed rather
   * than at the first missing chunk. Chunks without rows need no file, as in strax.
   *
   * @throws StorageException naming the directory and the missing files
   */
  static void requireChunkFiles(FileSystem fs, Path directory, StraxMetadata metadata) {
    Set<String> present = new HashSet<>();
    try {
      for (FileStatus st : fs.listStatus(directory)) {
        present.add(st.getPath().getName());
      }
    } catch (IOException e) {
      throw new StorageException(directory + ": cannot list the run's strax directory: " + e.getMessage(), e);
    }
    List<String> missing = new ArrayList<>();
    int named = 0;
    for (StraxMetadata.ChunkEntry c : metadata.chunks()) {
      if (c.fileName() != null) {
        named++;
        if (!present.contains(c.fileName())) {
          missing.add(c.fileName());
        }
      }
    }
    if (!missing.isEmpty()) {
      String shown = String.join(", ", missing.subList(0, Math.min(5, missing.size()))) + (missing.size() > 5 ? ", ..." : "");
      throw new StorageException(directory + ": " + missing.size() + " of the " + named + " chunk files of run " + metadata.runId()
          + " that its metadata names " + (missing.size() == 1 ? "is" : "are") + " missing (" + shown
          + "); the directory is incomplete, copied or written only in part");
    }
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
    if (c.fileName() == null) {
      return Chunk.of(metadata.runId(), metadata.type(), c.start(), c.end(), Table.empty(schema));
    }
    Path file = new Path(directory, c.fileName());
    int nbytes = (int) c.nbytes();
    byte[] compressed = null;
    byte[] raw = null;
    Table decoded;
    try {
      int length = fileLength(file, c);
      compressed = fileBuffers.take(length);
      readFile(file, c, compressed, length);
      raw = rowBuffers.take(nbytes);
      try {
        metadata.compressor().decompress(compressed, length, raw, nbytes);
      } catch (CorruptDataException e) {
        throw new StorageException(file + ": " + metadata.compressor().straxName() + " chunk " + index
            + " cannot be decoded: " + e.getMessage(), e);
      }
      decoded = RowDecoder.decode(metadata.dtype(), raw, c.rows());
    } finally {
      fileBuffers.give(compressed);
      rowBuffers.give(raw);
    }
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

  /**
   * The chunk file's length: from the metadata when it says (sparing a file-system call per
   * chunk; {@link #readFile} then checks the file has exactly that many bytes), else asked.
   */
  private int fileLength(Path file, StraxMetadata.ChunkEntry c) {
    long length = c.fileSize() >= 0 ? c.fileSize() : actualLength(file, c);
    if (length > Integer.MAX_VALUE - 16) {
      throw new StorageException(file + ": chunk file of " + length + " bytes is larger than one chunk may be (2 GiB)");
    }
    return (int) length;
  }

  /** Reads the chunk file, which must have {@code expected} bytes, into {@code buffer}. */
  private void readFile(Path file, StraxMetadata.ChunkEntry c, byte[] buffer, int expected) {
    long actual;
    try {
      actual = FileBytes.read(fs, file, buffer, expected);
    } catch (FileNotFoundException e) {
      throw missing(file, c, e);
    } catch (IOException e) {
      throw new StorageException(file + ": cannot read chunk " + c.index() + ": " + e.getMessage(), e);
    }
    if (actual != expected) {
      throw new StorageException(file + ": chunk file has " + actual + " bytes, but the metadata says " + expected
          + (actual < expected ? " (truncated)" : ""));
    }
  }

  private long actualLength(Path file, StraxMetadata.ChunkEntry c) {
    try {
      return fs.getFileStatus(file).getLen();
    } catch (FileNotFoundException e) {
      throw missing(file, c, e);
    } catch (IOException e) {
      throw new StorageException(file + ": cannot read chunk " + c.index() + ": " + e.getMessage(), e);
    }
  }

  private StorageException missing(Path file, StraxMetadata.ChunkEntry c, FileNotFoundException e) {
    return new StorageException(file + ": chunk file " + c.index() + " of run " + metadata.runId() + " is missing", e);
  }
}
