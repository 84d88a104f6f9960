package org.strand.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Decides which runs go to which Spark partition: one run per partition by default, largest
 * runs first (Spark starts tasks in partition order, so the long ones do not end up last and
 * stretch the job's tail). With {@code maxRunsPerPartition > 1}, small runs are packed several
 * to a partition: the number of partitions is the fewest that respect the limit, and runs are
 * placed largest first on the partition with the least data that still has room (LPT
 * scheduling), which balances partitions by size (Spyral's snake ordering has the same aim).
 */
public final class RunScheduler {
  /** A run and its raw size in bytes. */
  public record SizedRun(String runId, long bytes) implements Serializable {}

  /** The runs of one partition, and their total size. */
  public record Partition(List<SizedRun> runs, long bytes) implements Serializable {
    public Partition {
      runs = List.copyOf(runs);
    }
  }

  private RunScheduler() {}

  /**
   * Partitions runs.
   *
   * @throws IllegalArgumentException if {@code maxRunsPerPartition < 1}
   */
  public static List<Partition> partition(List<SizedRun> runs, int maxRunsPerPartition) {
    if (maxRunsPerPartition < 1) {
      throw new IllegalArgumentException("max runs per partition must be >= 1, got " + maxRunsPerPartition);
    }
    List<SizedRun> sorted = new ArrayList<>(runs);
    sorted.sort(Comparator.comparingLong(SizedRun::bytes).reversed().thenComparing(SizedRun::runId));
    int partitions = (sorted.size() + maxRunsPerPartition - 1) / maxRunsPerPartition;
    List<List<SizedRun>> bins = new ArrayList<>();
    long[] totals = new long[partitions];
    for (int i = 0; i < partitions; i++) {
      bins.add(new ArrayList<>());
    }
    for (SizedRun r : sorted) {
      int best = -1;
      for (int i = 0; i < partitions; i++) {
        if (bins.get(i).size() < maxRunsPerPartition && (best < 0 || totals[i] < totals[best])) {
          best = i;
        }
      }
      bins.get(best).add(r);
      totals[best] += r.bytes();
    }
    List<Partition> out = new ArrayList<>();
    for (int i = 0; i < partitions; i++) {
      out.add(new Partition(bins.get(i), totals[i]));
    }
    out.sort(Comparator.comparingLong(Partition::bytes).reversed());
    return out;
  }
}
