package org.strand.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NamesTest {
  @ParameterizedTest
  @ValueSource(strings = {"000001", "run_1", "2024-01-01.a", "A-b_c.9", "x"})
  void requireRunId_valid_returnsIt(String id) {
    assertEquals(id, Names.requireRunId(id));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", ".", "..", "a..b", "../etc", "a/b", "a\\b", "run 1", "a:b", "ü",
      "01234567890123456789012345678901234567890123456789012345678901234"})
  void requireRunId_invalid_failsNamingTheValue(String id) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Names.requireRunId(id));
    assertThat(e.getMessage()).contains("invalid run id '" + id + "'").contains("64");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Hits", "1hits", "hits-2", "hi ts", "", "_x"})
  void requireIdentifier_invalid_failsNamingWhatAndValue(String name) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Names.requireIdentifier("data type", name));
    assertThat(e.getMessage()).contains("invalid data type '" + name + "'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"hits", "peak_basics", "s2_area", "x1"})
  void requireIdentifier_valid_returnsIt(String name) {
    assertEquals(name, Names.requireIdentifier("option name", name));
  }

  @org.junit.jupiter.api.Test
  void requireRunId_controlCharacters_areEscapedInMessage() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Names.requireRunId("a\nb"));
    assertThat(e.getMessage()).contains("a\\x0ab").doesNotContain("\n");
  }
}
