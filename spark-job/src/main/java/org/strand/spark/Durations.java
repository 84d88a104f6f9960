package org.strand.spark;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses durations written as a number and a unit: {@code 500ms}, {@code 90s}, {@code 15m}, {@code 2h}, {@code 1d}. */
public final class Durations {
  private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)");

  private Durations() {}

  /**
   * @throws IllegalArgumentException naming the text and the accepted form
   */
  public static Duration parse(String text) {
    Matcher m = FORM.matcher(text == null ? "" : text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("invalid duration '" + text + "': expected a number and a unit (ms, s, m, h, d), e.g. 90s, 15m, 2h");
    }
    double value = Double.parseDouble(m.group(1));
    double millis = value * switch (m.group(2)) {
      case "ms" -> 1;
      case "s" -> 1_000;
      case "m" -> 60_000;
      case "h" -> 3_600_000;
      default -> 86_400_000;
    };
    if (millis < 1 || millis > 365L * 86_400_000) {
      throw new IllegalArgumentException("duration '" + text + "' is out of range (1 ms to 365 d)");
    }
    return Duration.ofMillis((long) millis);
  }

  /** A duration as text in the largest whole unit, e.g. {@code 15m}. */
  public static String format(Duration d) {
    long ms = d.toMillis();
    if (ms % 86_400_000 == 0) {
      return ms / 86_400_000 + "d";
    }
    if (ms % 3_600_000 == 0) {
      return ms / 3_600_000 + "h";
    }
    if (ms % 60_000 == 0) {
      return ms / 60_000 + "m";
    }
    if (ms % 1_000 == 0) {
      return ms / 1_000 + "s";
    }
    return ms + "ms";
  }
}
