package org.strand.spark.source;

import java.util.Arrays;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarArray;
import org.apache.spark.sql.vectorized.ColumnarMap;
import org.apache.spark.unsafe.types.UTF8String;
import org.strand.core.Field;

/**
 * Read-only Spark {@link ColumnVector}s over strand's primitive column arrays, so a chunk becomes
 * a {@link org.apache.spark.sql.vectorized.ColumnarBatch} without copying a value: a scalar
 * column reads its array directly, a fixed-size array column gives each row a
 * {@link ColumnarArray} over its slice of the flat array, and {@code run_id} (and {@code lineage})
 * is one constant.
 * No value is null. Each vector is only valid while its chunk is (the batch owns nothing).
 */
final class ArrayVectors {
  private ArrayVectors() {}

  /** A vector over {@code column}, which holds {@code f}'s values for some rows. */
  static ColumnVector of(Field f, Object column) {
    ColumnVector flat = flat(SparkSchemas.element(f.type()), column);
    return f.isArray() ? new FixedArrays(SparkSchemas.type(f), flat, f.length()) : flat;
  }

  /** A string vector whose every row is {@code value}. */
  static ColumnVector constant(String value) {
    return new ConstantString(value);
  }

  private static ColumnVector flat(DataType type, Object column) {
    if (column instanceof boolean[] a) {
      return new Bools(type, a);
    } else if (column instanceof byte[] a) {
      return new Bytes(type, a);
    } else if (column instanceof short[] a) {
      return new Shorts(type, a);
    } else if (column instanceof int[] a) {
      return new Ints(type, a);
    } else if (column instanceof long[] a) {
      return new Longs(type, a);
    } else if (column instanceof float[] a) {
      return new Floats(type, a);
    } else if (column instanceof double[] a) {
      return new Doubles(type, a);
    }
    throw new IllegalArgumentException("not a primitive column: " + column.getClass().getName());
  }

  /** No nulls, and every getter of another type refuses. */
  private abstract static class NoNulls extends ColumnVector {
    NoNulls(DataType type) {
      super(type);
    }

    @Override
    public void close() {}

    @Override
    public boolean hasNull() {
      return false;
    }

    @Override
    public int numNulls() {
      return 0;
    }

    @Override
    public boolean isNullAt(int rowId) {
      return false;
    }

    private UnsupportedOperationException wrongType(String what) {
      return new UnsupportedOperationException("a " + dataType().simpleString() + " column has no " + what + " values");
    }

    @Override
    public boolean getBoolean(int rowId) {
      throw wrongType("boolean");
    }

    @Override
    public byte getByte(int rowId) {
      throw wrongType("byte");
    }

    @Override
    public short getShort(int rowId) {
      throw wrongType("short");
    }

    @Override
    public int getInt(int rowId) {
      throw wrongType("int");
    }

    @Override
    public long getLong(int rowId) {
      throw wrongType("long");
    }

    @Override
    public float getFloat(int rowId) {
      throw wrongType("float");
    }

    @Override
    public double getDouble(int rowId) {
      throw wrongType("double");
    }

    @Override
    public ColumnarArray getArray(int rowId) {
      throw wrongType("array");
    }

    @Override
    public ColumnarMap getMap(int ordinal) {
      throw wrongType("map");
    }

    @Override
    public Decimal getDecimal(int rowId, int precision, int scale) {
      throw wrongType("decimal");
    }

    @Override
    public UTF8String getUTF8String(int rowId) {
      throw wrongType("string");
    }

    @Override
    public byte[] getBinary(int rowId) {
      throw wrongType("binary");
    }

    @Override
    public ColumnVector getChild(int ordinal) {
      throw wrongType("child");
    }
  }

  private static final class Bools extends NoNulls {
    private final boolean[] a;

    Bools(DataType type, boolean[] a) {
      super(type);
      this.a = a;
    }

    @Override
    public boolean getBoolean(int rowId) {
      return a[rowId];
    }

    @Override
    public boolean[] getBooleans(int rowId, int count) {
      return Arrays.copyOfRange(a, rowId, rowId + count);
    }
  }

  private static final class Bytes extends NoNulls {
    private final byte[] a;

    Bytes(DataType type, byte[] a) {
      super(type);
      this.a = a;
    }

    @Override
    public byte getByte(int rowId) {
      return a[rowId];
    }

    @Override
    public byte[] getBytes(int rowId, int count) {
      return Arrays.copyOfRange(a, rowId, rowId + count);
    }
  }

  private static final class Shorts extends NoNulls {
    private final short[] a;

    Shorts(DataType type, short[] a) {
      super(type);
      this.a = a;
    }

    @Override
    public short getShort(int rowId) {
      return a[rowId];
    }

    @Override
    public short[] getShorts(int rowId, int count) {
      return Arrays.copyOfRange(a, rowId, rowId + count);
    }
  }

  private static final class Ints extends NoNulls {
    private final int[] a;

    Ints(DataType type, int[] a) {
      super(type);
      this.a = a;
    }

    @Override
    public int getInt(int rowId) {
      return a[rowId];
    }

    @Override
    public int[] getInts(int rowId, int count) {
      return Arrays.copyOfRange(a, rowId, rowId + count);
    }
  }

  private static final class Longs extends NoNulls {
    private final long[] a;

    Longs(DataType type, long[] a) {
      super(type);
      this.a = a;
    }

    @Override
    public long getLong(int rowId) {
      return a[rowId];
    }

    @Override
    public long[] getLongs(int rowId, int count) {
      return Arrays.copyOfRange(a, rowId, rowId + count);
    }
  }

  private static final class Floats extends NoNulls {
    private final float[] a;

    Floats(DataType type, float[] a) {
      super(type);
      this.a = a;
    }

    @Override
    public float getFloat(int rowId) {
      return a[rowId];
    }

    @Override
    public float[] getFloats(int rowId, int count) {
      return Arrays.copyOfRange(a, rowId, rowId + count);
    }
  }

  private static final class Doubles extends NoNulls {
    private final double[] a;

    Doubles(DataType type, double[] a) {
      super(type);
      this.a = a;
    }

    @Override
    public double getDouble(int rowId) {
      return a[rowId];
    }

    @Override
    public double[] getDoubles(int rowId, int count) {
      return Arrays.copyOfRange(a, rowId, rowId + count);
    }
  }

  /** Row {@code r} is the slice {@code [r * width, (r + 1) * width)} of the flat elements. */
  private static final class FixedArrays extends NoNulls {
    private final ColumnVector elements;
    private final int width;

    FixedArrays(DataType type, ColumnVector elements, int width) {
      super(type);
      if (!(type instanceof ArrayType)) {
        throw new IllegalArgumentException("not an array type: " + type);
      }
      this.elements = elements;
      this.width = width;
    }

    @Override
    public ColumnarArray getArray(int rowId) {
      return new ColumnarArray(elements, rowId * width, width);
    }
  }

  private static final class ConstantString extends NoNulls {
    private final UTF8String value;

    ConstantString(String value) {
      super(DataTypes.StringType);
      this.value = UTF8String.fromString(value);
    }

    @Override
    public UTF8String getUTF8String(int rowId) {
      return value;
    }
  }
}
