package org.strand.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strand.core.ConfigurationException;
import org.strand.plugin.ByRun;

class SmallPartsTest {
  @TempDir
  Path dir;

  @Test
  void durations_parseUnits_rejectOthers() {
    assertEquals(Duration.ofSeconds(90), Durations.parse("90s"));
    assertEquals(Duration.ofMinutes(15), Durations.parse("15m"));
    assertEquals(Duration.ofHours(2), Durations.parse("2h"));
    assertEquals(Duration.ofMillis(1500), Durations.parse("1.5s"));
    assertEquals("15m", Durations.format(Duration.ofMinutes(15)));
    for (String bad : List.of("", "10", "s", "10x", "-5m", "0s")) {
      assertThrows(IllegalArgumentException.class, () -> Durations.parse(bad), bad);
    }
  }

  @Test
  void optionConfig_yamlWithByRunTable_becomesContextValues() throws Exception {
    Path yaml = Files.writeString(dir.resolve("c.yaml"), "hit_min_amplitude: 20\nto_pe:\n  by_run:\n    \"000000\": [0.01, 0.02]\n    \"001000\": [0.03, 0.04]\n");
    Map<String, Object> raw = OptionConfig.read(yaml);
    Map<String, Object> values = OptionConfig.toContextValues(raw);
    assertEquals(20L, values.get("hit_min_amplitude"));
    ByRun table = assertInstanceOf(ByRun.class, values.get("to_pe"));
    assertEquals(2, table.entries().size());
    Path json = Files.writeString(dir.resolve("c.json"), "{\"x\": {\"by_start_time\": {\"abc\": 1}}}");
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> OptionConfig.toContextValues(OptionConfig.read(json)));
    assertThat(e.getMessage()).contains("'abc' is not an integer time");
    Path other = Files.writeString(dir.resolve("d.json"), "{\"x\": {\"y\": 1}}");
    assertThrows(ConfigurationException.class, () -> OptionConfig.toContextValues(OptionConfig.read(other)));
  }

  @Test
  void summary_jsonContract_andExitCode() throws Exception {
    RunResult done = new RunResult("000001", RunResult.DONE, 1000, 1.5, 2,
        Map.of("peaks", new RunResult.TargetResult(10, 100, "abc")), null, Map.of("plugin 'Peaks'", 1.0), 0);
    RunResult failed = RunResult.failed("000002", 2000, 0.5, 2, "bad checksum in /x/y");
    RunResult skipped = RunResult.skipped("000003", 3000, Map.of("peaks", new RunResult.TargetResult(5, 50, "abc")));
    JobSummary s = new JobSummary(List.of(failed, skipped, done), List.of("peaks"), Instant.EPOCH, Instant.EPOCH.plusSeconds(2), Map.of());
    assertEquals(1, s.exitCode());
    assertEquals("failed", s.status());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    s.writeJson(out);
    String json = out.toString();
    assertThat(json).contains("\"status\" : \"failed\"", "\"run_id\" : \"000001\"", "\"raw_bytes\" : 1000", "\"seconds\" : 1.5",
        "\"threads\" : 2", "\"lineage\" : \"abc\"", "\"error\" : \"bad checksum in /x/y\"", "\"error\" : null", "\"totals\"",
        "\"skipped\" : 1");
    assertThat(s.toTable()).contains("failed run 000002: bad checksum", "3 runs: 1 done, 1 skipped");
    JobSummary ok = new JobSummary(List.of(done, skipped), List.of("peaks"), Instant.EPOCH, Instant.EPOCH, Map.of());
    assertEquals(0, ok.exitCode());
  }

  @Test
  void progressLine_showsRunsMegabytesRateAndEta() {
    Progress p = new Progress(new java.io.PrintWriter(new java.io.StringWriter()), 10, 100_000_000, false);
    p.add(2, 20_000_000);
    assertThat(p.line()).startsWith("runs 2/10, 20.0/100.0 MB, ").contains("MB/s, ETA ");
    assertEquals("1m05s", Progress.formatSeconds(65));
    assertEquals("2h00m", Progress.formatSeconds(7200));
  }
}
