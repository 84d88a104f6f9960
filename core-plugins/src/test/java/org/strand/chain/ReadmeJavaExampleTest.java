package org.strand.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strand.core.Table;

/**
 * The Java example of the repository's README ("In Java") compiles and runs as written: its text
 * is taken from the README, given only the imports a reader would add, compiled against this
 * module and run. A README that drifts from the API fails here.
 */
class ReadmeJavaExampleTest {
  private static final String IMPORTS = """
      import java.util.*;
      import org.strand.chain.*;
      import org.strand.context.*;
      import org.strand.core.*;
      import org.strand.processing.*;
      """;

  @TempDir
  Path dir;

  /** The README's fenced java block under "## In Java", or skips when the README is not here. */
  static String example() throws Exception {
    Path readme = Path.of("..", "README.md");
    assumeTrue(Files.isRegularFile(readme), "the repository's README.md is not beside this module");
    Matcher m = Pattern.compile("(?s)\n## In Java\n.*?```java\n(.*?)```").matcher(Files.readString(readme));
    assertTrue(m.find(), "README.md has a ```java block under '## In Java'");
    return m.group(1);
  }

  @Test
  void readmeJavaExample_compilesAndRuns_givingPeaksAndThePlan() throws Exception {
    String source = IMPORTS + "public class ReadmeExample implements java.util.concurrent.Callable<Object> {\n"
        + "  public Object call() throws Exception {\n" + example() + "    return peaks;\n  }\n}\n";
    Path file = Files.writeString(dir.resolve("ReadmeExample.java"), source);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    assumeTrue(javac != null, "no Java compiler in this runtime");
    StringWriter errors = new StringWriter();
    boolean compiled = javac.getTask(errors, null, null,
        List.of("-classpath", System.getProperty("java.class.path"), "-d", dir.toString()), null,
        javac.getStandardFileManager(null, null, StandardCharsets.UTF_8).getJavaFileObjects(file)).call();
    assertTrue(compiled, "the README's Java example does not compile:\n" + errors + "\n" + source);

    PrintStream stdout = System.out;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    Object peaks;
    try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
      Callable<?> example = (Callable<?>) loader.loadClass("ReadmeExample").getDeclaredConstructor().newInstance();
      System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
      peaks = example.call();
    } finally {
      System.setOut(stdout);
    }
    Table table = (Table) peaks;
    assertThat(table.rows()).as("peak_basics rows of the generated run").isPositive();
    assertThat(printed.toString(StandardCharsets.UTF_8)).as("the printed plan").contains("run 000001", "event_basics", "EventBasics");
  }
}
