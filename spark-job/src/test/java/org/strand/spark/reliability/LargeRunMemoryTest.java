package org.strand.spark.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One generated run more than five times the heap, processed by a Spark application (driver and
 * executor in one JVM, local mode) with a 1 GiB heap: it completes, and its peak heap use, as
 * the job summary reports it, stays below the heap. Memory per run is bounded by the chunks in
 * flight, not by the run's size.
 */
@Tag("reliability")
class LargeRunMemoryTest {
  static final long HEAP = 1L << 30;
  /** 5,500 MB of raw records: 5.1 times the 1 GiB heap. */
  static final int RUN_MB = 5500;

  @TempDir
  Path dir;

  @Test
  void runFiveTimesTheHeap_completes_peakHeapBelowTheHeap() throws Exception {
    Path out = dir.resolve("out");
    Path summary = dir.resolve("summary.json");
    long t0 = System.nanoTime();
    try (ChildStrand c = ChildStrand.start(dir, "large", "1g", List.of("-Xlog:gc:file=" + dir.resolve("gc.log")),
        Jobs.runArgs(out, summary, "--generate", "1", "--run-size-mb", String.valueOf(RUN_MB), "--master", "local[2]",
            "--threads-per-run", "2", "--no-progress"))) {
      assertEquals(0, c.waitFor(Duration.ofMinutes(30)), c.describe());
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    JsonNode s = Jobs.summary(summary);
    JsonNode run = s.get("runs").get(0);
    assertEquals("done", run.get("status").asText(), run.toString());
    long raw = run.get("raw_bytes").asLong();
    assertThat(raw).as("raw bytes of the run").isGreaterThanOrEqualTo(5 * HEAP);
    assertThat(run.get("targets").get("peak_basics").get("rows").asLong()).isPositive();
    long peak = run.get("peak_heap_bytes").asLong();
    assertThat(peak).as("peak heap use").isPositive().isLessThan(HEAP);
    assertThat(s.get("totals").get("peak_heap_bytes").asLong()).isEqualTo(peak);
    List<String> gcLog = Files.readAllLines(dir.resolve("gc.log"));
    System.out.printf("note: run of %.0f MB (%.2f x the heap) in %.1f s (job %.1f s, run %.1f s, %.1f MB/s); peak heap %.0f MB of %d MB; %d GC log lines%n",
        raw / 1e6, raw / (double) HEAP, seconds, s.get("totals").get("wall_seconds").asDouble(), run.get("seconds").asDouble(),
        raw / 1e6 / run.get("seconds").asDouble(), peak / 1e6, HEAP >> 20, gcLog.size());
    gcLog.stream().filter(l -> l.contains("Pause Full")).forEach(l -> System.out.println("note: full collection: " + l));
    Jobs.Result v = Jobs.verify(out);
    assertEquals(0, v.code(), v.toString());
  }
}
