package org.strand.storage;

import java.util.Optional;
import org.strand.core.Schema;
import org.strand.plugin.Lineage;

/**
 * Where a context finds and keeps data, addressed by {@link DataKey} (run, type, lineage). Only
 * complete data is ever found: a key being written, or whose writing failed, is absent.
 *
 * <p>Implementations are thread-safe.
 */
public interface Storage {
  /** The complete data stored under {@code key}, if any. */
  Optional<StoredData> find(DataKey key);

  /**
   * Starts writing the data of {@code key}.
   *
   * @param schema the rows' schema
   * @param lineage the full lineage, kept in the metadata
   */
  DataWriter writer(DataKey key, Schema schema, Lineage lineage);

  /** Where this storage is, for {@code explain} and messages. */
  String describe();
}
