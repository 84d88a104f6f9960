package org.strand.spark.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strand.spark.testing.StraxCopies;
import org.strand.storage.testing.SharedData;

/**
 * A strax directory where run 000002's raw_records are still {@code <run>-raw_records-<hash>_temp}
 * (strax writing them, or its writer stopped) beside a finished run 000001: the unfinished run is
 * never read, and asking for it by name says why instead of calling it absent.
 */
class UnfinishedStraxRunTest {
  @TempDir static Path dir;
  static Path input;

  @BeforeAll
  static void oneFinishedOneUnfinished() throws IOException {
    Path reference = SharedData.reference("strax-small/strax_data");
    input = Files.createDirectories(dir.resolve("strax"));
    StraxCopies.copyRun(reference, "000001", input, "000001");
    Path second = StraxCopies.copyRun(reference, "000001", input, "000002");
    Files.move(second, second.resolveSibling(second.getFileName() + "_temp"));
  }

  @Test
  void unfinishedRunAskedForByName_isRefusedNamingItsTempDirectory() {
    Cli.Result r = Cli.run("explain", "--output", dir.resolve("out-named").toString(), "--input", input.toString(),
        "--targets", "records", "--runs", "000002");
    assertEquals(StrandCli.USAGE, r.code(), r.toString());
    assertThat(r.err()).contains("run 000002", "000002-raw_records-aefc63wawj_temp", "strax has not finished writing it");
  }

  @Test
  void allRuns_areTheFinishedOnes() {
    Cli.Result r = Cli.run("explain", "--output", dir.resolve("out-all").toString(), "--input", input.toString(),
        "--targets", "records");
    assertEquals(StrandCli.OK, r.code(), r.toString());
    assertThat(r.out()).contains("000001").doesNotContain("000002");
  }
}
