package org.strand.storage.dataset;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strand.core.CanonicalJson;
import org.strand.core.Chunk;
import org.strand.core.Schema;
import org.strand.core.StorageException;
import org.strand.plugin.Lineage;
import org.strand.storage.ChunkInfo;
import org.strand.storage.DataKey;
import org.strand.storage.DataWriter;
import org.strand.storage.fs.SchemaJson;
import org.strand.storage.fs.StrandVersion;

/**
 * Writes one key's chunks into part files in staging, then publishes them (see
 * {@link DatasetStorage}).
 *
 * <p>A part file is a stream, so chunks must go in in order: {@link #write} accepts them from any
 * thread in any order, holds early ones, and appends each as soon as its predecessors are in.
 * A new part file starts at a chunk boundary once the current one reaches the target file size
 * (never in single-file mode). Each file's footer lists the chunks it holds, so the files
 * describe themselves even without the manifest.
 *
 * <p>Thread-safe: every method holds this writer's lock.
 */
final class DatasetWriter implements DataWriter {
  private static final Logger LOG = LoggerFactory.getLogger(DatasetWriter.class);

  private final DatasetStorageImpl storage;
  private final DataKey key;
  private final Schema schema;
  private final Lineage lineage;
  private final Path stagingEntry;
  private final Map<String, String> baseFooter;
  private final TreeMap<Integer, Chunk> early = new TreeMap<>();
  private final List<ChunkInfo> chunks = new ArrayList<>();
  private final List<PartFile> files = new ArrayList<>();
  private final String where;
  private PartCodec.PartWriter current;
  private int currentFirstChunk;
  private long currentRows;
  private int next;
  private boolean ended;

  DatasetWriter(DatasetStorageImpl storage, DataKey key, Schema schema, Lineage lineage) {
    this.storage = storage;
    this.key = key;
    this.schema = schema;
    this.lineage = lineage;
    this.where = storage.describe() + ": " + key;
    if (!lineage.type().equals(key.type()) || !lineage.hash().equals(key.lineage())) {
      throw new IllegalArgumentException(where + ": lineage " + lineage + " does not belong to this key");
    }
    this.stagingEntry = storage.staging().newEntry(Layout.stagingLabel(key));
    Map<String, String> footer = new LinkedHashMap<>();
    footer.put(PartCodec.KEY_VERSION, StrandVersion.get());
    footer.put(PartCodec.KEY_TYPE, key.type());
    footer.put(PartCodec.KEY_RUN_ID, key.runId());
    footer.put(PartCodec.KEY_LINEAGE_HASH, key.lineage());
    footer.put(PartCodec.KEY_LINEAGE, lineage.toJson());
    footer.put(PartCodec.KEY_SCHEMA, CanonicalJson.write(SchemaJson.toPlain(schema)));
    footer.put(PartCodec.KEY_ATTEMPT, storage.staging().attempt());
    if (storage.options().format() == DatasetFormat.PARQUET) {
      footer.put(ParquetSchemas.SPARK_ROW_METADATA, ParquetSchemas.sparkRowMetadata(schema));
    }
    this.baseFooter = Map.copyOf(footer);
  }

  @Override
  public boolean rechunks() {
    return true;
  }

  @Override
  public synchronized void write(int index, Chunk chunk) {
    if (ended) {
      throw new StorageException(where + ": chunk " + index + " written after commit or abort");
    }
    if (!chunk.schema().equals(schema)) {
      throw new StorageException(where + ": chunk " + index + " has schema " + chunk.schema() + ", expected " + schema);
    }
    if (!chunk.runId().equals(key.runId()) || !chunk.type().equals(key.type())) {
      throw new StorageException(where + ": chunk " + index + " is " + chunk.where() + ", not of this key");
    }
    if (index < next || early.containsKey(index)) {
      throw new StorageException(where + ": chunk " + index + " written twice");
    }
    early.put(index, chunk);
    storage.staging().keepAlive();
    while (!early.isEmpty() && early.firstKey() == next) {
      append(early.pollFirstEntry().getValue());
      next++;
    }
  }

