package org.strand.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class LineageTest {
  static Lineage source() {
    return Lineage.of("pulses", "ToySource", "1", Map.of("toy_seed", 1L, "toy_rows", 200L), Map.of());
  }

  @Test
  void encoding_isCanonicalJsonWithInputsByHash() {
    Lineage s = source();
    assertEquals("{\"inputs\":{},\"options\":{\"toy_rows\":200,\"toy_seed\":1},\"plugin\":\"ToySource\",\"type\":\"pulses\",\"version\":\"1\"}",
        s.encoding());
    Lineage d = Lineage.of("scaled", "Scaled", "1", Map.of("scale_factor", 2.0), Map.of("pulses", s));
    assertThat(d.encoding()).contains("\"inputs\":{\"pulses\":\"" + s.hash() + "\"}", "\"scale_factor\":2.0");
  }

  /** Pinned values: if these change, every stored dataset's lineage changes. Do not update casually. */
  @Test
  void hash_goldenValues() {
    Lineage s = source();
    assertEquals("jhebzo7fkba3", s.hash());
    Lineage d = Lineage.of("scaled", "Scaled", "1", Map.of("scale_factor", 2.0, "to_pe", List.of(0.011, 0.011)),
        Map.of("pulses", s));
    assertEquals("ewko4r2jk35m", d.hash());
    Lineage empty = Lineage.of("x", "P", "0.0.1", Map.of(), Map.of());
    assertEquals("teg5t4yarjk6", empty.hash());
  }

  @Test
  void hash_changesWithEveryPart() {
    Lineage s = source();
    String base = Lineage.of("scaled", "Scaled", "1", Map.of("f", 2.0), Map.of("pulses", s)).hash();
    assertNotEquals(base, Lineage.of("scaled2", "Scaled", "1", Map.of("f", 2.0), Map.of("pulses", s)).hash());
    assertNotEquals(base, Lineage.of("scaled", "Other", "1", Map.of("f", 2.0), Map.of("pulses", s)).hash());
    assertNotEquals(base, Lineage.of("scaled", "Scaled", "2", Map.of("f", 2.0), Map.of("pulses", s)).hash());
    assertNotEquals(base, Lineage.of("scaled", "Scaled", "1", Map.of("f", 2L), Map.of("pulses", s)).hash());
    assertNotEquals(base, Lineage.of("scaled", "Scaled", "1", Map.of("f", 2.0), Map.of()).hash());
    Lineage otherSource = Lineage.of("pulses", "ToySource", "1", Map.of("toy_seed", 2L, "toy_rows", 200L), Map.of());
    assertNotEquals(base, Lineage.of("scaled", "Scaled", "1", Map.of("f", 2.0), Map.of("pulses", otherSource)).hash());
  }

  @Test
  void hash_ignoresMapOrder() {
    Map<String, Object> a = new TreeMap<>(Map.of("a", 1L, "b", 2L));
    Map<String, Object> b = new java.util.LinkedHashMap<>();
    b.put("b", 2L);
    b.put("a", 1L);
    assertEquals(Lineage.of("x", "P", "1", a, Map.of()).hash(), Lineage.of("x", "P", "1", b, Map.of()).hash());
  }

  @Test
  void describe_holdsTheWholeTree() {
    Lineage s = source();
    Lineage d = Lineage.of("scaled", "Scaled", "1", Map.of(), Map.of("pulses", s));
    assertThat(d.toJson()).contains("\"plugin\":\"ToySource\"", "\"hash\":\"" + s.hash() + "\"", "\"origin\":\"strand\"");
    assertEquals(List.of("scaled", "pulses"), List.copyOf(d.flatten().keySet()));
  }

  @Test
  void external_keepsTheGivenHash() {
    Lineage l = Lineage.external("strax", "raw_records", "aefc63wawj", "DAQReader", "0.0.0", Map.of());
    assertEquals("aefc63wawj", l.hash());
    assertEquals("strax", l.origin());
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> Lineage.external("strax", "raw_records", "../x", "P", "1", Map.of()));
  }
}
