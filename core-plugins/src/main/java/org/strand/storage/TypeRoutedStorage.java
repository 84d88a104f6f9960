package org.strand.storage;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import org.strand.core.Schema;
import org.strand.plugin.Lineage;

/**
 * Storages chosen by data type: final targets in one place (the analysis output), intermediate
 * types in another (a chunk store). A type routed nowhere is never found and cannot be written.
 * Thread-safe when the storages are.
 */
public final class TypeRoutedStorage implements Storage {
  private final Map<String, Storage> routes;

  /** @param routes data type to the storage that holds it */
  public TypeRoutedStorage(Map<String, Storage> routes) {
    this.routes = new LinkedHashMap<>(routes);
  }

  @Override
  public Optional<StoredData> find(DataKey key) {
    Storage s = routes.get(key.type());
    return s == null ? Optional.empty() : s.find(key);
  }

  /** @throws IllegalArgumentException if no storage holds {@code key.type()} */
  @Override
  public DataWriter writer(DataKey key, Schema schema, Lineage lineage) {
    Storage s = routes.get(key.type());
    if (s == null) {
      throw new IllegalArgumentException("no storage keeps '" + key.type() + "'; kept types: " + routes.keySet());
    }
    return s.writer(key, schema, lineage);
  }

  @Override
  public String describe() {
    StringJoiner j = new StringJoiner(", ");
    Map<Storage, StringJoiner> byStorage = new LinkedHashMap<>();
    routes.forEach((t, s) -> byStorage.computeIfAbsent(s, k -> new StringJoiner(",")).add(t));
    byStorage.forEach((s, types) -> j.add(types + " in " + s.describe()));
    return j.toString();
  }
}
