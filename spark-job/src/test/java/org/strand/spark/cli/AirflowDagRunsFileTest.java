package org.strand.spark.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strand.core.ConfigurationException;
import picocli.CommandLine;

/**
 * The Airflow DAG's {@code runs_file_is_not_empty}, run by python3: the DAG skips a day exactly
 * when strand would refuse its run list as listing no run, byte order marks, comments and blank
 * lines included; and strand is given the list the DAG looked at, in {@code STRAND_RUNS_DIR}. Its
 * operator fails the task without retries on strand's exit 2, and leaves other failures to
 * Airflow's retries. Airflow is not needed: the DAG imports a stub of the few names it uses,
 * written here (the Spark operator's stub ends a try as the provider's does: its hook's process
 * holds spark-submit's exit code, and a non-zero one raises AirflowException).
 */
class AirflowDagRunsFileTest {
  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  @TempDir
  static Path dir;

  static Path python;

  @BeforeAll
  static void findPython() {
    python = onPath("python3");
    assumeTrue(python != null, "python3 is not on the PATH: the DAG's Python function cannot be run");
  }

  @Test
  void runsFileCheck_skipsExactlyTheDaysStrandWouldRefuse_byteOrderMarksIncluded() throws Exception {
    Path runs = Files.createDirectories(dir.resolve("runs"));
    Map<String, byte[]> lists = new LinkedHashMap<>();
    lists.put("20260102", new byte[0]);
    lists.put("20260103", BOM);
    lists.put("20260104", concat(BOM, "# nothing new today\n\n   \n# still nothing\n"));
    lists.put("20260105", concat(BOM, "\n", BOM, "# two empty lists, concatenated\n"));
    lists.put("20260106", concat(BOM, "  \r\n"));
    lists.put("20260107", bytes("000123\n"));
    lists.put("20260108", concat(BOM, "000123\n"));
    lists.put("20260109", concat(BOM, "# the day's runs\r\n000124 # after the pause\r\n"));
    for (Map.Entry<String, byte[]> e : lists.entrySet()) {
      Files.write(runs.resolve("new-runs-" + e.getKey() + ".txt"), e.getValue());
    }
    List<String> days = new ArrayList<>(List.of("20260101"));  // no list at all
    days.addAll(lists.keySet());

    JsonNode dag = runDag(runs, days);

    Map<String, Boolean> runsTheDay = new TreeMap<>();
    dag.get("days").fields().forEachRemaining(e -> runsTheDay.put(e.getKey(), e.getValue().asBoolean()));
    assertEquals(new TreeMap<>(Map.of("20260101", false, "20260102", false, "20260103", false, "20260104", false, "20260105", false,
        "20260106", false, "20260107", true, "20260108", true, "20260109", true)), runsTheDay);
    for (String day : lists.keySet()) {
      assertEquals(strandFindsRuns(runs.resolve("new-runs-" + day + ".txt")), runsTheDay.get(day),
          "the DAG and strand agree on whether the list of " + day + " names a run");
    }
  }

  @Test
  void strandIsGivenTheRunListTheDagChecks_inStrandRunsDir_byDefaultTheArgumentsFilesOwn() throws Exception {
    Path runs = dir.resolve("elsewhere");
    assertEquals(runs.resolve("new-runs-{{ ds_nodash }}.txt").toString(), runsFileArgument(runDag(runs, List.of())));

    JsonNode defaults = runDag(null, List.of());
    JsonNode json = new ObjectMapper().readTree(AirflowDagArgumentsTest.argsFile().toFile());
    List<String> args = new ArrayList<>();
    json.get("application_args").forEach(a -> args.add(a.asText()));
    assertEquals(args.get(args.indexOf("--runs-file") + 1), runsFileArgument(defaults));
    List<String> given = new ArrayList<>();
    defaults.get("application_args").forEach(a -> given.add(a.asText()));
    assertEquals(args, given, "without STRAND_RUNS_DIR, strand gets strand_daily_args.json's arguments as they are");
  }

  @Test
  void strandsUsageError_failsTheTaskWithoutRetries_otherFailuresAreRetried() throws Exception {
    Path script = dir.resolve("call_operator.py");
    Files.writeString(script, """
        import importlib.util
        import json
        import os
        import sys

        spec = importlib.util.spec_from_file_location("strand_daily", sys.argv[1])
        dag = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(dag)
        outcome = {}
        for code in (0, 1, 2, 137):
            os.environ["STUB_SPARK_SUBMIT_EXIT"] = str(code)
            try:
                dag.reprocess.execute({})
                outcome[code] = "ok"
            except Exception as e:
                outcome[code] = type(e).__name__
        print(json.dumps(outcome))
        """);
    JsonNode outcome = runPython(script, null, List.of());
    assertEquals("ok", outcome.get("0").asText());
    assertEquals("AirflowException", outcome.get("1").asText(), "a failed run: retried");
    assertEquals("AirflowFailException", outcome.get("2").asText(), "a usage or configuration error: failed without retries");
    assertEquals("AirflowException", outcome.get("137").asText(), "spark-submit killed: retried");
  }

