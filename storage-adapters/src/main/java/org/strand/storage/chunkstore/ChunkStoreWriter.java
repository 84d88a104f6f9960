package org.strand.storage.chunkstore;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.strand.core.Chunk;
import org.strand.core.Schema;
import org.strand.core.StorageException;
import org.strand.plugin.Lineage;
import org.strand.storage.ChunkInfo;
import org.strand.storage.DataKey;
import org.strand.storage.DataWriter;
import org.strand.storage.fs.SmallFiles;
import org.strand.storage.fs.StrandVersion;

/**
 * Writes one key into the chunk store, keeping no state between chunks: everything a chunk
 * needs is written with it (its file, then its metadata), so {@link #write} runs from any thread
 * in any order, and {@link #commit()} rebuilds the whole from what is in staging.
 */
final class ChunkStoreWriter implements DataWriter {
  private final ChunkStoreImpl store;
  private final DataKey key;
  private final Schema schema;
  private final Lineage lineage;
  private final Path staged;
  private final String nonce = UUID.randomUUID().toString().substring(0, 8);
  private final Instant started = Instant.now();
  private final String where;
  private volatile boolean ended;

  ChunkStoreWriter(ChunkStoreImpl store, DataKey key, Schema schema, Lineage lineage) {
    this.store = store;
    this.key = key;
    this.schema = schema;
    this.lineage = lineage;
    this.where = store.describe() + ": " + key;
    if (!lineage.type().equals(key.type()) || !lineage.hash().equals(key.lineage())) {
      throw new IllegalArgumentException(where + ": lineage " + lineage + " does not belong to this key");
    }
    this.staged = store.staging().newEntry(key.toString());
  }

  static String chunkFileName(int index, String nonce) {
    return String.format("chunk-%06d.%s", index, nonce);
  }

  static String chunkMetadataName(int index) {
    return String.format("chunk-%06d.json", index);
  }

  @Override
  public void write(int index, Chunk chunk) {
    if (ended) {
      throw new StorageException(where + ": chunk " + index + " written after commit or abort");
    }
    if (index < 0) {
      throw new StorageException(where + ": negative chunk index " + index);
    }
    if (!chunk.schema().equals(schema)) {
      throw new StorageException(where + ": chunk " + index + " has schema " + chunk.schema() + ", expected " + schema);
    }
    if (!chunk.runId().equals(key.runId()) || !chunk.type().equals(key.type())) {
      throw new StorageException(where + ": chunk " + index + " is " + chunk.where() + ", not of this key");
    }
    String name = chunkFileName(index, nonce);
    Path file = new Path(staged, name);
    byte[] bytes = ChunkFileFormat.encode(chunk.data(), chunk.start(), chunk.end());
    KeyMetadata.ChunkEntry entry = new KeyMetadata.ChunkEntry(
        new ChunkInfo(index, chunk.start(), chunk.end(), chunk.rows(), chunk.nbytes()), name, bytes.length);
    try {
      writeNew(file, bytes);
      writeNew(new Path(staged, chunkMetadataName(index)), entry.toJson().getBytes(StandardCharsets.UTF_8));
    } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
      throw new StorageException(where + ": chunk " + index + " written twice", e);
    } catch (IOException e) {
      throw new StorageException(file + ": cannot write chunk " + index + ": " + e.getMessage(), e);
    }
    store.staging().keepAlive();
  }

  private void writeNew(Path path, byte[] bytes) throws IOException {
    try (FSDataOutputStream out = store.fs().create(path, false)) {
      out.write(bytes);
    }
  }

  /**
   * Gathers the chunks' metadata, checks that chunks 0..n-1 are all there and contiguous,
   * writes the key's metadata and publishes the key.
   *
   * @throws StorageException if a chunk is missing or publishing fails
   */
  @Override
  public void commit() {
    if (ended) {
      throw new StorageException(where + ": commit after commit or abort");
    }
    ended = true;
    boolean done = false;
    try {
      KeyMetadata md = gather();
      SmallFiles.write(store.fs(), new Path(staged, ChunkStoreImpl.METADATA), md.toJson());
      store.publish(key, staged, md);
      done = true;
    } finally {
      if (!done) {
        store.staging().release(staged);
      }
    }
  }

  private KeyMetadata gather() {
    FileStatus[] listed;
    try {
      listed = store.fs().listStatus(staged, p -> p.getName().startsWith("chunk-") && p.getName().endsWith(".json"));
    } catch (IOException e) {
      throw new StorageException(staged + ": cannot list the staged chunks: " + e.getMessage(), e);
    }
    Arrays.sort(listed, Comparator.comparing(s -> s.getPath().getName()));
    List<KeyMetadata.ChunkEntry> entries = new ArrayList<>();
    for (FileStatus st : listed) {
      JsonNode n = SmallFiles.readJson(store.fs(), st.getPath(), 1 << 16);
      KeyMetadata.ChunkEntry e;
      try {
        e = KeyMetadata.ChunkEntry.parse(n);
      } catch (IllegalArgumentException ex) {
        throw new StorageException(st.getPath() + ": invalid chunk metadata: " + ex.getMessage(), ex);
      }
      if (e.info().index() != entries.size()) {
        throw new StorageException(where + ": chunk " + entries.size() + " was never written (next present: " + e.info().index() + ")");
      }
      if (!entries.isEmpty() && e.info().start() != entries.get(entries.size() - 1).info().end()) {
        throw new StorageException(where + ": chunk " + e.info().index() + " starts at " + e.info().start()
            + ", not where chunk " + (e.info().index() - 1) + " ended (" + entries.get(entries.size() - 1).info().end() + ")");
      }
      entries.add(e);
    }
    List<ChunkInfo> chunks = new ArrayList<>();
    List<String> files = new ArrayList<>();
    List<Long> sizes = new ArrayList<>();
    for (KeyMetadata.ChunkEntry e : entries) {
      chunks.add(e.info());
      files.add(e.file());
      sizes.add(e.fileSize());
    }
    return new KeyMetadata(key, schema, lineage.toJson(), chunks, files, sizes, StrandVersion.get(), started.toString(),
        Instant.now().toString(), store.staging().attempt());
  }

  @Override
  public void abort() {
    if (!ended) {
      ended = true;
      store.staging().release(staged);
    }
  }
}
