package org.strand.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strand.chain.ChainOptions;
import org.strand.core.ConfigurationException;

class OptionConfigTest {
  @TempDir
  Path dir;

  @Test
  void yaml_numbersAreTakenAsWritten_otherFormsStayText() throws IOException {
    Map<String, Object> m = OptionConfig.read(Files.writeString(dir.resolve("c.yaml"),
        "a: 20\nb: -3\nc: 010\nd: 0x10\ne: 1_000\nf: +5\ng: 1e3\nh: 0.5\ni: _20\nj: 12345678901234567890\n"));
    assertEquals(20L, m.get("a"));
    assertEquals(-3L, m.get("b"));
    // YAML would make these 8, 16, 1000 and 5; as text, the option refuses them by name.
    assertEquals("010", m.get("c"));
    assertEquals("0x10", m.get("d"));
    assertEquals("1_000", m.get("e"));
    assertEquals("+5", m.get("f"));
    assertEquals(new BigDecimal("1e3"), m.get("g"));
    assertEquals(new BigDecimal("0.5"), m.get("h"));
    assertEquals("_20", m.get("i"));
    assertEquals(new java.math.BigInteger("12345678901234567890"), m.get("j"));
  }

  @Test
  void yaml_nanAndInfinities_areValidYaml() throws IOException {
    Map<String, Object> m = OptionConfig.read(Files.writeString(dir.resolve("c.yml"),
        "min_area: .nan\nup: .inf\ndown: -.inf\nNAN: .NaN\nto_pe: [0.011, .nan]\n"));
    assertEquals(Double.NaN, m.get("min_area"));
    assertEquals(Double.POSITIVE_INFINITY, m.get("up"));
    assertEquals(Double.NEGATIVE_INFINITY, m.get("down"));
    assertEquals(Double.NaN, m.get("NAN"));
    assertEquals(List.of(new BigDecimal("0.011"), Double.NaN), m.get("to_pe"));
    // No option of the chain takes NaN; the option says so by name.
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> ChainOptions.MIN_AREA.coerce(m.get("min_area")));
    assertThat(e.getMessage()).contains("option 'min_area' got NaN");
  }

  @Test
  void json_pointAndExponent_reachAnIntegerOptionAsDecimals_whichItRefuses() throws IOException {
    Map<String, Object> m = OptionConfig.read(Files.writeString(dir.resolve("c.json"),
        "{\"gap_threshold\": 700.0, \"hit_min_amplitude\": 20, \"min_area\": 1e3, \"flip\": false, \"by\": {\"by_run\": {\"000000\": 1}}}"));
    assertThrows(ConfigurationException.class, () -> ChainOptions.GAP_THRESHOLD.coerce(m.get("gap_threshold")));
    assertEquals(20L, ChainOptions.HIT_MIN_AMPLITUDE.coerce(m.get("hit_min_amplitude")));
    assertEquals(1000.0, ChainOptions.MIN_AREA.coerce(m.get("min_area")));
    assertEquals(false, m.get("flip"));
    assertEquals(Map.of("by_run", Map.of("000000", 1L)), m.get("by"));
  }

  @Test
  void yaml_malformed_isStillInvalidYaml() throws IOException {
    Path f = Files.writeString(dir.resolve("bad.yaml"), "a: [1, 2\nb: 3\n");
    assertThat(assertThrows(ConfigurationException.class, () -> OptionConfig.read(f)).getMessage()).contains("is not valid YAML");
  }
}
