package org.strand.spark;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A query result as a plain text table, for the console, one line per row. Values are written as
 * {@code Dataset.show} writes them: as Spark SQL casts them to strings (arrays as {@code [1, 2]},
 * structs as {@code {1, a}}, maps as {@code {k -> 1}}, dates and timestamps in the session's time
 * zone), except that binary values are their bytes in hex ({@code [0A FF]}) and a null is
 * {@code NULL}, also inside arrays, structs and map values. Nothing is truncated.
 *
 * <p>So that a row stays one line, and the terminal shows what the value holds, control
 * characters are escaped: those {@code show} escapes by their usual names ({@code \n}, {@code \r},
 * {@code \t}, {@code \a}, {@code \b}, {@code \f}, {@code \v}), every other one (ESC, NUL, C1
 * controls, and the line and paragraph separators) as {@code \}{@code uXXXX}. As in {@code show},
 * a backslash stays as it is. Columns are padded to the width of their widest value on screen,
 * East Asian wide characters counting two.
 */
public final class ResultTable {
  private ResultTable() {}

  /** The first {@code maxRows} rows of {@code result} with a header, columns padded to fit. */
  public static String format(Dataset<Row> result, int maxRows) {
    String[] names = result.columns();
    StructField[] fields = result.schema().fields();
    // By position, under names of its own: a result may repeat a column name (a join).
    String[] positions = new String[names.length];
    for (int c = 0; c < names.length; c++) {
      positions[c] = "c" + c;
    }
    Dataset<Row> byPosition = result.toDF(positions);
    Column[] asText = new Column[names.length];
    for (int c = 0; c < names.length; c++) {
      asText[c] = text(byPosition.col(positions[c]), fields[c].dataType());
    }
    List<Row> rows = byPosition.select(asText).limit(maxRows + 1).collectAsList();
    List<String[]> cells = new ArrayList<>();
    String[] header = new String[names.length];
    int[] width = new int[names.length];
    for (int c = 0; c < names.length; c++) {
      header[c] = escape(names[c]);
      width[c] = displayWidth(header[c]);
    }
    for (int r = 0; r < Math.min(rows.size(), maxRows); r++) {
      String[] line = new String[names.length];
      for (int c = 0; c < names.length; c++) {
        String v = rows.get(r).getString(c);
        line[c] = v == null ? "NULL" : escape(v);
        width[c] = Math.max(width[c], displayWidth(line[c]));
      }
      cells.add(line);
    }
    StringBuilder sb = new StringBuilder();
    appendLine(sb, header, width);
    StringBuilder rule = new StringBuilder();
    for (int c = 0; c < names.length; c++) {
      rule.append(c == 0 ? "" : "-+-").append("-".repeat(width[c]));
    }
    sb.append(rule).append('\n');
    cells.forEach(line -> appendLine(sb, line, width));
    sb.append(rows.size() > maxRows ? "(first " + maxRows + " rows shown)\n" : "(" + cells.size() + " row" + (cells.size() == 1 ? "" : "s") + ")\n");
    return sb.toString();
  }

  /**
   * The column as text. A cast to string gives binary values as their bytes read as UTF-8, and a
   * null inside an array, struct or map as "null": binary values, and the elements, fields and
   * values that may hold them, are made text first.
   */
  private static Column text(Column c, DataType type) {
    if (type instanceof BinaryType) {
      // hex gives "0AFF"; a space follows every byte but the last.
      return functions.concat(functions.lit("["), functions.regexp_replace(functions.hex(c), "(..)(?!$)", "$1 "), functions.lit("]"));
    }
    if (type instanceof ArrayType a) {
      return functions.transform(c, e -> nested(e, a.elementType())).cast(DataTypes.StringType);
    }
    if (type instanceof StructType s && hasUniqueNames(s)) {
      Column[] members = new Column[s.fields().length];
      for (int i = 0; i < members.length; i++) {
        StructField f = s.fields()[i];
        members[i] = nested(c.getField(f.name()), f.dataType()).as(f.name());
      }
      return functions.when(c.isNotNull(), functions.struct(members).cast(DataTypes.StringType));
    }
    if (type instanceof MapType m) {
      // Keys are never null, and binary keys stay distinct in hex.
      Column keyed = m.keyType() instanceof BinaryType ? functions.transform_keys(c, (k, v) -> text(k, m.keyType())) : c;
      return functions.transform_values(keyed, (k, v) -> nested(v, m.valueType())).cast(DataTypes.StringType);
    }
    return c.cast(DataTypes.StringType);
  }

  private static Column nested(Column c, DataType type) {
    return functions.coalesce(text(c, type), functions.lit("NULL"));
  }

  /** Fields are picked by name; a struct repeating one (rare) is left to the cast. */
  private static boolean hasUniqueNames(StructType s) {
    Set<String> seen = new HashSet<>();
    for (String name : s.fieldNames()) {
      if (!seen.add(name)) {
        return false;
      }
    }
    return true;
  }

  /** {@code s} with its control characters escaped, so that it stays on one line. */
  static String escape(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      String escaped = escape(s.charAt(i));
      if (escaped == null) {
        out.append(s.charAt(i));
      } else {
        out.append(escaped);
      }
    }
    return out.toString();
  }

  /** How {@code ch} is written, or null when as itself. */
  private static String escape(char ch) {
    return switch (ch) {
      case '\n' -> "\\n";
      case '\r' -> "\\r";
      case '\t' -> "\\t";
      case '\u0007' -> "\\a";
      case '\b' -> "\\b";
      case '\f' -> "\\f";
      case '\u000B' -> "\\v";
      default -> Character.isISOControl(ch) || ch == '\u2028' || ch == '\u2029' ? String.format("\\u%04X", (int) ch) : null;
    };
  }

  /** Columns {@code s} takes on a terminal: one per character, two for East Asian wide ones. */
  static int displayWidth(String s) {
    int width = 0;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      width += isWide(cp) ? 2 : 1;
      i += Character.charCount(cp);
    }
    return width;
  }

  /**
   * Unicode's East Asian Wide and Fullwidth ranges, in blocks: Hangul, CJK and kana, fullwidth
   * forms, the emoji pictographs, and the planes of rarer ideographs.
   */
  private static boolean isWide(int cp) {
    return cp >= 0x1100 && cp <= 0x115F || cp >= 0x2E80 && cp <= 0xA4CF && cp != 0x303F || cp >= 0xAC00 && cp <= 0xD7A3
        || cp >= 0xF900 && cp <= 0xFAFF || cp >= 0xFE10 && cp <= 0xFE19 || cp >= 0xFE30 && cp <= 0xFE6F
        || cp >= 0xFF00 && cp <= 0xFF60 || cp >= 0xFFE0 && cp <= 0xFFE6 || cp >= 0x1F300 && cp <= 0x1F64F
        || cp >= 0x1F900 && cp <= 0x1F9FF || cp >= 0x20000 && cp <= 0x3FFFD;
  }

  private static void appendLine(StringBuilder sb, String[] values, int[] width) {
    for (int c = 0; c < values.length; c++) {
      sb.append(c == 0 ? "" : " | ").append(values[c]).append(" ".repeat(width[c] - displayWidth(values[c])));
    }
    sb.append('\n');
  }
}
