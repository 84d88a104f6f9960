package org.strand.spark.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver (here, in local mode, the whole Spark application) killed with SIGKILL in the middle
 * of a job, then the same job run again.
 *
 * <p>Invariants: no reader ever sees part of a run (an observer polls the root throughout both
 * jobs); the runs published before the kill survive it and are not recomputed by the rerun
 * (their manifest entries are untouched, the summary lists them as skipped); and the final
 * output equals an undisturbed run's, run by run, as read back by DuckDB.
 */
@Tag("reliability")
class DriverKillTest {
  static final int RUNS = 8;
  static final String[] JOB = {"--generate", String.valueOf(RUNS), "--run-size-mb", "40", "--master", "local[2]", "--no-progress"};
  static final List<String> TARGETS = List.of("peak_basics", "event_basics");

  @TempDir
  Path dir;

  /** Runs with every target in the manifest. */
  static Set<String> completeRuns(Map<String, String> publications) {
    Map<String, Integer> targets = new TreeMap<>();
    publications.keySet().forEach(k -> targets.merge(k.substring(k.lastIndexOf('/') + 1), 1, Integer::sum));
    Set<String> out = new TreeSet<>();
    targets.forEach((run, n) -> {
      if (n == TARGETS.size()) {
        out.add(run);
      }
    });
    return out;
  }

  @Test
  void driverKilledMidJob_rerunFinishes_finishedRunsKept_noPartialRunEverVisible_outputEqualsCleanRun() throws Exception {
    Path out = dir.resolve("out");
    Path summary = dir.resolve("rerun-summary.json");
    Map<String, String> atKill;
    try (OutputObserver observer = OutputObserver.watch(out)) {
      try (ChildStrand job = ChildStrand.start(dir, "killed", Jobs.runArgs(out, null, JOB))) {
        long deadline = System.nanoTime() + Jobs.JOB_TIMEOUT.toNanos();
        while (completeRuns(OutputDigests.publications(out)).size() < 2) {
          assertTrue(job.isAlive(), "the job ended before it could be killed (make the runs larger): " + job.describe());
          assertTrue(System.nanoTime() < deadline, "no two runs published in time: " + job.describe());
          Thread.sleep(20);
        }
        job.kill();
        assertThat(job.exitCode()).as("killed by SIGKILL").isEqualTo(137);
      }
      atKill = OutputDigests.publications(out);
      Set<String> survived = completeRuns(atKill);
      assertThat(survived.size()).as("runs published at the kill: " + survived).isBetween(2, RUNS - 1);

      // Right after the kill the published runs are whole; a run whose data was published but
      // whose manifest entry was not yet written is the only thing verify may report.
      Jobs.Result v = Jobs.verify(out);
      v.out().lines().filter(l -> l.startsWith("problem: "))
          .forEach(l -> assertThat(l).as(v.toString()).contains("run directory has no manifest entry"));

      try (ChildStrand rerun = ChildStrand.start(dir, "rerun", Jobs.runArgs(out, summary, JOB))) {
        assertEquals(0, rerun.waitFor(Jobs.JOB_TIMEOUT), rerun.describe());
      }
      Map<String, JsonNode> runs = Jobs.summaryRuns(summary);
      assertEquals(RUNS, runs.size());
      for (Map.Entry<String, JsonNode> r : runs.entrySet()) {
        String expected = survived.contains(r.getKey()) ? "skipped" : "done";
        assertEquals(expected, r.getValue().get("status").asText(), "run " + r.getKey() + ": " + r.getValue());
      }
      Map<String, String> after = OutputDigests.publications(out);
      atKill.forEach((key, publication) -> assertEquals(publication, after.get(key), key + " was published again by the rerun"));

      List<String> violations = observer.finish();
      assertThat(violations).as("what readers saw during both jobs").isEmpty();
      assertThat(observer.polls()).as("the observer polled throughout").isGreaterThan(50);
      assertThat(observer.runDirectoriesSeen()).hasSize(RUNS * TARGETS.size());
      System.out.println("note: killed with " + survived.size() + " of " + RUNS + " runs published (" + atKill.size()
          + " manifest entries); the rerun skipped them and computed the rest; the observer polled " + observer.polls() + " times");
    }

    Jobs.Result v = Jobs.verify(out);
    assertEquals(0, v.code(), v.toString());
    Path clean = Jobs.clean(JOB);
    assertEquals(OutputDigests.of(clean), OutputDigests.of(out), "the output equals an undisturbed run's");
  }
}
