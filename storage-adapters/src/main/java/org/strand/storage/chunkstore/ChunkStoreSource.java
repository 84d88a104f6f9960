package org.strand.storage.chunkstore;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.strand.core.Chunk;
import org.strand.core.ConfigurationException;
import org.strand.core.Names;
import org.strand.core.Schema;
import org.strand.core.StorageException;
import org.strand.plugin.Lineage;
import org.strand.plugin.OptionValues;
import org.strand.plugin.PluginSpec;
import org.strand.plugin.RunInfo;
import org.strand.plugin.SourcePlugin;
import org.strand.plugin.SourceRun;
import org.strand.storage.ChunkInfo;
import org.strand.storage.DataKey;
import org.strand.storage.StoredData;
import org.strand.storage.fs.SmallFiles;
import org.strand.storage.routing.LineageChoice;
import org.strand.storage.routing.RunHolder;

/**
 * A source that reads one type (raw_records, say) from a chunk store, so that data strand saved
 * earlier can be the input of a new processing.
 *
 * <p>The data keeps the lineage hash it was stored under, so everything computed from it gets
 * the same lineages as when it was computed from the original source, and stored results are
 * reused. A run must hold exactly one lineage of the type, unless the source was made to read
 * one chosen lineage ({@link #of(ChunkStore, String, Schema, String)}). Chunks are read lazily
 * and independently (thread-safe).
 *
 * <p>Finding a run's key takes a listing of the store's root. A caller that has listed it
 * already gives what it found ({@link #listed}): those runs' keys are then looked up by name.
 *
 * <p>Immutable and thread-safe.
 */
public final class ChunkStoreSource extends SourcePlugin implements RunHolder {
  /** The plugin name, as reports show it. */
  public static final String NAME = "ChunkStoreReader";

  private final ChunkStore store;
  private final String lineage;
  private final Map<String, String> listed;

  private ChunkStoreSource(ChunkStore store, String type, Schema schema, String lineage, Map<String, String> listed) {
    super(PluginSpec.builder(NAME).version("1").provides(type, schema).build());
    this.store = store;
    this.lineage = lineage;
    this.listed = listed;
  }

  /**
   * A source of {@code type} from {@code store}, its schema taken from the first stored key of
   * the type.
   *
   * @throws ConfigurationException if the store holds no data of the type
   */
  public static ChunkStoreSource of(ChunkStore store, String type) {
    Names.requireIdentifier("data type", type);
    List<StoredData> stored = store.list(type);
    if (stored.isEmpty()) {
      throw new ConfigurationException("chunk store " + store.root() + " holds no data of type '" + type + "'");
    }
    return new ChunkStoreSource(store, type, stored.get(0).schema(), null, Map.of());
  }

  /** A source of {@code type} with a known schema. */
  public static ChunkStoreSource of(ChunkStore store, String type, Schema schema) {
    return of(store, type, schema, null);
  }

  /**
   * A source of {@code type} with a known schema that reads the lineage hash {@code lineage} of
   * each run, for runs that hold the type under several; null reads the one lineage a run holds
   * and refuses a run with several. A run without data of this lineage cannot be opened.
   *
   * @throws IllegalArgumentException if the hash is not letters and digits (at most 64)
   */
  public static ChunkStoreSource of(ChunkStore store, String type, Schema schema, String lineage) {
    if (lineage != null && !Lineage.isHash(lineage)) {
      throw new IllegalArgumentException("invalid lineage hash '" + lineage + "' (letters and digits)");
    }
    return new ChunkStoreSource(Objects.requireNonNull(store, "store"), Names.requireIdentifier("data type", type),
        Objects.requireNonNull(schema, "schema"), lineage, Map.of());
  }

  /**
   * This source, given what a listing of the store found: for each run, the lineage hash of its
   * key of the type, where it had one (or one of the chosen lineage). Such a run's key is looked
   * up by name when the run is opened, not found by listing the store again; if it is no longer
   * complete there, the store is listed as for any other run. So a run that has gained a second
   * lineage since is read from the one listed.
   *
   * @throws IllegalArgumentException if a run id or hash is invalid
   */
  public ChunkStoreSource listed(Map<String, String> hashByRun) {
    return new ChunkStoreSource(store, type(), schema(type()), lineage, RunHolder.checkedListing(hashByRun));
  }

