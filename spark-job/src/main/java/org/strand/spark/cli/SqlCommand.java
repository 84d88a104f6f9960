package org.strand.spark.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.strand.core.ConfigurationException;
import org.strand.spark.Components;
import org.strand.spark.ResultTable;
import org.strand.spark.sql.OutputViews;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code strand sql}: Spark SQL over an output root, one view per data type. */
@Command(name = "sql", mixinStandardHelpOptions = true,
    description = "Run SQL statements over an output root (one view per data type, plus strand_lineage and strand_runs); print the last result.",
    footer = {"", "Examples:",
        "  strand sql --output out \"SELECT run_id, COUNT(*) AS events FROM event_basics GROUP BY run_id ORDER BY run_id\"",
        "  strand sql --output out \"CREATE TEMPORARY VIEW big AS SELECT * FROM peak_basics WHERE area > 1000; SELECT COUNT(*) FROM big\"",
        "", "Exit codes: 0 ok, 2 a usage or SQL error (Spark's message is printed)."})
final class SqlCommand implements Callable<Integer> {
  @Option(names = "--output", required = true, paramLabel = "ROOT", description = "The output root.")
  String output;

  @Option(names = "--lineage", paramLabel = "HASH", description = "Use this lineage (default: the newest lineage of each run).")
  String lineage;

  @Option(names = "--master", paramLabel = "URL", description = "Spark master (default: Spark's own setting, else local[*]).")
  String master;

  @Option(names = "--max-rows", paramLabel = "N", defaultValue = "100", description = "Rows of the last result to print (default ${DEFAULT-VALUE}).")
  int maxRows;

  @Parameters(paramLabel = "STATEMENTS", description = "SQL statements separated by ';'; the last one's result is printed.")
  String statements;

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    List<String> parts = split(statements);
    if (parts.isEmpty()) {
      throw new ConfigurationException("no SQL statement given");
    }
    SparkSession spark = SparkSession.builder().master(master != null ? master
        : new org.apache.spark.SparkConf().get("spark.master", "local[*]")).config("spark.ui.enabled", "false").getOrCreate();
    OutputViews.register(spark, output, Components.hadoopConfiguration(java.util.Map.of()), lineage);
    Dataset<Row> last = null;
    for (String sql : parts) {
      try {
        last = spark.sql(sql);
      } catch (Exception e) {
        throw sqlError(e);
      }
    }
    try {
      spec.commandLine().getOut().print(ResultTable.format(last, maxRows));
    } catch (Exception e) {
      throw sqlError(e);
    }
    spec.commandLine().getOut().flush();
    return StrandCli.OK;
  }

  /** Spark's analysis and parse errors are the user's (exit 2); anything else is rethrown. */
  private static RuntimeException sqlError(Exception e) {
    if (e instanceof org.apache.spark.sql.AnalysisException || e.getClass().getName().endsWith("ParseException")) {
      return new ConfigurationException("SQL error: " + e.getMessage());
    }
    return e instanceof RuntimeException r ? r : new IllegalStateException("SQL failed: " + e.getMessage(), e);
  }

  /** Splits on ';' outside quotes and comments; drops empty statements. */
  static List<String> split(String text) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    char quote = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quote != 0) {
        cur.append(c);
        if (c == quote) {
          quote = 0;
        }
      } else if (c == '\'' || c == '"' || c == '`') {
        quote = c;
        cur.append(c);
      } else if (c == ';') {
        if (!cur.toString().isBlank()) {
          out.add(cur.toString().trim());
        }
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    if (!cur.toString().isBlank()) {
      out.add(cur.toString().trim());
    }
    return out;
  }
}
