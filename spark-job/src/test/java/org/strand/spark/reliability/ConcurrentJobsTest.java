package org.strand.spark.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two jobs (two processes, each its own Spark application) processing the same runs into the
 * same output root at the same time. Each run is computed by both, and published by one: the
 * first complete attempt wins, the other discards its copy.
 *
 * <p>Invariants: both jobs succeed; each (type, run) is published exactly once, with all its
 * files from one attempt (no mixed run); no reader ever sees part of a run; verify passes; the
 * output equals an undisturbed run's.
 */
@Tag("reliability")
class ConcurrentJobsTest {
  @TempDir
  Path dir;

  @Test
  void twoJobsOnOneRoot_eachRunPublishedOnceWhole_outputEqualsCleanRun() throws Exception {
    Path out = dir.resolve("out");
    String[] job = DriverKillTest.JOB;
    try (OutputObserver observer = OutputObserver.watch(out)) {
      try (ChildStrand a = ChildStrand.start(dir, "job-a", Jobs.runArgs(out, dir.resolve("a.json"), job));
          ChildStrand b = ChildStrand.start(dir, "job-b", Jobs.runArgs(out, dir.resolve("b.json"), job))) {
        assertEquals(0, a.waitFor(Jobs.JOB_TIMEOUT), a.describe());
        assertEquals(0, b.waitFor(Jobs.JOB_TIMEOUT), b.describe());
      }
      assertThat(observer.finish()).as("what readers saw while both jobs wrote").isEmpty();
      assertThat(observer.polls()).isGreaterThan(50);
    }
    for (String s : List.of("a.json", "b.json")) {
      Map<String, JsonNode> runs = Jobs.summaryRuns(dir.resolve(s));
      assertEquals(DriverKillTest.RUNS, runs.size(), s);
      runs.forEach((id, r) -> assertThat(r.get("status").asText()).as(s + " run " + id).isIn("done", "skipped"));
    }
    Map<String, JsonNode> a = Jobs.summaryRuns(dir.resolve("a.json"));
    Map<String, JsonNode> b = Jobs.summaryRuns(dir.resolve("b.json"));
    long both = a.keySet().stream().filter(id -> a.get(id).get("status").asText().equals("done") && b.get(id).get("status").asText().equals("done")).count();
    System.out.println("note: runs computed by both jobs (one copy discarded): " + both + " of " + DriverKillTest.RUNS);
    assertThat(OutputDigests.publications(out)).hasSize(DriverKillTest.RUNS * DriverKillTest.TARGETS.size());
    assertThat(OutputDigests.mixedRuns(out)).isEmpty();
    Jobs.Result v = Jobs.verify(out);
    assertEquals(0, v.code(), v.toString());
    assertEquals(OutputDigests.of(Jobs.clean(job)), OutputDigests.of(out), "the output equals an undisturbed run's");
  }
}
