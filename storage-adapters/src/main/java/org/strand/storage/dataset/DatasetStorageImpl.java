package org.strand.storage.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strand.core.Schema;
import org.strand.core.ConfigurationException;
import org.strand.core.InOrder;
import org.strand.core.StorageException;
import org.strand.plugin.Lineage;
import org.strand.storage.ChunkInfo;
import org.strand.storage.DataKey;
import org.strand.storage.DataWriter;
import org.strand.storage.StoredData;
import org.strand.storage.fs.Publisher;
import org.strand.storage.fs.RegularFiles;
import org.strand.storage.fs.RootFormat;
import org.strand.storage.fs.SchemaJson;
import org.strand.storage.fs.SmallFiles;
import org.strand.storage.fs.StagingArea;
import org.strand.storage.fs.StrandVersion;

/** The {@link DatasetStorage} of one root. Thread-safe; writers share nothing but the staging area. */
final class DatasetStorageImpl implements DatasetStorage {
  private static final Logger LOG = LoggerFactory.getLogger(DatasetStorageImpl.class);
  private static final int REPLACE_TRIES = 5;
  /** How long a loser waits for the winner's entry before it takes the published data as damaged. */
  private static final Duration ENTRY_WAIT = Duration.ofSeconds(3);
  /** Run directories {@link #statuses} lists at once. */
  private static final int LISTING_THREADS = 16;

  private final Configuration conf;
  private final DatasetOptions options;
  private final Publisher publisher;
  private final Layout layout;
  private final StagingArea staging;
  private final Manifest manifest;
  private final PartCodec codec;
  private final AtomicBoolean formatClaimed = new AtomicBoolean();

  DatasetStorageImpl(Path root, Configuration conf, DatasetOptions options) {
    this.conf = new Configuration(conf);
    this.options = options;
    this.publisher = Publisher.forRoot(root, this.conf, options.publishMode());
    FileSystem fs = publisher.fileSystem();
    this.layout = new Layout(new Path(fs.makeQualified(root).toString()));
    String attempt = options.attemptId() != null ? options.attemptId() : StagingArea.randomAttemptId();
    this.staging = new StagingArea(fs, layout.root(), attempt, options.stagingLease(), Clock.systemUTC());
    this.manifest = new Manifest(layout, fs, options.metadataLimit());
    this.codec = switch (options.format()) {
      case PARQUET -> new ParquetCodec();
      case ARROW -> new ArrowCodec();
    };
    RootFormat.require(fs, layout.root(), options.format().label());
  }

  @Override
  public Path root() {
    return layout.root();
  }

  @Override
  public DatasetOptions options() {
    return options;
  }

  @Override
  public Path typeDirectory(String type) {
    return layout.typeDirectory(type);
  }

  @Override
  public Path runDirectory(DataKey key) {
    return layout.runDirectory(key);
  }

  Configuration conf() {
    return conf;
  }

  Publisher publisher() {
    return publisher;
  }

  StagingArea staging() {
    return staging;
  }

  PartCodec codec() {
    return codec;
  }

  @Override
  public Optional<StoredData> find(DataKey key) {
    Optional<ManifestEntry> entry = manifest.read(key);
    if (entry.isEmpty()) {
      return Optional.empty();
    }
    if (entry.get().format() != options.format()) {
      throw new StorageException(layout.entryPath(key) + ": entry records format " + entry.get().format().label()
          + " in a " + options.format().label() + " root");
    }
    Path dir = layout.runDirectory(key);
    Optional<FileStatus[]> present = listRun(dir);
    if (present.isEmpty()) {
      LOG.warn("{}: the manifest lists {} but its directory {} is gone; treating it as not stored", describe(), key, dir);
      return Optional.empty();
    }
    Optional<String> damage = damage(entry.get(), present.get());
    if (damage.isPresent()) {
      // Neither read nor taken as done. (Checksums are for verify.)
      throw new StorageException(dir + ": published " + key + " is damaged: " + damage.get()
          + "; remove " + dir + " and run the job again to republish it ('strand verify' lists every problem)");
    }
    return Optional.of(new DatasetStoredData(this, entry.get(), dir));
  }

