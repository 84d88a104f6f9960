package org.strand.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.strand.core.ConfigurationException;

class OptionTest {
  static final Option<Long> AMPLITUDE = Option.integer("hit_min_amplitude", 15, "ADC").requiring(v -> v > 0, "must be > 0");
  static final Option<double[]> GAINS = Option.realArray("to_pe", new double[] {0.011, 0.011}, "gains");
  static final Option<String> MODE = Option.choice("mode", "fast", "mode", "fast", "exact");

  @Test
  void coerce_integersFromAnyIntegralNumberOrText() {
    assertEquals(20L, AMPLITUDE.coerce(20));
    assertEquals(20L, AMPLITUDE.coerce(20L));
    assertEquals(20L, AMPLITUDE.coerce(20.0));
    assertEquals(20L, AMPLITUDE.coerce("20"));
  }

  @Test
  void coerce_wrongType_failsNamingOptionValueAndExpected() {
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> AMPLITUDE.coerce("twenty"));
    assertThat(e.getMessage()).contains("option 'hit_min_amplitude'", "an integer", "'twenty'");
    ConfigurationException f = assertThrows(ConfigurationException.class, () -> AMPLITUDE.coerce(2.5));
    assertThat(f.getMessage()).contains("2.5");
    assertThrows(ConfigurationException.class, () -> AMPLITUDE.coerce(true));
  }

  @Test
  void coerce_breakingTheRule_failsWithTheRequirement() {
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> AMPLITUDE.coerce(0));
    assertThat(e.getMessage()).contains("option 'hit_min_amplitude' got 0", "must be > 0");
  }

  @Test
  void arrays_fromListsTextAndRepeatSyntax() {
    assertArrayEquals(new double[] {1, 2.5}, GAINS.coerce(List.of(1, 2.5)), 0);
    assertArrayEquals(new double[] {1, 2.5}, GAINS.parse("[1, 2.5]"), 0);
    assertArrayEquals(new double[] {0.011, 0.011, 0.011}, GAINS.parse("0.011*3"), 0);
    assertThrows(ConfigurationException.class, () -> GAINS.coerce(List.of("a")));
    assertThrows(ConfigurationException.class, () -> GAINS.parse("1,x"));
  }

  @Test
  void notANumber_isRefused_asTextOrValue_alsoInArrays() {
    Option<Double> area = Option.real("min_area", 0, "PE");
    for (Object nan : List.of("NaN", Double.NaN)) {
      ConfigurationException e = assertThrows(ConfigurationException.class, () -> area.coerce(nan));
      assertThat(e.getMessage()).contains("option 'min_area' got NaN", "a number");
    }
    assertThat(assertThrows(ConfigurationException.class, () -> GAINS.parse("0.01, NaN")).getMessage()).contains("got NaN");
    assertEquals(Double.POSITIVE_INFINITY, area.parse("Infinity"));
  }

  @Test
  void integerText_otherThanPlainDecimal_isRefusedNamingOptionAndValue() {
    // "_20" was once read as 20 (underscores dropped): a mistyped -20 must not pass as 20.
    for (String text : List.of("_20", "2_0", "1_000", "+5", "0x10", "010", "007", "1e3", "20.0", "0b11", "20L", "- 5")) {
      ConfigurationException e = assertThrows(ConfigurationException.class, () -> AMPLITUDE.parse(text), text);
      assertThat(e.getMessage()).as(text).contains("option 'hit_min_amplitude'", "plain decimal", "'" + text + "'");
    }
    assertEquals(20L, AMPLITUDE.parse(" 20 "));
    assertEquals(-3L, Option.integer("shift", 0, "").parse("-3"));
    assertEquals(0L, Option.integer("shift", 0, "").parse("0"));
  }

  @Test
  void numberText_otherThanPlainDecimal_isRefused_alsoInArrays() {
    Option<Double> area = Option.real("min_area", 0, "PE");
    for (String text : List.of("_1.5", "1_000.5", "+5", "0x10", "0x1p3", "010", "5d", "5f", "1e", "1.2.3")) {
      ConfigurationException e = assertThrows(ConfigurationException.class, () -> area.parse(text), text);
      assertThat(e.getMessage()).as(text).contains("option 'min_area'", "plain decimal", "'" + text + "'");
    }
    assertEquals(1000.0, area.parse("1e3"));
    assertEquals(0.5, area.parse(".5"));
    assertEquals(-2.5e-3, area.parse("-2.5E-3"));
    assertEquals(Double.NEGATIVE_INFINITY, area.parse("-.inf"));
    assertThat(assertThrows(ConfigurationException.class, () -> GAINS.parse("0.01, _0.02")).getMessage()).contains("'_0.02'");
    assertThat(assertThrows(ConfigurationException.class, () -> GAINS.parse("0.01*0x10")).getMessage()).contains("'0.01*0x10'");
  }

  @Test
  void integerOption_refusesADecimalWrittenWithAPointOrExponent() {
    // Config files hand over 20.0 and 1e3 as BigDecimal: not integers as written.
    for (String written : List.of("20.0", "1e3")) {
      ConfigurationException e = assertThrows(ConfigurationException.class, () -> AMPLITUDE.coerce(new java.math.BigDecimal(written)));
      assertThat(e.getMessage()).contains("option 'hit_min_amplitude' expects an integer");
    }
    assertEquals(1000.0, Option.real("min_area", 0, "PE").coerce(new java.math.BigDecimal("1e3")));
  }

  @Test
  void choice_unknownValue_listsAllowed() {
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> MODE.coerce("slow"));
    assertThat(e.getMessage()).contains("'slow'", "[fast, exact]");
  }

  @Test
  void booleans_fromTextCaseInsensitive() {
    Option<Boolean> b = Option.bool("flip", true, "");
    assertEquals(false, b.parse("FALSE"));
    assertThrows(ConfigurationException.class, () -> b.parse("yes"));
  }

  @Test
  void requiring_defaultBreakingRule_isRejectedAtDeclaration() {
    assertThrows(IllegalArgumentException.class, () -> Option.integer("n", 0, "").requiring(v -> v > 0, "> 0"));
  }

  @Test
  void optionValues_readingUndeclaredOption_failsNamingPluginAndDeclared() {
    OptionValues v = OptionValues.defaults("Hits", List.of(AMPLITUDE));
    assertEquals(15L, v.get(AMPLITUDE));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> v.get(GAINS));
    assertThat(e.getMessage()).contains("plugin 'Hits'", "'to_pe'", "hit_min_amplitude");
  }
}
