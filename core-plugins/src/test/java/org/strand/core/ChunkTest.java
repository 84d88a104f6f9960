package org.strand.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkTest {
  static final Schema INTERVALS = Schema.builder()
      .scalar("time", FieldType.INT64, "")
      .scalar("length", FieldType.INT32, "")
      .scalar("dt", FieldType.INT16, "")
      .scalar("channel", FieldType.INT16, "")
      .build();

  static final Schema WINDOWS = Schema.builder()
      .scalar("time", FieldType.INT64, "")
      .scalar("endtime", FieldType.INT64, "")
      .build();

  /** Rows given as (time, length) with dt = 10. */
  static Table intervals(long... timeAndLength) {
    int n = timeAndLength.length / 2;
    Table t = Table.allocate(INTERVALS, n);
    for (int i = 0; i < n; i++) {
      t.longs("time")[i] = timeAndLength[2 * i];
      t.ints("length")[i] = (int) timeAndLength[2 * i + 1];
      t.shorts("dt")[i] = 10;
      t.shorts("channel")[i] = (short) i;
    }
    return t;
  }

  @Test
  void of_validRows_keepsRangeAndRows() {
    Chunk c = Chunk.of("000001", "hits", 100, 200, intervals(100, 2, 150, 5));
    assertEquals(2, c.rows());
    assertEquals(100, c.duration());
    assertEquals(2L * INTERVALS.rowBytes(), c.nbytes());
  }

  @Test
  void of_rowsOutOfTimeOrder_failsNamingRunTypeTimesAndRow() {
    InvalidDataException e = assertThrows(InvalidDataException.class,
        () -> Chunk.of("000001", "hits", 100, 200, intervals(150, 1, 120, 1)));
    assertThat(e.getMessage()).contains("run 000001", "'hits'", "[100, 200)", "row 1", "out of time order", "time=120");
  }

  @Test
  void of_rowBeforeStart_failsNamingTheRow() {
    InvalidDataException e = assertThrows(InvalidDataException.class,
        () -> Chunk.of("r1", "hits", 100, 200, intervals(90, 1, 120, 1)));
    assertThat(e.getMessage()).contains("run r1", "row 0", "starts at 90", "before the chunk's start 100");
  }

  @Test
  void of_rowEndingAfterEnd_failsUsingLengthTimesDt() {
    InvalidDataException e = assertThrows(InvalidDataException.class,
        () -> Chunk.of("r1", "hits", 100, 200, intervals(150, 6)));
    assertThat(e.getMessage()).contains("row 0", "ends at 210", "after the chunk's end 200");
  }

  /**
   * A row of length 6 and dt 10 at time 150 in a chunk ending at {@code end}, with length and dt
   * of the given types (strand's records and hits: int32 and int16; its peaks: int32 and int32;
   * any other integer types as well).
   */
  private static Chunk oneRow(FieldType lengthType, FieldType dtType, long end) {
    Schema schema = Schema.builder()
        .scalar("time", FieldType.INT64, "")
        .scalar("length", lengthType, "")
        .scalar("dt", dtType, "")
        .build();
    Table t = Table.allocate(schema, 1);
    t.longs("time")[0] = 150;
    java.lang.reflect.Array.set(t.column(1), 0, lengthType == FieldType.INT64 ? (Object) 6L : (Object) 6);
    switch (dtType) {
      case INT8 -> t.bytes("dt")[0] = 10;
      case INT16 -> t.shorts("dt")[0] = 10;
      case INT32 -> t.ints("dt")[0] = 10;
      default -> t.longs("dt")[0] = 10;
    }
    return Chunk.of("r1", "hits", 100, end, t);
  }

  @Test
  void rowEnds_areLengthTimesDt_whateverTheirIntegerTypes() {
    FieldType[][] types = {
        {FieldType.INT32, FieldType.INT16}, {FieldType.INT32, FieldType.INT32}, {FieldType.INT64, FieldType.INT8},
        {FieldType.INT64, FieldType.INT64}};
    for (FieldType[] lengthAndDt : types) {
      String as = lengthAndDt[0] + " length, " + lengthAndDt[1] + " dt";
      assertEquals(1, oneRow(lengthAndDt[0], lengthAndDt[1], 210).rows(), as + ": ends at the chunk's end");
      InvalidDataException e = assertThrows(InvalidDataException.class, () -> oneRow(lengthAndDt[0], lengthAndDt[1], 209), as);
      assertThat(e.getMessage()).as(as).contains("ends at 210", "after the chunk's end 209");
    }
  }

  @Test
  void of_rowEndingAfterEnd_failsUsingEndtimeField() {
    Table t = Table.allocate(WINDOWS, 1);
    t.longs("time")[0] = 150;
    t.longs("endtime")[0] = 201;
    InvalidDataException e = assertThrows(InvalidDataException.class, () -> Chunk.of("r1", "events", 100, 200, t));
    assertThat(e.getMessage()).contains("'events'", "ends at 201");
  }

  @Test
  void of_endtimeBeforeTime_fails() {
    Table t = Table.allocate(WINDOWS, 1);
    t.longs("time")[0] = 150;
    t.longs("endtime")[0] = 140;
    InvalidDataException e = assertThrows(InvalidDataException.class, () -> Chunk.of("r1", "events", 100, 200, t));
    assertThat(e.getMessage()).contains("ends at 140, before its own time 150");
  }

  @Test
  void of_endBeforeStart_fails() {
    InvalidDataException e = assertThrows(InvalidDataException.class,
        () -> Chunk.of("r1", "hits", 200, 100, intervals()));
    assertThat(e.getMessage()).contains("end 100 is before start 200");
  }

  @Test
  void of_schemaWithoutTime_fails() {
    Schema s = Schema.of(Field.scalar("x", FieldType.FLOAT64, ""));
    InvalidDataException e = assertThrows(InvalidDataException.class, () -> Chunk.of("r1", "x", 0, 1, Table.empty(s)));
    assertThat(e.getMessage()).contains("no time fields");
  }

  @Test
  void split_rowInProgress_failsNamingTheRow() {
    Chunk c = Chunk.of("r1", "hits", 100, 300, intervals(100, 2, 150, 10, 260, 1));
    InvalidDataException e = assertThrows(InvalidDataException.class, () -> c.split(200));
    assertThat(e.getMessage()).contains("row 1", "in progress at the split time 200");
  }

  @Test
  void split_atQuietTime_partitionsRowsAndRange() {
    Chunk c = Chunk.of("r1", "hits", 100, 300, intervals(100, 2, 150, 5, 200, 1, 260, 1));
    Chunk.Split s = c.split(200);
    assertEquals(100, s.before().start());
    assertEquals(200, s.before().end());
    assertEquals(200, s.after().start());
    assertEquals(2, s.before().rows());
    assertEquals(2, s.after().rows());
    assertEquals(200, s.after().data().longs("time")[0]);
  }

  @Test
  void safeSplitTime_rowInProgress_movesBackToItsStart() {
    Chunk c = Chunk.of("r1", "hits", 100, 300, intervals(100, 2, 150, 10, 260, 1));
    assertEquals(150, c.safeSplitTime(200));
    assertEquals(250, c.safeSplitTime(250));
    assertEquals(300, c.safeSplitTime(1000));
  }

  @Test
  void concatenate_gap_failsNamingBothChunks() {
    Chunk a = Chunk.of("r1", "hits", 100, 200, intervals(100, 1));
    Chunk b = Chunk.of("r1", "hits", 210, 300, intervals(210, 1));
    InvalidDataException e = assertThrows(InvalidDataException.class, () -> Chunk.concatenate(List.of(a, b)));
    assertThat(e.getMessage()).contains("not contiguous", "[210, 300)", "[100, 200)");
  }

  @Test
  void concatenate_otherRunOrType_fails() {
    Chunk a = Chunk.of("r1", "hits", 100, 200, intervals(100, 1));
    Chunk b = Chunk.of("r2", "hits", 200, 300, intervals(210, 1));
    Chunk c = Chunk.of("r1", "peaks", 200, 300, intervals(210, 1));
    assertThrows(InvalidDataException.class, () -> Chunk.concatenate(List.of(a, b)));
    assertThrows(InvalidDataException.class, () -> Chunk.concatenate(List.of(a, c)));
    assertThrows(InvalidDataException.class, () -> Chunk.concatenate(List.of()));
  }

  @Test
  void concatenate_contiguous_joinsRows() {
    Chunk a = Chunk.of("r1", "hits", 100, 200, intervals(100, 1, 120, 1));
    Chunk b = Chunk.of("r1", "hits", 200, 300, intervals(210, 1));
    Chunk all = Chunk.concatenate(List.of(a, b));
    assertEquals(100, all.start());
    assertEquals(300, all.end());
    assertEquals(3, all.rows());
    assertTrue(all.data().longs("time")[2] == 210);
  }

  @Test
  void firstAtOrAfter_findsLowerBound() {
    Chunk c = Chunk.of("r1", "hits", 0, 1000, intervals(10, 1, 20, 1, 20, 1, 30, 1));
    assertEquals(0, c.firstAtOrAfter(0));
    assertEquals(1, c.firstAtOrAfter(20));
    assertEquals(3, c.firstAtOrAfter(21));
    assertEquals(4, c.firstAtOrAfter(31));
  }

  static List<Chunk> cutAll(Chunk whole, long[] cuts) {
    List<Chunk> out = new ArrayList<>();
    Chunk rest = whole;
    for (long t : cuts) {
      Chunk.Split s = rest.split(t);
      out.add(s.before());
      rest = s.after();
    }
    out.add(rest);
    return out;
  }
}