  @Override
  public PublishedStatus status(ManifestEntry entry) {
    Optional<FileStatus[]> present = listRun(layout.runDirectory(entry.key()));
    if (present.isEmpty()) {
      return PublishedStatus.MISSING;
    }
    return damage(entry, present.get()).isPresent() || hasUnlisted(entry, present.get())
        ? PublishedStatus.DAMAGED : PublishedStatus.PUBLISHED;
  }

  /**
   * Whether the run directory holds something its entry does not list that readers of the
   * directory take as data (Spark, pyarrow and DuckDB skip names starting with '_' or '.'), such
   * as a file another tool wrote there: such a run shows other rows than strand published. Only
   * a status: strand itself reads the listed files alone, so reuse by a job is not affected.
   */
  private static boolean hasUnlisted(ManifestEntry entry, FileStatus[] present) {
    Set<String> listed = new HashSet<>();
    entry.files().forEach(f -> listed.add(f.name()));
    for (FileStatus st : present) {
      String name = st.getPath().getName();
      if (!name.startsWith("_") && !name.startsWith(".") && !listed.contains(name)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public List<PublishedStatus> statuses(List<ManifestEntry> entries) {
    return InOrder.map(entries, LISTING_THREADS, "strand-status", this::status);
  }

  /** The files of a published run's directory; empty when the directory is gone. */
  private Optional<FileStatus[]> listRun(Path dir) {
    try {
      return Optional.of(publisher.fileSystem().listStatus(dir));
    } catch (FileNotFoundException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new StorageException(dir + ": cannot check for published data: " + e.getMessage(), e);
    }
  }

  /**
   * What is wrong with a published run's files, judged from its directory's listing: the first
   * part file the manifest lists that is missing, of another size than recorded, or (locally) not
   * a regular file.
   */
  private Optional<String> damage(ManifestEntry entry, FileStatus[] present) {
    Map<String, FileStatus> byName = new HashMap<>();
    for (FileStatus st : present) {
      byName.put(st.getPath().getName(), st);
    }
    for (PartFile f : entry.files()) {
      FileStatus st = byName.get(f.name());
      if (st == null) {
        return Optional.of("part file " + f.name() + " is missing");
      }
      Optional<String> notRegular = RegularFiles.problem(publisher.fileSystem(), st.getPath());
      if (notRegular.isPresent()) {
        return Optional.of("part file " + f.name() + " " + notRegular.get());
      }
      if (f.bytes() >= 0 && st.getLen() != f.bytes()) {
        return Optional.of("part file " + f.name() + " has " + st.getLen() + " bytes, the manifest records " + f.bytes());
      }
    }
    return Optional.empty();
  }

  @Override
  public DataWriter writer(DataKey key, Schema schema, Lineage lineage) {
    if (formatClaimed.compareAndSet(false, true)) {
      try {
        RootFormat.claim(publisher, layout.root(), options.format().label(), staging.scratchFile("format"));
      } catch (RuntimeException e) {
        formatClaimed.set(false);
        throw e;
      }
    }
    return new DatasetWriter(this, key, schema, lineage);
  }

  /**
   * Publishes a finished staging entry (see {@link DataWriter#commit()}), then records it.
   *
   * @throws StorageException if publishing fails
   */
  void publish(DataKey key, Path staged, ManifestEntry entry, Lineage lineage) {
    Path target = layout.runDirectory(key);
    List<Path> aside = new ArrayList<>();
    try {
      // The lineage's description goes first: it is the step most likely to fail after the data
      // is out (it writes through staging), and a run whose entry is published must not be
      // reported failed. A description without data is harmless; the same hash always has the
      // same description.
      manifest.writeLineage(publisher, lineage, staging.scratchFile("lineage"));
      boolean won = options.replaceExisting() ? replace(staged, target, entry, aside) : publishData(staged, target, entry);
      if (!won && manifest.read(key).isEmpty()) {
        won = adoptOrReplace(key, staged, target, entry, aside);
      } else if (!won) {
        LOG.info("{}: {} was already published by another attempt; this attempt's copy is discarded", describe(), key);
      }
      if (won) {
        manifest.write(publisher, entry, staging.scratchFile("entry"));
      }
    } finally {
      staging.release(staged);
      for (Path p : aside) {
        staging.release(p);
      }
    }
  }

  /** Publishes {@code staged} in place of whatever is at {@code target}; what it moves aside goes to {@code aside}. */
  private boolean replace(Path staged, Path target, ManifestEntry entry, List<Path> aside) {
    for (int t = 0; t < REPLACE_TRIES; t++) {
      Path old = new Path(staged.getParent(), staged.getName() + ".replaced" + aside.size());
      if (publisher.moveAside(target, old)) {
        aside.add(old);
      }
      if (publishData(staged, target, entry)) {
        return true;
      }
    }
    throw new StorageException(target + ": could not replace the published run in " + REPLACE_TRIES
        + " tries: other writers keep publishing it");
  }

  /**
   * Another attempt's data is published but has no manifest entry: the winner has not written it
   * yet, or died before it could, or the entry was deleted. The published data is adopted (its
   * entry rebuilt from its footers and checksums) only if it reads back chunk by chunk equal to
   * this attempt's own copy, which holds the same data when both are whole. Otherwise it is
   * damaged (or was not written from this lineage), and, unless the winner's own entry appears in
   * the meantime, this attempt's copy replaces it: so damage is never recorded as good data.
   *
   * @return whether this attempt's copy was published (and its entry must be written)
   */
  private boolean adoptOrReplace(DataKey key, Path staged, Path target, ManifestEntry entry, List<Path> aside) {
    String damage = null;
    ManifestEntry published = null;
    try {
      published = describePublished(key, entry.published());
      damage = difference(new DatasetStoredData(this, published, target), new DatasetStoredData(this, entry, staged));
    } catch (RuntimeException e) {
      // Footers, pages or rows that do not decode: whatever the cause, the copy is not whole.
      damage = e.getMessage() != null ? e.getMessage() : e.toString();
    }
    if (damage == null) {
      LOG.info("{}: {} was published by another attempt that wrote no manifest entry; its data equals this attempt's and is kept",
          describe(), key);
      manifest.writeIfAbsent(publisher, published, staging.scratchFile("entry"));
      return false;
    }
    if (awaitEntry(key)) {
      LOG.info("{}: {} was already published by another attempt; this attempt's copy is discarded", describe(), key);
      return false;
    }
    LOG.warn("{}: {} is published without a manifest entry and does not hold this attempt's data ({}); replacing it with this attempt's copy",
        describe(), key, damage);
    return replace(staged, target, entry, aside);
  }

  /** Where the published data differs from this attempt's, or null when it reads back equal. */
  private static String difference(StoredData published, StoredData own) {
    List<ChunkInfo> theirs = published.chunks();
    List<ChunkInfo> ours = own.chunks();
    if (!published.schema().equals(own.schema())) {
      return "its schema differs";
    }
    if (theirs.size() != ours.size()) {
      return "it has " + theirs.size() + " chunks, this attempt " + ours.size();
    }
    for (int i = 0; i < ours.size(); i++) {
      ChunkInfo a = theirs.get(i);
      ChunkInfo b = ours.get(i);
      if (a.start() != b.start() || a.end() != b.end() || a.rows() != b.rows()) {
        return "its chunk " + i + " differs in range or rows";
      }
      if (!published.read(i).data().contentEquals(own.read(i).data())) {
        return "its chunk " + i + " holds other values";
      }
    }
    return null;
  }

  /** Waits a little for a slow winner's own manifest entry; whether it appeared. */
  private boolean awaitEntry(DataKey key) {
    long deadline = System.nanoTime() + ENTRY_WAIT.toNanos();
    while (manifest.read(key).isEmpty()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StorageException(layout.entryPath(key) + ": interrupted while waiting for another attempt's manifest entry", e);
      }
    }
    return true;
  }

  private boolean publishData(Path staged, Path target, ManifestEntry entry) {
    if (!publisher.singleFile()) {
      return publisher.publishDirectory(staged, target);
    }
    if (entry.files().size() != 1) {
      throw new IllegalStateException("single-file publishing with " + entry.files().size() + " files");
    }
    String name = entry.files().get(0).name();
    return publisher.publishFile(new Path(staged, name), new Path(target, name));
  }

  /** The manifest entry of published data, rebuilt from its files' footers. */
  private ManifestEntry describePublished(DataKey key, Instant when) {
    Path dir = layout.runDirectory(key);
    FileSystem fs = publisher.fileSystem();
    try {
      FileStatus[] statuses = fs.listStatus(dir, p -> p.getName().startsWith("part-") && p.getName().endsWith("." + options.format().extension()));
      Arrays.sort(statuses, Comparator.comparing(s -> s.getPath().getName()));
      List<ChunkInfo> chunks = new ArrayList<>();
      List<PartFile> files = new ArrayList<>();
      Schema schema = null;
      String attempt = null;
      long rows = 0;
      long bytes = 0;
      long stored = 0;
      for (FileStatus st : statuses) {
        Map<String, String> footer = codec.footer(fs, st.getPath(), conf);
        String where = st.getPath().toString();
        if (attempt == null) {
          attempt = require(footer, PartCodec.KEY_ATTEMPT, where);
        }
        if (schema == null) {
          schema = SchemaJson.fromJson(SmallFiles.parseJson(require(footer, PartCodec.KEY_SCHEMA, where).getBytes(StandardCharsets.UTF_8), where));
        }
        JsonNode list = SmallFiles.parseJson(require(footer, PartCodec.KEY_CHUNKS, where).getBytes(StandardCharsets.UTF_8), where);
        int first = chunks.size();
        long fileRows = 0;
        for (JsonNode c : list) {
          ChunkInfo info = new ChunkInfo(chunks.size(), c.get(0).asLong(), c.get(1).asLong(), c.get(2).asLong(), c.get(3).asLong());
          chunks.add(info);
          fileRows += info.rows();
          bytes += info.bytes();
        }
        rows += fileRows;
        stored += st.getLen();
        // The winner's checksums died with it: taken from the files as they are now published.
        files.add(new PartFile(st.getPath().getName(), fileRows, st.getLen(), first, chunks.size() - first,
            DatasetVerifier.checksum(fs, st.getPath())));
      }
      if (schema == null) {
        throw new StorageException(dir + ": published directory holds no part files");
      }
      long start = chunks.isEmpty() ? 0 : chunks.get(0).start();
      long end = chunks.isEmpty() ? 0 : chunks.get(chunks.size() - 1).end();
      return new ManifestEntry(key.type(), key.runId(), key.lineage(), options.format(), schema, rows, bytes, stored,
          start, end, chunks, files, options.compression().label(), StrandVersion.get(), when, attempt);
    } catch (IOException | IllegalArgumentException e) {
      throw new StorageException(dir + ": cannot describe the published files: " + e.getMessage(), e);
    }
  }

  private static String require(Map<String, String> footer, String key, String where) {
    String v = footer.get(key);
    if (v == null) {
      throw new StorageException(where + ": footer has no '" + key + "'");
    }
    return v;
  }

  @Override
  public List<VerificationProblem> verify(DataKey key) {
    ManifestEntry entry = manifest.read(key).orElseThrow(() -> new ConfigurationException(
        describe() + ": " + key + " is not published (no manifest entry at " + layout.entryPath(key) + ")"));
    return DatasetVerifier.verify(publisher.fileSystem(), codec, conf, entry, layout.runDirectory(key));
  }

  @Override
  public Optional<ManifestEntry> entry(DataKey key) {
    return manifest.read(key);
  }

  @Override
  public List<ManifestEntry> entries() {
    return manifest.readAll();
  }

  @Override
  public Optional<String> lineageDescription(String type, String hash) {
    return manifest.lineage(type, hash);
  }

  @Override
  public int removeStaleStaging() {
    return staging.removeStale();
  }

  @Override
  public String describe() {
    return options.format().label() + " dataset at " + layout.root();
  }
}
