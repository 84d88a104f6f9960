package org.strand.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.strand.core.CanonicalJson;

class CanonicalJsonTest {
  @Test
  void doubles_shortestRoundTripDecimal_alwaysMarkedAsFloating() {
    assertEquals("0.011", CanonicalJson.formatDouble(0.011));
    assertEquals("15.0", CanonicalJson.formatDouble(15.0));
    assertEquals("-2.5", CanonicalJson.formatDouble(-2.5));
    assertEquals("10000000.0", CanonicalJson.formatDouble(1e7));
    assertEquals("1.0e21", CanonicalJson.formatDouble(1e21));
    assertEquals("1.5e-8", CanonicalJson.formatDouble(1.5e-8));
    assertEquals("0.1", CanonicalJson.formatDouble(0.1));
    assertEquals("0.30000000000000004", CanonicalJson.formatDouble(0.1 + 0.2));
    assertEquals("2.0e23", CanonicalJson.formatDouble(2e23));
    assertEquals("\"NaN\"", CanonicalJson.formatDouble(Double.NaN));
    assertEquals("-0.0", CanonicalJson.formatDouble(-0.0));
  }

  @Property(tries = 500)
  void doubles_readBackExactly(@ForAll double d) {
    String s = CanonicalJson.formatDouble(d);
    if (Double.isFinite(d)) {
      assertEquals(d, Double.parseDouble(s.replace("e", "E")), 0.0);
    }
  }

  @Test
  void integers_beyond64Bits_asTheirExactDigits() {
    assertEquals("[123456789012345678901234567890,-9223372036854775809]",
        CanonicalJson.write(List.of(new java.math.BigInteger("123456789012345678901234567890"),
            java.math.BigInteger.valueOf(Long.MIN_VALUE).subtract(java.math.BigInteger.ONE))));
  }

  @Test
  void maps_sortedKeys_noWhitespace_escapedStrings() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("b", List.of(1L, 2.0, true));
    m.put("a", "quote\" back\\ tab\t nl\n");
    m.put("c", null);
    assertEquals("{\"a\":\"quote\\\" back\\\\ tab\\t nl\\n\",\"b\":[1,2.0,true],\"c\":null}", CanonicalJson.write(m));
  }
}