  private void append(Chunk c) {
    if (!chunks.isEmpty() && c.start() != chunks.get(chunks.size() - 1).end()) {
      throw new StorageException(where + ": chunk " + next + " " + c.where() + " does not start where chunk "
          + (next - 1) + " ended (" + chunks.get(chunks.size() - 1).end() + ")");
    }
    try {
      if (current == null) {
        openPart();
      }
      current.write(c.data());
      chunks.add(new ChunkInfo(next, c.start(), c.end(), c.rows(), c.nbytes()));
      currentRows += c.rows();
      if (!storage.publisher().singleFile() && current.bytesSoFar() >= storage.options().fileBytes()) {
        closePart();
      }
    } catch (IOException e) {
      throw new StorageException(where + ": cannot write chunk " + next + " to " + partPath(files.size()) + ": " + e.getMessage(), e);
    }
  }

  private Path partPath(int index) {
    return new Path(stagingEntry, Layout.partName(index, storage.options().format()));
  }

  private void openPart() throws IOException {
    current = storage.codec().create(storage.publisher().fileSystem(), partPath(files.size()), schema, storage.options(), storage.conf());
    currentFirstChunk = chunks.size();
    currentRows = 0;
  }

  private void closePart() throws IOException {
    Map<String, String> footer = new LinkedHashMap<>(baseFooter);
    List<Object> inFile = new ArrayList<>();
    for (ChunkInfo c : chunks.subList(currentFirstChunk, chunks.size())) {
      inFile.add(List.of(c.start(), c.end(), c.rows(), c.bytes()));
    }
    footer.put(PartCodec.KEY_CHUNKS, CanonicalJson.write(inFile));
    PartCodec.PartWriter w = current;
    current = null;
    PartCodec.Written written = w.close(footer);
    files.add(new PartFile(Layout.partName(files.size(), storage.options().format()), currentRows, written.bytes(),
        currentFirstChunk, chunks.size() - currentFirstChunk, written.checksum()));
  }

  /**
   * Finishes the last part file and publishes the run; the first complete attempt wins. When
   * another attempt already published this key (and replacing is off), this attempt's files are
   * discarded and the published data stands.
   *
   * @throws StorageException if a chunk is missing, or writing or publishing fails
   */
  @Override
  public synchronized void commit() {
    if (ended) {
      throw new StorageException(where + ": commit after commit or abort");
    }
    ended = true;
    boolean done = false;
    try {
      if (!early.isEmpty()) {
        throw new StorageException(where + ": chunk " + next + " was never written (chunks " + early.keySet() + " wait for it)");
      }
      try {
        if (current == null && files.isEmpty()) {
          openPart();
        }
        if (current != null) {
          closePart();
        }
      } catch (IOException e) {
        throw new StorageException(where + ": cannot finish " + partPath(files.size()) + ": " + e.getMessage(), e);
      }
      ManifestEntry entry = entry();
      storage.publish(key, stagingEntry, entry, lineage);
      done = true;
    } finally {
      if (!done) {
        discard();
      }
    }
  }

  private ManifestEntry entry() {
    long rows = 0;
    long bytes = 0;
    for (ChunkInfo c : chunks) {
      rows += c.rows();
      bytes += c.bytes();
    }
    long stored = 0;
    for (PartFile f : files) {
      stored += f.bytes();
    }
    long start = chunks.isEmpty() ? 0 : chunks.get(0).start();
    long end = chunks.isEmpty() ? 0 : chunks.get(chunks.size() - 1).end();
    return new ManifestEntry(key.type(), key.runId(), key.lineage(), storage.options().format(), schema, rows, bytes,
        stored, start, end, chunks, files, storage.options().compression().label(), StrandVersion.get(), Instant.now(),
        storage.staging().attempt());
  }

  @Override
  public synchronized void abort() {
    if (!ended) {
      ended = true;
      discard();
    }
  }

  private void discard() {
    early.clear();
    if (current != null) {
      current.abort();
      current = null;
    }
    storage.staging().release(stagingEntry);
    LOG.debug("{}: discarded staged data in {}", where, stagingEntry);
  }
}
