package org.strand.core;

import java.util.regex.Pattern;

/**
 * Validation of the names that enter strand from outside: run ids, data types, field and option
 * names. Anything that becomes part of a path passes through here first, so no name read from
 * input can steer a write outside its root.
 */
public final class Names {
  /** The longest run id accepted. */
  public static final int MAX_RUN_ID_LENGTH = 64;

  private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
  private static final Pattern IDENTIFIER = Pattern.compile("[a-z][a-z0-9_]{0,63}");

  private Names() {}

  /**
   * Returns {@code runId} if it is 1 to 64 letters, digits, {@code _}, {@code -} or {@code .},
   * and neither holds {@code ..} nor is {@code .}.
   *
   * @throws IllegalArgumentException naming the rejected value and the rule
   */
  public static String requireRunId(String runId) {
    if (!isValidRunId(runId)) {
      throw new IllegalArgumentException(
          "invalid run id '" + printable(runId) + "': a run id is 1 to " + MAX_RUN_ID_LENGTH
              + " letters, digits, '_', '-' or '.', and never '..'");
    }
    return runId;
  }

  public static boolean isValidRunId(String runId) {
    return runId != null
        && RUN_ID.matcher(runId).matches()
        && !runId.contains("..")
        && !runId.equals(".");
  }

  /**
   * Returns {@code name} if it is a lower-case identifier: a letter, then letters, digits or
   * {@code _}, at most 64 characters.
   *
   * @param what what the name is, for the message ("data type", "option name", ...)
   * @throws IllegalArgumentException naming what, the rejected value and the rule
   */
  public static String requireIdentifier(String what, String name) {
    if (!isIdentifier(name)) {
      throw new IllegalArgumentException(
          "invalid " + what + " '" + printable(name)
              + "': expected a lower-case identifier (a-z, then a-z, 0-9 or '_', at most 64)");
    }
    return name;
  }

  public static boolean isIdentifier(String name) {
    return name != null && IDENTIFIER.matcher(name).matches();
  }

  /** The value as it may appear in a one-line message: control characters escaped, length capped. */
  static String printable(String value) {
    if (value == null) {
      return "null";
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < value.length() && sb.length() < 100; i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        sb.append(String.format("\\x%02x", (int) c));
      } else {
        sb.append(c);
      }
    }
    if (sb.length() >= 100 && value.length() > 100) {
      sb.append("...");
    }
    return sb.toString();
  }
}
