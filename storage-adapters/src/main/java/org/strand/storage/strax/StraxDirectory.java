package org.strand.storage.strax;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strand.core.ConfigurationException;
import org.strand.core.Names;
import org.strand.core.StorageException;
import org.strand.plugin.Lineage;
import org.strand.storage.StoredData;
import org.strand.storage.fs.FileTrees;
import org.strand.storage.fs.SmallFiles;

/**
 * A strax data directory on any Hadoop file system: the {@code <run>-<type>-<hash>}
 * sub-directories that strax's file-system storage writes.
 *
 * <p>Directories whose name does not have that form, whose run id is not valid for strand (see
 * {@link Names#requireRunId}), or that strax has not finished ({@code ..._temp}) are not data
 * and are skipped; a skipped name with an invalid run id (one holding {@code -} included), or of
 * an unfinished directory of the type listed, is logged, and {@link #unfinished} names the
 * unfinished ones of a run. On a local root, a run's name that cannot be read (a symbolic link to a directory that
 * is not there) is listed as a run with a problem, so that the run fails instead of vanishing.
 *
 * <p>Immutable and thread-safe.
 */
public final class StraxDirectory {
  private static final Logger LOG = LoggerFactory.getLogger(StraxDirectory.class);

  /** strax writes into {@code <run>-<type>-<hash>_temp} and renames it without the suffix when done. */
  private static final String UNFINISHED = "_temp";
  /** Why an unfinished directory is not read, for messages. */
  public static final String UNFINISHED_REASON = "strax has not finished writing it: it is being written now, or its writer was stopped";

  private final Path root;
  private final Configuration conf;
  private final long metadataLimit;

  /**
   * A strax data directory.
   *
   * @param root the directory, e.g. {@code hdfs://nn/strax_data} or {@code file:/data/strax}
   * @param conf the Hadoop configuration that reaches it (copied)
   * @param metadataLimit the largest metadata file read, in bytes
   */
  public StraxDirectory(Path root, Configuration conf, long metadataLimit) {
    this.root = root;
    this.conf = new Configuration(conf);
    if (metadataLimit < 1) {
      throw new IllegalArgumentException("metadata limit must be >= 1 byte, got " + metadataLimit);
    }
    this.metadataLimit = metadataLimit;
  }

  /** A strax data directory with the default metadata limit ({@link SmallFiles#DEFAULT_METADATA_LIMIT}). */
  public StraxDirectory(Path root, Configuration conf) {
    this(root, conf, SmallFiles.DEFAULT_METADATA_LIMIT);
  }

  public Path root() {
    return root;
  }

  /**
   * The data of {@code type} in this directory, one entry per {@code <run>-<type>-<hash>}
   * directory, sorted by run id then hash. Reads metadata files only. A run whose metadata is
   * unreadable is listed with its {@link StraxRunEntry#problem() problem}.
   *
   * @throws ConfigurationException if the directory does not exist
   * @throws StorageException if it cannot be listed
   */
  public List<StraxRunEntry> list(String type) {
    Names.requireIdentifier("data type", type);
    FileSystem fs = fileSystem();
    FileStatus[] statuses;
    List<String> unreadableNames = new ArrayList<>();
    try {
      if (!fs.exists(root)) {
        throw new ConfigurationException("strax data directory " + root + " does not exist");
      }
      // Only the type's entries, not every run's every type: a strax directory holds tens of thousands.
      statuses = FileTrees.listMatching(fs, root,
          name -> parseName(name, type).isPresent() || parseUnfinishedName(name, type).isPresent(), unreadableNames);
    } catch (IOException e) {
      throw new StorageException(root + ": cannot list the strax data directory: " + e.getMessage(), e);
    }
    List<StraxRunEntry> out = new ArrayList<>();
    for (String name : unreadableNames) {
      Path path = fs.makeQualified(new Path(root, name));
      parseName(name, type).ifPresent(parts ->
          out.add(new StraxRunEntry(parts[0], type, parts[2], path, 0, 0, 0, 0, Optional.of(unreadable(path)))));
    }
    for (FileStatus st : statuses) {
      if (!st.isDirectory()) {
        continue;
      }
      Optional<String[]> parts = parseName(st.getPath().getName(), type);
      if (parts.isEmpty()) {
        if (parseUnfinishedName(st.getPath().getName(), type).isPresent()) {
          // Left out like strax leaves it out, but said: a run whose writer was stopped would
          // otherwise vanish from a job without a word.
          LOG.warn("skipping strax directory '{}': {}", st.getPath().getName(), UNFINISHED_REASON);
        }
        continue;
      }
      String runId = parts.get()[0];
      String hash = parts.get()[2];
      try {
        StraxMetadata md = StraxMetadata.read(fs, st.getPath(), runId, type, hash, metadataLimit);
        out.add(new StraxRunEntry(runId, type, hash, st.getPath(), md.rawBytes(), md.chunks().size(),
            md.start(), md.end(), Optional.empty()));
      } catch (StorageException e) {
        out.add(new StraxRunEntry(runId, type, hash, st.getPath(), 0, 0, 0, 0, Optional.of(e.getMessage())));
      }
    }
    out.sort(Comparator.comparing(StraxRunEntry::runId).thenComparing(StraxRunEntry::lineageHash));
    return out;
  }

