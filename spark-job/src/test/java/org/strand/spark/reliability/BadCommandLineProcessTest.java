package org.strand.spark.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;
import org.strand.spark.cli.CommandLineErrorsTest;

/**
 * Every bad command line of {@link CommandLineErrorsTest}, run as a real process: the JVM's exit
 * code is 2, stderr holds the one-line message and nothing else (logging, Spark, Hadoop or a
 * stack trace would add lines), stdout is empty, and nothing is written.
 */
@Tag("reliability")
class BadCommandLineProcessTest {
  @TempDir
  static Path dir;

  static CommandLineErrorsTest.Fixtures files;

  @BeforeAll
  static void files() throws IOException {
    files = new CommandLineErrorsTest.Fixtures(dir.resolve("files"));
  }

  static Stream<Arguments> badCommandLines() {
    return CommandLineErrorsTest.badCommandLines();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badCommandLines")
  void badCommandLine_inAChildProcess_exits2_oneLineOnStderr_nothingWritten(String name, List<String> args, String expected) throws Exception {
    List<String> real = files.resolve(name, args);
    // A small heap and the quick compiler: these processes start, check and stop.
    try (ChildStrand c = ChildStrand.start(dir.resolve("logs"), name.replaceAll("[^A-Za-z0-9]", "-"), "512m",
        List.of("-XX:TieredStopAtLevel=1"), real.toArray(String[]::new))) {
      assertEquals(2, c.waitFor(Duration.ofMinutes(2)), c.describe());
      CommandLineErrorsTest.Fixtures.assertOneLineNaming(c.err(), expected, c.describe());
      assertEquals("", c.out(), c.describe());
    }
    files.assertNothingWritten(name);
  }
}
