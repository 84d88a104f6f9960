package org.strand.spark.source;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.strand.core.ConfigurationException;
import org.strand.core.Schema;
import org.strand.core.StorageException;
import org.strand.storage.ChunkInfo;
import org.strand.storage.DataKey;
import org.strand.storage.StoredData;
import org.strand.storage.chunkstore.ChunkStore;
import org.strand.storage.chunkstore.ChunkStoreOptions;
import org.strand.storage.dataset.DatasetFormat;
import org.strand.storage.dataset.DatasetOptions;
import org.strand.storage.dataset.DatasetStorage;
import org.strand.storage.dataset.ManifestEntry;
import org.strand.storage.dataset.PublishedStatus;
import org.strand.storage.fs.RootFormat;
import org.strand.storage.strax.StraxDirectory;
import org.strand.storage.strax.StraxRunEntry;

/**
 * What a {@code strand} scan reads, resolved on the driver from the options and the root's
 * metadata alone (no chunk data is read): whether the root is a strand chunk store, a strand
 * Arrow dataset root or a strax data directory, the type's schema, and for each selected run its
 * lineage and its chunks' metadata. On an executor, {@link #open} gets one run's data back for
 * reading.
 *
 * <p>The root is a chunk store or an Arrow dataset root when its {@code _strand/format.json} says
 * so, and a strax data directory when it has no strand format marker; a root of strand Parquet
 * datasets is refused with a pointer to Spark's own reader. Of an Arrow root only the runs its
 * manifest lists as published are read (never staging), and a selected run whose files are
 * damaged or gone is an error naming it, before any task starts.
 *
 * <p>Immutable.
 */
final class StrandInput {
  /** The kinds of root read. */
  enum Kind {
    CHUNK_STORE("chunk store"),
    ARROW("arrow dataset"),
    STRAX("strax data");

    final String label;

    Kind(String label) {
      this.label = label;
    }
  }

  /**
   * One selected run.
   *
   * @param runId the run
   * @param lineage the lineage hash of its data (strax's hash for strax data)
   * @param chunks its chunks' metadata, in order
   * @param bytes its uncompressed size
   */
  record RunData(String runId, String lineage, List<ChunkInfo> chunks, long bytes) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /**
   * One (run, lineage) of the type found in the root, before the options choose among them;
   * {@code entry} is its manifest entry in an Arrow root, else null.
   */
  private record Candidate(DataKey key, Schema schema, List<ChunkInfo> chunks, long bytes, ManifestEntry entry) {
    static Candidate of(StoredData d) {
      return new Candidate(d.key(), d.schema(), d.chunks(), d.totalBytes(), null);
    }

    static Candidate of(ManifestEntry e) {
      return new Candidate(e.key(), e.schema(), e.chunks(), e.bytes(), e);
    }
  }

  private final Kind kind;
  private final String root;
  private final String type;
  private final Schema schema;
  private final List<RunData> runs;

  private StrandInput(Kind kind, String root, String type, Schema schema, List<RunData> runs) {
    this.kind = kind;
    this.root = root;
    this.type = type;
    this.schema = schema;
    this.runs = List.copyOf(runs);
  }

  Kind kind() {
    return kind;
  }

  /**
   * Whether rows carry a {@code lineage} column: for Arrow dataset roots, so that their columns
   * are those Spark finds in a Parquet root of the same data (its two partition columns).
   */
  boolean hasLineageColumn() {
    return kind == Kind.ARROW;
  }

  String root() {
    return root;
  }

  String type() {
    return type;
  }

  /** The type's strand schema (descriptions from the first selected run). */
  Schema schema() {
    return schema;
  }

  /** The selected runs, sorted by run id. */
  List<RunData> runs() {
    return runs;
  }

