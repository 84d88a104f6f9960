package org.strand.spark.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.strand.spark.cli.StrandCli;

/** Shared steps of the reliability tests: clean reference runs, verify, summaries. */
final class Jobs {
  /** Long enough for any job here on a loaded 2-core machine; a hang fails the test instead of CI. */
  static final Duration JOB_TIMEOUT = Duration.ofMinutes(10);

  private static final Map<List<String>, Path> CLEAN = new ConcurrentHashMap<>();

  private Jobs() {}

  /** Exit code and output of an in-process command (one that starts no Spark). */
  record Result(int code, String out, String err) {
    @Override
    public String toString() {
      return "exit " + code + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
    }
  }

  static Result inProcess(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = StrandCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Result(code, out.toString(), err.toString());
  }

  /** {@code strand verify} of a root. */
  static Result verify(Path root) {
    return inProcess("verify", "--output", root.toString());
  }

  /**
   * The output root of an undisturbed {@code strand run} with {@code jobArgs} (everything but
   * --output), made once per JVM in a child process and shared by the tests that compare with it.
   */
  static synchronized Path clean(String... jobArgs) throws IOException, InterruptedException {
    List<String> key = List.of(jobArgs);
    Path cached = CLEAN.get(key);
    if (cached != null) {
      return cached;
    }
    Path dir = Files.createTempDirectory("clean-run");
    Path out = dir.resolve("out");
    List<String> args = new ArrayList<>(List.of("run", "--output", out.toString()));
    args.addAll(key);
    try (ChildStrand c = ChildStrand.start(dir, "clean", args.toArray(String[]::new))) {
      assertEquals(0, c.waitFor(JOB_TIMEOUT), c.describe());
    }
    CLEAN.put(key, out);
    return out;
  }

  /** {@code run --output <root> <jobArgs> [--summary-json <summary>]} as an argument array. */
  static String[] runArgs(Path root, Path summary, String... jobArgs) {
    List<String> args = new ArrayList<>(List.of("run", "--output", root.toString()));
    args.addAll(List.of(jobArgs));
    if (summary != null) {
      args.addAll(List.of("--summary-json", summary.toString()));
    }
    return args.toArray(String[]::new);
  }

  /** The JSON summary's runs, by run id. */
  static Map<String, JsonNode> summaryRuns(Path summary) throws IOException {
    Map<String, JsonNode> out = new TreeMap<>();
    new ObjectMapper().readTree(summary.toFile()).get("runs").forEach(r -> out.put(r.get("run_id").asText(), r));
    return out;
  }

  static JsonNode summary(Path summary) throws IOException {
    return new ObjectMapper().readTree(summary.toFile());
  }
}
