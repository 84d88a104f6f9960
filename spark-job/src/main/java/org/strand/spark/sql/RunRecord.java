package org.strand.spark.sql;

import java.time.Instant;
import java.util.Map;

/**
 * What the last job that worked on a run did with it, kept under the output root so the
 * {@code strand_runs} view can show what the manifest alone does not know: the run's raw size and
 * whether its last attempt failed.
 *
 * @param runId the run
 * @param status {@code done} or {@code failed}
 * @param error one line, or null
 * @param rawBytes uncompressed raw_records bytes of the run
 * @param seconds the run's processing time in its last job (0 when it was already done)
 * @param targets the job's targets that were published, type to lineage hash
 * @param strandVersion the strand version that ran the job
 * @param processedAt when the job finished with the run, or null when the run was found already done
 */
public record RunRecord(
    String runId,
    String status,
    String error,
    long rawBytes,
    double seconds,
    Map<String, String> targets,
    String strandVersion,
    Instant processedAt) {

  public RunRecord {
    targets = Map.copyOf(targets);
  }
}
