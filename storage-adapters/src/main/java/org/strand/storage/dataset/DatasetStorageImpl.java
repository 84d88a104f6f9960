package org.strand.storage.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strand.core.Schema;
import org.strand.core.ConfigurationException;
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
    FileStatus[] present;
    try {
      present = publisher.fileSystem().listStatus(dir);
    } catch (FileNotFoundException e) {
      LOG.warn("{}: the manifest lists {} but its directory {} is gone; treating it as not stored", describe(), key, dir);
      return Optional.empty();
    } catch (IOException e) {
      throw new StorageException(dir + ": cannot check for published data: " + e.getMessage(), e);
    }
    Optional<String> damage = damage(entry.get(), dir, present);
    if (damage.isPresent()) {
      // Neither read nor taken as done. (Checksums are for verify.)
      throw new StorageException(dir + ": published " + key + " is damaged: " + damage.get()
          + "; remove " + dir + " and run the job again to republish it ('strand verify' lists every problem)");
    }
    return Optional.of(new DatasetStoredData(this, entry.get(), dir));
  }

  @Override
  public PublishedStatus status(ManifestEntry entry) {
    Path dir = layout.runDirectory(entry.key());
    FileStatus[] present;
    try {
      present = publisher.fileSystem().listStatus(dir);
    } catch (FileNotFoundException e) {
      return PublishedStatus.MISSING;
    } catch (IOException e) {
      throw new StorageException(dir + ": cannot check for published data: " + e.getMessage(), e);
    }
    return damage(entry, dir, present).isPresent() ? PublishedStatus.DAMAGED : PublishedStatus.PUBLISHED;
  }

  /**
   * What is wrong with a published run's files, judged from its directory's listing: the first
   * part file the manifest lists that is missing, of another size than recorded, or (locally) not
   * a regular file.
   */
  private Optional<String> damage(ManifestEntry entry, Path dir, FileStatus[] present) {
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
      boolean won;
      if (options.replaceExisting()) {
        won = false;
        for (int t = 0; t < REPLACE_TRIES && !won; t++) {
          Path old = new Path(staged.getParent(), staged.getName() + ".replaced" + t);
          if (publisher.moveAside(target, old)) {
            aside.add(old);
          }
          won = publishData(staged, target, entry);
        }
        if (!won) {
          throw new StorageException(target + ": could not replace the published run in " + REPLACE_TRIES
              + " tries: other writers keep publishing it");
        }
      } else {
        won = publishData(staged, target, entry);
      }
      if (won) {
        manifest.write(publisher, entry, staging.scratchFile("entry"));
      } else {
        LOG.info("{}: {} was already published by another attempt; this attempt's copy is discarded", describe(), key);
        if (manifest.read(key).isEmpty()) {
          // The winner published its data but not yet (or never, if it died) its entry. The
          // entry rebuilt from the winner's footers says what the winner's own would say; written
          // only if still absent, so a winner that is merely slow keeps its own.
          manifest.writeIfAbsent(publisher, describePublished(key, entry.published()), staging.scratchFile("entry"));
        }
      }
      manifest.writeLineage(publisher, lineage, staging.scratchFile("lineage"));
    } finally {
      staging.release(staged);
      for (Path p : aside) {
        staging.release(p);
      }
    }
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
