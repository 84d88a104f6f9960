package org.strand.storage.routing;

import java.util.Map;
import org.strand.core.Names;
import org.strand.plugin.Lineage;

/**
 * A source that can tell, without opening a run, whether it holds the run's data: what
 * {@link FirstFoundSource} asks each of its sources, in order.
 *
 * <p>Implementations are thread-safe.
 */
public interface RunHolder {
  /**
   * Whether this source holds data of its type for {@code runId} (of its chosen lineage, if it
   * reads one), finished and complete enough to be opened. Opening such a run may still fail, on
   * damaged data; opening any other run fails with a configuration error. Reads listings only.
   *
   * @throws IllegalArgumentException if the run id is invalid
   * @throws org.strand.core.StorageException if the place cannot be listed, or an entry of the run
   *     there cannot be read (the run is then neither held nor absent, and fails)
   */
  boolean holds(String runId);

  /**
   * Whether a listing made before (by the caller that built this source, when it chose which
   * runs to process and which source each is read from) found the run here: then
   * {@link FirstFoundSource} reads it from here without asking the sources before this one, as
   * that listing did. False by default.
   */
  default boolean listedHere(String runId) {
    return false;
  }

  /**
   * What a listing found, run id to lineage hash, checked and copied: the form sources keep it in.
   *
   * @throws IllegalArgumentException if a run id or hash is invalid
   */
  static Map<String, String> checkedListing(Map<String, String> hashByRun) {
    hashByRun.forEach((run, hash) -> {
      Names.requireRunId(run);
      if (!Lineage.isHash(hash)) {
        throw new IllegalArgumentException("invalid lineage hash '" + hash + "' listed for run " + run);
      }
    });
    return Map.copyOf(hashByRun);
  }
}
