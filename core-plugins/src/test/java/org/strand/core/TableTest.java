package org.strand.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TableTest {
  static final Schema ALL_TYPES = Schema.builder()
      .scalar("time", FieldType.INT64, "start")
      .scalar("endtime", FieldType.INT64, "end")
      .scalar("flag", FieldType.BOOL, "")
      .scalar("tiny", FieldType.INT8, "")
      .scalar("small", FieldType.INT16, "")
      .scalar("medium", FieldType.INT32, "")
      .scalar("single", FieldType.FLOAT32, "")
      .scalar("double_value", FieldType.FLOAT64, "")
      .array("data", FieldType.INT16, 3, "waveform")
      .array("widths", FieldType.FLOAT32, 2, "")
      .build();

  @Test
  void allocate_columnsHaveSchemaTypesAndWidths() {
    Table t = Table.allocate(ALL_TYPES, 5);
    assertEquals(5, t.rows());
    assertEquals(15, t.shorts("data").length);
    assertEquals(10, t.floats("widths").length);
    assertEquals(5, t.bools("flag").length);
    assertEquals(5L * ALL_TYPES.rowBytes(), t.nbytes());
    assertEquals(8 + 8 + 1 + 1 + 2 + 4 + 4 + 8 + 6 + 8, ALL_TYPES.rowBytes());
  }

  @Test
  void typedAccessor_wrongType_failsNamingFieldAndTypes() {
    Table t = Table.allocate(ALL_TYPES, 1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.ints("small"));
    assertThat(e.getMessage()).contains("'small'", "int16", "not int32");
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> t.longs("nope"));
    assertThat(missing.getMessage()).contains("no field 'nope'");
  }

  @Test
  void wrap_wrongArrayTypeOrShortColumn_fails() {
    Schema s = Schema.builder().scalar("time", FieldType.INT64, "").array("d", FieldType.INT16, 2, "").build();
    assertThrows(IllegalArgumentException.class, () -> Table.wrap(s, 2, new long[2], new int[4]));
    assertThrows(IllegalArgumentException.class, () -> Table.wrap(s, 2, new long[2], new short[3]));
    Table ok = Table.wrap(s, 2, new long[] {1, 2}, new short[] {1, 2, 3, 4});
    assertArrayEquals(new short[] {3, 4}, ok.slice(1, 2).shorts("d"));
  }

  @Test
  void withRows_keepsPrefixOfLargerAllocation() {
    Table t = Table.allocate(ALL_TYPES, 10);
    t.longs("time")[2] = 42;
    Table kept = t.withRows(3);
    assertEquals(3, kept.rows());
    assertEquals(42, kept.longs("time")[2]);
    assertThrows(IllegalArgumentException.class, () -> t.withRows(11));
  }

  @Test
  void contentEquals_comparesFloatsByBits() {
    Table a = Table.allocate(ALL_TYPES, 1);
    Table b = Table.allocate(ALL_TYPES, 1);
    a.floats("single")[0] = Float.NaN;
    b.floats("single")[0] = Float.NaN;
    assertTrue(a.contentEquals(b));
    b.doubles("double_value")[0] = -0.0;
    assertFalse(a.contentEquals(b));
    assertEquals(0, a.firstDifference(b));
  }

  @Test
  void concat_mismatchedSchemas_fails() {
    Table a = Table.allocate(ALL_TYPES, 1);
    Table b = Table.allocate(ChunkTest.INTERVALS, 1);
    assertThrows(IllegalArgumentException.class, () -> Table.concat(ALL_TYPES, List.of(a, b)));
  }

  @Test
  void concat_copiesRowsInOrder_andSharesTheOnlyTableWithRows() {
    Table a = ChunkTest.intervals(100, 3);
    Table b = ChunkTest.intervals(200, 5);
    Table empty = a.slice(0, 0);
    Table both = Table.concat(ChunkTest.INTERVALS, List.of(a, empty, b));
    assertArrayEquals(new long[] {100, 200}, both.longs("time"));
    assertArrayEquals(new int[] {3, 5}, both.ints("length"));
    // An empty table beside one with rows (as when input alignment carries an empty remainder
    // into the next chunk) costs no copy.
    assertSame(b, Table.concat(ChunkTest.INTERVALS, List.of(empty, b)));
    assertSame(a, Table.concat(ChunkTest.INTERVALS, List.of(a, empty)));
    assertEquals(0, Table.concat(ChunkTest.INTERVALS, List.of(empty, empty)).rows());
  }

  @Test
  void endtimes_fromLengthTimesDt_orEndtimeField() {
    Table t = ChunkTest.intervals(100, 3, 200, 0);
    assertArrayEquals(new long[] {130, 200}, t.endtimes());
    Table w = Table.allocate(ALL_TYPES, 1);
    w.longs("time")[0] = 5;
    w.longs("endtime")[0] = 9;
    assertArrayEquals(new long[] {9}, w.endtimes());
  }

  @Test
  void describeRow_showsScalarFields() {
    Table t = ChunkTest.intervals(100, 3);
    assertEquals("{time=100, length=3, dt=10, channel=0}", t.describeRow(0));
  }
}
