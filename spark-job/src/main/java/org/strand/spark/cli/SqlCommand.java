package org.strand.spark.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.strand.chain.StandardChain;
import org.strand.context.PluginRegistry;
import org.strand.core.ConfigurationException;
import org.strand.core.StrandException;
import org.strand.plugin.Plugin;
import org.strand.spark.Components;
import org.strand.spark.OptionConfig;
import org.strand.spark.ResultTable;
import org.strand.spark.UserPlugins;
import org.strand.spark.sql.LineageSelection;
import org.strand.spark.sql.OutputViews;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
  private static final String WAREHOUSE = "spark.sql.warehouse.dir";

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

  @Mixin
  SparkSettings settings;

  @Option(names = "--max-rows", paramLabel = "N", defaultValue = "100", description = "Rows of the last result to print (default ${DEFAULT-VALUE}).")
  int maxRows;

  @Parameters(paramLabel = "STATEMENTS", description = "SQL statements separated by ';'; the last one's result is printed.")
  String statements;

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    RequestValidation.master(master);
    if (maxRows < 1) {
      throw new ConfigurationException("--max-rows must be at least 1, got " + maxRows);
    }
    List<String> parts = split(statements);
    if (parts.isEmpty()) {
      throw new ConfigurationException("no SQL statement given");
    }
    LineageSelection selection = selection();
    Map<String, String> sparkSettings = settings.map();
    if (master == null) {
      RequestValidation.impliedMaster(sparkSettings.get("spark.master"), System.getProperty("spark.master"));
    }
    String sparkMaster = master != null ? master : new org.apache.spark.SparkConf().get("spark.master", "local[*]");
    RequestValidation.taskCpus(sparkSettings.get("spark.task.cpus"), sparkMaster);
    SparkSession.Builder builder = SparkSession.builder().master(sparkMaster)
        .config("spark.ui.enabled", "false").config("spark.sql.debug.maxToStringFields", "1000");
    sparkSettings.forEach(builder::config);
    // Tables created by statements (tables.sql's, for one) would otherwise leave a spark-warehouse
    // directory wherever the command was run.
    Path warehouse = sparkSettings.containsKey(WAREHOUSE) ? null : temporaryWarehouse();
    // A query stopped with Ctrl-C or SIGTERM runs no finally block, only shutdown hooks.
    Thread cleanup = warehouse == null ? null : new Thread(() -> deleteTree(warehouse), "strand-sql-warehouse-cleanup");
    if (warehouse != null) {
      builder.config(WAREHOUSE, warehouse.toUri().toString());
      Runtime.getRuntime().addShutdownHook(cleanup);
    }
    try {
      return query(builder, selection, sparkSettings, parts);
    } finally {
      if (warehouse != null) {
        deleteTree(warehouse);
        removeShutdownHook(cleanup);
      }
    }
  }

  /**
   * A query that fails in a task (a value that does not cast, say) is printed by strand as one
   * "SQL error" line; Spark's executor and task scheduler would first log the same error with a
   * stack trace of 50 lines, twice. So sql turns these two loggers off, unless logging was set up
   * to say more than warnings (for debugging).
   */
  static void quietFailedTasks() {
    for (String logger : List.of("org.apache.spark.executor.Executor", "org.apache.spark.scheduler.TaskSetManager")) {
      if (org.apache.logging.log4j.LogManager.getLogger(logger).getLevel().isMoreSpecificThan(org.apache.logging.log4j.Level.WARN)) {
        org.apache.logging.log4j.core.config.Configurator.setLevel(logger, org.apache.logging.log4j.Level.OFF);
      }
    }
  }

  private static void removeShutdownHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // The JVM is already shutting down: the hook runs, and finds nothing left to delete.
    }
  }

  private Integer query(SparkSession.Builder builder, LineageSelection selection, Map<String, String> sparkSettings, List<String> parts) {
    SparkSession spark;
    quietFailedTasks();
    try {
      spark = builder.getOrCreate();
    } catch (Exception e) {
      // A --conf value Spark refuses (some with its checked SparkException, undeclared by Scala code).
      throw new ConfigurationException("Spark does not start with these settings: " + StrandCli.oneLine(e.getMessage()));
    }
    OutputViews.Registered views;
    try {
      views = OutputViews.register(spark, output, Components.hadoopConfiguration(sparkSettings), selection);
    } catch (StrandException e) {
      throw e;
    } catch (Exception e) {
      // Spark checks some --conf values only when the session first uses them; its
      // AnalysisException (a path it cannot read, say) is a checked exception.
      throw sqlError(e);
    }

    if (!views.typesWithoutView().isEmpty()) {
      spec.commandLine().getErr().println("strand: no view of " + String.join(", ", views.typesWithoutView())
          + ": no data of " + (views.typesWithoutView().size() == 1 ? "it" : "them") + " matches " + selection.describe());
      spec.commandLine().getErr().flush();
    }
    for (String unviewable : views.unviewable()) {
      spec.commandLine().getErr().println("strand: no view of " + unviewable);
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
    if (!views.leftOut().isEmpty()) {
      // Said after the result too, so that an SQL error stays the only line.
      spec.commandLine().getErr().println("strand: warning: left out of the views, their files damaged or gone: "
          + String.join(", ", views.leftOut()) + "; 'strand verify --output " + output + "' names every problem");
      spec.commandLine().getErr().flush();
    }
    if (!views.mixes().isEmpty()) {
      // Each run shows its newest data; runs reprocessed with other options make a mixture.
      // Said once the result is out, so that an SQL error stays the only line.
      spec.commandLine().getErr().println("strand: warning: the views mix lineages: " + String.join("; ", views.mixes())
          + "; unless by-run option values made them so, pick one configuration with --set/--config or --lineage");
      spec.commandLine().getErr().flush();
    }
    return StrandCli.OK;
  }

  private static Path temporaryWarehouse() {
    try {
      return Files.createTempDirectory("strand-sql-warehouse-");
    } catch (IOException e) {
      throw new ConfigurationException("cannot create a temporary directory for Spark's warehouse (" + e.getMessage()
          + "); give one with --conf " + WAREHOUSE + "=DIR");
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException | UncheckedIOException e) {
      // A leftover temporary directory is harmless; the query's result stands.
    }
  }

  /** The lineage selection the options ask for; checked before Spark starts. */
  private LineageSelection selection() {
    boolean byOptions = config != null || !sets.isEmpty();
    if (!lineages.isEmpty() && byOptions) {
      throw new ConfigurationException("--lineage picks lineages by hash, --config/--set by option values: give one or the other");
    }
    List<String> plugins = RequestValidation.pluginClassNames(this.plugins);
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
    if (!user.isEmpty()) {
      // As 'strand run' checks them; its third check, a plugin that none of the targets needs,
      // has no counterpart here: sql has no targets, and a type without data gets no view.
      PluginRegistry standard = PluginRegistry.of(StandardChain.plugins());
      UserPlugins.requireOwnLineage(plugins, user, standard);
      UserPlugins.typesNeeded(user.stream().flatMap(p -> p.provides().stream()).toList(), standard.plus(user), plugins);
    }
    return LineageSelection.options(OptionConfig.toContextValues(values), user);
  }

  /**
   * Errors in the user's SQL (exit 2, with Spark's message): analysis and parse errors, and errors
   * Spark raises with an error condition while running the query (division by zero, a bad cast),
   * also when a failed task wraps them. Anything else is rethrown.
   */
  static RuntimeException sqlError(Exception e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof org.apache.spark.sql.AnalysisException a) {
        // Without the query plan Spark appends: the message alone names the problem.
        return new ConfigurationException("SQL error: " + a.getSimpleMessage());
      }
      if (t.getClass().getName().endsWith("ParseException")) {
        return new ConfigurationException("SQL error: " + t.getMessage());
      }
      if (t instanceof org.apache.spark.SparkThrowable st && st.getCondition() != null && !st.isInternalError()
          && !(t instanceof org.apache.spark.SparkException)) {
        return new ConfigurationException("SQL error: " + t.getMessage());
      }
    }
    return e instanceof RuntimeException r ? r : new IllegalStateException("SQL failed: " + e.getMessage(), e);
  }

  /**
   * Splits on ';' outside string literals, quoted identifiers and comments ({@code --} to the end
   * of the line, {@code /* ... *}{@code /}); drops empty statements. A backslash escapes the next
   * character inside a literal, as in Spark SQL.
   */
  static List<String> split(String text) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    char quote = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      char next = i + 1 < text.length() ? text.charAt(i + 1) : 0;
      if (quote != 0) {
        cur.append(c);
        if (c == '\\' && quote != '`' && next != 0) {
          cur.append(next);
          i++;
        } else if (c == quote) {
          quote = 0;
        }
      } else if (c == '\'' || c == '"' || c == '`') {
        quote = c;
        cur.append(c);
      } else if (c == '-' && next == '-') {
        int eol = text.indexOf('\n', i);
        int stop = eol < 0 ? text.length() : eol;
        cur.append(text, i, stop);
        i = stop - 1;
      } else if (c == '/' && next == '*') {
        int close = text.indexOf("*/", i + 2);
        int stop = close < 0 ? text.length() : close + 2;
        cur.append(text, i, stop);
        i = stop - 1;
      } else if (c == ';') {
        addStatement(out, cur);
      } else {
        cur.append(c);
      }
    }
    addStatement(out, cur);
    return out;
  }

  private static void addStatement(List<String> out, StringBuilder cur) {
    String s = cur.toString().strip();
    cur.setLength(0);
    // A statement of nothing but comments is no statement.
    if (!s.replaceAll("(?m)--.*$", "").replaceAll("(?s)/\\*.*?\\*/", "").isBlank()) {
      out.add(s);
    }
  }
}