  /**
   * Resolves {@code options} against the root's metadata.
   *
   * @throws ConfigurationException if the root is missing or of another format, a requested run
   *     or lineage is not there, a run holds several lineages and none was chosen, or the runs'
   *     schemas differ
   * @throws StorageException if metadata cannot be read (naming the file)
   */
  static StrandInput resolve(SourceOptions options, Configuration conf) {
    Path root = new Path(options.path());
    Kind kind = detect(root, conf);
    List<Candidate> all = switch (kind) {
      case CHUNK_STORE -> chunkStoreData(root, options, conf);
      case ARROW -> arrowData(root, options, conf);
      case STRAX -> straxData(root, options, conf);
    };
    Map<String, List<Candidate>> byRun = new TreeMap<>();
    for (Candidate d : all) {
      byRun.computeIfAbsent(d.key().runId(), k -> new ArrayList<>()).add(d);
    }
    for (String asked : options.runs()) {
      if (!byRun.containsKey(asked)) {
        throw new ConfigurationException("run " + asked + " has no '" + options.type() + "' in the " + kind.label + " at "
            + root + " (it holds " + byRun.size() + " runs of the type" + sample(byRun.keySet()) + ")");
      }
    }
    List<Candidate> chosen = new ArrayList<>();
    for (Map.Entry<String, List<Candidate>> e : byRun.entrySet()) {
      if (!options.runs().isEmpty() && !options.runs().contains(e.getKey())) {
        continue;
      }
      List<Candidate> candidates = e.getValue();
      if (options.lineage().isPresent()) {
        String want = options.lineage().get();
        candidates = candidates.stream().filter(d -> d.key().lineage().equals(want)).toList();
        if (candidates.isEmpty()) {
          if (options.runs().contains(e.getKey())) {
            throw new ConfigurationException("run " + e.getKey() + " has no '" + options.type() + "' with lineage " + want
                + " in " + root + "; it has " + lineages(e.getValue()));
          }
          continue;
        }
      }
      if (candidates.size() > 1) {
        throw new ConfigurationException("run " + e.getKey() + " holds '" + options.type() + "' with " + candidates.size()
            + " lineages in " + root + ": " + lineages(candidates) + "; choose one with option 'lineage'");
      }
      chosen.add(candidates.get(0));
    }
    if (chosen.isEmpty()) {
      throw new ConfigurationException("the " + kind.label + " at " + root + " holds no '" + options.type() + "'"
          + options.lineage().map(l -> " with lineage " + l).orElse("") + " to read");
    }
    if (kind == Kind.ARROW) {
      requireWhole(root, options.type(), chosen, conf);
    }
    Schema schema = chosen.get(0).schema();
    List<RunData> runs = new ArrayList<>();
    for (Candidate d : chosen) {
      requireSameLayout(schema, d);
      runs.add(new RunData(d.key().runId(), d.key().lineage(), d.chunks(), d.bytes()));
    }
    return new StrandInput(kind, root.toString(), options.type(), schema, runs);
  }

  /**
   * One run's data, for reading its chunks on an executor.
   *
   * @throws StorageException if it is no longer there or its metadata is unreadable
   */
  static StoredData open(Kind kind, String root, String type, String runId, String lineage, Configuration conf) {
    Path r = new Path(root);
    if (kind == Kind.STRAX) {
      return new StraxDirectory(r, conf).open(runId, type, lineage);
    }
    DataKey key = new DataKey(runId, type, lineage);
    if (kind == Kind.ARROW) {
      return arrowStorage(r, conf).find(key)
          .orElseThrow(() -> new StorageException(root + ": " + key + " is no longer published in the Arrow dataset root"));
    }
    return ChunkStore.open(r, conf, ChunkStoreOptions.defaults()).find(key)
        .orElseThrow(() -> new StorageException(root + ": " + key + " is no longer in the chunk store"));
  }