  /** The store read. */
  public ChunkStore store() {
    return store;
  }

  /** The lineage hash read, if one was chosen; empty when each run must hold only one. */
  public Optional<String> lineage() {
    return Optional.ofNullable(lineage);
  }

  /**
   * Whether the run has a complete key of this type here (of the chosen lineage, if one was), as
   * {@link ChunkStore#keys} lists them; key directories without metadata do not count. Reads the
   * store's listing only.
   *
   * @throws StorageException if the store cannot be listed
   */
  @Override
  public boolean holds(String runId) {
    if (listedData(runId).isPresent()) {
      return true;
    }
    for (DataKey key : store.runKeys(runId, type())) {
      if (lineage == null || lineage.equals(key.lineage())) {
        return true;
      }
    }
    return false;
  }

  /**
   * @throws ConfigurationException if the run has no data of this type (of the chosen lineage,
   *     naming the lineages it has), or several lineages of it and none was chosen
   * @throws StorageException if its metadata is invalid or its schema differs from this source's
   */
  @Override
  public SourceRun open(String runId, OptionValues options) {
    Names.requireRunId(runId);
    Optional<StoredData> listedData = listedData(runId);
    List<StoredData> found = listedData.isPresent() ? List.of(listedData.get()) : store.stored(runId, type());
    if (found.isEmpty()) {
      throw new ConfigurationException("run " + runId + " has no '" + type() + "' in chunk store " + store.root());
    }
    List<String> lineages = found.stream().map(d -> d.key().lineage()).toList();
    int chosen = new LineageChoice(runId, "'" + type() + "'", "chunk store " + store.root()).index(lineages, lineages, lineage);
    StoredData data = found.get(chosen);
    Schema expected = schema(type());
    if (!expected.sameLayout(data.schema())) {
      throw new StorageException(data.location() + ": schema " + data.schema() + " differs from the source's schema " + expected);
    }
    return new StoredRun(runId, data, lineage(data));
  }

  @Override
  public boolean listedHere(String runId) {
    String hash = listed.get(runId);
    return hash != null && (lineage == null || lineage.equals(hash));
  }

  /** The run's data under the lineage a listing found it with, if it was listed and is still complete. */
  private Optional<StoredData> listedData(String runId) {
    Names.requireRunId(runId);
    return listedHere(runId) ? store.find(new DataKey(runId, type(), listed.get(runId))) : Optional.empty();
  }

  /** The stored lineage, by its hash, with the plugin, version and options it records. */
  private static Lineage lineage(StoredData data) {
    String json = data instanceof ChunkStoreData c ? c.lineageJson() : "{}";
    JsonNode n = SmallFiles.parseJson(json.getBytes(StandardCharsets.UTF_8), data.location());
    Map<String, Object> options = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = n.path("options").fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      options.put(e.getKey(), SmallFiles.toPlain(e.getValue()));
    }
    String origin = n.path("origin").asText("strand");
    return Lineage.external(origin, data.key().type(), data.key().lineage(), n.path("plugin").asText("unknown"),
        n.path("version").asText("unknown"), options);
  }

  private static final class StoredRun implements SourceRun {
    private final StoredData data;
    private final RunInfo info;
    private final Lineage lineage;

    StoredRun(String runId, StoredData data, Lineage lineage) {
      this.data = data;
      this.lineage = lineage;
      List<ChunkInfo> chunks = data.chunks();
      long start = chunks.isEmpty() ? 0 : chunks.get(0).start();
      long end = chunks.isEmpty() ? 0 : chunks.get(chunks.size() - 1).end();
      this.info = new RunInfo(runId, start, end, data.totalBytes());
    }

    @Override
    public RunInfo info() {
      return info;
    }

    @Override
    public int chunkCount() {
      return data.chunkCount();
    }

    @Override
    public Chunk chunk(int index) {
      return data.read(index);
    }

    @Override
    public Optional<Lineage> externalLineage() {
      return Optional.of(lineage);
    }
  }
}
