package org.strand.plugin;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.strand.core.ConfigurationException;
import org.strand.core.Names;

/**
 * A typed plugin option with a default, a one-line description and a validation rule.
 *
 * <p>Values arrive from Java code, JSON or YAML config files and {@code --set name=value} text;
 * {@link #coerce} turns any of them into the option's type or throws a
 * {@link ConfigurationException} naming the option, the value and what was expected. A tracked
 * option (the default) is part of the lineage of everything its plugin provides.
 *
 * <p>Numbers written as text are plain decimal: an integer is an optional minus sign and digits
 * without leading zeros ({@code 20}, {@code -3}, {@code 0}); a number may add a fraction and an
 * exponent ({@code 0.5}, {@code 1e3}) or be {@code inf}, {@code -inf} or {@code nan} (which every
 * option refuses). Underscores, a plus sign, hex, octal and leading zeros are refused rather than
 * guessed at: {@code _20} may be a mistyped {@code -20}, and {@code 010} is 8 to YAML but 10 to
 * Java.
 *
 * <p>Immutable and thread-safe. Array values are shared, not copied: never modify one.
 *
 * @param <T> Long, Double, Boolean, String or double[]
 */
public final class Option<T> {
  /** The kinds of value an option may hold. */
  public enum Type {
    INTEGER("an integer"),
    FLOAT("a number"),
    BOOLEAN("true or false"),
    STRING("a string"),
    FLOAT_ARRAY("a list of numbers");

    private final String expected;

    Type(String expected) {
      this.expected = expected;
    }

    /** What a value of this type looks like, for messages. */
    public String expected() {
      return expected;
    }
  }

  /** An integer as text: plain decimal, no leading zeros, no sign but minus. */
  private static final Pattern INTEGER_TEXT = Pattern.compile("-?(0|[1-9][0-9]*)");
  /** A finite number as text: plain decimal with optional fraction and exponent. */
  private static final Pattern DECIMAL_TEXT = Pattern.compile("-?((0|[1-9][0-9]*)(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+)?");
  /** An infinity or NaN spelled out. */
  private static final Pattern NON_FINITE_TEXT = Pattern.compile("-?\\.?(?i:inf|infinity)|\\.?(?i:nan)");

  private final String name;
  private final Type type;
  private final T defaultValue;
  private final String description;
  private final Predicate<T> rule;
  private final String requirement;
  private final boolean tracked;
  private final List<String> choices;

  private Option(String name, Type type, T defaultValue, String description, Predicate<T> rule,
      String requirement, boolean tracked, List<String> choices) {
    this.name = Names.requireIdentifier("option name", name);
    this.type = type;
    this.description = description == null ? "" : description;
    this.rule = rule;
    this.requirement = requirement;
    this.tracked = tracked;
    this.choices = choices;
    this.defaultValue = defaultValue;
  }

  public static Option<Long> integer(String name, long defaultValue, String description) {
    return new Option<>(name, Type.INTEGER, defaultValue, description, v -> true, null, true, List.of());
  }

  public static Option<Double> real(String name, double defaultValue, String description) {
    return new Option<>(name, Type.FLOAT, defaultValue, description, v -> true, null, true, List.of());
  }

  public static Option<Boolean> bool(String name, boolean defaultValue, String description) {
    return new Option<>(name, Type.BOOLEAN, defaultValue, description, v -> true, null, true, List.of());
  }

  public static Option<String> string(String name, String defaultValue, String description) {
    return new Option<>(name, Type.STRING, defaultValue, description, v -> true, null, true, List.of());
  }

  /** A string option restricted to {@code allowed} values. */
  public static Option<String> choice(String name, String defaultValue, String description, String... allowed) {
    List<String> list = List.of(allowed);
    Option<String> o = new Option<>(name, Type.STRING, defaultValue, description, list::contains,
        "one of " + list, true, list);
    o.check(defaultValue);
    return o;
  }

  public static Option<double[]> realArray(String name, double[] defaultValue, String description) {
    return new Option<>(name, Type.FLOAT_ARRAY, defaultValue.clone(), description, v -> true, null, true, List.of());
  }

  /**
   * This option with a validation rule; {@code requirement} says it in words ("must be > 0").
   *
   * @throws IllegalArgumentException if the default breaks the rule
   */
  public Option<T> requiring(Predicate<T> rule, String requirement) {
    Option<T> o = new Option<>(name, type, defaultValue, description, this.rule.and(rule),
        this.requirement == null ? requirement : this.requirement + ", " + requirement, tracked, choices);
    if (!o.rule.test(defaultValue)) {
      throw new IllegalArgumentException("default of option '" + name + "' breaks its own rule: " + requirement);
    }
    return o;
  }

