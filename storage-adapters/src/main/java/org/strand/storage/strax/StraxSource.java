package org.strand.storage.strax;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.strand.core.ConfigurationException;
import org.strand.core.Names;
import org.strand.core.Schema;
import org.strand.core.StorageException;
import org.strand.plugin.Lineage;
import org.strand.plugin.OptionValues;
import org.strand.plugin.PluginSpec;
import org.strand.plugin.SourcePlugin;
import org.strand.plugin.SourceRun;
import org.strand.storage.fs.SmallFiles;
import org.strand.storage.routing.LineageChoice;
import org.strand.storage.routing.RunHolder;

/**
 * A source that reads one data type (raw_records by default) from a strax data directory, so
 * that data strax wrote can be reprocessed by strand.
 *
 * <p>{@link #open} reads the run's metadata only; each chunk is read, decompressed (lz4, zstd or
 * blosc) and decoded when asked for, independently of the others, so chunks can be read on
 * several threads at once. The data keeps strax's lineage hash
 * ({@link SourceRun#externalLineage()}), so everything computed from it records where it came
 * from.
 *
 * <p>A run normally holds its data under one lineage hash. Where strax wrote it under several
 * ({@code <run>-<type>-<hash>} directories), the builder's {@link Builder#lineage lineage}
 * chooses which is read; without it, such a run is refused.
 *
 * <p>Finding a run's directory takes a listing of the whole data directory (tens of milliseconds
 * in one of tens of thousands of entries). A caller that has listed it already, as a job does to
 * find its runs, gives what it found ({@link Builder#listed}): those runs' directories are then
 * looked up by name.
 *
 * <p>The source's schema is fixed when it is built: given, or taken from the first run of the
 * type in the directory. A run whose dtype differs from it (in field names, types or array
 * lengths) is refused when opened.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * StraxSource source = StraxSource.builder(new Path("hdfs://nn/strax_data"), hadoopConf).build();
 * Context ctx = Context.of(source, new Records(), new Hits());
 * }</pre>
 */
public final class StraxSource extends SourcePlugin implements RunHolder {
  /** The type read unless another is asked for. */
  public static final String DEFAULT_TYPE = "raw_records";
  /** The plugin name, as reports show it. */
  public static final String NAME = "StraxReader";

  private final StraxDirectory directory;
  private final String lineage;
  private final Map<String, String> listed;

  private StraxSource(StraxDirectory directory, String type, Schema schema, String lineage, Map<String, String> listed) {
    super(PluginSpec.builder(NAME).version("1").provides(type, schema).build());
    this.directory = directory;
    this.lineage = lineage;
    this.listed = listed;
  }

  /** Starts building a source over the strax data directory {@code root}. */
  public static Builder builder(Path root, Configuration conf) {
    return new Builder(root, conf);
  }

  /** The directory read. */
  public StraxDirectory directory() {
    return directory;
  }

  /** The strax lineage hash read, if one was chosen; empty when each run must hold only one. */
  public Optional<String> lineage() {
    return Optional.ofNullable(lineage);
  }

  /**
   * Whether the run has a finished {@code <run>-<type>-<hash>} directory here (of the chosen
   * lineage, if one was), as {@link StraxDirectory#list} lists it: {@link #open} finds it. Reads
   * the directory's listing only.
   *
   * @throws StorageException if the directory cannot be listed, or an entry of the run in it
   *     cannot be read (a symbolic link to a directory that is not there)
   */
  @Override
  public boolean holds(String runId) {
    Names.requireRunId(runId);
    for (Path dir : directories(runId)) {
      if (lineage == null || lineage.equals(StraxDirectory.parseName(dir.getName(), type()).orElseThrow()[2])) {
        return true;
      }
    }
    return false;
  }

  @Override
  public boolean listedHere(String runId) {
    String hash = listed.get(runId);
    return hash != null && (lineage == null || lineage.equals(hash));
  }

  /**
   * Opens a run: finds its {@code <run>-<type>-<hash>} directory (of the chosen lineage, if one
   * was) and reads its metadata.
   *
   * @throws ConfigurationException if the run has no data of this type here (of the chosen
   *     lineage, naming the lineages it has; naming the unfinished directories, if strax left
   *     only those), or several lineages of it and none was chosen (naming the directories)
   * @throws StorageException if the metadata is missing, invalid, or its dtype differs from this
   *     source's schema (naming the file)
   */
  @Override
  public SourceRun open(String runId, OptionValues options) {
    Names.requireRunId(runId);
    List<Path> dirs = directories(runId);
    if (dirs.isEmpty()) {
      List<String> unfinished = directory.unfinished(runId, type());
      if (!unfinished.isEmpty()) {
        throw new ConfigurationException("run " + runId + " has no finished strax data of type '" + type() + "' in "
            + directory.root() + ": " + String.join(", ", unfinished) + ": " + StraxDirectory.UNFINISHED_REASON);
      }
      throw new ConfigurationException("run " + runId + " has no strax data of type '" + type() + "' in "
          + directory.root() + " (looked for " + runId + "-" + type() + "-<hash>)");
    }
    List<String> hashes = dirs.stream().map(d -> StraxDirectory.parseName(d.getName(), type()).orElseThrow()[2]).toList();
    int chosen = new LineageChoice(runId, "strax data of type '" + type() + "'", directory.root().toString())
        .index(hashes, dirs.stream().map(Path::getName).toList(), lineage);
    Path dir = dirs.get(chosen);
    String hash = hashes.get(chosen);
    StraxMetadata md = StraxMetadata.read(directory.fileSystem(), dir, runId, type(), hash, directory.metadataLimit());
    requireSameLayout(md);
    StraxRun.requireChunkFiles(directory.fileSystem(), dir, md);
    return new StraxRun(directory.fileSystem(), dir, md, schema(type()));
  }

