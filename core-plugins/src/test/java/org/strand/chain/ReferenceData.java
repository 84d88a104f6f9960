package org.strand.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.strand.core.Field;
import org.strand.core.Table;

/**
 * Where the reference data strax produced lives (system property {@code strand.shared.dir}), how
 * its chunks were cut, and comparisons of strand's tables with strax's CSV output at the
 * reference README's tolerances. Tests using it are skipped, with the reason, when the data is
 * not there (clones without the shared directory).
 */
final class ReferenceData {
  private ReferenceData() {}

  /** The reference run's directory ({@code strax-small} or {@code strax-bench}), or the test is skipped. */
  static Path run(String name) {
    String shared = System.getProperty("strand.shared.dir");
    Assumptions.assumeTrue(shared != null, "system property strand.shared.dir is not set: no reference data");
    Path dir = Path.of(shared, "reference", name);
    Assumptions.assumeTrue(Files.isDirectory(dir), "no reference data at " + dir);
    return dir;
  }

  /** One chunk of the reference run: [start, end) and its raw record count. */
  record ChunkRange(long start, long end, int rawRecords) {}

  static List<ChunkRange> chunks(Path runDir) throws IOException {
    String json = Files.readString(runDir.resolve("expected/chunks.json"));
    Matcher m = Pattern.compile("\"start\":\\s*(\\d+),\\s*\"end\":\\s*(\\d+),\\s*\"n_raw_records\":\\s*(\\d+)").matcher(json);
    List<ChunkRange> out = new ArrayList<>();
    while (m.find()) {
      out.add(new ChunkRange(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Integer.parseInt(m.group(3))));
    }
    assertTrue(out.size() > 0, "no chunks in " + runDir.resolve("expected/chunks.json"));
    return out;
  }

  /** Rows per chunk of a type, from the strax metadata of {@code runDir/strax_data}. */
  static List<Integer> straxChunkRows(Path runDir, String type) throws IOException {
    try (var dirs = Files.list(runDir.resolve("strax_data"))) {
      Path dir = dirs.filter(p -> p.getFileName().toString().contains("-" + type + "-")).findFirst()
          .orElseThrow(() -> new IOException("no strax data of type " + type + " in " + runDir));
      try (var files = Files.list(dir)) {
        Path meta = files.filter(p -> p.getFileName().toString().endsWith("-metadata.json")).findFirst().orElseThrow();
        Matcher m = Pattern.compile("\"n\":\\s*(\\d+)").matcher(Files.readString(meta));
        List<Integer> n = new ArrayList<>();
        while (m.find()) {
          n.add(Integer.parseInt(m.group(1)));
        }
        return n;
      }
    }
  }

  /**
   * Asserts that {@code actual} holds the CSV's rows in order, column by column: integers exactly,
   * float32 values within relative 1e-5 or absolute 1e-4, whichever is larger (NaN equals NaN).
   */
  static void assertMatches(String what, CsvColumns expected, Table actual) {
    assertEquals(expected.rows, actual.rows(), what + ": row count");
    for (var e : expected.columns.entrySet()) {
      String name = e.getKey();
      String[] cells = e.getValue();
      int col = actual.schema().indexOf(name);
      Field f = actual.schema().field(col);
      int mismatches = 0;
      StringBuilder first = new StringBuilder();
      for (int r = 0; r < cells.length; r++) {
        boolean ok;
        String got;
        if (f.type().isFloating()) {
          double want = CsvColumns.parse(cells[r]);
          double have = actual.getDouble(col, r);
          ok = Double.isNaN(want) ? Double.isNaN(have) : Math.abs(have - want) <= Math.max(1e-4, 1e-5 * Math.abs(want));
          got = Double.toString(have);
        } else {
          long want = (long) CsvColumns.parse(cells[r]);
          long have = actual.getLong(col, r);
          ok = want == have;
          got = Long.toString(have);
        }
        if (!ok) {
          if (mismatches++ < 5) {
            first.append("\n  row ").append(r).append(": expected ").append(cells[r]).append(", got ").append(got)
                .append("  ").append(actual.describeRow(r));
          }
        }
      }
      if (mismatches > 0) {
        fail(what + ": column '" + name + "' differs in " + mismatches + " of " + cells.length + " rows:" + first);
      }
    }
  }
}