  /** This option, left out of the lineage (for settings that cannot change results). */
  public Option<T> untracked() {
    return new Option<>(name, type, defaultValue, description, rule, requirement, false, choices);
  }

  public String name() {
    return name;
  }

  public Type type() {
    return type;
  }

  public T defaultValue() {
    return defaultValue;
  }

  public String description() {
    return description;
  }

  /** Whether the value is part of the lineage. */
  public boolean tracked() {
    return tracked;
  }

  /** The rule in words, or null when any value of the type is allowed. */
  public String requirement() {
    return requirement;
  }

  /**
   * Converts a value from code, a config file or the command line into this option's type and
   * checks the rule. Strings are parsed as by {@link #parse}. An integer option takes any integral
   * number except a {@link BigDecimal}, which is how a config file hands over a number written
   * with a point or an exponent ({@code 20.0}, {@code 1e3}): that is not an integer as written.
   *
   * @throws ConfigurationException naming the option, the value and what was expected
   */
  @SuppressWarnings("unchecked")
  public T coerce(Object raw) {
    if (raw == null) {
      throw invalid("null");
    }
    if (raw instanceof String s && type != Type.STRING) {
      return parse(s);
    }
    Object v = switch (type) {
      case INTEGER -> toLong(raw);
      case FLOAT -> toDouble(raw);
      case BOOLEAN -> {
        if (!(raw instanceof Boolean)) {
          throw invalid(raw);
        }
        yield raw;
      }
      case STRING -> {
        if (!(raw instanceof String)) {
          throw invalid(raw);
        }
        yield raw;
      }
      case FLOAT_ARRAY -> toDoubleArray(raw);
    };
    return check((T) v);
  }

  /**
   * Parses command-line text: integers, numbers, {@code true}/{@code false}, or for arrays a
   * comma-separated list (optionally in brackets) whose items may be {@code value*count}.
   *
   * @throws ConfigurationException naming the option, the text and what was expected
   */
  @SuppressWarnings("unchecked")
  public T parse(String text) {
    String s = text.trim();
    Object v;
    try {
      v = switch (type) {
        case INTEGER -> parseInteger(s, text);
        case FLOAT -> parseNumber(s, text);
        case BOOLEAN -> switch (s.toLowerCase(Locale.ROOT)) {
          case "true" -> Boolean.TRUE;
          case "false" -> Boolean.FALSE;
          default -> throw invalid(text);
        };
        case STRING -> text;
        case FLOAT_ARRAY -> parseArray(s);
      };
    } catch (NumberFormatException e) {
      throw invalid(text);
    }
    return check((T) v);
  }

