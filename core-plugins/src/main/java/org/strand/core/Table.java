package org.strand.core;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Rows of one {@link Schema}, stored column by column in primitive arrays (struct of arrays): a
 * table of a million records is a handful of arrays, not a million objects.
 *
 * <p>Column {@code i} is an array of {@link FieldType#arrayClass()}; a scalar field holds row
 * {@code r} at index {@code r}, an array field of length {@code n} holds element {@code k} of row
 * {@code r} at index {@code r * n + k}. Arrays may be longer than needed (a plugin may allocate
 * for the worst case and then {@link #withRows(int) keep} fewer rows); only the first
 * {@code rows() * width} elements are meaningful.
 *
 * <p>A table hands out its backing arrays so that hot loops run on primitives. The contract: a
 * table's arrays are filled by whoever allocated it, and are not modified after the table has
 * been handed on (into a {@link Chunk}, to a processor, to storage). Under that contract a table
 * is safe to read from several threads.
 */
public final class Table {
  private final Schema schema;
  private final int rows;
  private final Object[] columns;

  private Table(Schema schema, int rows, Object[] columns) {
    this.schema = schema;
    this.rows = rows;
    this.columns = columns;
  }

  /** A table of {@code rows} zero-filled rows, ready to be filled. */
  public static Table allocate(Schema schema, int rows) {
    Objects.requireNonNull(schema, "schema");
    if (rows < 0) {
      throw new IllegalArgumentException("negative row count " + rows);
    }
    Object[] cols = new Object[schema.size()];
    for (int i = 0; i < cols.length; i++) {
      Field f = schema.field(i);
      cols[i] = f.type().newArray(Math.multiplyExact(rows, f.width()));
    }
    return new Table(schema, rows, cols);
  }

  public static Table empty(Schema schema) {
    return allocate(schema, 0);
  }

  /**
   * Wraps existing arrays, one per field in schema order, without copying.
   *
   * @throws IllegalArgumentException if a column has the wrong array type or is too short
   */
  public static Table wrap(Schema schema, int rows, Object... columns) {
    if (columns.length != schema.size()) {
      throw new IllegalArgumentException(
          "schema " + schema + " has " + schema.size() + " fields but " + columns.length + " columns were given");
    }
    for (int i = 0; i < columns.length; i++) {
      Field f = schema.field(i);
      Object c = columns[i];
      if (c == null || c.getClass() != f.type().arrayClass()) {
        throw new IllegalArgumentException(
            "column '" + f.name() + "' must be a " + f.type().arrayClass().getSimpleName() + ", got "
                + (c == null ? "null" : c.getClass().getSimpleName()));
      }
      long need = (long) rows * f.width();
      if (java.lang.reflect.Array.getLength(c) < need) {
        throw new IllegalArgumentException(
            "column '" + f.name() + "' holds " + java.lang.reflect.Array.getLength(c)
                + " elements, fewer than " + rows + " rows need (" + need + ")");
      }
    }
    return new Table(schema, rows, columns.clone());
  }

  public Schema schema() {
    return schema;
  }

  public int rows() {
    return rows;
  }

  public boolean isEmpty() {
    return rows == 0;
  }

  /** Bytes of the rows in a packed NumPy-style layout: {@code rows * schema.rowBytes()}. */
  public long nbytes() {
    return (long) rows * schema.rowBytes();
  }

  /**
   * The same arrays with only the first {@code n} rows, for a table allocated for the worst case.
   */
  public Table withRows(int n) {
    if (n < 0 || n > capacity()) {
      throw new IllegalArgumentException("cannot keep " + n + " rows of a table with capacity " + capacity());
    }
    return n == rows ? this : new Table(schema, n, columns);
  }

  private int capacity() {
    int cap = Integer.MAX_VALUE;
    for (int i = 0; i < columns.length; i++) {
      cap = Math.min(cap, java.lang.reflect.Array.getLength(columns[i]) / schema.field(i).width());
    }
    return columns.length == 0 ? rows : cap;
  }

  /** The backing array of column {@code i}. */
  public Object column(int i) {
    return columns[i];
  }

  public Object column(String name) {
    return columns[schema.indexOf(name)];
  }

  public boolean[] bools(String name) {
    return (boolean[]) typed(name, FieldType.BOOL);
  }

  public byte[] bytes(String name) {
    return (byte[]) typed(name, FieldType.INT8);
  }

  public short[] shorts(String name) {
    return (short[]) typed(name, FieldType.INT16);
  }

  public int[] ints(String name) {
    return (int[]) typed(name, FieldType.INT32);
  }

  public long[] longs(String name) {
    return (long[]) typed(name, FieldType.INT64);
  }

  public float[] floats(String name) {
    return (float[]) typed(name, FieldType.FLOAT32);
  }

  public double[] doubles(String name) {
    return (double[]) typed(name, FieldType.FLOAT64);
  }

  private Object typed(String name, FieldType expected) {
    int i = schema.indexOf(name);
    FieldType actual = schema.field(i).type();
    if (actual != expected) {
      throw new IllegalArgumentException(
          "field '" + name + "' is " + actual.label() + ", not " + expected.label());
    }
    return columns[i];
  }

  /** Element {@code idx} of column {@code col} as a long (bools as 0/1, floats truncated). */
  public long getLong(int col, int idx) {
    Object c = columns[col];
    return switch (schema.field(col).type()) {
      case BOOL -> ((boolean[]) c)[idx] ? 1 : 0;
      case INT8 -> ((byte[]) c)[idx];
      case INT16 -> ((short[]) c)[idx];
      case INT32 -> ((int[]) c)[idx];
      case INT64 -> ((long[]) c)[idx];
      case FLOAT32 -> (long) ((float[]) c)[idx];
      case FLOAT64 -> (long) ((double[]) c)[idx];
    };
  }

  /** Element {@code idx} of column {@code col} as a double. */
  public double getDouble(int col, int idx) {
    Object c = columns[col];
    return switch (schema.field(col).type()) {
      case FLOAT32 -> ((float[]) c)[idx];
      case FLOAT64 -> ((double[]) c)[idx];
      default -> getLong(col, idx);
    };
  }

  /** The {@code time} of every row (a view of the column when it is exact-length). */
  public long time(int row) {
    return ((long[]) columns[schema.indexOf("time")])[row];
  }

  /**
   * The end time of every row: the {@code endtime} field, or {@code time + length * dt}.
   *
   * @throws IllegalStateException if the schema has no time layout
   */
  public long[] endtimes() {
    long[] time = longs("time");
    long[] out = new long[rows];
    switch (schema.timeLayout()) {
      case ENDTIME -> System.arraycopy(longs("endtime"), 0, out, 0, rows);
      case LENGTH_DT -> {
        int li = schema.indexOf("length");
        int di = schema.indexOf("dt");
        for (int r = 0; r < rows; r++) {
          out[r] = time[r] + getLong(li, r) * getLong(di, r);
        }
      }
      case NONE -> throw new IllegalStateException("schema " + schema + " has no time fields");
    }
    return out;
  }

  /** A copy of rows {@code [from, to)}. */
  public Table slice(int from, int to) {
    Objects.checkFromToIndex(from, to, rows);
    if (from == 0 && to == rows) {
      return this;
    }
    Object[] cols = new Object[columns.length];
    for (int i = 0; i < cols.length; i++) {
      int w = schema.field(i).width();
      cols[i] = copyRange(columns[i], from * w, to * w);
    }
    return new Table(schema, to - from, cols);
  }

  /** A copy of the given rows, in the given order (rows may repeat). */
  public Table gather(int[] rowIndices) {
    return gather(rowIndices, rowIndices.length);
  }

  /** A copy of the first {@code n} of the given rows, in the given order. */
  public Table gather(int[] rowIndices, int n) {
    Table out = allocate(schema, n);
    for (int i = 0; i < columns.length; i++) {
      int w = schema.field(i).width();
      Object src = columns[i];
      Object dst = out.columns[i];
      if (w == 1) {
        gatherScalar(src, dst, rowIndices, n);
      } else {
        for (int k = 0; k < n; k++) {
          int r = rowIndices[k];
          Objects.checkIndex(r, rows);
          System.arraycopy(src, r * w, dst, k * w, w);
        }
      }
    }
    return out;
  }

  private void gatherScalar(Object src, Object dst, int[] idx, int n) {
    for (int k = 0; k < n; k++) {
      Objects.checkIndex(idx[k], rows);
    }
    if (src instanceof long[] s) {
      long[] d = (long[]) dst;
      for (int k = 0; k < n; k++) d[k] = s[idx[k]];
    } else if (src instanceof int[] s) {
      int[] d = (int[]) dst;
      for (int k = 0; k < n; k++) d[k] = s[idx[k]];
    } else if (src instanceof short[] s) {
      short[] d = (short[]) dst;
      for (int k = 0; k < n; k++) d[k] = s[idx[k]];
    } else if (src instanceof byte[] s) {
      byte[] d = (byte[]) dst;
      for (int k = 0; k < n; k++) d[k] = s[idx[k]];
    } else if (src instanceof float[] s) {
      float[] d = (float[]) dst;
      for (int k = 0; k < n; k++) d[k] = s[idx[k]];
    } else if (src instanceof double[] s) {
      double[] d = (double[]) dst;
      for (int k = 0; k < n; k++) d[k] = s[idx[k]];
    } else {
      boolean[] s = (boolean[]) src;
      boolean[] d = (boolean[]) dst;
      for (int k = 0; k < n; k++) d[k] = s[idx[k]];
    }
  }

  /**
   * The rows of all {@code tables}, in order, in one table: a new one, or the only table that has
   * rows (tables are immutable, so it is shared rather than copied).
   *
   * @throws IllegalArgumentException if a table's schema differs from {@code schema}
   */
  public static Table concat(Schema schema, List<Table> tables) {
    long total = 0;
    Table onlyWithRows = null;
    int withRows = 0;
    for (Table t : tables) {
      if (!t.schema.equals(schema)) {
        throw new IllegalArgumentException("cannot concatenate a table of " + t.schema + " with " + schema);
      }
      total += t.rows;
      if (t.rows > 0) {
        onlyWithRows = t;
        withRows++;
      }
    }
    if (withRows == 1) {
      return onlyWithRows;
    }
    Table out = allocate(schema, Math.toIntExact(total));
    int at = 0;
    for (Table t : tables) {
      for (int i = 0; i < out.columns.length; i++) {
        int w = schema.field(i).width();
        System.arraycopy(t.columns[i], 0, out.columns[i], at * w, t.rows * w);
      }
      at += t.rows;
    }
    return out;
  }

  /**
   * Whether both tables hold the same schema and the same values, bit for bit (floats compared
   * by their bits, so NaN equals NaN and 0.0 differs from -0.0).
   */
  public boolean contentEquals(Table other) {
    if (!schema.equals(other.schema) || rows != other.rows) {
      return false;
    }
    for (int i = 0; i < columns.length; i++) {
      int n = rows * schema.field(i).width();
      if (!rangeEquals(columns[i], other.columns[i], n)) {
        return false;
      }
    }
    return true;
  }

  /** The first row at which the two tables differ, or -1 when {@link #contentEquals} holds. */
  public int firstDifference(Table other) {
    if (!schema.equals(other.schema)) {
      return 0;
    }
    int n = Math.min(rows, other.rows);
    for (int r = 0; r < n; r++) {
      for (int i = 0; i < columns.length; i++) {
        int w = schema.field(i).width();
        Object a = copyRange(columns[i], r * w, r * w + w);
        Object b = copyRange(other.columns[i], r * w, r * w + w);
        if (!rangeEquals(a, b, w)) {
          return r;
        }
      }
    }
    return rows == other.rows ? -1 : n;
  }

  private static boolean rangeEquals(Object a, Object b, int n) {
    if (a instanceof long[] x) {
      return Arrays.equals(x, 0, n, (long[]) b, 0, n);
    } else if (a instanceof int[] x) {
      return Arrays.equals(x, 0, n, (int[]) b, 0, n);
    } else if (a instanceof short[] x) {
      return Arrays.equals(x, 0, n, (short[]) b, 0, n);
    } else if (a instanceof byte[] x) {
      return Arrays.equals(x, 0, n, (byte[]) b, 0, n);
    } else if (a instanceof boolean[] x) {
      return Arrays.equals(x, 0, n, (boolean[]) b, 0, n);
    } else if (a instanceof float[] x) {
      float[] y = (float[]) b;
      for (int k = 0; k < n; k++) {
        if (Float.floatToIntBits(x[k]) != Float.floatToIntBits(y[k])) {
          return false;
        }
      }
      return true;
    } else {
      double[] x = (double[]) a;
      double[] y = (double[]) b;
      for (int k = 0; k < n; k++) {
        if (Double.doubleToLongBits(x[k]) != Double.doubleToLongBits(y[k])) {
          return false;
        }
      }
      return true;
    }
  }

  static Object copyRange(Object array, int from, int to) {
    if (array instanceof long[] x) {
      return Arrays.copyOfRange(x, from, to);
    } else if (array instanceof int[] x) {
      return Arrays.copyOfRange(x, from, to);
    } else if (array instanceof short[] x) {
      return Arrays.copyOfRange(x, from, to);
    } else if (array instanceof byte[] x) {
      return Arrays.copyOfRange(x, from, to);
    } else if (array instanceof boolean[] x) {
      return Arrays.copyOfRange(x, from, to);
    } else if (array instanceof float[] x) {
      return Arrays.copyOfRange(x, from, to);
    } else {
      return Arrays.copyOfRange((double[]) array, from, to);
    }
  }

  /** Row {@code r} as text, scalar fields only, for error messages: {@code {time=10, length=3}}. */
  public String describeRow(int r) {
    StringBuilder sb = new StringBuilder("{");
    boolean first = true;
    for (int i = 0; i < columns.length; i++) {
      Field f = schema.field(i);
      if (f.isArray()) {
        continue;
      }
      if (!first) {
        sb.append(", ");
      }
      first = false;
      sb.append(f.name()).append('=');
      if (f.type().isFloating()) {
        sb.append(getDouble(i, r));
      } else {
        sb.append(getLong(i, r));
      }
    }
    return sb.append('}').toString();
  }

  @Override
  public String toString() {
    return "Table[" + rows + " rows of " + schema + "]";
  }
}
