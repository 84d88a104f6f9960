package org.strand.spark.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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

  /** A query stopped with SIGTERM (or Ctrl-C) leaves no temporary warehouse behind; Spark's own temporary directories go too. */
  @Test
  void queryStoppedWithSigterm_leavesNoTemporaryDirectory() throws Exception {
    Path out = Jobs.clean(DriverKillTest.JOB);
    Path tmp = Files.createDirectory(dir.resolve("tmp"));
    Path cwd = Files.createDirectory(dir.resolve("cwd"));
    try (ChildStrand sql = ChildStrand.start(cwd, "sql", "1g", List.of("-Djava.io.tmpdir=" + tmp), "sql", "--output", out.toString(),
        "SELECT COUNT(*) FROM peak_basics a CROSS JOIN peak_basics b CROSS JOIN peak_basics c")) {
      long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      // Spark makes its block manager's directory once the session is up; the query is then under way.
      while (names(tmp).stream().noneMatch(n -> n.startsWith("blockmgr-"))) {
        assertThat(sql.isAlive()).as(sql.describe()).isTrue();
        assertThat(System.nanoTime()).as("Spark did not start within 2 minutes").isLessThan(deadline);
        Thread.sleep(200);
      }
      assertThat(names(tmp)).as("the temporary warehouse is made before Spark starts").anyMatch(n -> n.startsWith("strand-sql-warehouse-"));
      Thread.sleep(2000);
      assertThat(sql.isAlive()).as(sql.describe()).isTrue();
      sql.terminate();
    }
    assertThat(names(tmp)).filteredOn(n -> n.startsWith("strand-sql-warehouse-") || n.startsWith("spark-") || n.startsWith("blockmgr-"))
        .isEmpty();
  }

  private static List<String> names(Path dir) throws IOException {
    try (var files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).toList();
    }
  }
}
