package org.strand.chain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A CSV file with a header row of column names and numeric cells, column by column. Test support. */
final class CsvColumns {
  final Map<String, String[]> columns;
  final int rows;

  private CsvColumns(Map<String, String[]> columns, int rows) {
    this.columns = columns;
    this.rows = rows;
  }

  static CsvColumns read(Path path) throws IOException {
    List<String> lines = Files.readAllLines(path);
    String[] names = lines.get(0).split(",");
    List<String[]> rows = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      if (!lines.get(i).isBlank()) {
        rows.add(lines.get(i).split(","));
      }
    }
    Map<String, String[]> cols = new LinkedHashMap<>();
    for (int c = 0; c < names.length; c++) {
      String[] col = new String[rows.size()];
      for (int r = 0; r < rows.size(); r++) {
        col[r] = rows.get(r)[c];
      }
      cols.put(names[c].trim(), col);
    }
    return new CsvColumns(cols, rows.size());
  }

  static double parse(String cell) {
    return switch (cell.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "nan" -> Double.NaN;
      case "inf" -> Double.POSITIVE_INFINITY;
      case "-inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(cell);
    };
  }
}
