package org.strand.spark.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every usage or configuration error exits 2 with one line on stderr naming the problem, no stack
 * trace, and nothing written under --output. None of these starts Spark.
 */
class CommandLineErrorsTest {
  @TempDir
  static Path dir;

  static Path input;
  static Path emptyFile;
  static Path badJson;
  static Path listOfRuns;
  static Path arrowRoot;

  @BeforeAll
  static void files() throws IOException {
    input = Files.createDirectories(dir.resolve("input"));
    emptyFile = Files.writeString(dir.resolve("empty.txt"), "# nothing here\n\n");
    badJson = Files.writeString(dir.resolve("bad.json"), "{\"hit_min_amplitude\": 20,,}");
    listOfRuns = Files.writeString(dir.resolve("list.yaml"), "- a\n- b\n");
    arrowRoot = Files.createDirectories(dir.resolve("arrow-root/_strand"));
    Files.writeString(arrowRoot.resolve("format.json"), "{\"format\":\"arrow\"}");
    arrowRoot = arrowRoot.getParent();
  }

  static Stream<Arguments> badCommandLines() {
    String out = "OUT";
    return Stream.of(
        Arguments.of("unknown command", List.of("frobnicate"), "frobnicate"),
        Arguments.of("no command", List.of(), "missing command"),
        Arguments.of("unknown flag", List.of("run", "--output", out, "--generate", "2", "--frob"), "--frob"),
        Arguments.of("no output", List.of("run", "--generate", "2"), "--output"),
        Arguments.of("no input", List.of("run", "--output", out), "exactly one of --generate N and --input ROOT"),
        Arguments.of("two inputs", List.of("run", "--output", out, "--generate", "2", "--input", "IN"), "exactly one of"),
        Arguments.of("generate zero", List.of("run", "--output", out, "--generate", "0"), "--generate must be at least 1, got 0"),
        Arguments.of("generate not a number", List.of("run", "--output", out, "--generate", "many"), "'many'"),
        Arguments.of("zero threads", List.of("run", "--output", out, "--generate", "1", "--threads-per-run", "0"), "--threads-per-run must be at least 1, got 0"),
        Arguments.of("negative threads", List.of("run", "--output", out, "--generate", "1", "--threads-per-run", "-2"), "got -2"),
        Arguments.of("unknown processor", List.of("run", "--output", out, "--generate", "1", "--processor", "fast"), "--processor must be threaded or single, got 'fast'"),
        Arguments.of("unknown format", List.of("run", "--output", out, "--generate", "1", "--format", "csv"), "--format must be parquet or arrow, got 'csv'"),
        Arguments.of("unknown target", List.of("run", "--output", out, "--generate", "1", "--targets", "peakz"), "unknown target 'peakz'"),
        Arguments.of("bad target name", List.of("run", "--output", out, "--generate", "1", "--targets", "../x"), "invalid data type '../x'"),
        Arguments.of("unknown option", List.of("run", "--output", out, "--generate", "1", "--set", "hit_min_amplitud=3"), "unknown option 'hit_min_amplitud'"),
        Arguments.of("option of wrong type", List.of("run", "--output", out, "--generate", "1", "--set", "hit_min_amplitude=high"), "option 'hit_min_amplitude' expects an integer, got 'high'"),
        Arguments.of("set without value", List.of("run", "--output", out, "--generate", "1", "--set", "hit_min_amplitude"), "--set expects option=value"),
        Arguments.of("missing config", List.of("run", "--output", out, "--generate", "1", "--config", "NOPE.json"), "does not exist"),
        Arguments.of("invalid config", List.of("run", "--output", out, "--generate", "1", "--config", "BAD"), "is not valid JSON"),
        Arguments.of("config not a map", List.of("run", "--output", out, "--generate", "1", "--config", "LIST"), "must hold a map"),
        Arguments.of("missing input", List.of("run", "--output", out, "--input", "NOPE"), "does not exist"),
        Arguments.of("run id with ..", List.of("run", "--output", out, "--input", "IN", "--runs", "../etc"), "invalid run id '../etc'"),
        Arguments.of("run id with /", List.of("run", "--output", out, "--input", "IN", "--runs", "a/b"), "invalid run id 'a/b'"),
        Arguments.of("empty run list", List.of("run", "--output", out, "--input", "IN", "--runs", ","), "--runs lists no runs"),
        Arguments.of("empty runs file", List.of("run", "--output", out, "--input", "IN", "--runs-file", "EMPTY"), "lists no runs"),
        Arguments.of("runs with generate", List.of("run", "--output", out, "--generate", "2", "--runs", "000001"), "--runs and --runs-file select runs of --input"),
        Arguments.of("input without runs", List.of("run", "--output", out, "--input", "IN"), "holds no runs with raw_records"),
        Arguments.of("bad duration", List.of("run", "--output", out, "--generate", "1", "--run-timeout", "10x"), "invalid duration '10x'"),
        Arguments.of("bad spark conf", List.of("run", "--output", out, "--generate", "1", "--conf", "spark.executor.memory"), "--conf expects key=value"),
        Arguments.of("zero runs per partition", List.of("run", "--output", out, "--generate", "1", "--max-runs-per-partition", "0"), "at least 1, got 0"),
        Arguments.of("save without store", List.of("run", "--output", out, "--generate", "1", "--save", "hits"), "give --store ROOT too"),
        Arguments.of("output inside input", List.of("run", "--output", "IN/out", "--input", "IN"), "must not be inside or contain"),
        Arguments.of("output of other format", List.of("run", "--output", "ARROWROOT", "--generate", "1"), "holds arrow data"),
        Arguments.of("explain with bad option", List.of("explain", "--output", out, "--generate", "1", "--set", "nope=1"), "unknown option 'nope'"),
        Arguments.of("list of missing root", List.of("list", "--output", "NOPE"), "holds no strand output"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badCommandLines")
  void badCommandLine_exits2_withOneLineNamingTheProblem_writingNothing(String name, List<String> args, String expected) throws IOException {
    Path out = dir.resolve("out-" + name.replace(' ', '-'));
    List<String> real = new ArrayList<>();
    for (String a : args) {
      real.add(switch (a) {
        case "OUT" -> out.toString();
        case "IN" -> input.toString();
        case "IN/out" -> input.resolve("out").toString();
        case "EMPTY" -> emptyFile.toString();
        case "BAD" -> badJson.toString();
        case "LIST" -> listOfRuns.toString();
        case "NOPE" -> dir.resolve("does-not-exist").toString();
        case "NOPE.json" -> dir.resolve("nope.json").toString();
        case "ARROWROOT" -> arrowRoot.toString();
        default -> a;
      });
    }
    Cli.Result r = Cli.run(real.toArray(String[]::new));
    assertEquals(2, r.code(), r.toString());
    String err = r.err().strip();
    assertThat(err).as(r.toString()).startsWith("strand: ").contains(expected);
    assertFalse(err.contains("\n"), "one line: " + err);
    assertFalse(err.contains("\tat "), "no stack trace");
    assertFalse(Files.exists(out), "nothing written under --output");
    assertFalse(Files.exists(input.resolve("out")), "nothing written inside the input");
  }
}
