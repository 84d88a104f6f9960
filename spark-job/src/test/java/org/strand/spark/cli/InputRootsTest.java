package org.strand.spark.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strand.spark.Components;
import org.strand.spark.testing.LogLines;
import org.strand.spark.testing.StraxCopies;
import org.strand.storage.testing.SharedData;

/**
 * Several {@code --input} roots are one input, as strax's list of storage directories: the runs
 * of all of them, a run in several read from the first given (of the chosen lineage, if any), the
 * copies not read named in the log.
 *
 * <p>Copies of strax-small's run: {@code a} holds 000001 and 000002, {@code b} holds 000001 under
 * another lineage hash (so the records made from it have another lineage, which shows which copy
 * was read) and 000003, {@code c} holds 000004.
 */
class InputRootsTest {
  private static final String HASH = "aefc63wawj";
  private static final String OTHER = "zz0other00";

  @TempDir static Path dir;
  static Path a;
  static Path b;
  static Path c;

  @BeforeAll
  static void threeRoots() throws IOException {
    Path reference = SharedData.reference("strax-small/strax_data");
    a = Files.createDirectories(dir.resolve("a"));
    b = Files.createDirectories(dir.resolve("b"));
    c = Files.createDirectories(dir.resolve("c"));
    StraxCopies.copyRun(reference, "000001", a, "000001");
    StraxCopies.copyRun(reference, "000001", a, "000002");
    StraxCopies.copyRunUnderHash(reference, "000001", b, OTHER);
    StraxCopies.copyRun(reference, "000001", b, "000003");
    StraxCopies.copyRun(reference, "000001", c, "000004");
  }

  private static Cli.Result explain(String name, String... more) {
    List<String> args = new ArrayList<>(List.of("explain", "--output", dir.resolve("out-" + name).toString(), "--targets", "records"));
    args.addAll(List.of(more));
    return Cli.run(args.toArray(String[]::new));
  }

  /** Run id to the lineage explain shows for its records. */
  private static Map<String, String> recordsLineages(Cli.Result r) {
    Map<String, String> out = new TreeMap<>();
    Matcher m = Pattern.compile("(?m)^\\s+(\\d{6})\\s.*records=todo\\(([A-Za-z0-9]+)\\)").matcher(r.out());
    while (m.find()) {
      out.put(m.group(1), m.group(2));
    }
    return out;
  }

  @Test
  void twoRootsWithDifferentRuns_oneJobProcessesBoth_andTheSummaryNamesBothRoots() throws IOException {
    Path out = dir.resolve("out-job");
    Path summary = dir.resolve("summary-job.json");
    Cli.Result r = Cli.run("run", "--output", out.toString(), "--input", a.toString(), "--input", c.toString(), "--targets", "records",
        "--master", "local[1]", "--no-progress", "--summary-json", summary.toString());
    assertEquals(StrandCli.OK, r.code(), r.toString());
    JsonNode s = new ObjectMapper().readTree(summary.toFile());
    Map<String, String> status = new TreeMap<>();
    s.get("runs").forEach(run -> status.put(run.get("run_id").asText(), run.get("status").asText()));
    assertEquals(Map.of("000001", "done", "000002", "done", "000004", "done"), status);
    assertEquals(a + "," + c, s.get("input").asText(), "input as --input takes it");
    assertEquals(List.of(a.toString(), c.toString()), List.of(s.get("input_roots").get(0).asText(), s.get("input_roots").get(1).asText()));
    assertEquals(2, s.get("input_roots").size());
    try (var runs = Files.list(out.resolve("records").resolve("lineage=" + recordsLineages(explain("job-lineage", "--input", a.toString())).get("000001")))) {
      assertThat(runs.map(p -> p.getFileName().toString()).sorted().toList()).containsExactly("run_id=000001", "run_id=000002", "run_id=000004");
    }
  }

  @Test
  void oneRoot_summaryKeepsItsInputField() throws IOException {
    Path summary = dir.resolve("summary-one.json");
    Cli.Result r = Cli.run("inprocess", "--output", dir.resolve("out-one").toString(), "--input", c.toString(), "--targets", "records",
        "--no-progress", "--summary-json", summary.toString());
    assertEquals(StrandCli.OK, r.code(), r.toString());
    JsonNode s = new ObjectMapper().readTree(summary.toFile());
    assertEquals(c.toString(), s.get("input").asText());
    assertEquals(1, s.get("input_roots").size());
  }

