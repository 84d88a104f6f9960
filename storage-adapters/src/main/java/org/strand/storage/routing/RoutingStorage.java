package org.strand.storage.routing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.strand.core.Names;
import org.strand.core.Schema;
import org.strand.plugin.Lineage;
import org.strand.storage.DataKey;
import org.strand.storage.DataWriter;
import org.strand.storage.Storage;
import org.strand.storage.StoredData;

/**
 * A {@link Storage} that sends each data type to a storage of its own: for example the targets
 * to a Parquet dataset root and the intermediate types to a chunk store.
 *
 * <pre>{@code
 * Storage storage = RoutingStorage.builder(parquetRoot)      // everything else
 *     .route(chunkStore, "hits", "peaks")                    // intermediate types
 *     .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe if the storages it routes to are.
 */
public final class RoutingStorage implements Storage {
  private final Map<String, Storage> routes;
  private final Storage fallback;

  private RoutingStorage(Map<String, Storage> routes, Storage fallback) {
    this.routes = Map.copyOf(routes);
    this.fallback = fallback;
  }

  /** A builder; types without a route go to {@code fallback}. */
  public static Builder builder(Storage fallback) {
    return new Builder(fallback);
  }

  /** The storage that holds {@code type}. */
  public Storage storageFor(String type) {
    return routes.getOrDefault(type, fallback);
  }

  @Override
  public Optional<StoredData> find(DataKey key) {
    return storageFor(key.type()).find(key);
  }

  @Override
  public DataWriter writer(DataKey key, Schema schema, Lineage lineage) {
    return storageFor(key.type()).writer(key, schema, lineage);
  }

  @Override
  public String describe() {
    Map<Storage, List<String>> byStorage = new LinkedHashMap<>();
    routes.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .forEach(e -> byStorage.computeIfAbsent(e.getValue(), s -> new ArrayList<>()).add(e.getKey()));
    StringBuilder sb = new StringBuilder();
    byStorage.forEach((s, types) -> sb.append(String.join(", ", types)).append(" -> ").append(s.describe()).append("; "));
    return sb.append("other types -> ").append(fallback.describe()).toString();
  }

  /** Builds a {@link RoutingStorage}. Not thread-safe. */
  public static final class Builder {
    private final Storage fallback;
    private final Map<String, Storage> routes = new LinkedHashMap<>();

    private Builder(Storage fallback) {
      this.fallback = Objects.requireNonNull(fallback, "fallback");
    }

    /**
     * Sends {@code types} to {@code storage}.
     *
     * @throws IllegalArgumentException for an invalid type name or a type routed twice
     */
    public Builder route(Storage storage, String... types) {
      Objects.requireNonNull(storage, "storage");
      for (String t : types) {
        Names.requireIdentifier("data type", t);
        if (routes.putIfAbsent(t, storage) != null) {
          throw new IllegalArgumentException("type '" + t + "' is routed twice (to " + routes.get(t).describe()
              + " and to " + storage.describe() + ")");
        }
      }
      return this;
    }

    public RoutingStorage build() {
      return new RoutingStorage(routes, fallback);
    }
  }
}
