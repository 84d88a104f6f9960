package org.strand.spark.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.strand.spark.Durations;
import picocli.CommandLine;

/**
 * The Airflow DAG's arguments (submit-scripts/airflow/strand_daily_args.json, which the DAG reads)
 * are valid for strand's command line: the command and every option exist, values have the
 * right types, and the DAG's Spark settings are well formed. Airflow itself is not needed.
 */
class AirflowDagArgumentsTest {
  static Path argsFile() {
    Path p = Path.of("..", "submit-scripts", "airflow", "strand_daily_args.json");
    return Files.exists(p) ? p : Path.of("submit-scripts", "airflow", "strand_daily_args.json");
  }

  @Test
  void dagArguments_parseAsAStrandRun_withValidValues() throws Exception {
    JsonNode json = new ObjectMapper().readTree(argsFile().toFile());
    List<String> args = new ArrayList<>();
    json.get("application_args").forEach(a -> args.add(a.asText().replace("{{ ds_nodash }}", "20260101").replace("{{ ds }}", "2026-01-01")));
    CommandLine cli = new CommandLine(new StrandCli());
    CommandLine.ParseResult parsed = cli.parseArgs(args.toArray(String[]::new));
    assertTrue(parsed.hasSubcommand());
    CommandLine.ParseResult run = parsed.subcommand();
    assertEquals("run", run.commandSpec().name());
    RunCommand command = (RunCommand) run.commandSpec().userObject();
    assertThat(command.selection.output).startsWith("hdfs://");
    assertThat(command.selection.targets()).containsExactly("peak_basics", "event_basics");
    assertTrue(command.execution.summaryJson != null, "the DAG has strand write its JSON summary");
    Durations.parse(command.execution.runTimeout);
    assertTrue(command.execution.noProgress, "no progress line in scheduler logs");
    json.get("conf").fields().forEachRemaining(e -> {
      assertThat(e.getKey()).startsWith("spark.");
      assertThat(e.getValue().asText()).isNotBlank();
    });
    String dag = Files.readString(argsFile().resolveSibling("strand_daily.py"));
    assertThat(dag).contains("SparkSubmitOperator", "org.strand.spark.cli.StrandCli", "strand_daily_args.json");
  }
}
