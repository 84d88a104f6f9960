package org.strand.storage.chunkstore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strand.core.Names;
import org.strand.core.Schema;
import org.strand.core.StorageException;
import org.strand.plugin.Lineage;
import org.strand.storage.DataKey;
import org.strand.storage.DataWriter;
import org.strand.storage.StoredData;
import org.strand.storage.fs.FileTrees;
import org.strand.storage.fs.Publisher;
import org.strand.storage.fs.RootFormat;
import org.strand.storage.fs.SmallFiles;
import org.strand.storage.fs.StagingArea;

/** The {@link ChunkStore} of one root. Thread-safe. */
final class ChunkStoreImpl implements ChunkStore {
  static final String METADATA = "metadata.json";
  private static final Logger LOG = LoggerFactory.getLogger(ChunkStoreImpl.class);
  private static final int REPLACE_TRIES = 5;
  /** How many skipped directories a warning names. */
  private static final int MAX_NAMED = 10;
  /**
   * Why a key directory lacks its metadata. Staged keys are published by one rename, so on local
   * file systems and HDFS it is never a write in progress; on object stores it may be.
   */
  private static final String INCOMPLETE_CAUSES =
      "a write interrupted or still in progress, a partial copy, or a removed file";

  private final Path root;
  private final ChunkStoreOptions options;
  private final Publisher publisher;
  private final StagingArea staging;
  private final AtomicBoolean formatClaimed = new AtomicBoolean();

  ChunkStoreImpl(Path root, Configuration conf, ChunkStoreOptions options) {
    this.options = options;
    this.publisher = Publisher.forRoot(root, new Configuration(conf), options.publishMode());
    FileSystem fs = publisher.fileSystem();
    this.root = new Path(fs.makeQualified(root).toString());
    String attempt = options.attemptId() != null ? options.attemptId() : StagingArea.randomAttemptId();
    this.staging = new StagingArea(fs, this.root, attempt, options.stagingLease(), Clock.systemUTC());
    RootFormat.require(fs, this.root, FORMAT);
  }

  @Override
  public Path root() {
    return root;
  }

  @Override
  public ChunkStoreOptions options() {
    return options;
  }

  FileSystem fs() {
    return publisher.fileSystem();
  }

  StagingArea staging() {
    return staging;
  }

  Path keyDirectory(DataKey key) {
    return new Path(root, key.toString());
  }

  @Override
  public Optional<StoredData> find(DataKey key) {
    return isComplete(key) ? Optional.of(load(key)) : Optional.empty();
  }

  /** Whether the key's directory holds {@code metadata.json} (written last, on commit). */
  private boolean isComplete(DataKey key) {
    Path meta = new Path(keyDirectory(key), METADATA);
    try {
      return fs().exists(meta);
    } catch (IOException e) {
      throw new StorageException(meta + ": cannot check for stored data: " + e.getMessage(), e);
    }
  }

  /** A complete key's data, its metadata read and checked. */
  private StoredData load(DataKey key) {
    Path dir = keyDirectory(key);
    Path meta = new Path(dir, METADATA);
    KeyMetadata md;
    try {
      md = KeyMetadata.parse(SmallFiles.readJson(fs(), meta, options.metadataLimit()), key);
    } catch (IllegalArgumentException e) {
      throw new StorageException(meta + ": invalid chunk store metadata: " + e.getMessage(), e);
    }
    return new ChunkStoreData(this, dir, md);
  }

  @Override
  public DataWriter writer(DataKey key, Schema schema, Lineage lineage) {
    if (formatClaimed.compareAndSet(false, true)) {
      try {
        RootFormat.claim(publisher, root, FORMAT, staging.scratchFile("format"));
      } catch (RuntimeException e) {
        formatClaimed.set(false);
        throw e;
      }
    }
    ChunkStoreWriter writer = new ChunkStoreWriter(this, key, schema, lineage);
    return options.targetChunkBytes() > 0 ? new RechunkingWriter(writer, options.targetChunkBytes()) : writer;
  }

  /**
   * Publishes a staged key directory that holds every chunk file and {@code metadata.json}.
   *
   * <p>Where directories rename atomically, the directory is renamed into place (first attempt
   * wins). Elsewhere the chunk files, whose names are unique to the attempt, are moved in first
   * and {@code metadata.json} last, only if no other attempt's is there: a key counts as stored
   * only once its metadata is, and its metadata names only its own files.
   */
  void publish(DataKey key, Path staged, KeyMetadata md) {
    Path target = keyDirectory(key);
    try {
      if (options.replaceExisting()) {
        for (int t = 0; t < REPLACE_TRIES; t++) {
          Path old = new Path(staged.getParent(), staged.getName() + ".replaced" + t);
          boolean moved = publisher.moveAside(target, old);
          boolean won = publishOnce(staged, target, md);
          if (moved) {
            staging.release(old);
          }
          if (won) {
            return;
          }
        }
        throw new StorageException(target + ": could not replace the stored key in " + REPLACE_TRIES + " tries: other writers keep publishing it");
      }
      if (!publishOnce(staged, target, md)) {
        LOG.info("{}: {} was already stored by another attempt; this attempt's copy is discarded", describe(), key);
      }
    } finally {
      staging.release(staged);
    }
  }