  private static Kind detect(Path root, Configuration conf) {
    FileSystem fs;
    try {
      fs = root.getFileSystem(conf);
      FileStatus st = fs.getFileStatus(root);
      if (!st.isDirectory()) {
        throw new ConfigurationException("option 'path': " + root + " is not a directory");
      }
    } catch (FileNotFoundException e) {
      throw new ConfigurationException("option 'path': " + root + " does not exist");
    } catch (IOException e) {
      throw new ConfigurationException("option 'path': cannot reach " + root + ": " + e.getMessage());
    }
    String format = RootFormat.read(fs, root);
    if (format == null) {
      return Kind.STRAX;
    }
    if (format.equals(ChunkStore.FORMAT)) {
      return Kind.CHUNK_STORE;
    }
    if (format.equals(DatasetFormat.ARROW.label())) {
      return Kind.ARROW;
    }
    throw new ConfigurationException("option 'path': " + root + " holds strand " + format + " datasets, which Spark reads"
        + " directly (spark.read." + format + "(\"" + root + "/<type>\")); the strand data source reads chunk stores,"
        + " strand Arrow datasets and strax data");
  }

  private static List<Candidate> chunkStoreData(Path root, SourceOptions options, Configuration conf) {
    return ChunkStore.open(root, conf, ChunkStoreOptions.defaults()).list(options.type()).stream().map(Candidate::of).toList();
  }

  /** The type's published runs, from the manifest alone (the part files are checked once chosen). */
  private static List<Candidate> arrowData(Path root, SourceOptions options, Configuration conf) {
    return arrowStorage(root, conf).entries().stream().filter(e -> e.type().equals(options.type())).map(Candidate::of).toList();
  }

  private static DatasetStorage arrowStorage(Path root, Configuration conf) {
    return DatasetStorage.open(root, conf, DatasetOptions.defaults(DatasetFormat.ARROW));
  }

  /**
   * Refuses chosen runs whose part files are damaged or gone (one listing per run, no file read):
   * their tasks would fail mid-query, or read what the manifest does not describe.
   */
  private static void requireWhole(Path root, String type, List<Candidate> chosen, Configuration conf) {
    DatasetStorage storage = arrowStorage(root, conf);
    List<ManifestEntry> entries = chosen.stream().map(Candidate::entry).toList();
    List<PublishedStatus> statuses = storage.statuses(entries);
    List<String> bad = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      if (statuses.get(i) != PublishedStatus.PUBLISHED) {
        bad.add("run " + entries.get(i).runId() + " (" + statuses.get(i).label() + ", " + storage.runDirectory(entries.get(i).key()) + ")");
      }
    }
    if (!bad.isEmpty()) {
      throw new StorageException("the Arrow dataset root " + root + " holds '" + type + "' whose files are damaged or gone: "
          + String.join(", ", bad) + "; 'strand verify --output " + root + "' names every problem; leave them out with option 'runs'");
    }
  }

  private static List<Candidate> straxData(Path root, SourceOptions options, Configuration conf) {
    StraxDirectory dir = new StraxDirectory(root, conf);
    List<Candidate> out = new ArrayList<>();
    for (StraxRunEntry e : dir.list(options.type())) {
      boolean wanted = options.runs().isEmpty() || options.runs().contains(e.runId());
      boolean lineageOk = options.lineage().isEmpty() || options.lineage().get().equals(e.lineageHash());
      if (!wanted || !lineageOk) {
        continue;
      }
      if (!e.isReadable()) {
        throw new StorageException("run " + e.runId() + ": " + e.problem().orElseThrow());
      }
      out.add(Candidate.of(dir.open(e)));
    }
    return out;
  }

  private static void requireSameLayout(Schema expected, Candidate d) {
    Schema actual = d.schema();
    if (!expected.sameLayout(actual)) {
      throw new ConfigurationException("run " + d.key().runId() + " stores '" + d.key().type() + "' as " + actual
          + ", other runs as " + expected + "; read them separately (option 'runs')");
    }
  }

  private static String lineages(List<Candidate> data) {
    return data.stream().map(d -> d.key().lineage()).toList().toString();
  }

  private static String sample(java.util.Collection<String> runs) {
    if (runs.isEmpty()) {
      return "";
    }
    List<String> first = runs.stream().limit(5).toList();
    return ": " + String.join(", ", first) + (runs.size() > 5 ? ", ..." : "");
  }
}
