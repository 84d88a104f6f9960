package org.strand.spark.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job started by spark-submit (strand-submit, the Airflow DAG) gets its master as the JVM's
 * {@code spark.master}, not as {@code --master}: a standalone master there that does not answer is
 * refused in one line with exit 2 before Spark starts, as {@code --master} is, rather than after a
 * minute of Spark's retries with exit 1, which tells a scheduler that a run failed.
 */
@Tag("reliability")
class SparkSubmitMasterProcessTest {
  @TempDir
  Path dir;

  @Test
  void sparkSubmitsMasterNotAnswering_exits2_inOneLine_withinSeconds_writingNothing() throws Exception {
    Path out = dir.resolve("out");
    Path summary = dir.resolve("summary.json");
    // What spark-submit --master spark://127.0.0.1:1 hands the application's JVM.
    try (ChildStrand c = ChildStrand.start(dir.resolve("logs"), "dead-master", "512m", List.of("-Dspark.master=spark://127.0.0.1:1"),
        "run", "--output", out.toString(), "--generate", "1", "--run-size-mb", "1", "--no-progress", "--summary-json", summary.toString())) {
      assertEquals(2, c.waitFor(Duration.ofSeconds(45)), c.describe());
      String err = c.err().strip();
      assertThat(err).as(c.describe()).startsWith("strand: ").contains("spark.master spark://127.0.0.1:1", "no Spark master answers at 127.0.0.1:1")
          .doesNotContain("\n");
      assertEquals("", c.out(), c.describe());
    }
    assertFalse(Files.exists(out), "nothing written under --output");
    assertFalse(Files.exists(summary), "no summary: no job ran");
  }
}
