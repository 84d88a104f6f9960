package org.strand.storage.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Makes named pipes, which a reader opening them waits on until something writes: the file that
 * must never be opened where strand expects data.
 */
public final class Fifos {
  private Fifos() {}

  /**
   * Replaces whatever is at {@code path} with a named pipe; skips the calling test (with the
   * reason) where {@code mkfifo} is not available.
   */
  public static Path make(Path path) throws IOException, InterruptedException {
    Optional<String> failure = tryMake(path);
    assumeTrue(failure.isEmpty(), () -> failure.get());
    return path;
  }

  /**
   * Replaces whatever is at {@code path} with a named pipe.
   *
   * @return empty if it was made, else why not (no {@code mkfifo} here, say)
   */
  public static Optional<String> tryMake(Path path) throws IOException, InterruptedException {
    Files.deleteIfExists(path);
    Process p;
    try {
      p = new ProcessBuilder("mkfifo", path.toString()).redirectErrorStream(true).start();
    } catch (IOException e) {
      return Optional.of("mkfifo cannot be run here: " + e.getMessage());
    }
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return Optional.of("mkfifo " + path + " did not finish in 30 s");
    }
    String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    if (p.exitValue() != 0 || !Files.exists(path) || Files.isRegularFile(path)) {
      return Optional.of("mkfifo " + path + " made no named pipe (exit " + p.exitValue() + "): " + said);
    }
    return Optional.empty();
  }
}
