package org.strand.core;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes values as canonical JSON: object keys sorted, no white space, numbers in one fixed
 * form. The same value always gives the same text on every JVM, which is what lineage hashing
 * needs.
 *
 * <p>Numbers: integers (Long, Integer, Short, Byte, BigInteger) as plain digits; floating-point values as the
 * shortest decimal that reads back to the same double (computed here rather than by
 * {@code Double.toString}, whose output changed between JDK releases), always with a fraction or
 * an exponent so {@code 15.0} and {@code 15} differ; non-finite values as the strings
 * {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}.
 */
public final class CanonicalJson {
  private CanonicalJson() {}

  /**
   * The canonical JSON text of {@code value}: null, Boolean, Number, String, a Map with String
   * keys, a Collection, or a primitive array of long, int, double or float.
   *
   * @throws IllegalArgumentException for any other type
   */
  public static String write(Object value) {
    StringBuilder sb = new StringBuilder();
    append(sb, value);
    return sb.toString();
  }

  private static void append(StringBuilder sb, Object v) {
    if (v == null) {
      sb.append("null");
    } else if (v instanceof String s) {
      appendString(sb, s);
    } else if (v instanceof Boolean b) {
      sb.append(b.booleanValue());
    } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
      sb.append(((Number) v).longValue());
    } else if (v instanceof BigInteger b) {
      sb.append(b);
    } else if (v instanceof Double d) {
      appendDouble(sb, d);
    } else if (v instanceof Float f) {
      appendDouble(sb, f.doubleValue());
    } else if (v instanceof Map<?, ?> m) {
      TreeMap<String, Object> sorted = new TreeMap<>();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!(e.getKey() instanceof String key)) {
          throw new IllegalArgumentException("JSON object keys must be strings, got " + e.getKey());
        }
        sorted.put(key, e.getValue());
      }
      sb.append('{');
      boolean first = true;
      for (Map.Entry<String, Object> e : sorted.entrySet()) {
        if (!first) {
          sb.append(',');
        }
        first = false;
        appendString(sb, e.getKey());
        sb.append(':');
        append(sb, e.getValue());
      }
      sb.append('}');
    } else if (v instanceof Collection<?> c) {
      sb.append('[');
      boolean first = true;
      for (Object o : c) {
        if (!first) {
          sb.append(',');
        }
        first = false;
        append(sb, o);
      }
      sb.append(']');
    } else if (v instanceof double[] a) {
      sb.append('[');
      for (int i = 0; i < a.length; i++) {
        if (i > 0) {
          sb.append(',');
        }
        appendDouble(sb, a[i]);
      }
      sb.append(']');
    } else if (v instanceof float[] a) {
      sb.append('[');
      for (int i = 0; i < a.length; i++) {
        if (i > 0) {
          sb.append(',');
        }
        appendDouble(sb, a[i]);
      }
      sb.append(']');
    } else if (v instanceof long[] a) {
      sb.append('[');
      for (int i = 0; i < a.length; i++) {
        sb.append(i > 0 ? "," : "").append(a[i]);
      }
      sb.append(']');
    } else if (v instanceof int[] a) {
      sb.append('[');
      for (int i = 0; i < a.length; i++) {
        sb.append(i > 0 ? "," : "").append(a[i]);
      }
      sb.append(']');
    } else {
      throw new IllegalArgumentException("cannot write " + v.getClass().getName() + " as canonical JSON");
    }
  }

  /** The canonical text of a double, as described in the class comment. */
  public static String formatDouble(double d) {
    StringBuilder sb = new StringBuilder();
    appendDouble(sb, d);
    return sb.toString();
  }

  private static void appendDouble(StringBuilder sb, double d) {
    if (Double.isNaN(d)) {
      sb.append("\"NaN\"");
      return;
    }
    if (Double.isInfinite(d)) {
      sb.append(d > 0 ? "\"Infinity\"" : "\"-Infinity\"");
      return;
    }
    if (d == 0) {
      sb.append(1 / d < 0 ? "-0.0" : "0.0");
      return;
    }
    BigDecimal exact = new BigDecimal(d);
    BigDecimal shortest = exact;
    for (int p = 1; p <= 17; p++) {
      BigDecimal candidate = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
      if (candidate.doubleValue() == d) {
        shortest = candidate;
        break;
      }
    }
    shortest = shortest.stripTrailingZeros();
    int exponent = shortest.precision() - shortest.scale() - 1;
    if (exponent >= -7 && exponent < 21) {
      String plain = shortest.toPlainString();
      sb.append(plain);
      if (plain.indexOf('.') < 0) {
        sb.append(".0");
      }
    } else {
      String digits = shortest.unscaledValue().abs().toString();
      if (shortest.signum() < 0) {
        sb.append('-');
      }
      sb.append(digits.charAt(0)).append('.');
      sb.append(digits.length() > 1 ? digits.substring(1) : "0");
      sb.append('e').append(exponent);
    }
  }

  private static void appendString(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }
}