  /**
   * The data of a listed entry as {@link StoredData}: its metadata is read (again) and checked
   * now, its chunks when read. Lets strax data be read wherever strand reads stored data, with
   * strax's lineage hash as the key's lineage.
   *
   * @throws StorageException naming the file if the metadata is missing or invalid
   */
  public StoredData open(StraxRunEntry entry) {
    Objects.requireNonNull(entry, "entry");
    FileSystem fs = fileSystem();
    StraxMetadata md = StraxMetadata.read(fs, entry.directory(), entry.runId(), entry.type(), entry.lineageHash(), metadataLimit);
    return new StraxStoredData(fs, entry.directory(), md);
  }

  /**
   * The data of {@code type} for {@code runId} written with strax lineage {@code hash} (the
   * directory {@code <run>-<type>-<hash>}), as {@link #open(StraxRunEntry)} gives it, without
   * listing the directory.
   *
   * @throws IllegalArgumentException if the run id, type or hash is invalid
   * @throws StorageException naming the file if the metadata is missing or invalid
   */
  public StoredData open(String runId, String type, String hash) {
    Names.requireRunId(runId);
    Names.requireIdentifier("data type", type);
    if (!Lineage.isHash(hash)) {
      throw new IllegalArgumentException("invalid strax lineage hash '" + hash + "' (letters and digits)");
    }
    Path dir = new Path(root, runId + "-" + type + "-" + hash);
    return open(new StraxRunEntry(runId, type, hash, dir, 0, 0, 0, 0, Optional.empty()));
  }

  /**
   * The directories holding {@code type} for {@code runId} (normally one; several if strax
   * wrote the run with several lineages), without reading them.
   *
   * @throws StorageException if the directory cannot be listed
   */
  List<Path> find(String runId, String type) {
    Names.requireRunId(runId);
    Names.requireIdentifier("data type", type);
    FileSystem fs = fileSystem();
    FileStatus[] matches;
    List<String> unreadableNames = new ArrayList<>();
    try {
      matches = FileTrees.listStartingWith(fs, root, runId + "-" + type + "-", unreadableNames);
    } catch (IOException e) {
      throw new StorageException(root + ": cannot list the strax data directory: " + e.getMessage(), e);
    }
    for (String name : unreadableNames) {
      Optional<String[]> parts = parseName(name, type);
      if (parts.isPresent() && parts.get()[0].equals(runId)) {
        throw new StorageException(unreadable(fs.makeQualified(new Path(root, name))));
      }
    }
    List<Path> out = new ArrayList<>();
    for (FileStatus st : matches) {
      Optional<String[]> parts = parseName(st.getPath().getName(), type);
      if (st.isDirectory() && parts.isPresent() && parts.get()[0].equals(runId)) {
        out.add(st.getPath());
      }
    }
    out.sort(Comparator.comparing(Path::getName));
    return out;
  }

  /**
   * The directories of {@code type} for {@code runId} that strax began but has not finished
   * writing ({@code <run>-<type>-<hash>_temp}), by name: being written now, or left by a writer
   * that was stopped. They are never read; they are named where the run would otherwise seem
   * absent.
   *
   * @throws StorageException if the directory cannot be listed
   */
  public List<String> unfinished(String runId, String type) {
    Names.requireRunId(runId);
    Names.requireIdentifier("data type", type);
    FileSystem fs = fileSystem();
    FileStatus[] matches;
    try {
      matches = FileTrees.listStartingWith(fs, root, runId + "-" + type + "-");
    } catch (IOException e) {
      throw new StorageException(root + ": cannot list the strax data directory: " + e.getMessage(), e);
    }
    List<String> out = new ArrayList<>();
    for (FileStatus st : matches) {
      String name = st.getPath().getName();
      Optional<String[]> parts = parseUnfinishedName(name, type);
      if (st.isDirectory() && parts.isPresent() && parts.get()[0].equals(runId)) {
        out.add(name);
      }
    }
    out.sort(null);
    return out;
  }

  FileSystem fileSystem() {
    try {
      return root.getFileSystem(conf);
    } catch (IOException e) {
      throw new StorageException(root + ": no file system for this path: " + e.getMessage(), e);
    }
  }

  long metadataLimit() {
    return metadataLimit;
  }

  Configuration conf() {
    return conf;
  }

  private static String unreadable(Path path) {
    return path + " cannot be read: a symbolic link to a directory that does not exist?";
  }

  /** {@code [run, type, hash]} if {@code name} is a strax directory of {@code type} that strax has not finished writing. */
  private static Optional<String[]> parseUnfinishedName(String name, String type) {
    return name.endsWith(UNFINISHED) ? parseName(name.substring(0, name.length() - UNFINISHED.length()), type) : Optional.empty();
  }

  /** {@code [run, type, hash]} if {@code name} is a finished strax directory of {@code type}. */
  static Optional<String[]> parseName(String name, String type) {
    String[] parts = name.split("-", -1);
    int n = parts.length;
    if (n > 3 && parts[n - 2].equals(type) && Lineage.isHash(parts[n - 1])) {
      LOG.warn("skipping strax directory '{}': a run id cannot contain '-'", name);
      return Optional.empty();
    }
    if (n != 3 || !parts[1].equals(type) || !Lineage.isHash(parts[2])) {
      return Optional.empty();
    }
    if (!Names.isValidRunId(parts[0])) {
      LOG.warn("skipping strax directory '{}': '{}' is not a valid run id", name, parts[0]);
      return Optional.empty();
    }
    return Optional.of(parts);
  }
}
