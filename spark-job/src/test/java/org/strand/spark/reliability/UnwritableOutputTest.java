package org.strand.spark.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The output root stops accepting writes in the middle of a job.
 *
 * <p>Invariants: the job ends (no hang) with exit 1; each run that could not be written fails
 * with a one-line error naming a path under the output root; the runs published before stay
 * published and whole; no reader ever sees part of a run; and once the root is writable again a
 * rerun completes the job, equal to an undisturbed run.
 *
 * <p>Two ways to take writing away: replacing the staging directory with a file (works for any
 * user, root included), and making every directory of the root read-only (which does not stop
 * root, so that case is skipped when the tests run as root).
 */
@Tag("reliability")
class UnwritableOutputTest {
  @TempDir
  Path dir;

  @Test
  void stagingReplacedByAFileMidJob_runsFailNamingThePath_publishedRunsKept_rerunCompletes() throws Exception {
    Path out = dir.resolve("out");
    Path staging = out.resolve("_staging");
    breakAndRecover("staging", out, () -> {
      // Names hidden from readers (a leading underscore), as staging itself is.
      Path file = Files.writeString(out.resolve("_staging.replacement"), "a file where the staging directory was");
      // The job may make staging again between moving it away and putting the file in its place:
      // whatever directory is there is moved away until the file takes the place.
      for (int attempt = 0; ; attempt++) {
        if (Files.isDirectory(staging)) {
          Files.move(staging, out.resolve("_staging.moved-away-" + attempt));
        }
        try {
          Files.move(file, staging, StandardCopyOption.ATOMIC_MOVE);
          return;
        } catch (IOException e) {
          if (attempt >= 100) {
            throw e;
          }
        }
      }
    }, () -> {
      Files.delete(staging);
    });
  }

  @Test
  void rootMadeReadOnlyMidJob_runsFailNamingThePath_publishedRunsKept_rerunCompletes() throws Exception {
    assumeFalse(permissionsIgnored(), "this user (root) writes into read-only directories: permissions cannot take writing away");
    Path out = dir.resolve("out");
    breakAndRecover("rootMadeReadOnly", out, () -> setWritable(out, false), () -> setWritable(out, true));
  }

  interface Step {
    void run() throws IOException;
  }

  /** Breaks the root with {@code breakIt} once a run is published, checks, repairs, reruns; {@code label} names the case in notes. */
  private void breakAndRecover(String label, Path out, Step breakIt, Step repair) throws Exception {
    String[] job = DriverKillTest.JOB;
    Path summary = dir.resolve("summary.json");
    Set<String> before;
    try (OutputObserver observer = OutputObserver.watch(out)) {
      try (ChildStrand c = ChildStrand.start(dir, "broken", Jobs.runArgs(out, summary, job))) {
        long deadline = System.nanoTime() + Jobs.JOB_TIMEOUT.toNanos();
        while (DriverKillTest.completeRuns(OutputDigests.publications(out)).isEmpty()) {
          assertTrue(c.isAlive(), "the job ended before the root could be broken: " + c.describe());
          assertTrue(System.nanoTime() < deadline, "no run published in time: " + c.describe());
          Thread.sleep(20);
        }
        breakIt.run();
        before = DriverKillTest.completeRuns(OutputDigests.publications(out));
        assertEquals(1, c.waitFor(Jobs.JOB_TIMEOUT), c.describe());
        Map<String, JsonNode> runs = Jobs.summaryRuns(summary);
        long failed = runs.values().stream().filter(r -> r.get("status").asText().equals("failed")).count();
        assertThat(failed).as(c.describe()).isPositive();
        for (JsonNode r : runs.values()) {
          if (r.get("status").asText().equals("failed")) {
            assertThat(r.get("error").asText()).as("run " + r.get("run_id")).contains(out.toString()).doesNotContain("\n");
            assertThat(c.out()).contains("failed run " + r.get("run_id").asText());
          }
        }
        // Publishing a run's manifest entry is its last step: a run whose entry is out is done.
        for (String run : before) {
          assertEquals("done", runs.get(run).get("status").asText(), "run " + run + " was published before the root broke");
        }
        System.out.println("note " + label + ": published before the root broke: " + before + "; failed after: " + failed + " of " + runs.size());
      }
      repair.run();
      Map<String, String> published = OutputDigests.publications(out);
      try (ChildStrand rerun = ChildStrand.start(dir, "rerun", Jobs.runArgs(out, dir.resolve("rerun.json"), job))) {
        assertEquals(0, rerun.waitFor(Jobs.JOB_TIMEOUT), rerun.describe());
      }
      Map<String, JsonNode> rerunRuns = Jobs.summaryRuns(dir.resolve("rerun.json"));
      for (String run : before) {
        assertEquals("skipped", rerunRuns.get(run).get("status").asText(), "run " + run + " was published before the root broke");
      }
      Map<String, String> after = OutputDigests.publications(out);
      published.forEach((k, v) -> assertEquals(v, after.get(k), k + " was published again"));
      assertThat(observer.finish()).as("what readers saw").isEmpty();
    }
    Jobs.Result v = Jobs.verify(out);
    assertEquals(0, v.code(), v.toString());
    assertEquals(OutputDigests.of(Jobs.clean(job)), OutputDigests.of(out), "the output equals an undisturbed run's");
  }

  /** Whether this process writes into a directory without write permission (it runs as root). */
  static boolean permissionsIgnored() throws IOException {
    Path probe = Files.createTempDirectory("permission-probe");
    try {
      Files.setPosixFilePermissions(probe, PosixFilePermissions.fromString("r-xr-xr-x"));
      try {
        Files.writeString(probe.resolve("x"), "x");
        Files.delete(probe.resolve("x"));
        return true;
      } catch (IOException e) {
        return false;
      }
    } finally {
      Files.setPosixFilePermissions(probe, PosixFilePermissions.fromString("rwxr-xr-x"));
      Files.delete(probe);
    }
  }

  private static void setWritable(Path root, boolean writable) throws IOException {
    List<Path> dirs;
    try (Stream<Path> s = Files.walk(root)) {
      dirs = s.filter(Files::isDirectory).toList();
    }
    for (Path d : dirs) {
      Files.setPosixFilePermissions(d, PosixFilePermissions.fromString(writable ? "rwxr-xr-x" : "r-xr-xr-x"));
    }
  }
}
