package org.strand.storage.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the reference data shared beside the repository (system property strand.shared.dir). */
public final class SharedData {
  private SharedData() {}

  /**
   * The path {@code relative} under the shared reference directory; skips the calling test (with
   * the reason) when the reference data is not there, as in a user's clone.
   */
  public static Path reference(String relative) {
    String dir = System.getProperty("strand.shared.dir");
    assumeTrue(dir != null, "system property strand.shared.dir is not set; reference data unavailable");
    Path p = Path.of(dir, "reference", relative);
    assumeTrue(Files.exists(p), "reference data " + p + " is not present");
    return p;
  }
}
