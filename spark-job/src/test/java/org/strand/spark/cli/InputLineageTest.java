package org.strand.spark.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strand.spark.testing.StraxCopies;
import org.strand.storage.testing.SharedData;

/**
 * {@code --input-lineage} on a strax directory where run 000001 holds raw_records under two
 * lineage hashes and run 000002 under one: without it run 000001 cannot be processed; with it the
 * chosen lineage is read, and only runs that have it are listed.
 */
class InputLineageTest {
  private static final String HASH = "aefc63wawj";
  private static final String OTHER = "zz0other00";

  @TempDir static Path dir;
  static Path input;

  @BeforeAll
  static void twoLineages() throws IOException {
    Path reference = SharedData.reference("strax-small/strax_data");
    input = Files.createDirectories(dir.resolve("strax"));
    StraxCopies.copyRun(reference, "000001", input, "000001");
    StraxCopies.copyRunUnderHash(reference, "000001", input, OTHER);
    StraxCopies.copyRun(reference, "000001", input, "000002");
  }

  private static Cli.Result explain(String name, String... more) {
    String[] args = {"explain", "--output", dir.resolve("out-" + name).toString(), "--input", input.toString(), "--targets", "records"};
    String[] all = new String[args.length + more.length];
    System.arraycopy(args, 0, all, 0, args.length);
    System.arraycopy(more, 0, all, args.length, more.length);
    return Cli.run(all);
  }

  /** The lineage explain shows for records of {@code run}. */
  private static String recordsLineage(Cli.Result r, String run) {
    Matcher m = Pattern.compile("(?m)^\\s+" + run + "\\s.*records=todo\\(([A-Za-z0-9]+)\\)").matcher(r.out());
    assertThat(m.find()).as("records of run %s in %s", run, r).isTrue();
    return m.group(1);
  }

  @Test
  void noLineageChosen_runWithTwoLineagesCannotBePlanned_sayingOneCanBeChosen() {
    Cli.Result r = explain("none");
    assertEquals(StrandCli.RUN_FAILED, r.code(), r.toString());
    assertThat(r.out()).contains("000001", "cannot be planned", "has 2 lineages of strax data of type 'raw_records'", "choose one by its hash (--input-lineage");
  }

  @Test
  void eachLineageChosen_isPlannedFromIt_andRecordsLineageFollowsTheChoice() {
    Cli.Result first = explain("first", "--input-lineage", HASH);
    Cli.Result other = explain("other", "--input-lineage", OTHER);
    assertEquals(StrandCli.OK, first.code(), first.toString());
    assertEquals(StrandCli.OK, other.code(), other.toString());
    assertEquals(recordsLineage(first, "000002"), recordsLineage(first, "000001"), "the same input lineage gives the same records lineage");
    assertNotEquals(recordsLineage(first, "000001"), recordsLineage(other, "000001"), "records record which input lineage they came from");
    assertThat(other.out()).as("000002 has no data of lineage %s", OTHER).doesNotContain("000002");
  }

  @Test
  void chosenLineage_isProcessed() {
    Cli.Result r = Cli.run("inprocess", "--output", dir.resolve("out-processed").toString(), "--input", input.toString(),
        "--input-lineage", OTHER, "--targets", "records", "--no-progress");
    assertEquals(StrandCli.OK, r.code(), r.toString());
    assertThat(dir.resolve("out-processed").toFile().list()).as("output written").isNotEmpty();
  }

  @Test
  void selectedRunWithoutTheLineage_isAConfigurationErrorNamingRunHashAndItsLineages() {
    Cli.Result r = explain("missing", "--input-lineage", OTHER, "--runs", "000002");
    assertEquals(StrandCli.USAGE, r.code(), r.toString());
    CommandLineErrorsTest.Fixtures.assertOneLineNaming(r.err(),
        "run 000002 has no raw_records of lineage " + OTHER + " (--input-lineage) in --input ", r.toString());
    assertThat(r.err()).contains("it has lineages [" + HASH + "]");
  }

  @Test
  void unknownLineage_isAConfigurationErrorNamingTheLineagesThere() {
    Cli.Result r = explain("unknown", "--input-lineage", "nosuch1");
    assertEquals(StrandCli.USAGE, r.code(), r.toString());
    CommandLineErrorsTest.Fixtures.assertOneLineNaming(r.err(), "holds no runs with raw_records of lineage nosuch1 (--input-lineage)", r.toString());
    assertThat(r.err()).contains("[" + HASH + ", " + OTHER + "]");
  }
}
