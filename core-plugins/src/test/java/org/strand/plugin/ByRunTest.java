package org.strand.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.strand.core.ConfigurationException;

class ByRunTest {
  static final Option<Double> GAIN = Option.real("gain", 1.0, "");

  static RunInfo run(String id, long start) {
    return new RunInfo(id, start, start + 10, 0);
  }

  @Test
  void byRunId_numericOrder_takesLastEntryAtOrBefore() {
    ByRun table = ByRun.fromRuns(Map.of("000000", 1.0, "000999", 2.0, "1000", 3.0));
    Map<String, Object> cfg = Map.of("gain", table);
    assertEquals(1.0, OptionValues.resolve("P", List.of(GAIN), cfg, run("000998", 0)).get(GAIN));
    assertEquals(2.0, OptionValues.resolve("P", List.of(GAIN), cfg, run("999", 0)).get(GAIN));
    assertEquals(3.0, OptionValues.resolve("P", List.of(GAIN), cfg, run("001000", 0)).get(GAIN));
  }

  @Test
  void byStartTime_usesRunStart() {
    ByRun table = ByRun.fromStartTimes(Map.of(0L, 1.0, 1_000L, 2.0));
    Map<String, Object> cfg = Map.of("gain", table);
    assertEquals(1.0, OptionValues.resolve("P", List.of(GAIN), cfg, run("a", 999)).get(GAIN));
    assertEquals(2.0, OptionValues.resolve("P", List.of(GAIN), cfg, run("a", 1_000)).get(GAIN));
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> OptionValues.resolve("P", List.of(GAIN), cfg, RunInfo.unknown("a")));
    assertThat(e.getMessage()).contains("'gain'", "start time");
  }

  @Test
  void runBeforeEveryEntry_failsNamingRunAndFirstEntry() {
    ByRun table = ByRun.fromRuns(Map.of("000100", 1.0));
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> OptionValues.resolve("P", List.of(GAIN), Map.of("gain", table), run("000050", 0)));
    assertThat(e.getMessage()).contains("run 000050", "run 000100");
  }

  @Test
  void compareRunIds_numbersNumerically_elseText() {
    assertTrue(ByRun.compareRunIds("999", "1000") < 0);
    assertTrue(ByRun.compareRunIds("0999", "1000") < 0);
    assertTrue(ByRun.compareRunIds("b", "a") > 0);
    assertTrue(ByRun.compareRunIds("run10", "run9") < 0);
  }

  @Test
  void invalidRunIdKey_fails() {
    assertThrows(ConfigurationException.class, () -> ByRun.fromRuns(Map.of("../x", 1.0)));
  }
}
