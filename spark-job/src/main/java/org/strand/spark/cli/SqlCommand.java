package org.strand.spark.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.strand.core.ConfigurationException;
import org.strand.plugin.Plugin;
import org.strand.spark.Components;
import org.strand.spark.OptionConfig;
import org.strand.spark.ResultTable;
import org.strand.spark.UserPlugins;
import org.strand.spark.sql.LineageSelection;
import org.strand.spark.sql.OutputViews;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code strand sql}: Spark SQL over an output root, one view per data type. */
@Command(name = "sql", mixinStandardHelpOptions = true,
    description = {"Run SQL statements over an output root and print the last result.",
        "Views: one per data type (by default the newest lineage of each run; or the lineages that --config/--set select, or --lineage),",
        "strand_lineage (what each lineage hash means), strand_runs (one row per run) and strand_published (every published type and run)."},
    footer = {"", "Examples:",
        "  strand sql --output out \"SELECT run_id, COUNT(*) AS events FROM event_basics GROUP BY run_id ORDER BY run_id\"",
        "  strand sql --output out \"CREATE TEMPORARY VIEW big AS SELECT * FROM peak_basics WHERE area > 1000; SELECT COUNT(*) FROM big\"",
        "  strand sql --output out --set hit_min_amplitude=20 \"SELECT run_id, COUNT(*) FROM peak_basics GROUP BY run_id\"",
        "", "Exit codes: 0 ok, 2 a usage or SQL error (Spark's message is printed)."})
final class SqlCommand implements Callable<Integer> {
  @Option(names = "--output", required = true, paramLabel = "ROOT", description = "The output root.")
  String output;

  @Option(names = "--lineage", split = ",", paramLabel = "HASH",
      description = "Show this lineage, and of other types the lineages that agree with it (those it was made from or that were made from it); repeatable.")
  List<String> lineages = new ArrayList<>();

  @Option(names = "--config", paramLabel = "FILE", description = "Show the lineages that 'strand run' makes with the option values in this JSON or YAML file.")
  Path config;

  @Option(names = "--set", paramLabel = "option=value", description = "As --config, one option (wins over --config); repeatable.")
  List<String> sets = new ArrayList<>();

  @Option(names = "--plugins", split = ",", paramLabel = "CLASS", description = "With --config/--set: plugins of your own that made the data, as for 'strand run'.")
  List<String> plugins = new ArrayList<>();

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
    LineageSelection selection = selection();
    SparkSession spark = SparkSession.builder().master(master != null ? master
        : new org.apache.spark.SparkConf().get("spark.master", "local[*]")).config("spark.ui.enabled", "false").getOrCreate();
    OutputViews.Registered views = OutputViews.register(spark, output, Components.hadoopConfiguration(java.util.Map.of()), selection);
    if (!views.typesWithoutView().isEmpty()) {
      spec.commandLine().getErr().println("strand: no view of " + String.join(", ", views.typesWithoutView())
          + ": no data of " + (views.typesWithoutView().size() == 1 ? "it" : "them") + " matches " + selection.describe());
      spec.commandLine().getErr().flush();
    }
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

  /** The lineage selection the options ask for; checked before Spark starts. */
  private LineageSelection selection() {
    boolean byOptions = config != null || !sets.isEmpty();
    if (!lineages.isEmpty() && byOptions) {
      throw new ConfigurationException("--lineage picks lineages by hash, --config/--set by option values: give one or the other");
    }
    if (!plugins.isEmpty() && !byOptions) {
      throw new ConfigurationException("--plugins is for selecting by option values: give --config or --set with it");
    }
    if (!lineages.isEmpty()) {
      return LineageSelection.pinned(lineages);
    }
    if (!byOptions) {
      return LineageSelection.newest();
    }
    Map<String, Object> values = new LinkedHashMap<>();
    if (config != null) {
      values.putAll(OptionConfig.read(config));
    }
    values.putAll(OptionConfig.parseSets(sets));
    List<Plugin> user = UserPlugins.load(plugins, UserPlugins.classLoader());
    return LineageSelection.options(OptionConfig.toContextValues(values), user);
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
