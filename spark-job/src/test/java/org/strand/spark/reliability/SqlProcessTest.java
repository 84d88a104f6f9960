package org.strand.spark.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code strand sql} as a user runs it, in a process of its own: the root's {@code tables.sql}
 * (which creates tables) and a query over them. The result is printed, stderr stays free of
 * Spark's and the JVM's chatter, and nothing is left in the directory the command ran in (Spark
 * would put its {@code spark-warehouse} there).
 */
@Tag("reliability")
class SqlProcessTest {
  @TempDir
  Path dir;

  @Test
  void tablesSqlThenAQuery_printsTheResult_leavesNothingInTheWorkingDirectory() throws Exception {
    Path out = Jobs.clean(DriverKillTest.JOB);
    String tables = Files.readString(out.resolve("_strand/tables.sql"));
    Path cwd = Files.createDirectory(dir.resolve("cwd"));
    try (ChildStrand sql = ChildStrand.run(cwd, "sql", Duration.ofMinutes(3), "sql", "--output", out.toString(),
        tables + "\nSELECT COUNT(DISTINCT run_id) AS runs FROM peak_basics")) {
      assertEquals(0, sql.waitFor(Duration.ofSeconds(1)), sql.describe());
      assertThat(sql.out()).contains("runs", String.valueOf(DriverKillTest.RUNS), "(1 row)");
      assertThat(sql.err()).as(sql.describe()).isEmpty();
    }
    try (var left = Files.list(cwd)) {
      assertThat(left.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith("sql."))).isEmpty();
    }
  }
}