  private double[] parseArray(String s) {
    if (s.startsWith("[") && s.endsWith("]")) {
      s = s.substring(1, s.length() - 1);
    }
    List<Double> values = new ArrayList<>();
    if (!s.isBlank()) {
      for (String item : s.split(",")) {
        String it = item.trim();
        int star = it.indexOf('*');
        if (star >= 0) {
          double value = parseNumber(it.substring(0, star).trim(), it);
          String countText = it.substring(star + 1).trim();
          if (!isPlainInteger(countText)) {
            throw notPlainDecimal(it, "a repeat count such as 0.011*250");
          }
          int count = Integer.parseInt(countText);
          if (count < 0 || count > 1_000_000) {
            throw invalid(s);
          }
          for (int i = 0; i < count; i++) {
            values.add(value);
          }
        } else {
          values.add(parseNumber(it, it));
        }
      }
    }
    double[] out = new double[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i);
    }
    return out;
  }

  /** Whether {@code s} is an integer as option text must write it (see the class comment). */
  public static boolean isPlainInteger(String s) {
    return INTEGER_TEXT.matcher(s).matches();
  }

  /** Whether {@code s} is a finite number as option text must write it (see the class comment). */
  public static boolean isPlainNumber(String s) {
    return DECIMAL_TEXT.matcher(s).matches();
  }

  /** A plain decimal integer, or the option's error naming {@code original}. */
  private long parseInteger(String s, String original) {
    if (!isPlainInteger(s)) {
      throw notPlainDecimal(original, "such as 20 or -3");
    }
    return Long.parseLong(s);
  }

  /** A plain decimal number (or an infinity or NaN spelled out), or the option's error naming {@code original}. */
  private double parseNumber(String s, String original) {
    if (!isPlainNumber(s) && !NON_FINITE_TEXT.matcher(s).matches()) {
      throw notPlainDecimal(original, "such as 0.5, -3 or 1e3");
    }
    String lower = s.toLowerCase(Locale.ROOT).replace(".", "");
    if (lower.endsWith("nan")) {
      return Double.NaN;
    }
    if (lower.endsWith("inf") || lower.endsWith("infinity")) {
      return lower.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    return Double.parseDouble(s);
  }

  private T check(T value) {
    if (value instanceof Double d && d.isNaN() || value instanceof double[] a && Arrays.stream(a).anyMatch(Double::isNaN)) {
      throw new ConfigurationException("option '" + name + "' got NaN; it expects " + type.expected());
    }
    if (!rule.test(value)) {
      throw new ConfigurationException("option '" + name + "' got " + show(value) + ": " + requirement);
    }
    return value;
  }

  private Long toLong(Object raw) {
    if (raw instanceof Long || raw instanceof Integer || raw instanceof Short || raw instanceof Byte) {
      return ((Number) raw).longValue();
    }
    if (raw instanceof BigInteger b && b.bitLength() < 64) {
      return b.longValue();
    }
    if (raw instanceof Number n && !(raw instanceof BigDecimal)) {
      double d = n.doubleValue();
      if (d == Math.rint(d) && Math.abs(d) < 0x1p53) {
        return (long) d;
      }
    }
    throw invalid(raw);
  }

  private Double toDouble(Object raw) {
    if (raw instanceof Number n) {
      return n.doubleValue();
    }
    throw invalid(raw);
  }

  private double[] toDoubleArray(Object raw) {
    if (raw instanceof double[] d) {
      return d;
    }
    if (raw instanceof float[] f) {
      double[] d = new double[f.length];
      for (int i = 0; i < f.length; i++) {
        d[i] = f[i];
      }
      return d;
    }
    if (raw instanceof long[] l) {
      return Arrays.stream(l).asDoubleStream().toArray();
    }
    if (raw instanceof int[] l) {
      return Arrays.stream(l).asDoubleStream().toArray();
    }
    if (raw instanceof List<?> list) {
      double[] d = new double[list.size()];
      for (int i = 0; i < d.length; i++) {
        if (!(list.get(i) instanceof Number n)) {
          throw invalid(raw);
        }
        d[i] = n.doubleValue();
      }
      return d;
    }
    throw invalid(raw);
  }

  private ConfigurationException invalid(Object raw) {
    return new ConfigurationException(
        "option '" + name + "' expects " + type.expected()
            + (choices.isEmpty() ? "" : " (one of " + choices + ")") + ", got " + show(raw));
  }

  /** The error for number text not in plain decimal; the rules are spelt out when it looks like a number. */
  private ConfigurationException notPlainDecimal(String text, String examples) {
    if (!text.matches(".*[0-9].*")) {
      return invalid(text);
    }
    return new ConfigurationException("option '" + name + "' expects " + type.expected() + " in plain decimal (" + examples
        + "; no underscores, plus sign, hex or leading zeros), got " + show(text));
  }

  static String show(Object v) {
    if (v instanceof double[] d) {
      return d.length > 8 ? "[" + d.length + " numbers]" : Arrays.toString(d);
    }
    if (v instanceof String s) {
      return "'" + (s.length() > 80 ? s.substring(0, 80) + "..." : s) + "'";
    }
    if (v != null && !(v instanceof Number) && !(v instanceof Boolean)) {
      return String.valueOf(v) + " (" + v.getClass().getSimpleName() + ")";
    }
    return String.valueOf(v);
  }

  /** The value in the form the lineage encodes it: Long, Double, Boolean, String or List of Double. */
  Object canonical(Object value) {
    if (value instanceof double[] d) {
      List<Double> list = new ArrayList<>(d.length);
      for (double x : d) {
        list.add(x);
      }
      return list;
    }
    return value;
  }

  @Override
  public String toString() {
    return name + " (" + type.name().toLowerCase(Locale.ROOT) + ", default " + show(defaultValue) + ")";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Option<?> other && other.name.equals(name) && other.type == type
        && Objects.deepEquals(other.defaultValue, defaultValue) && other.tracked == tracked;
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, type, tracked);
  }
}