  @Test
  void runsInTwoRoots_areNamedInOneLogLine_notOnePerRun() throws IOException {
    // A second name for the same directory, as a mirror is: every run of a has a copy there.
    Path mirror = Files.createSymbolicLink(dir.resolve("a-mirror"), a);
    Cli.Result r;
    List<String> log;
    try (LogLines lines = LogLines.of(Components.class)) {
      r = explain("mirror", "--input", a + "," + mirror);
      log = lines.lines();
    }
    assertEquals(StrandCli.OK, r.code(), r.toString());
    assertThat(log).filteredOn(l -> l.contains("not read")).singleElement().asString()
        .contains("2 runs (000001, 000002): raw_records read from --input " + a, "the copies in " + mirror + " are not read");
  }

  @Test
  void runInTwoRoots_isReadFromTheFirstGiven_andTheOtherCopyIsNamedInTheLog() {
    Map<String, String> fromA = recordsLineages(explain("only-a", "--input", a.toString()));
    Map<String, String> fromB = recordsLineages(explain("only-b", "--input", b.toString()));
    assertNotEquals(fromA.get("000001"), fromB.get("000001"), "the two copies give records of different lineages");

    Cli.Result ab;
    List<String> log;
    try (LogLines lines = LogLines.of(Components.class)) {
      ab = explain("ab", "--input", a.toString(), "--input", b.toString());
      log = lines.lines();
    }
    assertEquals(StrandCli.OK, ab.code(), ab.toString());
    Map<String, String> both = recordsLineages(ab);
    assertEquals(List.of("000001", "000002", "000003"), List.copyOf(both.keySet()), "the runs of both roots");
    assertEquals(fromA.get("000001"), both.get("000001"), "000001 is read from the first root, a");
    assertEquals(fromA.get("000002"), both.get("000002"));
    assertEquals(fromB.get("000003"), both.get("000003"));
    assertThat(log).filteredOn(l -> l.startsWith("INFO ") && l.contains("run 000001"))
        .singleElement().asString().contains("read from --input " + a, "the copy in " + b + " is not read");
    assertThat(log).noneMatch(l -> l.contains("run 000002") || l.contains("run 000003"));

    Map<String, String> ba = recordsLineages(explain("ba", "--input", b + "," + a));
    assertEquals(fromB.get("000001"), ba.get("000001"), "in the other order, 000001 is read from b");
  }

  @Test
  void runInTwoRoots_isProcessedFromTheFirst() throws IOException {
    Path summary = dir.resolve("summary-first.json");
    Cli.Result r = Cli.run("inprocess", "--output", dir.resolve("out-first").toString(), "--input", b.toString(), "--input", a.toString(),
        "--runs", "000001", "--targets", "records", "--no-progress", "--summary-json", summary.toString());
    assertEquals(StrandCli.OK, r.code(), r.toString());
    JsonNode run = new ObjectMapper().readTree(summary.toFile()).get("runs").get(0);
    assertEquals("done", run.get("status").asText());
    assertEquals(recordsLineages(explain("first-b", "--input", b.toString())).get("000001"),
        run.get("targets").get("records").get("lineage").asText(), "published from b's copy");
  }

  @Test
  void inputLineage_aRootWhereTheRunLacksItDoesNotHoldIt() {
    Map<String, String> fromB = recordsLineages(explain("lineage-b", "--input", b.toString(), "--input-lineage", OTHER));
    Cli.Result r;
    List<String> log;
    try (LogLines lines = LogLines.of(Components.class)) {
      r = explain("lineage-ab", "--input", a.toString(), "--input", b.toString(), "--input-lineage", OTHER);
      log = lines.lines();
    }
    assertEquals(StrandCli.OK, r.code(), r.toString());
    assertEquals(Map.of("000001", fromB.get("000001")), recordsLineages(r), "only 000001 has lineage " + OTHER + ", in b");
    assertThat(log).noneMatch(l -> l.contains("run 000001"));
  }

