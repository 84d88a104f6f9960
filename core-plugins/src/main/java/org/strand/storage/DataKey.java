package org.strand.storage;

import org.strand.core.Names;
import org.strand.plugin.Lineage;

/**
 * Identifies stored data: one data type of one run, made with one lineage. Every part is
 * validated, so a key can safely become part of a path.
 *
 * @param runId a valid run id
 * @param type a data type name (lower-case identifier)
 * @param lineage a lineage hash (letters and digits)
 */
public record DataKey(String runId, String type, String lineage) {
  public DataKey {
    Names.requireRunId(runId);
    Names.requireIdentifier("data type", type);
    if (lineage == null || !Lineage.isHash(lineage)) {
      throw new IllegalArgumentException("invalid lineage hash '" + lineage + "' for " + runId + "/" + type);
    }
  }

  /** The strax-style directory name {@code <run>-<type>-<lineage>}. */
  @Override
  public String toString() {
    return runId + "-" + type + "-" + lineage;
  }
}
