package org.strand.storage.routing;

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
}
