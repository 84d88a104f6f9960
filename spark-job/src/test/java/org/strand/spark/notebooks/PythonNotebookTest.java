package org.strand.spark.notebooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Python notebook executed by {@code jupyter nbconvert --execute} on the demo's output, in the
 * environment {@code notebooks/setup} makes (a virtual environment under target/, from pip or
 * Debian's packages; made once, then reused). A failing cell fails the test; so do missing or
 * empty plots. Skipped, with setup's reason, where neither pip nor apt can provide the packages.
 */
class PythonNotebookTest {
  /** setup's exit code for "no source for the packages here". */
  static final int NO_PACKAGE_SOURCE = 3;

  static Path bin;

  @TempDir
  Path dir;

  record Exec(int code, String output) {}

  static Exec exec(List<String> command, Map<String, String> env, Path log, long timeoutMinutes) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().putAll(env);
    Process p = pb.start();
    if (!p.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      p.waitFor(30, TimeUnit.SECONDS);
      throw new AssertionError(String.join(" ", command) + " did not finish in " + timeoutMinutes + " minutes:\n" + Files.readString(log));
    }
    return new Exec(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }

  @BeforeAll
  static void pythonEnvironment() throws Exception {
    Path setup = DemoOutput.notebooks().resolve("setup");
    Path log = Files.createTempFile("notebooks-setup", ".log");
    Exec r = exec(List.of("bash", setup.toString()), Map.of(), log, 20);
    String[] lines = r.output().strip().split("\n");
    Assumptions.assumeTrue(r.code() != NO_PACKAGE_SOURCE,
        () -> "the notebooks' Python packages have no source on this machine: " + lines[lines.length - 1]);
    assertEquals(0, r.code(), "notebooks/setup failed:\n" + r.output());
    bin = Path.of(lines[lines.length - 1].strip());
    assertTrue(Files.isExecutable(bin.resolve("jupyter")), "setup's last line names the environment's bin directory: " + r.output());
  }

  /** Each file of a directory with its content. */
  private static Map<String, byte[]> contents(Path directory) throws IOException {
    Map<String, byte[]> out = new TreeMap<>();
    try (Stream<Path> files = Files.list(directory)) {
      for (Path f : files.toList()) {
        out.put(f.getFileName().toString(), Files.readAllBytes(f));
      }
    }
    return out;
  }

  @Test
  void pythonNotebook_executesOnTheDemoOutput_andSavesItsPlotsInTheOutputRoot_notInTheRepository() throws Exception {
    Path root = DemoOutput.root();
    // The committed example plots: running the notebook from the repository with its defaults
    // (nbconvert runs it in notebooks/) rewrote them.
    Path examples = DemoOutput.notebooks().resolve("plots");
    Map<String, byte[]> before = contents(examples);
    Exec r = exec(List.of(bin.resolve("jupyter").toString(), "nbconvert", "--to", "notebook", "--execute",
            "--ExecutePreprocessor.timeout=600", "--output-dir", dir.toString(), "--output", "executed",
            DemoOutput.notebooks().resolve("strand_python.ipynb").toString()),
        Map.of("STRAND_OUTPUT", root.toString(), "JUPYTER_PLATFORM_DIRS", "1"),
        dir.resolve("nbconvert.log"), 10);
    assertEquals(0, r.code(), "the notebook failed:\n" + r.output());
    Map<String, byte[]> after = contents(examples);
    assertEquals(before.keySet(), after.keySet(), "files in notebooks/plots");
    for (String name : before.keySet()) {
      assertArrayEquals(before.get(name), after.get(name), "notebooks/plots/" + name + " is left as committed");
    }

    Path plots = root.resolve("_plots");
    for (String png : List.of("s2_area_spectrum.png", "drift_time.png", "event_rate_per_run.png")) {
      Path p = plots.resolve(png);
      assertTrue(Files.isRegularFile(p), png + " was not saved");
      byte[] bytes = Files.readAllBytes(p);
      assertThat(bytes.length).as(png).isGreaterThan(5_000);
      assertThat(Arrays.copyOf(bytes, 8)).as(png + " is a PNG").isEqualTo(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    }

    StringBuilder text = new StringBuilder();
    for (JsonNode cell : new ObjectMapper().readTree(dir.resolve("executed.ipynb").toFile()).get("cells")) {
      for (JsonNode o : cell.path("outputs")) {
        assertThat(o.path("output_type").asText()).as("cell output %s", o).isNotEqualTo("error");
        text.append(SqlNotebooksTest.text(o.path("text"))).append(SqlNotebooksTest.text(o.path("data").path("text/plain")));
      }
    }
    assertThat(text).as("run ids are printed as strings").contains("000000", "000003")
        .contains("run_id when inferred: int").contains("declared: string");
  }

  @Test
  void pysparkAndSqlNotebooks_pythonCellsCompile() throws Exception {
    List<String> cells = new ArrayList<>();
    for (String name : List.of("strand_sql.ipynb", "strand_pyspark.ipynb")) {
      for (JsonNode c : new ObjectMapper().readTree(DemoOutput.notebooks().resolve(name).toFile()).get("cells")) {
        String src = SqlNotebooksTest.text(c.get("source"));
        if ("code".equals(c.get("cell_type").asText()) && !src.startsWith("%%")) {
          cells.add(src);
        }
      }
    }
    Path file = dir.resolve("cells.json");
    Files.writeString(file, new ObjectMapper().writeValueAsString(cells));
    String check = "import json, sys\nfor i, src in enumerate(json.load(open(sys.argv[1]))):\n    compile(src, f'cell {i}', 'exec')\nprint('ok')";
    Exec r = exec(List.of(bin.resolve("python").toString(), "-c", check, file.toString()), Map.of(), dir.resolve("compile.log"), 2);
    assertEquals(0, r.code(), r.output());
    assertThat(cells).hasSizeGreaterThan(8);
  }
}
