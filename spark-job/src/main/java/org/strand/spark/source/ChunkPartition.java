package org.strand.spark.source;

import org.apache.spark.sql.connector.read.InputPartition;

/**
 * One chunk to read: the input partition of a {@code strand} scan. Small and serializable: the
 * executor finds the data again from the root and the key.
 *
 * @param runId the run
 * @param lineage the run's lineage hash
 * @param chunk the chunk's index in the run
 * @param rows its rows, from the metadata
 * @param bytes its uncompressed bytes, from the metadata
 */
record ChunkPartition(String runId, String lineage, int chunk, long rows, long bytes) implements InputPartition {
  private static final long serialVersionUID = 1L;
}
