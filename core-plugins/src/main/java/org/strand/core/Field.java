package org.strand.core;

import java.util.Objects;

/**
 * One named column of a {@link Schema}: a primitive element type, either a scalar
 * ({@code length == 0}) or a fixed-size array of {@code length} elements per row, as in
 * {@code data: int16[110]}.
 *
 * @param name a lower-case identifier
 * @param type the element type
 * @param length 0 for a scalar, else the number of elements per row
 * @param description one line for humans (strax's field title); may be empty, never null
 */
public record Field(String name, FieldType type, int length, String description) {

  public Field {
    Names.requireIdentifier("field name", name);
    Objects.requireNonNull(type, "type");
    if (length < 0) {
      throw new IllegalArgumentException("field '" + name + "' has negative array length " + length);
    }
    description = description == null ? "" : description;
    if (description.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("field '" + name + "' description must be one line");
    }
  }

  public static Field scalar(String name, FieldType type, String description) {
    return new Field(name, type, 0, description);
  }

  public static Field array(String name, FieldType type, int length, String description) {
    if (length < 1) {
      throw new IllegalArgumentException("array field '" + name + "' needs length >= 1, got " + length);
    }
    return new Field(name, type, length, description);
  }

  public boolean isArray() {
    return length > 0;
  }

  /** Elements per row: 1 for a scalar. */
  public int width() {
    return length == 0 ? 1 : length;
  }

  /** Bytes per row in a packed NumPy-style layout. */
  public int rowBytes() {
    return width() * type.byteWidth();
  }

  /** The schema text form, e.g. {@code data: int16[110]}. */
  @Override
  public String toString() {
    return name + ": " + type.label() + (isArray() ? "[" + length + "]" : "");
  }
}
