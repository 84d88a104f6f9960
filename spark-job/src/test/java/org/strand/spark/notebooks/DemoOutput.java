package org.strand.spark.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.strand.spark.cli.StrandCli;

/**
 * The demo job's output, made once per test JVM (4 generated runs of 5 MB: the demo's run count,
 * smaller runs to keep the build quick), and the notebooks' directory in this repository.
 */
final class DemoOutput {
  private static Path root;

  private DemoOutput() {}

  /** {@code <temp>/strand-output/demo}, as {@code strand demo --run-size-mb 5} wrote it. */
  static synchronized Path root() throws IOException {
    if (root == null) {
      Path out = Files.createTempDirectory("strand-demo").resolve("strand-output").resolve("demo");
      StringWriter o = new StringWriter();
      StringWriter e = new StringWriter();
      int code = StrandCli.execute(new PrintWriter(o, true), new PrintWriter(e, true),
          "demo", "--output", out.toString(), "--run-size-mb", "5");
      assertEquals(0, code, "strand demo failed:\n" + o + e);
      root = out;
    }
    return root;
  }

  /** The repository's {@code notebooks/} directory, found upwards from the working directory. */
  static Path notebooks() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("notebooks/README.md")) && Files.isRegularFile(p.resolve("pom.xml"))) {
        return p.resolve("notebooks");
      }
    }
    throw new IllegalStateException("no notebooks/ directory above " + Path.of("").toAbsolutePath());
  }

  private static final Pattern STATEMENT_END = Pattern.compile("(?m);[ \\t]*$");

  /**
   * A script's statements, split as the notebooks split {@code tables.sql} and {@code %%sql}
   * cells: lines starting with {@code --} are comments, and a statement ends with {@code ;} at the
   * end of a line.
   */
  static List<String> statements(String text) {
    StringBuilder body = new StringBuilder();
    for (String line : text.split("\n", -1)) {
      if (!line.strip().startsWith("--")) {
        body.append(line).append('\n');
      }
    }
    List<String> out = new ArrayList<>();
    for (String s : STATEMENT_END.split(body)) {
      if (!s.isBlank()) {
        out.add(s.strip());
      }
    }
    return out;
  }
}