  /**
   * The run's directories of the type: the one found when the caller listed the directory, if it
   * is still there, else those a listing finds now.
   */
  private List<Path> directories(String runId) {
    if (listedHere(runId)) {
      Path dir = new Path(directory.root(), runId + "-" + type() + "-" + listed.get(runId));
      try {
        FileStatus st = directory.fileSystem().getFileStatus(dir);
        if (st.isDirectory()) {
          return List.of(st.getPath());
        }
      } catch (FileNotFoundException e) {
        // Gone since it was listed: the listing below says what there is now.
      } catch (IOException e) {
        throw new StorageException(dir + ": cannot read its status: " + e.getMessage(), e);
      }
    }
    return directory.find(runId, type());
  }

  private void requireSameLayout(StraxMetadata md) {
    Schema expected = schema(type());
    Schema actual = md.dtype().schema();
    if (!expected.sameLayout(actual)) {
      throw new StorageException(md.path() + ": dtype " + actual + " differs from the source's schema " + expected);
    }
  }

  /** Builds a {@link StraxSource}. Not thread-safe. */
  public static final class Builder {
    private final Path root;
    private final Configuration conf;
    private String type = DEFAULT_TYPE;
    private Schema schema;
    private long metadataLimit = SmallFiles.DEFAULT_METADATA_LIMIT;
    private String lineage;
    private Map<String, String> listed = Map.of();

    private Builder(Path root, Configuration conf) {
      this.root = Objects.requireNonNull(root, "root");
      this.conf = Objects.requireNonNull(conf, "conf");
    }

    /** The data type to read (default raw_records). */
    public Builder type(String type) {
      this.type = Names.requireIdentifier("data type", type);
      return this;
    }

    /**
     * The schema of the type. Without one, {@link #build()} takes it from the first run of the
     * type in the directory (reading one metadata file).
     */
    public Builder schema(Schema schema) {
      this.schema = Objects.requireNonNull(schema, "schema");
      return this;
    }

    /**
     * The strax lineage hash to read (the {@code <hash>} of {@code <run>-<type>-<hash>}), for
     * runs that hold the type under several; null (the default) reads the one lineage a run
     * holds and refuses a run with several. A run without data of this lineage cannot be opened.
     *
     * @throws IllegalArgumentException if the hash is not letters and digits (at most 64)
     */
    public Builder lineage(String hash) {
      if (hash != null && !Lineage.isHash(hash)) {
        throw new IllegalArgumentException("invalid strax lineage hash '" + hash + "' (letters and digits)");
      }
      this.lineage = hash;
      return this;
    }

    /**
     * What a listing of the directory found: for each run, the lineage hash of its directory of
     * the type, where it had one (or one of the {@link #lineage chosen} lineage). Such a run's
     * directory is looked up by name when the run is opened, not found by listing the whole
     * directory again; if it is no longer there, the directory is listed as for any other run.
     * So a run that has gained a second lineage since is read from the one listed.
     *
     * @throws IllegalArgumentException if a run id or hash is invalid
     */
    public Builder listed(Map<String, String> hashByRun) {
      this.listed = RunHolder.checkedListing(hashByRun);
      return this;
    }

    /** The largest metadata file read, in bytes (default 16 MiB). */
    public Builder metadataLimit(long bytes) {
      if (bytes < 1) {
        throw new IllegalArgumentException("metadata limit must be >= 1 byte, got " + bytes);
      }
      this.metadataLimit = bytes;
      return this;
    }

    /**
     * The source.
     *
     * @throws ConfigurationException if no schema was given and the directory holds no readable
     *     data of the type
     */
    public StraxSource build() {
      StraxDirectory dir = new StraxDirectory(root, conf, metadataLimit);
      Schema s = schema;
      if (s == null) {
        for (StraxRunEntry e : dir.list(type)) {
          if (e.isReadable() && (lineage == null || lineage.equals(e.lineageHash()))) {
            s = StraxMetadata.read(dir.fileSystem(), e.directory(), e.runId(), type, e.lineageHash(), metadataLimit).dtype().schema();
            break;
          }
        }
        if (s == null) {
          throw new ConfigurationException("no readable strax data of type '" + type + "'"
              + (lineage == null ? "" : " with lineage " + lineage) + " in " + root + " to take the schema from; give the schema explicitly");
        }
      }
      return new StraxSource(dir, type, s, lineage, listed);
    }
  }
}
