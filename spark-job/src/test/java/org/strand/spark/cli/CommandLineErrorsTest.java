package org.strand.spark.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.strand.storage.testing.Fifos;

/**
 * Every usage or configuration error exits 2 with one line on stderr naming the problem, no stack
 * trace, and nothing written under --output. None of these starts Spark.
 */
public class CommandLineErrorsTest {
  @TempDir
  static Path dir;

  static Fixtures files;

  @BeforeAll
  static void files() throws IOException {
    files = new Fixtures(dir);
  }

  /**
   * The files and directories the bad command lines name, made in one directory, and the
   * substitution of their placeholders. Shared with the suite that runs these command lines in
   * child processes.
   */
  public static final class Fixtures {
    final Path dir;
    final Path input;
    final Path emptyFile;
    final Path badJson;
    final Path listOfRuns;
    final Path arrowRoot;
    final Path badRunsFile;
    final Path badOptionNameConfig;
    final Path wrongTypeConfig;
    final Path yamlUnknownOption;
    final Path plainFile;
    final Path aDirectory;
    final Path storeRoot;
    final Path latin1RunsFile;
    final Path channelsByRunConfig;
    final Path danglingLink;
    /** A named pipe, or null where none can be made (the cases naming it are then skipped). */
    final Path namedPipe;
    final String noNamedPipe;

    public Fixtures(Path dir) throws IOException {
      this.dir = dir;
      input = Files.createDirectories(dir.resolve("input"));
      emptyFile = Files.writeString(dir.resolve("empty.txt"), "# nothing here\n\n");
      badJson = Files.writeString(dir.resolve("bad.json"), "{\"hit_min_amplitude\": 20,,}");
      listOfRuns = Files.writeString(dir.resolve("list.yaml"), "- a\n- b\n");
      arrowRoot = dir.resolve("arrow-root");
      Files.createDirectories(arrowRoot.resolve("_strand"));
      Files.writeString(arrowRoot.resolve("_strand/format.json"), "{\"format\":\"arrow\"}");
      badRunsFile = Files.writeString(dir.resolve("runs.txt"), "000001\n../../etc\n");
      badOptionNameConfig = Files.writeString(dir.resolve("evil.json"), "{\"../evil\": 1}");
      wrongTypeConfig = Files.writeString(dir.resolve("wrong.json"), "{\"hit_min_amplitude\": \"high\"}");
      yamlUnknownOption = Files.writeString(dir.resolve("unknown.yaml"), "hit_min_amplitud: 3\n");
      plainFile = Files.writeString(dir.resolve("plain.txt"), "not a directory");
      aDirectory = Files.createDirectories(dir.resolve("a-directory"));
      storeRoot = dir.resolve("store-root");
      Files.createDirectories(storeRoot.resolve("_strand"));
      Files.writeString(storeRoot.resolve("_strand/format.json"), "{\"format\":\"chunks\"}");
      latin1RunsFile = Files.write(dir.resolve("runs-latin1.txt"), new byte[] {'0', '0', '0', '0', '0', '1', (byte) 0xE9, '\n'});
      channelsByRunConfig = Files.writeString(dir.resolve("channels.json"), "{\"n_channels\": {\"by_run\": {\"000000\": 100}}}");
      danglingLink = Files.createSymbolicLink(dir.resolve("dangling-output"), dir.resolve("unmounted/output"));
      Path pipe = dir.resolve("pipe.txt");
      try {
        noNamedPipe = Fifos.tryMake(pipe).orElse(null);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while making " + pipe, e);
      }
      namedPipe = noNamedPipe == null ? pipe : null;
    }

    /** The output root a case named {@code name} uses (it must never be created). */
    public Path output(String name) {
      return dir.resolve("out-" + name.replaceAll("[^A-Za-z0-9]", "-"));
    }