  @Test
  void commaSeparatedList_isTheSameAsRepeatedOptions() {
    Cli.Result repeated = explain("same", "--input", a.toString(), "--input", b.toString(), "--input", c.toString());
    Cli.Result comma = explain("same", "--input", a + "," + b + "," + c);
    Cli.Result mixed = explain("same", "--input", a + "," + b, "--input", c.toString());
    assertEquals(StrandCli.OK, repeated.code(), repeated.toString());
    assertThat(recordsLineages(repeated)).hasSize(4);
    assertEquals(repeated, comma);
    assertEquals(repeated, mixed);
  }

  @Test
  void rootWithACommaInItsName_isGivenInDoubleQuotes() throws IOException {
    Path comma = Files.createDirectories(dir.resolve("with,comma"));
    StraxCopies.copyRun(SharedData.reference("strax-small/strax_data"), "000001", comma, "000005");
    Cli.Result quoted = explain("comma", "--input", "\"" + comma + "\"," + c);
    assertEquals(StrandCli.OK, quoted.code(), quoted.toString());
    assertThat(recordsLineages(quoted)).containsOnlyKeys("000004", "000005");
    Cli.Result unquoted = explain("comma", "--input", comma.toString());
    assertEquals(StrandCli.USAGE, unquoted.code(), unquoted.toString());
    assertThat(unquoted.err()).contains("with does not exist, but " + comma + " does; it holds a comma, give the root in double quotes: --input '\"" + comma + "\"'");
  }

  @Test
  void runInNoRoot_isRefusedBeforeTheJob_namingTheRunAndTheRoots() {
    Path out = dir.resolve("out-neither");
    Cli.Result r = Cli.run("run", "--output", out.toString(), "--input", a.toString(), "--input", c.toString(), "--runs", "000001,000003",
        "--targets", "records", "--master", "local[1]");
    assertEquals(StrandCli.USAGE, r.code(), r.toString());
    CommandLineErrorsTest.Fixtures.assertOneLineNaming(r.err(),
        "run 000003 has no raw_records in any --input root (searched " + a + ", " + c + ")", r.toString());
    assertFalse(Files.exists(out), "nothing written");

    Cli.Result lineage = explain("neither-lineage", "--input", a.toString(), "--input", b.toString(), "--input-lineage", OTHER,
        "--runs", "000002");
    assertEquals(StrandCli.USAGE, lineage.code(), lineage.toString());
    CommandLineErrorsTest.Fixtures.assertOneLineNaming(lineage.err(), "run 000002 has no raw_records of lineage " + OTHER
        + " (--input-lineage) in any --input root (searched " + a + ", " + b + "); it has lineages [" + HASH + "] in " + a, lineage.toString());
  }

  @Test
  void missingSecondRoot_isRefusedNamingIt() {
    Path missing = dir.resolve("not-there");
    Cli.Result r = Cli.run("run", "--output", dir.resolve("out-missing").toString(), "--input", a.toString(), "--input", missing.toString(),
        "--targets", "records");
    assertEquals(StrandCli.USAGE, r.code(), r.toString());
    CommandLineErrorsTest.Fixtures.assertOneLineNaming(r.err(), "--input " + missing + " does not exist", r.toString());
    assertFalse(Files.exists(dir.resolve("out-missing")), "nothing written");
  }

  @Test
  void straxDirectoryAndChunkStore_areOneInput() {
    Path store = dir.resolve("store");
    Cli.Result made = Cli.run("inprocess", "--output", dir.resolve("out-store").toString(), "--generate", "1", "--run-size-mb", "1",
        "--targets", "records", "--store", store.toString(), "--save", "raw_records", "--no-progress");
    assertEquals(StrandCli.OK, made.code(), made.toString());
    Cli.Result r = explain("mixed", "--input", c.toString(), "--input", store.toString());
    assertEquals(StrandCli.OK, r.code(), r.toString());
    assertEquals(List.of("000000", "000004"), List.copyOf(recordsLineages(r).keySet()), "the generated run from the store, 000004 from c");
  }
}
