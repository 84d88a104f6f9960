package org.strand.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * A query result as a plain text table, for the console. Values are written as Spark SQL casts
 * them to strings (as {@code Dataset.show} does): arrays as {@code [1, 2]}, structs as
 * {@code {1, a}}, maps as {@code {k -> 1}}, dates and timestamps in the session's time zone.
 */
public final class ResultTable {
  private ResultTable() {}

  /** The first {@code maxRows} rows of {@code result} with a header, columns padded to fit. */
  public static String format(Dataset<Row> result, int maxRows) {
    String[] names = result.columns();
    // By position, under names of its own: a result may repeat a column name (a join).
    String[] positions = new String[names.length];
    Column[] asText = new Column[names.length];
    for (int c = 0; c < names.length; c++) {
      positions[c] = "c" + c;
      asText[c] = functions.col(positions[c]).cast(DataTypes.StringType);
    }
    List<Row> rows = result.toDF(positions).select(asText).limit(maxRows + 1).collectAsList();
    List<String[]> cells = new ArrayList<>();
    int[] width = new int[names.length];
    for (int c = 0; c < names.length; c++) {
      width[c] = names[c].length();
    }
    for (int r = 0; r < Math.min(rows.size(), maxRows); r++) {
      String[] line = new String[names.length];
      for (int c = 0; c < names.length; c++) {
        String v = rows.get(r).getString(c);
        line[c] = v == null ? "NULL" : v;
        width[c] = Math.max(width[c], line[c].length());
      }
      cells.add(line);
    }
    StringBuilder sb = new StringBuilder();
    appendLine(sb, names, width);
    StringBuilder rule = new StringBuilder();
    for (int c = 0; c < names.length; c++) {
      rule.append(c == 0 ? "" : "-+-").append("-".repeat(width[c]));
    }
    sb.append(rule).append('\n');
    cells.forEach(line -> appendLine(sb, line, width));
    sb.append(rows.size() > maxRows ? "(first " + maxRows + " rows shown)\n" : "(" + cells.size() + " row" + (cells.size() == 1 ? "" : "s") + ")\n");
    return sb.toString();
  }

  private static void appendLine(StringBuilder sb, String[] values, int[] width) {
    for (int c = 0; c < values.length; c++) {
      sb.append(c == 0 ? "" : " | ").append(String.format("%-" + width[c] + "s", values[c]));
    }
    sb.append('\n');
  }
}
