package org.strand.spark;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A checked request to run a job: the spec, the selected runs with their sizes, and how to run
 * it on Spark. Everything in it was validated before Spark starts.
 *
 * @param spec the job spec (input kind resolved)
 * @param runs the selected runs and their raw sizes
 * @param maxRunsPerPartition runs packed per Spark partition at most
 * @param master the Spark master URL, or null for Spark's own setting (else local[*])
 * @param sparkConf extra Spark settings
 * @param progress whether to print a progress line on stderr
 * @param summaryJson where to write the JSON summary, or null
 */
public record JobRequest(
    JobSpec spec,
    List<RunScheduler.SizedRun> runs,
    int maxRunsPerPartition,
    String master,
    Map<String, String> sparkConf,
    boolean progress,
    Path summaryJson) {

  public JobRequest {
    runs = List.copyOf(runs);
    sparkConf = new LinkedHashMap<>(sparkConf);
  }
}
