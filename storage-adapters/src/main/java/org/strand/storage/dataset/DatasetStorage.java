package org.strand.storage.dataset;

import java.util.List;
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
 * Partitioned Parquet or Arrow datasets, the analysis output, as a {@link Storage}: a context
 * saves to and loads from it, and Spark SQL, DuckDB or pyarrow read it directly.
 *
 * <h2>Layout</h2>
 * <pre>
 * root/
 *   &lt;type&gt;/lineage=&lt;hash&gt;/run_id=&lt;run&gt;/part-00000.parquet   (or .arrow)
 *   _strand/format.json                                 the root's one format
 *   _strand/runs/&lt;type&gt;/&lt;hash&gt;/&lt;run&gt;.json                manifest entry per published key
 *   _strand/lineages/&lt;type&gt;-&lt;hash&gt;.json                 full lineage description
 *   _staging/&lt;attempt&gt;/...                              work in progress, never read
 * </pre>
 * {@code spark.read.parquet("root/<type>")} discovers {@code lineage} and {@code run_id} as
 * partition columns. Run ids are strings: readers must be told so (a schema, or partition type
 * inference off), or {@code run_id=000042} reads as the number 42.
 *
 * <h2>Publishing</h2>
 * A writer stages its files under {@code _staging/<attempt>/} and {@link DataWriter#commit()}
 * publishes the run in one step (see {@link org.strand.storage.fs.Publisher}); the first
 * complete attempt wins and later ones discard their copy, unless
 * {@link DatasetOptions#replaceExisting()} asks to replace it whole. Then the manifest entry is
 * written. {@link #find} sees a key only once both are there.
 *
 * <p>Writers need chunks in order ({@link DataWriter#rechunks()} is true, so processors feed them
 * from one thread); chunks that arrive early are held until their turn.
 *
 * <p>Implementations are thread-safe.
 */
public interface DatasetStorage extends Storage {
  /**
   * Opens the dataset root {@code root} (nothing is created until the first write).
   *
   * @throws org.strand.core.ConfigurationException if the root already holds another format
   * @throws org.strand.core.StorageException if the root's file system cannot be reached
   */
  static DatasetStorage open(Path root, Configuration conf, DatasetOptions options) {
    return new DatasetStorageImpl(root, conf, options);
  }

  /** The root directory. */
  Path root();

  DatasetOptions options();

  /** The directory holding every run of {@code type}: what Spark or DuckDB should read. */
  Path typeDirectory(String type);

  /** {@code <root>/<type>/lineage=<hash>/run_id=<run>}: where a run's part files are published. */
  Path runDirectory(DataKey key);

  /**
   * The complete data of {@code key}: published and recorded in the manifest. Reading it back
   * yields the chunks as they were written.
   */
  @Override
  Optional<StoredData> find(DataKey key);

  /**
   * A writer for {@code key}. The root's format is recorded on the first write.
   *
   * @throws org.strand.core.ConfigurationException if the root holds another format
   */
  @Override
  DataWriter writer(DataKey key, Schema schema, Lineage lineage);

  /** The manifest entry of {@code key}, if it is published. */
  Optional<ManifestEntry> entry(DataKey key);

  /** Every manifest entry, sorted by type, lineage, run. */
  List<ManifestEntry> entries();

  /**
   * Whether the files of a published entry are there as the manifest records them, from one
   * listing of its run directory: present with their recorded sizes, damaged, or missing (the
   * directory gone). Reads no file; {@link #verify} is the full check.
   *
   * @throws org.strand.core.StorageException if the run directory cannot be listed
   */
  PublishedStatus status(ManifestEntry entry);

  /**
   * {@link #status} of each entry, in the same order, the run directories listed a few at a time
   * (on HDFS or an object store each listing is a round trip, and a root may hold thousands).
   *
   * @throws org.strand.core.StorageException if a run directory cannot be listed
   */
  List<PublishedStatus> statuses(List<ManifestEntry> entries);

  /**
   * The full description of a lineage ({@link Lineage#toJson()}), as recorded when data with it
   * was first published.
   */
  Optional<String> lineageDescription(String type, String hash);

  /**
   * Re-reads the published files of {@code key} and checks them against its manifest entry:
   * every listed file present, with the recorded size, checksum (entries written before strand
   * recorded checksums have none) and row count, its footer naming this key, and no unlisted part
   * file beside them. Reads every byte of the run's files once; changes nothing.
   *
   * @return the problems found, each naming its file; empty when the data is as published
   * @throws org.strand.core.ConfigurationException if {@code key} is not published here
   * @throws org.strand.core.StorageException if the manifest entry or the directory cannot be read
   */
  List<VerificationProblem> verify(DataKey key);

  /**
   * Deletes staging left by attempts that have not touched it for longer than the lease; never
   * this storage's own. Call it from one place (a job's driver) before or after a job.
   *
   * @return how many attempt directories were removed
   */
  int removeStaleStaging();
}