    /**
     * The arguments with their placeholders replaced by real paths. An argument {@code YAML:text}
     * or {@code JSON:text} becomes a config file of this case holding {@code text}.
     */
    public List<String> resolve(String name, List<String> args) throws IOException {
      Path out = output(name);
      List<String> real = new ArrayList<>();
      for (String a : args) {
        if (a.startsWith("YAML:") || a.startsWith("JSON:")) {
          String file = "config-" + name.replaceAll("[^A-Za-z0-9]", "-") + (a.startsWith("YAML:") ? ".yaml" : ".json");
          real.add(Files.writeString(dir.resolve(file), a.substring(5)).toString());
          continue;
        }
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
          case "OUT/store" -> out.resolve("store").toString();
          case "RUNSBAD" -> badRunsFile.toString();
          case "EVIL" -> badOptionNameConfig.toString();
          case "WRONG" -> wrongTypeConfig.toString();
          case "UNKNOWNYAML" -> yamlUnknownOption.toString();
          case "FILE" -> plainFile.toString();
          case "FILE/out" -> plainFile.resolve("out/root").toString();
          case "DANGLING" -> danglingLink.toString();
          case "LATIN1" -> latin1RunsFile.toString();
          case "CHANNELSBYRUN" -> channelsByRunConfig.toString();
          case "DIR" -> aDirectory.toString();
          case "STOREROOT" -> storeRoot.toString();
          case "FIFO" -> {
            assumeTrue(namedPipe != null, () -> "no named pipe: " + noNamedPipe);
            yield namedPipe.toString();
          }
          default -> a;
        });
      }
      return real;
    }

    /**
     * Checks what a failed case must leave as it was: its output root never created, nothing
     * in the input, the file and directory given as roots untouched, missing paths missing.
     */
    public void assertNothingWritten(String name) throws IOException {
      assertFalse(Files.exists(output(name)), "nothing written under --output");
      assertFalse(Files.exists(input.resolve("out")), "nothing written inside the input");
      assertFalse(Files.exists(input.resolve("_strand")), "nothing written inside the input");
      assertEquals("not a directory", Files.readString(plainFile), "a file given as a root is left alone");
      assertThat(aDirectory.toFile().list()).as("nothing written into a directory given as a file").isEmpty();
      assertFalse(Files.exists(dir.resolve("does-not-exist")), "a missing path stays missing");
      assertFalse(Files.exists(dir.resolve("unmounted")), "nothing made behind a dangling link");
    }

    /** The checks of the message: one line, starting {@code strand: }, naming the problem, no stack trace. */
    public static void assertOneLineNaming(String stderr, String expected, String context) {
      String err = stderr.strip();
      assertThat(err).as(context).startsWith("strand: ").contains(expected);
      assertFalse(err.contains("\n"), "one line: " + err);
      assertFalse(err.contains("\tat "), "no stack trace");
    }
  }

  /**
   * Each bad command line: a name, the arguments (with placeholders for the paths made in
   * {@link #files()}: OUT, IN, IN/out, OUT/store, EMPTY, BAD, LIST, NOPE, NOPE.json, ARROWROOT,
   * RUNSBAD, EVIL, WRONG, UNKNOWNYAML, FILE, DIR, STOREROOT, LATIN1, CHANNELSBYRUN, FIFO, and
   * {@code YAML:text} or {@code JSON:text} for a config file holding text), and a part of the
   * expected message.
   */
  public static Stream<Arguments> badCommandLines() {
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
        Arguments.of("zero threads", List.of("run", "--output", out, "--generate", "1", "--threads-per-run", "0"), "--threads-per-run must be between 1 and 256, got 0"),
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
        Arguments.of("missing second input root", List.of("run", "--output", out, "--input", "IN", "--input", "NOPE"),
            "does-not-exist does not exist"),
        Arguments.of("second input root is a file", List.of("explain", "--output", out, "--input", "IN", "--input", "FILE"),
            "plain.txt is not a directory"),
        Arguments.of("input root given twice", List.of("run", "--output", out, "--input", "IN", "--input", "DIR", "--input", "IN"),
            "input is given twice; give each root once"),
        Arguments.of("empty root in a list of input roots", List.of("run", "--output", out, "--input", "a,,b"), "--input names an empty root among a,,b"),
        Arguments.of("output inside the second input root", List.of("run", "--output", "IN/out", "--input", "DIR", "--input", "IN"),
            "must not be inside or contain"),
        Arguments.of("input roots without runs", List.of("explain", "--output", out, "--input", "DIR", "--input", "IN"),
            "none of the --input roots "),
        Arguments.of("run id with ..", List.of("run", "--output", out, "--input", "IN", "--runs", "../etc"), "invalid run id '../etc'"),
        Arguments.of("run id with /", List.of("run", "--output", out, "--input", "IN", "--runs", "a/b"), "invalid run id 'a/b'"),
        Arguments.of("empty run list", List.of("run", "--output", out, "--input", "IN", "--runs", ","), "--runs lists no runs"),
        Arguments.of("empty runs file", List.of("run", "--output", out, "--input", "IN", "--runs-file", "EMPTY"), "lists no runs"),
        Arguments.of("runs with generate", List.of("run", "--output", out, "--generate", "2", "--runs", "000001"), "--runs and --runs-file select runs of --input"),
        Arguments.of("input without runs", List.of("run", "--output", out, "--input", "IN"), "holds no runs with raw_records"),
        Arguments.of("input lineage with generate", List.of("run", "--output", out, "--generate", "1", "--input-lineage", "abc123"),
            "--input-lineage chooses a lineage of --input's raw_records; generated runs (--generate) have only one"),
        Arguments.of("malformed input lineage", List.of("run", "--output", out, "--input", "IN", "--input-lineage", "../x"),
            "--input-lineage: '../x' is not a lineage hash (letters and digits, at most 64)"),
        Arguments.of("explain with malformed input lineage", List.of("explain", "--output", out, "--input", "IN", "--input-lineage", "a-b"),
            "'a-b' is not a lineage hash"),
        Arguments.of("bad duration", List.of("run", "--output", out, "--generate", "1", "--run-timeout", "10x"), "invalid duration '10x'"),
        Arguments.of("bad spark conf", List.of("run", "--output", out, "--generate", "1", "--conf", "spark.executor.memory"), "--conf expects key=value"),
        // Spark would refuse these only while starting, with stack traces before and after strand's line.
        Arguments.of("spark size setting not a size", List.of("run", "--output", out, "--generate", "1", "--conf", "spark.driver.maxResultSize=zz"),
            "--conf spark.driver.maxResultSize=zz: Spark does not take this value"),
        Arguments.of("spark memory setting not a size", List.of("run", "--output", out, "--generate", "1", "--conf", "spark.executor.memory=abc"),
            "--conf spark.executor.memory=abc: Spark does not take this value"),
        Arguments.of("sql with a spark setting Spark refuses", List.of("sql", "--output", out, "--conf", "spark.driver.maxResultSize=zz", "SELECT 1"),
            "--conf spark.driver.maxResultSize=zz: Spark does not take this value"),
        Arguments.of("zero runs per partition", List.of("run", "--output", out, "--generate", "1", "--max-runs-per-partition", "0"), "at least 1, got 0"),
        Arguments.of("save without store", List.of("run", "--output", out, "--generate", "1", "--save", "hits"), "give --store ROOT too"),
        Arguments.of("output inside input", List.of("run", "--output", "IN/out", "--input", "IN"), "must not be inside or contain"),
        Arguments.of("output of other format", List.of("run", "--output", "ARROWROOT", "--generate", "1"), "holds arrow data"),
        Arguments.of("explain with bad option", List.of("explain", "--output", out, "--generate", "1", "--set", "nope=1"), "unknown option 'nope'"),
        Arguments.of("list of missing root", List.of("list", "--output", "NOPE"), "holds no strand output"),
        Arguments.of("unknown plugin", List.of("run", "--output", out, "--generate", "1", "--plugins", "com.example.NoSuchPlugin"),
            "plugin class com.example.NoSuchPlugin is not on the classpath"),
        Arguments.of("plugin not a class name", List.of("run", "--output", out, "--generate", "1", "--plugins", "../evil.jar"), "is not a Java class name"),
        Arguments.of("negative generate", List.of("run", "--output", out, "--generate", "-3"), "--generate must be at least 1, got -3"),
        Arguments.of("generate not an integer", List.of("run", "--output", out, "--generate", "1.5"), "'1.5'"),
        Arguments.of("zero run size", List.of("run", "--output", out, "--generate", "1", "--run-size-mb", "0"), "--run-size-mb must be a positive size in MB, got 0"),
        Arguments.of("run size not a number", List.of("run", "--output", out, "--generate", "1", "--run-size-mb", "big"), "'big'"),
        Arguments.of("seed not a number", List.of("run", "--output", out, "--generate", "1", "--seed", "x1"), "'x1'"),
        Arguments.of("seed with input", List.of("run", "--output", out, "--input", "IN", "--seed", "7"),
            "--seed applies to generated runs (--generate)"),
        Arguments.of("run size with input", List.of("run", "--output", out, "--input", "IN", "--run-size-mb", "5"),
            "--run-size-mb applies to generated runs (--generate)"),
        Arguments.of("threads not a number", List.of("run", "--output", out, "--generate", "1", "--threads-per-run", "two"), "'two'"),
        Arguments.of("negative runs per partition", List.of("run", "--output", out, "--generate", "1", "--max-runs-per-partition", "-1"), "at least 1, got -1"),
        Arguments.of("zero duration", List.of("run", "--output", out, "--generate", "1", "--run-timeout", "0s"), "out of range"),
        Arguments.of("negative duration", List.of("run", "--output", out, "--generate", "1", "--run-timeout", "-5m"), "invalid duration '-5m'"),
        Arguments.of("duration without unit", List.of("run", "--output", out, "--generate", "1", "--run-timeout", "90"), "invalid duration '90'"),
        Arguments.of("unknown master", List.of("run", "--output", out, "--generate", "1", "--master", "foo://host:7077"), "--master"),
        Arguments.of("local master with zero threads", List.of("run", "--output", out, "--generate", "1", "--master", "local[0]"), "--master"),
        // --conf reaches the file system of the roots these commands read: a class that is not there is named.
        Arguments.of("list with a missing file system class", List.of("list", "--output", out, "--conf", "spark.hadoop.fs.file.impl.disable.cache=true",
            "--conf", "spark.hadoop.fs.file.impl=com.example.NoSuchFileSystem"), "com.example.NoSuchFileSystem"),
        Arguments.of("verify with a missing file system class", List.of("verify", "--output", out, "--conf", "spark.hadoop.fs.file.impl.disable.cache=true",
            "--conf", "spark.hadoop.fs.file.impl=com.example.NoSuchFileSystem"), "com.example.NoSuchFileSystem"),
        Arguments.of("explain with a missing file system class", List.of("explain", "--output", out, "--generate", "1",
            "--conf", "spark.hadoop.fs.file.impl.disable.cache=true", "--conf", "spark.hadoop.fs.file.impl=com.example.NoSuchFileSystem"),
            "com.example.NoSuchFileSystem"),
        Arguments.of("sql with more cpus per task than local cores", List.of("sql", "--output", out, "--master", "local[1]",
            "--conf", "spark.task.cpus=2", "SELECT 1"), "spark.task.cpus=2 needs 2 cores per task"),
        Arguments.of("sql with a bad setting", List.of("sql", "--output", out, "--conf", "spark.ui", "SELECT 1"), "--conf expects key=value"),
        Arguments.of("master that does not answer", List.of("run", "--output", out, "--generate", "1", "--master", "spark://127.0.0.1:1"),
            "no Spark master answers at 127.0.0.1:1"),
        Arguments.of("sql master that does not answer", List.of("sql", "--output", out, "--master", "spark://127.0.0.1:1", "SELECT 1"),
            "no Spark master answers at 127.0.0.1:1"),
        Arguments.of("more cpus per task than local cores", List.of("run", "--output", out, "--generate", "1", "--master", "local[1]",
            "--conf", "spark.task.cpus=2"), "spark.task.cpus=2 needs 2 cores per task, but --master local[1] has 1"),
        Arguments.of("cpus per task not a number", List.of("run", "--output", out, "--generate", "1", "--conf", "spark.task.cpus=two"),
            "--conf spark.task.cpus=two: Spark does not take this value"),
        Arguments.of("empty master", List.of("run", "--output", out, "--generate", "1", "--master", ""), "--master"),
        Arguments.of("run id too long", List.of("run", "--output", out, "--input", "IN", "--runs", "r".repeat(65)), "invalid run id"),
        Arguments.of("run id with backslash", List.of("run", "--output", out, "--input", "IN", "--runs", "a\\b"), "invalid run id"),
        Arguments.of("run id with space", List.of("run", "--output", out, "--input", "IN", "--runs", "000001,a b"), "invalid run id 'a b'"),
        Arguments.of("run id .", List.of("run", "--output", out, "--input", "IN", "--runs", "."), "invalid run id '.'"),
        Arguments.of("runs file with ..", List.of("run", "--output", out, "--input", "IN", "--runs-file", "RUNSBAD"), "invalid run id '../../etc'"),
        Arguments.of("missing runs file", List.of("run", "--output", out, "--input", "IN", "--runs-file", "NOPE"), "does not exist"),
        Arguments.of("runs and runs file", List.of("run", "--output", out, "--input", "IN", "--runs", "1", "--runs-file", "RUNSBAD"), "not both"),
        Arguments.of("config option name with path", List.of("run", "--output", out, "--generate", "1", "--config", "EVIL"), "invalid option name '../evil'"),
        Arguments.of("config value of wrong type", List.of("run", "--output", out, "--generate", "1", "--config", "WRONG"), "option 'hit_min_amplitude' expects an integer"),
        Arguments.of("yaml config with unknown option", List.of("run", "--output", out, "--generate", "1", "--config", "UNKNOWNYAML"), "unknown option 'hit_min_amplitud'"),
        Arguments.of("set option name with path", List.of("run", "--output", out, "--generate", "1", "--set", "../x=1"), "invalid option name '../x'"),
        Arguments.of("set without name", List.of("run", "--output", out, "--generate", "1", "--set", "=5"), "--set expects option=value"),
        Arguments.of("input is a file", List.of("run", "--output", out, "--input", "FILE"), "is not a directory"),
        Arguments.of("empty input", List.of("run", "--output", out, "--input", ""), "--input is empty"),
        Arguments.of("output is the input", List.of("run", "--output", "IN", "--input", "IN"), "must not be inside or contain"),
        Arguments.of("store inside output", List.of("run", "--output", out, "--generate", "1", "--store", "OUT/store"), "must not be inside or contain"),
        Arguments.of("save of unknown type", List.of("run", "--output", out, "--generate", "1", "--store", "NOPE", "--save", "hitz"), "--save: unknown type 'hitz'"),
        Arguments.of("save of a target", List.of("run", "--output", out, "--generate", "1", "--store", "NOPE", "--save", "peak_basics"), "is a target"),
        Arguments.of("empty target list", List.of("run", "--output", out, "--generate", "1", "--targets", ","), "--targets lists no data types"),
        Arguments.of("empty format", List.of("run", "--output", out, "--generate", "1", "--format", ""), "--format must be parquet or arrow, got ''"),
        Arguments.of("option given twice", List.of("run", "--output", out, "--generate", "1", "--generate", "2"), "--generate"),
        Arguments.of("empty output", List.of("run", "--output", "", "--generate", "1"), "--output"),
        Arguments.of("output is a file", List.of("run", "--output", "FILE", "--generate", "1"), "is not a directory"),
        Arguments.of("output under a file", List.of("run", "--output", "FILE/out", "--generate", "1"), "cannot be created"),
        Arguments.of("output behind a dangling link", List.of("run", "--output", "DANGLING", "--generate", "1"), "is a symbolic link to"),
        Arguments.of("store under a file", List.of("run", "--output", out, "--generate", "1", "--store", "FILE/out"), "cannot be created"),
        Arguments.of("summary json is a directory", List.of("run", "--output", out, "--generate", "1", "--summary-json", "DIR"), "--summary-json"),
        Arguments.of("verify without output", List.of("verify"), "--output"),
        Arguments.of("verify of missing root", List.of("verify", "--output", "NOPE"), "holds no strand output"),
        Arguments.of("verify of empty output", List.of("verify", "--output", ""), "--output is empty"),
        Arguments.of("verify of a chunk store", List.of("verify", "--output", "STOREROOT"), "verify checks Parquet and Arrow output roots"),
        Arguments.of("list of a chunk store", List.of("list", "--output", "STOREROOT"), "list shows Parquet and Arrow output roots"),
        Arguments.of("bad warm-up setting", List.of("run", "--output", out, "--generate", "1", "--conf", "spark.strand.warmup=nope"),
            "spark.strand.warmup must be true or false, got 'nope'"),
        Arguments.of("generator seed as an option", List.of("run", "--output", out, "--generate", "1", "--set", "generator_seed=5"),
            "option 'generator_seed' cannot be set with --generate: generated runs take their seed from --seed"),
        Arguments.of("run duration as an option", List.of("run", "--output", out, "--generate", "1", "--set", "run_duration_s=0.5"),
            "their size from --run-size-mb"),
        Arguments.of("to_pe of the wrong length", List.of("run", "--output", out, "--generate", "1", "--set", "to_pe=[0.01,0.02]"),
            "option 'to_pe' has 2 gains but n_channels is 250"),
        Arguments.of("n_channels without to_pe", List.of("run", "--output", out, "--generate", "1", "--set", "n_channels=100"),
            "option 'to_pe' has 250 gains but n_channels is 100; give one gain per channel (the default to_pe is for 250 channels)"),
        Arguments.of("n_channels by run", List.of("run", "--output", out, "--generate", "1", "--config", "CHANNELSBYRUN"),
            "option 'n_channels' cannot vary by run"),
        Arguments.of("explain with to_pe of the wrong length", List.of("explain", "--output", out, "--generate", "1", "--set", "to_pe=0.01*3"),
            "has 3 gains"),
        Arguments.of("sql with unknown master", List.of("sql", "--output", out, "--master", "foo://x", "SELECT 1"), "--master must be"),
        Arguments.of("sql with zero rows", List.of("sql", "--output", out, "--max-rows", "0", "SELECT 1"), "--max-rows must be at least 1, got 0"),
        // inprocess runs without Spark: it has no master or partitions, and refuses settings it would ignore.
        Arguments.of("inprocess with a master", List.of("inprocess", "--output", out, "--generate", "1", "--master", "local[2]"),
            "Unknown options: '--master', 'local[2]'"),
        Arguments.of("inprocess with runs per partition", List.of("inprocess", "--output", out, "--generate", "1", "--max-runs-per-partition", "2"),
            "Unknown options: '--max-runs-per-partition', '2'"),
        Arguments.of("inprocess with a Spark setting", List.of("inprocess", "--output", out, "--generate", "1", "--conf", "spark.executor.memory=2g"),
            "--conf spark.executor.memory has no effect in a job without Spark; it takes spark.hadoop.* settings"),
        Arguments.of("inprocess with a default file system not on the class path", List.of("inprocess", "--output", "relative-out", "--generate", "1",
            "--conf", "spark.hadoop.fs.defaultFS=s3a://bucket"), "the file system for s3a:// (the default file system, fs.defaultFS) is not on"),
        Arguments.of("demo with zero runs", List.of("demo", "--output", out, "--runs", "0"), "--runs must be at least 1, got 0"),
        // The demo's first line ("strand demo: 4 generated runs ...") came before this error.
        Arguments.of("demo into a root of another format", List.of("demo", "--output", "ARROWROOT"), "holds arrow data"),
        Arguments.of("demo with zero run size", List.of("demo", "--output", out, "--run-size-mb", "0"), "--run-size-mb must be a positive size in MB"),
        Arguments.of("runs file is a directory", List.of("run", "--output", out, "--input", "IN", "--runs-file", "DIR"), "is a directory"),
        Arguments.of("runs file not UTF-8", List.of("run", "--output", out, "--input", "IN", "--runs-file", "LATIN1"), "is not UTF-8 text"),
        Arguments.of("config is a directory", List.of("run", "--output", out, "--generate", "1", "--config", "DIR"), "is a directory"),
        // Never opened: reading a named pipe would wait for a writer, and the command would hang.
        Arguments.of("runs file is a named pipe", List.of("run", "--output", out, "--input", "IN", "--runs-file", "FIFO"),
            "pipe.txt is a named pipe, not a regular file"),
        Arguments.of("config is a named pipe", List.of("run", "--output", out, "--generate", "1", "--config", "FIFO"),
            "pipe.txt is a named pipe, not a regular file"),
        Arguments.of("sql config is a named pipe", List.of("sql", "--output", out, "--config", "FIFO", "SELECT 1"),
            "pipe.txt is a named pipe, not a regular file"),
        Arguments.of("input on an unknown host", List.of("run", "--output", out, "--input", "hdfs://nohost.invalid:8020/x"),
            "cannot reach --input hdfs://nohost.invalid:8020/x"),
        Arguments.of("output of a file system not on the class path", List.of("run", "--output", "s3a://bucket/out", "--generate", "1"),
            "the file system for s3a:// is not on the class path"),
        Arguments.of("default file system not on the class path", List.of("run", "--output", "relative-out", "--generate", "1",
            "--conf", "spark.hadoop.fs.defaultFS=s3a://bucket"), "the file system for s3a:// (the default file system, fs.defaultFS) is not on"),
        Arguments.of("list on an unknown host", List.of("list", "--output", "hdfs://nohost.invalid:8020/x"), "cannot reach --output"),
        // Numbers are plain decimal: "_20" was read as 20, YAML's 010 as 8, 0x10 as 16, 1e3 as 1000.
        Arguments.of("integer option with a leading underscore", List.of("run", "--output", out, "--generate", "1", "--set", "hit_min_amplitude=_20"),
            "option 'hit_min_amplitude' expects an integer in plain decimal (such as 20 or -3; no underscores, plus sign, hex or leading zeros), got '_20'"),
        Arguments.of("integer option with digit groups", List.of("run", "--output", out, "--generate", "1", "--set", "gap_threshold=1_000"),
            "option 'gap_threshold' expects an integer in plain decimal"),
        Arguments.of("integer option with a plus sign", List.of("run", "--output", out, "--generate", "1", "--set", "hit_min_amplitude=+5"),
            "got '+5'"),
        Arguments.of("integer option in hex", List.of("run", "--output", out, "--generate", "1", "--set", "hit_min_amplitude=0x10"), "got '0x10'"),
        Arguments.of("float option in hex", List.of("run", "--output", out, "--generate", "1", "--set", "min_area=0x1p3"),
            "option 'min_area' expects a number in plain decimal"),
        Arguments.of("yaml integer option with a leading underscore", List.of("run", "--output", out, "--generate", "1", "--config",
            "YAML:hit_min_amplitude: _20\n"), "option 'hit_min_amplitude' expects an integer in plain decimal"),
        Arguments.of("yaml integer option in octal", List.of("run", "--output", out, "--generate", "1", "--config", "YAML:hit_min_amplitude: 010\n"),
            "got '010'"),
        Arguments.of("yaml integer option in hex", List.of("run", "--output", out, "--generate", "1", "--config", "YAML:hit_min_amplitude: 0x10\n"),
            "got '0x10'"),
        Arguments.of("yaml integer option with digit groups", List.of("run", "--output", out, "--generate", "1", "--config", "YAML:gap_threshold: 1_000\n"),
            "got '1_000'"),
        Arguments.of("yaml integer option with an exponent", List.of("run", "--output", out, "--generate", "1", "--config", "YAML:gap_threshold: 1e3\n"),
            "option 'gap_threshold' expects an integer, got 1E+3"),
        Arguments.of("json integer option with a point", List.of("run", "--output", out, "--generate", "1", "--config", "JSON:{\"gap_threshold\": 700.0}"),
            "option 'gap_threshold' expects an integer, got 700.0"),
        Arguments.of("more top channels than channels", List.of("run", "--output", out, "--generate", "1", "--set", "n_top_channels=251"),
            "option 'n_top_channels' is 251 but n_channels is 250"),
        Arguments.of("more top channels than channels set", List.of("run", "--output", out, "--generate", "1", "--set", "n_channels=2",
            "--set", "to_pe=0.011*2", "--set", "n_top_channels=3"), "option 'n_top_channels' is 3 but n_channels is 2"),
        Arguments.of("more top channels than channels in a by-run table", List.of("run", "--output", out, "--generate", "1", "--config",
            "YAML:n_top_channels:\n  by_run:\n    \"000000\": 100\n    \"000500\": 300\n"), "option 'n_top_channels' is 300 but n_channels is 250"),
        Arguments.of("absurd threads per run", List.of("run", "--output", out, "--generate", "1", "--threads-per-run", "100000"),
            "--threads-per-run must be between 1 and 256, got 100000"),
        // A by_run table that misses selected runs failed each of them once the job had started.
        Arguments.of("by-run table missing a run", List.of("run", "--output", out, "--generate", "4", "--run-size-mb", "1", "--config",
            "YAML:hit_min_amplitude:\n  by_run:\n    \"000003\": 20\n"),
            "the by_run table of option 'hit_min_amplitude' in --config "),
        Arguments.of("by-run table missing one run", List.of("run", "--output", out, "--generate", "2", "--run-size-mb", "1", "--config",
            "JSON:{\"hit_min_amplitude\": {\"by_run\": {\"000001\": 20}}}"), "starts at run 000001, so selected run 000000 has no value"),
        Arguments.of("by-run table missing many runs", List.of("run", "--output", out, "--generate", "12", "--run-size-mb", "1", "--config",
            "YAML:to_pe:\n  by_run:\n    \"000009\": 0.011*250\n"),
            "starts at run 000009, so 9 selected runs 000000, 000001, 000002, 000003, 000004 and 4 more have no value"),
        Arguments.of("explain with a by-run table missing a run", List.of("explain", "--output", out, "--generate", "2", "--run-size-mb", "1",
            "--config", "YAML:min_area:\n  by_run:\n    \"000001\": 5\n"), "option 'min_area'"),
        // .nan is valid YAML: the option, not the file, refuses it.
        Arguments.of("yaml NaN for a number option", List.of("run", "--output", out, "--generate", "1", "--config", "YAML:min_area: .nan\n"),
            "option 'min_area' got NaN; it expects a number"),
        Arguments.of("yaml NaN in a list of gains", List.of("run", "--output", out, "--generate", "1", "--set", "n_channels=2", "--config",
            "YAML:to_pe: [0.011, .nan]\n"), "option 'to_pe' got NaN"));
  }

  @Test
  void inprocessHelp_offersNoOptionOnlySparkReads() {
    Cli.Result r = Cli.run("inprocess", "--help");
    assertEquals(0, r.code(), r.toString());
    assertThat(r.out()).contains("--parallel-runs", "--threads-per-run", "--conf").doesNotContain("--master", "--max-runs-per-partition");
  }

  @Test
  void defaultSaveList_leavesOutWhatIsATarget() {
    // --save defaults to hits,peaks; with peaks as a target, only hits is kept in the store.
    Cli.Result r = Cli.run("explain", "--output", files.output("default-save").toString(), "--generate", "1", "--run-size-mb", "1",
        "--targets", "peaks", "--store", dir.resolve("default-save-store").toString());
    assertEquals(0, r.code(), r.toString());
    assertThat(r.out()).contains("peaks");
  }

  @Test
  void byRunTable_ofAnOptionTheTargetsDoNotUse_needNotCoverEveryRun() throws IOException {
    // trigger_min_area is an option of events: peaks never read it, so no run lacks a value.
    String config = files.resolve("unused-by-run", List.of("YAML:trigger_min_area:\n  by_run:\n    \"000005\": 50\n")).get(0);
    Cli.Result r = Cli.run("explain", "--output", files.output("unused-by-run").toString(), "--generate", "2", "--run-size-mb", "1",
        "--targets", "peaks", "--config", config);
    assertEquals(0, r.code(), r.toString());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badCommandLines")
  void badCommandLine_exits2_withOneLineNamingTheProblem_writingNothing(String name, List<String> args, String expected) throws IOException {
    String[] real = files.resolve(name, args).toArray(String[]::new);
    // Under a time limit: a command that opened the named pipe would wait for a writer forever.
    Cli.Result r = assertTimeoutPreemptively(Duration.ofMinutes(2), () -> Cli.run(real));
    assertEquals(2, r.code(), r.toString());
    Fixtures.assertOneLineNaming(r.err(), expected, r.toString());
    assertEquals("", r.out(), "nothing on stdout: " + r);
    files.assertNothingWritten(name);
  }
}
