package org.strand.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SchemaTest {
  @Test
  void duplicateFieldNames_fail() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Schema.of(Field.scalar("time", FieldType.INT64, ""), Field.scalar("time", FieldType.INT32, "")));
    assertThat(e.getMessage()).contains("two fields named 'time'");
  }

  @Test
  void timeLayout_detectsEndtimeOrLengthAndDt() {
    assertEquals(Schema.TimeLayout.ENDTIME, TableTest.ALL_TYPES.timeLayout());
    assertEquals(Schema.TimeLayout.LENGTH_DT, ChunkTest.INTERVALS.timeLayout());
    assertEquals(Schema.TimeLayout.NONE, Schema.of(Field.scalar("time", FieldType.INT32, "")).timeLayout());
    assertEquals(Schema.TimeLayout.NONE, Schema.of(Field.scalar("time", FieldType.INT64, "")).timeLayout());
  }

  @Test
  void fieldText_showsTypeAndArrayLength() {
    assertEquals("data: int16[110]", Field.array("data", FieldType.INT16, 110, "").toString());
    assertEquals("{time: int64, endtime: int64}", Schema.of(Field.scalar("time", FieldType.INT64, ""),
        Field.scalar("endtime", FieldType.INT64, "")).toString());
  }

  @Test
  void field_badNameOrLengthOrMultilineDescription_fails() {
    assertThrows(IllegalArgumentException.class, () -> Field.scalar("Time", FieldType.INT64, ""));
    assertThrows(IllegalArgumentException.class, () -> Field.array("data", FieldType.INT16, 0, ""));
    assertThrows(IllegalArgumentException.class, () -> Field.scalar("a", FieldType.INT16, "two\nlines"));
  }

  @Test
  void fieldType_fromLabel_unknownLabel_listsAllowed() {
    assertEquals(FieldType.FLOAT32, FieldType.fromLabel("float32"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FieldType.fromLabel("uint8"));
    assertThat(e.getMessage()).contains("'uint8'", "int16", "float64");
  }

  @Test
  void sameLayout_ignoresDescriptions_butNotNamesTypesLengthsOrOrder() {
    Schema a = Schema.of(Field.scalar("time", FieldType.INT64, "start"), Field.array("data", FieldType.INT16, 110, "samples"));
    assertThat(a.sameLayout(Schema.of(Field.scalar("time", FieldType.INT64, ""), Field.array("data", FieldType.INT16, 110, "")))).isTrue();
    assertThat(a.sameLayout(Schema.of(Field.scalar("time", FieldType.INT64, ""), Field.array("data", FieldType.INT16, 100, "")))).isFalse();
    assertThat(a.sameLayout(Schema.of(Field.scalar("time", FieldType.INT64, ""), Field.array("data", FieldType.INT32, 110, "")))).isFalse();
    assertThat(a.sameLayout(Schema.of(Field.scalar("time", FieldType.INT64, ""), Field.array("wave", FieldType.INT16, 110, "")))).isFalse();
    assertThat(a.sameLayout(Schema.of(Field.array("data", FieldType.INT16, 110, ""), Field.scalar("time", FieldType.INT64, "")))).isFalse();
    assertThat(a.sameLayout(Schema.of(Field.scalar("time", FieldType.INT64, "")))).isFalse();
  }
}
