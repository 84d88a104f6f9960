package org.strand.storage.fs;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version of strand that wrote a file, stamped into every file and manifest entry. */
public final class StrandVersion {
  private static final String VERSION = load();

  private StrandVersion() {}

  /** This build's version, e.g. {@code 0.1.0-SNAPSHOT}; {@code unknown} if the build did not stamp it. */
  public static String get() {
    return VERSION;
  }

  private static String load() {
    try (InputStream in = StrandVersion.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      String v = p.getProperty("version", "unknown");
      return v.startsWith("${") ? "unknown" : v;
    } catch (IOException e) {
      return "unknown";
    }
  }
}
