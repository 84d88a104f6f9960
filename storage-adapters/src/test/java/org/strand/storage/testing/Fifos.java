package org.strand.storage.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
    Files.deleteIfExists(path);
    Process p;
    try {
      p = new ProcessBuilder("mkfifo", path.toString()).redirectErrorStream(true).start();
    } catch (IOException e) {
      assumeTrue(false, "mkfifo cannot be run here: " + e.getMessage());
      throw e;
    }
    boolean ended = p.waitFor(30, TimeUnit.SECONDS);
    if (!ended) {
      p.destroyForcibly();
    }
    String said = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
    assumeTrue(ended && p.exitValue() == 0, "mkfifo " + path + " failed: " + said);
    assumeTrue(Files.exists(path) && !Files.isRegularFile(path), "mkfifo made no pipe at " + path);
    return path;
  }
}
