package org.strand.spark.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.strand.core.ConfigurationException;
import org.strand.core.StrandException;
import org.strand.spark.Components;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * strand's command line: {@code strand <command> [options]}.
 *
 * <p>Exit codes are a contract: 0 every selected run is done or was already done; 1 at least one
 * run failed; 2 a usage or configuration error, reported in one line before anything is
 * processed or written.
 */
@Command(name = "strand", mixinStandardHelpOptions = true, versionProvider = StrandCli.Version.class,
    description = "Reprocess detector runs into Parquet/Arrow tables on Apache Spark.",
    subcommands = {RunCommand.class, DemoCommand.class, ExplainCommand.class, ListCommand.class, SqlCommand.class, VerifyCommand.class, InProcessCommand.class},
    footer = {"", "Exit codes: 0 all runs done or already done, 1 a run failed, 2 usage or configuration error.",
        "Run 'strand <command> --help' for a command's options and examples."})
public final class StrandCli implements Runnable {
  public static final int OK = 0;
  public static final int RUN_FAILED = 1;
  public static final int USAGE = 2;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command: run, demo, explain, list or sql");
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs a command line and returns its exit code. */
  public static int execute(String... args) {
    return execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
  }

  /** Runs a command line writing to {@code out} and {@code err}; returns its exit code. */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    args = sqlCommentsAsStatements(args);
    CommandLine cli = new CommandLine(new StrandCli());
    cli.setOut(out);
    cli.setErr(err);
    cli.setParameterExceptionHandler((ex, a) -> {
      PrintWriter e = ex.getCommandLine().getErr();
      e.println("strand: " + oneLine(ex.getMessage()) + " (see '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
      e.flush();
      return USAGE;
    });
    cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
      PrintWriter e = commandLine.getErr();
      if (ex instanceof ConfigurationException) {
        e.println("strand: " + oneLine(ex.getMessage()));
        e.flush();
        return USAGE;
      }
      e.println("strand: " + ex.getClass().getSimpleName() + ": " + oneLine(String.valueOf(ex.getMessage())));
      if (!(ex instanceof StrandException)) {
        // strand's own exceptions name what was wrong; anything else is unexpected, so its trace helps.
        ex.printStackTrace(e);
      }
      e.flush();
      return RUN_FAILED;
    });
    return cli.execute(args);
  }

  /**
   * SQL may begin with a comment ("-- ..."), which picocli would take for an option: such an
   * argument of {@code sql} is moved after the end-of-options marker, where only statements go.
   */
  private static String[] sqlCommentsAsStatements(String[] args) {
    if (args.length == 0 || !args[0].equals("sql") || Arrays.asList(args).contains("--")) {
      return args;
    }
    List<String> options = new ArrayList<>();
    List<String> statements = new ArrayList<>();
    for (String a : args) {
      // An option is one word; SQL that starts with a comment goes on after a space or a line break.
      boolean comment = a.length() > 2 && a.startsWith("--") && (Character.isWhitespace(a.charAt(2)) || a.contains("\n"));
      (comment ? statements : options).add(a);
    }
    if (statements.isEmpty()) {
      return args;
    }
    options.add("--");
    options.addAll(statements);
    return options.toArray(String[]::new);
  }

  static String oneLine(String s) {
    return s == null ? "" : s.replaceAll("\\s*\\R\\s*", " ").trim();
  }

  /** The version from the build. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"strand " + Components.version()};
    }
  }
}
