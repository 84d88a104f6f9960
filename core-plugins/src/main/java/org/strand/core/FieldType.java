package org.strand.core;

import java.util.Locale;

/**
 * The primitive element types a {@link Field} may hold. Each maps one to one onto a NumPy, Arrow,
 * Parquet and Spark SQL type, and onto one Java primitive array type that backs a {@link Table}
 * column.
 */
public enum FieldType {
  BOOL(1, "?", boolean[].class),
  INT8(1, "i1", byte[].class),
  INT16(2, "i2", short[].class),
  INT32(4, "i4", int[].class),
  INT64(8, "i8", long[].class),
  FLOAT32(4, "f4", float[].class),
  FLOAT64(8, "f8", double[].class);

  private final int byteWidth;
  private final String numpyCode;
  private final Class<?> arrayClass;

  FieldType(int byteWidth, String numpyCode, Class<?> arrayClass) {
    this.byteWidth = byteWidth;
    this.numpyCode = numpyCode;
    this.arrayClass = arrayClass;
  }

  /** Bytes one element occupies in a packed row, as in NumPy. */
  public int byteWidth() {
    return byteWidth;
  }

  /** NumPy's type code without byte order, e.g. {@code i2} or {@code f4}. */
  public String numpyCode() {
    return numpyCode;
  }

  /** The Java primitive array class that backs a column of this type. */
  public Class<?> arrayClass() {
    return arrayClass;
  }

  public boolean isInteger() {
    return this == INT8 || this == INT16 || this == INT32 || this == INT64;
  }

  public boolean isFloating() {
    return this == FLOAT32 || this == FLOAT64;
  }

  /** The lower-case name used in schema text, e.g. {@code int16}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a type label such as {@code int16} or {@code float32}.
   *
   * @throws IllegalArgumentException naming the label and the allowed ones
   */
  public static FieldType fromLabel(String label) {
    for (FieldType t : values()) {
      if (t.label().equals(label)) {
        return t;
      }
    }
    throw new IllegalArgumentException(
        "unknown field type '" + label + "'; allowed: bool, int8, int16, int32, int64, float32, float64");
  }

  Object newArray(int length) {
    return switch (this) {
      case BOOL -> new boolean[length];
      case INT8 -> new byte[length];
      case INT16 -> new short[length];
      case INT32 -> new int[length];
      case INT64 -> new long[length];
      case FLOAT32 -> new float[length];
      case FLOAT64 -> new double[length];
    };
  }
}
