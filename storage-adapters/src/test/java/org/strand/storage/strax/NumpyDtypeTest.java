package org.strand.storage.strax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.strand.core.FieldType;
import org.strand.core.Table;

class NumpyDtypeTest {
  @Test
  void parse_titledAndUntitledFields_withSubArrays() {
    NumpyDtype d = NumpyDtype.parse(
        "[(('Start time [ns]', 'time'), '<i8'), ('length', '<i4'), (('It\\'s \"quoted\"', 'data'), '<i2', (110,))]");
    assertEquals("{time: int64, length: int32, data: int16[110]}", d.schema().toString());
    assertEquals("Start time [ns]", d.schema().field("time").description());
    assertEquals("It's \"quoted\"", d.schema().field("data").description());
    assertEquals(8 + 4 + 220, d.itemSize());
  }

  @Test
  void parse_multiDimensionalSubArray_isFlattenedInCOrder() {
    NumpyDtype d = NumpyDtype.parse("[('m', '<f4', (2, 3))]");
    assertEquals(6, d.schema().field("m").length());
    assertEquals(24, d.itemSize());
  }

  @Test
  void parse_unsignedTypes_areWidenedToSignedOnes() {
    NumpyDtype d = NumpyDtype.parse("[('a', '|u1'), ('b', '<u2'), ('c', '<u4'), ('f', '|b1')]");
    assertEquals(List.of(FieldType.INT16, FieldType.INT32, FieldType.INT64, FieldType.BOOL),
        d.schema().fields().stream().map(f -> f.type()).toList());
    byte[] row = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1};
    Table t = RowDecoder.decode(d, row, 1);
    assertEquals(255, t.shorts("a")[0]);
    assertEquals(65535, t.ints("b")[0]);
    assertEquals(4294967295L, t.longs("c")[0]);
    assertTrue(t.bools("f")[0]);
  }

  @Test
  void decode_bigEndianAndPadding_areHonoured() {
    NumpyDtype d = NumpyDtype.parse("[('time', '>i8'), ('', '|V4'), ('x', '>f4'), ('y', '<f8')]");
    assertEquals(24, d.itemSize());
    ByteBuffer bb = ByteBuffer.allocate(48);
    for (int r = 0; r < 2; r++) {
      bb.order(ByteOrder.BIG_ENDIAN).putLong(r * 24, 1234567890123L + r);
      bb.putInt(r * 24 + 8, 0xdeadbeef);
      bb.order(ByteOrder.BIG_ENDIAN).putFloat(r * 24 + 12, 1.5f + r);
      bb.order(ByteOrder.LITTLE_ENDIAN).putDouble(r * 24 + 16, -2.25 - r);
    }
    Table t = RowDecoder.decode(d, bb.array(), 2);
    assertEquals(1234567890124L, t.longs("time")[1]);
    assertEquals(2.5f, t.floats("x")[1]);
    assertEquals(-3.25, t.doubles("y")[1]);
  }

  @Test
  void parse_errors_nameTheProblem() {
    assertMessage("[('x', '<c16')]", "unsupported type code '<c16'");
    assertMessage("[('x', '<u8')]", "unsupported type code '<u8'");
    assertMessage("[('x', [('a', '<i4')])]", "nested structures are not supported");
    assertMessage("[('X', '<i4')]", "not a lower-case identifier");
    assertMessage("[('x', '<i4'", "does not parse");
    assertMessage("[('x', '<i4', (0,))]", "sizes >= 1");
    assertMessage("[]", "non-empty list");
    assertMessage("[('x', '<i4')] junk", "does not parse");
    assertMessage("[" + "[".repeat(40) + "]".repeat(40) + "]", "nested deeper");
  }

  private static void assertMessage(String descr, String expected) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NumpyDtype.parse(descr));
    assertTrue(e.getMessage().contains(expected), "'" + e.getMessage() + "' mentions '" + expected + "'");
  }

  @Test
  void pythonLiteral_escapesAndIntegers() {
    assertEquals(List.of("a\nb\u00e9\\", 110L, List.of(-3L)), PythonLiteral.parse("['a\\nb\\xe9\\\\', 110, (-3,)]"));
  }
}
