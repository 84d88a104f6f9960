package org.strand.storage.strax;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses the small subset of Python literal syntax that NumPy's {@code repr(dtype.descr)} uses:
 * lists, tuples, strings (single or double quoted, with backslash escapes) and integers.
 * Lists and tuples both become {@link List}s, strings {@link String}s, integers {@link Long}s.
 *
 * <p>Nothing is evaluated: text outside the subset is an error naming the position, so a
 * metadata file cannot make the reader do anything but build these values. Nesting depth is
 * capped, so a hostile file cannot exhaust the stack.
 */
final class PythonLiteral {
  private static final int MAX_DEPTH = 16;

  private final String text;
  private int pos;

  private PythonLiteral(String text) {
    this.text = text;
  }

  /**
   * The value of {@code text}.
   *
   * @throws IllegalArgumentException naming the position and what was expected
   */
  static Object parse(String text) {
    PythonLiteral p = new PythonLiteral(text);
    Object v = p.value(0);
    p.skipSpace();
    if (p.pos != text.length()) {
      throw p.error("unexpected text after the value");
    }
    return v;
  }

  private Object value(int depth) {
    if (depth > MAX_DEPTH) {
      throw error("nested deeper than " + MAX_DEPTH + " levels");
    }
    skipSpace();
    if (pos >= text.length()) {
      throw error("unexpected end of text");
    }
    char c = text.charAt(pos);
    if (c == '[') {
      return sequence(']', depth);
    }
    if (c == '(') {
      return sequence(')', depth);
    }
    if (c == '\'' || c == '"') {
      return string(c);
    }
    if (c == '-' || (c >= '0' && c <= '9')) {
      return integer();
    }
    throw error("expected a list, tuple, string or integer");
  }

  private List<Object> sequence(char close, int depth) {
    pos++;
    List<Object> items = new ArrayList<>();
    while (true) {
      skipSpace();
      if (pos < text.length() && text.charAt(pos) == close) {
        pos++;
        return items;
      }
      items.add(value(depth + 1));
      skipSpace();
      if (pos >= text.length()) {
        throw error("unexpected end of text, expected ',' or '" + close + "'");
      }
      char c = text.charAt(pos);
      if (c == ',') {
        pos++;
      } else if (c != close) {
        throw error("expected ',' or '" + close + "'");
      }
    }
  }

  private String string(char quote) {
    int start = pos;
    pos++;
    StringBuilder sb = new StringBuilder();
    while (true) {
      if (pos >= text.length()) {
        pos = start;
        throw error("string is not closed");
      }
      char c = text.charAt(pos++);
      if (c == quote) {
        return sb.toString();
      }
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      if (pos >= text.length()) {
        throw error("string ends inside an escape");
      }
      char e = text.charAt(pos++);
      switch (e) {
        case '\\', '\'', '"' -> sb.append(e);
        case 'n' -> sb.append('\n');
        case 't' -> sb.append('\t');
        case 'r' -> sb.append('\r');
        case 'x' -> sb.append((char) hex(2));
        case 'u' -> sb.append((char) hex(4));
        case 'U' -> sb.appendCodePoint(hex(8));
        default -> throw error("unknown escape '\\" + e + "'");
      }
    }
  }

  private int hex(int digits) {
    if (pos + digits > text.length()) {
      throw error("escape needs " + digits + " hex digits");
    }
    int v;
    try {
      v = Integer.parseUnsignedInt(text.substring(pos, pos + digits), 16);
    } catch (NumberFormatException e) {
      throw error("escape needs " + digits + " hex digits");
    }
    if (!Character.isValidCodePoint(v)) {
      throw error("escape is not a valid code point");
    }
    pos += digits;
    return v;
  }

  private Long integer() {
    int start = pos;
    if (text.charAt(pos) == '-') {
      pos++;
    }
    while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
      pos++;
    }
    // Python 2 era descriptions may carry a long suffix, as in (110L,).
    String digits = text.substring(start, pos);
    if (pos < text.length() && text.charAt(pos) == 'L') {
      pos++;
    }
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException e) {
      pos = start;
      throw error("not an integer: '" + digits + "'");
    }
  }

  private void skipSpace() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }

  private IllegalArgumentException error(String problem) {
    return new IllegalArgumentException(problem + " at character " + pos);
  }
}