  private static String runsFileArgument(JsonNode dag) {
    List<String> args = new ArrayList<>();
    dag.get("application_args").forEach(a -> args.add(a.asText()));
    assertThat(args).contains("--runs-file");
    return args.get(args.indexOf("--runs-file") + 1);
  }

  /** Whether strand's own reading of {@code --runs-file} finds a run in {@code file}. */
  private static boolean strandFindsRuns(Path file) {
    CommandLine.ParseResult parsed = new CommandLine(new StrandCli())
        .parseArgs("run", "--input", "in", "--output", "out", "--runs-file", file.toString());
    RunCommand run = (RunCommand) parsed.subcommand().commandSpec().userObject();
    try {
      return !RequestValidation.requestedRuns(run.selection).isEmpty();
    } catch (ConfigurationException e) {
      assertThat(e.getMessage()).contains("lists no runs");
      return false;
    }
  }

  /**
   * Imports the DAG with python3 (with {@code STRAND_RUNS_DIR=runsDir}, unless null) and answers
   * {"days": {day: runs_file_is_not_empty(day)}, "application_args": [what strand is given]}.
   */
  private static JsonNode runDag(Path runsDir, List<String> days) throws Exception {
    Path script = dir.resolve("call_dag.py");
    Files.writeString(script, """
        import importlib.util
        import json
        import sys

        spec = importlib.util.spec_from_file_location("strand_daily", sys.argv[1])
        dag = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(dag)
        # Airflow passes the task's whole context; the function takes ds_nodash from it.
        days = {ds: dag.runs_file_is_not_empty(ds_nodash=ds, ds=ds[:4] + "-" + ds[4:6] + "-" + ds[6:]) for ds in sys.argv[2:]}
        print(json.dumps({"days": days, "application_args": dag.reprocess.kwargs["application_args"]}))
        """);
    return runPython(script, runsDir, days);
  }

  /**
   * Runs {@code script DAG_FILE args...} with python3 and the Airflow stubs (with
   * {@code STRAND_RUNS_DIR=runsDir}, unless null); answers the JSON it prints.
   */
  private static JsonNode runPython(Path script, Path runsDir, List<String> args) throws Exception {
    Path stubs = airflowStubs();
    Path dag = AirflowDagArgumentsTest.argsFile().resolveSibling("strand_daily.py");
    List<String> command = new ArrayList<>(List.of(python.toString(), "-B", script.toString(), dag.toString()));
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("PYTHONPATH", stubs.toString());
    // -B and this keep a __pycache__ out of the repository's submit-scripts/airflow.
    pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
    pb.environment().remove("STRAND_RUNS_DIR");
    if (runsDir != null) {
      pb.environment().put("STRAND_RUNS_DIR", runsDir.toString());
    }
    Path output = Files.createTempFile(dir, "python-", ".txt");
    Process p = pb.redirectOutput(output.toFile()).start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("python3 did not finish with the DAG in 60 s: " + Files.readString(output));
    }
    String text = Files.readString(output);
    assertEquals(0, p.exitValue(), text);
    return new ObjectMapper().readTree(text);
  }

  /** A package {@code airflow} with the names the DAG imports, and nothing else. */
  private static Path airflowStubs() throws Exception {
    Path root = dir.resolve("stubs");
    if (Files.exists(root)) {
      return root;
    }
    stub(root, "airflow/__init__.py", """
        class DAG:
            def __init__(self, dag_id, **kwargs):
                self.dag_id = dag_id

            def __enter__(self):
                return self

            def __exit__(self, *exc):
                return False


        class StubOperator:
            def __init__(self, task_id, **kwargs):
                self.task_id = task_id
                self.kwargs = kwargs

            def __rshift__(self, other):
                return other
        """);
    stub(root, "airflow/operators/__init__.py", "");
    stub(root, "airflow/operators/python.py", """
        from airflow import StubOperator


        class ShortCircuitOperator(StubOperator):
            pass
        """);
    for (String pkg : List.of("providers", "providers/apache", "providers/apache/spark", "providers/apache/spark/operators")) {
      stub(root, "airflow/" + pkg + "/__init__.py", "");
    }
    stub(root, "airflow/exceptions.py", """
        class AirflowException(Exception):
            pass


        class AirflowFailException(AirflowException):
            pass
        """);
    stub(root, "airflow/providers/apache/spark/operators/spark_submit.py", """
        import os
        import types

        from airflow import StubOperator
        from airflow.exceptions import AirflowException


        class SparkSubmitOperator(StubOperator):
            def execute(self, context):
                code = int(os.environ["STUB_SPARK_SUBMIT_EXIT"])
                self._hook = types.SimpleNamespace(_submit_sp=types.SimpleNamespace(returncode=code))
                if code:
                    raise AirflowException(f"Cannot execute: spark-submit. Error code is: {code}.")
        """);
    return root;
  }

  private static void stub(Path root, String file, String text) throws Exception {
    Path p = root.resolve(file);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
  }

  private static Path onPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String d : path.split(File.pathSeparator)) {
      Path candidate = Path.of(d.isEmpty() ? "." : d, program);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] concat(Object... parts) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Object part : parts) {
      out.write(part instanceof byte[] b ? b : bytes((String) part));
    }
    return out.toByteArray();
  }
}
