package org.strand.storage.chunkstore;

import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.strand.core.Schema;
import org.strand.plugin.Lineage;
import org.strand.storage.DataKey;
import org.strand.storage.DataWriter;
import org.strand.storage.Storage;
import org.strand.storage.StoredData;

/**
 * strand's native store for intermediate data (hits, peaks, ...): fast to write and read, reused
 * whenever a lineage matches, so a changed late option does not recompute early types.
 *
 * <h2>Layout</h2>
 * <pre>
 * root/
 *   &lt;run&gt;-&lt;type&gt;-&lt;lineage&gt;/        one directory per key (strax's naming)
 *     metadata.json                     key-level metadata, written on commit: schema, lineage,
 *                                       every chunk's start, end, rows, bytes and file, strand's
 *                                       version, when writing started and ended
 *     chunk-000000.&lt;nonce&gt;             one LZ4 columnar file per chunk, checksummed
 *                                       (see the format in the package's file format class)
 *     chunk-000000.json                 that chunk's own metadata, written with it
 *   _strand/format.json                 the root's format: chunks
 *   _staging/&lt;attempt&gt;/...             work in progress
 * </pre>
 *
 * <h2>Writing</h2>
 * Writers keep no state between chunks: each {@link DataWriter#write} writes the chunk's file and
 * its metadata into the attempt's staging, so writes may run in fused parallel tasks, from any
 * thread, in any order. {@link DataWriter#commit()} gathers the per-chunk metadata (a missing or
 * non-contiguous chunk is an error), writes {@code metadata.json} and publishes the key in one
 * step, first attempt winning; a key is visible only when complete. With a target chunk size
 * ({@link ChunkStoreOptions#targetChunkBytes()}) the writer regroups chunks, and then needs them
 * in order ({@link DataWriter#rechunks()} is true).
 *
 * <h2>Reading</h2>
 * {@link #find} returns data read lazily, chunk by chunk, each chunk independently and
 * thread-safely; {@link TimeRangeReader} reads a time range. Every read checks sizes and
 * checksums: damaged, truncated or missing data is a {@link org.strand.core.StorageException}
 * naming the file, never data.
 *
 * <p>Implementations are thread-safe.
 */
public interface ChunkStore extends Storage {
  /** The format recorded in the root's {@code _strand/format.json}. */
  String FORMAT = "chunks";

  /**
   * Opens the chunk store at {@code root} (nothing is created until the first write).
   *
   * @throws org.strand.core.ConfigurationException if the root holds another format
   */
  static ChunkStore open(Path root, Configuration conf, ChunkStoreOptions options) {
    return new ChunkStoreImpl(root, conf, options);
  }

  Path root();

  ChunkStoreOptions options();

  @Override
  Optional<StoredData> find(DataKey key);

  @Override
  DataWriter writer(DataKey key, Schema schema, Lineage lineage);

  /**
   * Every stored key of {@code type}, as lazily readable data (only metadata is read), sorted by
   * run id then lineage. Key directories without {@code metadata.json} (incomplete) are skipped,
   * with one warning in the log naming them.
   *
   * @throws org.strand.core.StorageException if the root cannot be listed or a key's metadata is invalid
   */
  java.util.List<StoredData> list(String type);

  /**
   * The keys of {@code type} whose directories are complete (hold {@code metadata.json}), sorted
   * by run id then lineage, without reading their metadata: a key whose metadata is damaged is
   * listed, and reading it fails. Incomplete key directories are skipped with a warning, as in
   * {@link #list}.
   *
   * @throws org.strand.core.StorageException if the root cannot be listed
   */
  java.util.List<DataKey> keys(String type);

  /**
   * The keys of {@code type} for one run whose directories are complete, sorted by lineage,
   * without reading their metadata; incomplete key directories are left out (silently: a run
   * asked for is named by {@link #stored}).
   *
   * @throws IllegalArgumentException if the run id or type is invalid
   * @throws org.strand.core.StorageException if the root cannot be listed
   */
  java.util.List<DataKey> runKeys(String runId, String type);

  /**
   * Every stored lineage of {@code type} for one run (normally one), reading metadata only.
   * Incomplete key directories beside complete ones are skipped with a warning.
   *
   * @throws org.strand.core.StorageException if the root cannot be listed, a key's metadata is
   *     invalid, or the run has key directories of the type but none complete (naming one)
   */
  java.util.List<StoredData> stored(String runId, String type);

  /** Deletes staging untouched for longer than the lease, never this store's own. */
  int removeStaleStaging();
}
