package org.strand.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strand.spark.cli.StrandCli;
import org.strand.spark.sql.TablesSql;

/**
 * When a job leaves {@code _strand/tables.sql}: whenever the root holds published data after it,
 * whatever the job itself published (every run skipped, every run failed, or stopped by
 * {@code --fail-fast}); never as an empty file when nothing is published at all. Jobs run
 * in-process, without Spark; a run fails by its time limit of 1 ms.
 */
class TablesSqlAfterJobTest {
  @TempDir
  Path dir;

  private record Result(int code, String out, String err) {}

  private static Result strand(Path out, String... extra) {
    List<String> args = new ArrayList<>(List.of("inprocess", "--output", out.toString(), "--run-size-mb", "0.3", "--no-progress"));
    args.addAll(List.of(extra));
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    int code = StrandCli.execute(new PrintWriter(o, true), new PrintWriter(e, true), args.toArray(String[]::new));
    return new Result(code, o.toString(), e.toString());
  }

  private static Path tablesSql(Path out) {
    return out.resolve("_strand").resolve(TablesSql.FILE);
  }

  /** A root with run 000000 published, its tables.sql then deleted (as by a strand version before it had one). */
  private Path rootWithOneRunAndNoTablesSql() throws IOException {
    Path out = dir.resolve("out");
    Result first = strand(out, "--generate", "1");
    assertEquals(0, first.code(), first.toString());
    Files.delete(tablesSql(out));
    return out;
  }

  @Test
  void everyRunSkipped_writesTablesSql() throws IOException {
    Path out = rootWithOneRunAndNoTablesSql();
    Result again = strand(out, "--generate", "1");
    assertEquals(0, again.code(), again.toString());
    assertThat(again.err()).contains("nothing to do");
    assertThat(tablesSql(out)).content().contains("CREATE TABLE `peak_basics`", "run_id = '000000'");
  }

  @Test
  void everyProcessedRunFailed_onARootWithPublishedData_writesTablesSql() throws IOException {
    Path out = rootWithOneRunAndNoTablesSql();
    Result failed = strand(out, "--generate", "2", "--run-timeout", "1ms");
    assertEquals(1, failed.code(), failed.toString());
    assertThat(failed.out()).contains("failed run 000001");
    assertThat(tablesSql(out)).content().contains("run_id = '000000'").doesNotContain("run_id = '000001'");
  }

  @Test
  void jobStoppedByFailFast_writesTablesSqlForWhatIsPublished() throws IOException {
    // In-process, --fail-fast ends the job as on Spark: a summary naming the failed run, no
    // stack trace, and tables.sql for what is published (it used to be left as before the job).
    Path out = rootWithOneRunAndNoTablesSql();
    Result stopped = strand(out, "--generate", "2", "--run-timeout", "1ms", "--fail-fast");
    assertEquals(1, stopped.code(), stopped.toString());
    assertThat(stopped.out()).contains("failed run 000001", "--fail-fast");
    assertThat(stopped.err()).doesNotContain("\tat ", "IllegalStateException");
    assertTrue(Files.exists(tablesSql(out)), "tables.sql after a job stopped by --fail-fast: " + stopped);
    assertThat(tablesSql(out)).content().contains("run_id = '000000'");
  }

  @Test
  void nothingPublished_noTablesSql() {
    Path out = dir.resolve("never-published");
    Result failed = strand(out, "--generate", "1", "--run-timeout", "1ms");
    assertEquals(1, failed.code(), failed.toString());
    assertFalse(Files.exists(tablesSql(out)), "no tables.sql, not an empty one, while nothing is published");
  }
}