  private boolean publishOnce(Path staged, Path target, KeyMetadata md) {
    if (!publisher.singleFile()) {
      return publisher.publishDirectory(staged, target);
    }
    try {
      if (fs().exists(new Path(target, METADATA))) {
        return false;
      }
      for (int i = 0; i < md.files().size(); i++) {
        publisher.publishFile(new Path(staged, md.files().get(i)), new Path(target, md.files().get(i)));
      }
      boolean won = publisher.writeIfAbsent(new Path(target, METADATA), md.toJson().getBytes(StandardCharsets.UTF_8),
          staging.scratchFile("metadata"));
      if (!won) {
        for (String f : md.files()) {
          fs().delete(new Path(target, f), false);
        }
      }
      return won;
    } catch (IOException e) {
      throw new StorageException(target + ": cannot publish: " + e.getMessage(), e);
    }
  }

  @Override
  public List<StoredData> stored(String runId, String type) {
    Names.requireRunId(runId);
    Listing listing = listKeys(type, runId);
    if (listing.complete().isEmpty() && !listing.incomplete().isEmpty()) {
      Path dir = listing.incomplete().get(0);
      throw new StorageException(dir + ": run " + runId + "'s '" + type + "' in " + describe() + " is incomplete: the directory holds no "
          + METADATA + " (" + INCOMPLETE_CAUSES + "); remove the directory and store the run again");
    }
    warnOfIncomplete(type, listing.incomplete());
    return read(listing.complete());
  }

  @Override
  public List<DataKey> runKeys(String runId, String type) {
    Names.requireRunId(runId);
    return listKeys(type, runId).complete();
  }

  @Override
  public List<StoredData> list(String type) {
    return read(keys(type));
  }

  @Override
  public List<DataKey> keys(String type) {
    Listing listing = listKeys(type, null);
    warnOfIncomplete(type, listing.incomplete());
    return listing.complete();
  }

  /**
   * One warning per listing for the key directories it skipped, so that data which is there but
   * incomplete does not vanish without a word.
   */
  private void warnOfIncomplete(String type, List<Path> incomplete) {
    if (incomplete.isEmpty()) {
      return;
    }
    int shown = Math.min(incomplete.size(), MAX_NAMED);
    String names = String.join(", ", incomplete.subList(0, shown).stream().map(Path::toString).toList())
        + (incomplete.size() > shown ? " and " + (incomplete.size() - shown) + " more" : "");
    LOG.warn("{}: skipping {} director{} of '{}' without {} ({}): {}", describe(), incomplete.size(),
        incomplete.size() == 1 ? "y" : "ies", type, METADATA, INCOMPLETE_CAUSES, names);
  }

  private List<StoredData> read(List<DataKey> keys) {
    List<StoredData> out = new ArrayList<>();
    for (DataKey key : keys) {
      out.add(load(key));
    }
    return out;
  }

  /** Key directories of a type: the complete keys, sorted by run id then lineage, and the others. */
  private record Listing(List<DataKey> complete, List<Path> incomplete) {}

  /**
   * The keys of {@code type} (and of {@code runId} if not null) whose directories hold
   * {@code metadata.json}, and the key directories that do not.
   */
  private Listing listKeys(String type, String runId) {
    Names.requireIdentifier("data type", type);
    FileStatus[] dirs;
    try {
      dirs = FileTrees.listStartingWith(fs(), root, runId == null ? "" : runId + "-" + type + "-");
    } catch (IOException e) {
      throw new StorageException(root + ": cannot list the chunk store: " + e.getMessage(), e);
    }
    List<DataKey> out = new ArrayList<>();
    List<Path> incomplete = new ArrayList<>();
    String suffix = "-" + type + "-";
    for (FileStatus st : dirs) {
      String name = st.getPath().getName();
      int at = name.lastIndexOf(suffix);
      if (!st.isDirectory() || at <= 0) {
        continue;
      }
      String run = name.substring(0, at);
      String hash = name.substring(at + suffix.length());
      if (!Names.isValidRunId(run) || !Lineage.isHash(hash) || runId != null && !run.equals(runId)) {
        continue;
      }
      DataKey key = new DataKey(run, type, hash);
      if (isComplete(key)) {
        out.add(key);
      } else {
        incomplete.add(st.getPath());
      }
    }
    out.sort(Comparator.comparing(DataKey::runId).thenComparing(DataKey::lineage));
    incomplete.sort(Comparator.comparing(Path::getName));
    return new Listing(out, incomplete);
  }

  @Override
  public int removeStaleStaging() {
    return staging.removeStale();
  }

  @Override
  public String describe() {
    return "chunk store at " + root;
  }
}
