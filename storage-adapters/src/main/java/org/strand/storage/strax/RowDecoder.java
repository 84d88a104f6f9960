package org.strand.storage.strax;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.strand.core.Table;

/**
 * Turns the bytes of a NumPy structured array (rows packed one after the other, fields at fixed
 * offsets) into a column-wise {@link Table}, one field at a time.
 *
 * <p>A field stored as its column holds it (signed integers of 2 to 8 bytes, floats) in this
 * machine's byte order, which is what strax writes on any common machine, is copied with
 * {@link UnsafeAccess}: one memory copy per row for a fixed-size array (a waveform, most of a
 * raw_records row), one load per row for a scalar. Otherwise an array field is copied row by row
 * with one bulk move each through a typed view of the bytes in the stored byte order
 * ({@link ByteBuffer#asShortBuffer()} and friends; a byte-swapping copy for the other order),
 * which needs every row's copy to start on a whole element of the view, i.e. a row size that is
 * a multiple of the element size; failing that, and for scalars, values are read one by one
 * through byte-array view handles. Each loop is chosen once per field, with the byte order fixed,
 * so the JIT sees one simple loop. No object is made per row.
 */
final class RowDecoder {
  private static final VarHandle SHORT_LE = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle SHORT_BE = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle INT_BE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle FLOAT_LE = MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle FLOAT_BE = MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle DOUBLE_LE = MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle DOUBLE_BE = MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.BIG_ENDIAN);

  private static final sun.misc.Unsafe U = UnsafeAccess.UNSAFE;

  private RowDecoder() {}

  /**
   * Decodes {@code rows} rows from the start of {@code bytes}, which must hold at least
   * {@code rows * dtype.itemSize()} bytes (it may be a longer, reused buffer).
   */
  static Table decode(NumpyDtype dtype, byte[] bytes, int rows) {
    return decode(dtype, bytes, rows, U != null);
  }

  /**
   * As {@link #decode(NumpyDtype, byte[], int)}; with {@code direct} false, every field takes the
   * paths a JVM without {@link UnsafeAccess} takes (so tests reach them on any JVM).
   */
  static Table decode(NumpyDtype dtype, byte[] bytes, int rows, boolean direct) {
    int item = dtype.itemSize();
    if ((long) rows * item > bytes.length) {
      throw new IllegalArgumentException(bytes.length + " bytes do not hold " + rows + " rows of " + item + " bytes");
    }
    Table table = Table.allocate(dtype.schema(), rows);
    if (rows == 0) {
      return table;
    }
    int col = 0;
    for (NumpyDtype.StoredField sf : dtype.fields()) {
      decodeField(sf, bytes, rows, item, table.column(col++), direct && U != null);
    }
    return table;
  }

  private static void decodeField(NumpyDtype.StoredField sf, byte[] b, int rows, int item, Object column, boolean direct) {
    int width = sf.field().width();
    int eb = sf.elementBytes();
    int off = sf.offset();
    boolean le = sf.order() == ByteOrder.LITTLE_ENDIAN;
    boolean bulk = width > 1 && item % eb == 0;
    boolean same = sf.kind() == NumpyDtype.Kind.SIGNED && eb > 1 || sf.kind() == NumpyDtype.Kind.FLOAT;
    if (same && direct && sf.order() == ByteOrder.nativeOrder()) {
      // Stored as the column holds it, in this machine's byte order: plain memory copies. In
      // bounds: decode checked rows * item <= b.length, the dtype put the field inside a row,
      // and the column holds rows * width elements.
      if (width == 1) {
        directScalars(b, rows, item, off, sf, column);
      } else {
        for (int r = 0; r < rows; r++) {
          U.copyMemory(b, UnsafeAccess.BYTES + (long) r * item + off, column, arrayBase(sf) + (long) r * width * eb,
              (long) width * eb);
        }
      }
      return;
    }
    switch (sf.kind()) {
      case BOOL -> bools(b, rows, item, off, width, (boolean[]) column);
      case SIGNED -> {
        switch (eb) {
          case 1 -> int8s(b, rows, item, off, width, (byte[]) column);
          case 2 -> {
            if (bulk) {
              bulkShorts(b, rows, item, off, width, sf.order(), (short[]) column);
            } else {
              int16s(b, rows, item, off, width, le, (short[]) column);
            }
          }
          case 4 -> {
            if (bulk) {
              bulkInts(b, rows, item, off, width, sf.order(), (int[]) column);
            } else {
              int32s(b, rows, item, off, width, le, (int[]) column);
            }
          }
          default -> {
            if (bulk) {
              bulkLongs(b, rows, item, off, width, sf.order(), (long[]) column);
            } else {
              int64s(b, rows, item, off, width, le, (long[]) column);
            }
          }
        }
      }
      case UNSIGNED -> {
        switch (eb) {
          case 1 -> uint8s(b, rows, item, off, width, (short[]) column);
          case 2 -> uint16s(b, rows, item, off, width, le, (int[]) column);
          default -> uint32s(b, rows, item, off, width, le, (long[]) column);
        }
      }
      case FLOAT -> {
        if (eb == 4) {
          if (bulk) {
            bulkFloats(b, rows, item, off, width, sf.order(), (float[]) column);
          } else {
            float32s(b, rows, item, off, width, le, (float[]) column);
          }
        } else if (bulk) {
          bulkDoubles(b, rows, item, off, width, sf.order(), (double[]) column);
        } else {
          float64s(b, rows, item, off, width, le, (double[]) column);
        }
      }
    }
  }

  private static long arrayBase(NumpyDtype.StoredField sf) {
    return switch (sf.field().type()) {
      case INT16 -> UnsafeAccess.SHORTS;
      case INT32 -> UnsafeAccess.INTS;
      case INT64 -> UnsafeAccess.LONGS;
      case FLOAT32 -> UnsafeAccess.FLOATS;
      case FLOAT64 -> UnsafeAccess.DOUBLES;
      default -> throw new IllegalStateException("no direct copy into " + sf.field());
    };
  }

  /** One value per row, read in this machine's byte order (see decodeField for the bounds). */
  private static void directScalars(byte[] b, int rows, int item, int off, NumpyDtype.StoredField sf, Object column) {
    long at = UnsafeAccess.BYTES + off;
    switch (sf.field().type()) {
      case INT16 -> {
        short[] c = (short[]) column;
        for (int r = 0; r < rows; r++, at += item) {
          c[r] = U.getShort(b, at);
        }
      }
      case INT32 -> {
        int[] c = (int[]) column;
        for (int r = 0; r < rows; r++, at += item) {
          c[r] = U.getInt(b, at);
        }
      }
      case INT64 -> {
        long[] c = (long[]) column;
        for (int r = 0; r < rows; r++, at += item) {
          c[r] = U.getLong(b, at);
        }
      }
      case FLOAT32 -> {
        float[] c = (float[]) column;
        for (int r = 0; r < rows; r++, at += item) {
          c[r] = U.getFloat(b, at);
        }
      }
      case FLOAT64 -> {
        double[] c = (double[]) column;
        for (int r = 0; r < rows; r++, at += item) {
          c[r] = U.getDouble(b, at);
        }
      }
      default -> throw new IllegalStateException("no direct read into " + sf.field());
    }
  }

  /** A view of {@code b} starting at byte {@code off}, in {@code order}. */
  private static ByteBuffer from(byte[] b, int off, ByteOrder order) {
    return ByteBuffer.wrap(b, off, b.length - off).slice().order(order);
  }

  // Bulk copies: the view's element index of row r is r * item / eb (item is a multiple of eb).

  private static void bulkShorts(byte[] b, int rows, int item, int off, int width, ByteOrder order, short[] c) {
    var v = from(b, off, order).asShortBuffer();
    int step = item / 2;
    for (int r = 0; r < rows; r++) {
      v.get(r * step, c, r * width, width);
    }
  }

  private static void bulkInts(byte[] b, int rows, int item, int off, int width, ByteOrder order, int[] c) {
    var v = from(b, off, order).asIntBuffer();
    int step = item / 4;
    for (int r = 0; r < rows; r++) {
      v.get(r * step, c, r * width, width);
    }
  }

  private static void bulkLongs(byte[] b, int rows, int item, int off, int width, ByteOrder order, long[] c) {
    var v = from(b, off, order).asLongBuffer();
    int step = item / 8;
    for (int r = 0; r < rows; r++) {
      v.get(r * step, c, r * width, width);
    }
  }

  private static void bulkFloats(byte[] b, int rows, int item, int off, int width, ByteOrder order, float[] c) {
    var v = from(b, off, order).asFloatBuffer();
    int step = item / 4;
    for (int r = 0; r < rows; r++) {
      v.get(r * step, c, r * width, width);
    }
  }

  private static void bulkDoubles(byte[] b, int rows, int item, int off, int width, ByteOrder order, double[] c) {
    var v = from(b, off, order).asDoubleBuffer();
    int step = item / 8;
    for (int r = 0; r < rows; r++) {
      v.get(r * step, c, r * width, width);
    }
  }

  // Element by element: scalars, and arrays in rows that are not a whole number of elements.

  private static void bools(byte[] b, int rows, int item, int off, int width, boolean[] c) {
    for (int r = 0, i = 0; r < rows; r++) {
      for (int k = 0, at = r * item + off; k < width; k++, i++, at++) {
        c[i] = b[at] != 0;
      }
    }
  }

  private static void int8s(byte[] b, int rows, int item, int off, int width, byte[] c) {
    for (int r = 0; r < rows; r++) {
      System.arraycopy(b, r * item + off, c, r * width, width);
    }
  }

  private static void uint8s(byte[] b, int rows, int item, int off, int width, short[] c) {
    for (int r = 0, i = 0; r < rows; r++) {
      for (int k = 0, at = r * item + off; k < width; k++, i++, at++) {
        c[i] = (short) (b[at] & 0xff);
      }
    }
  }

  private static void int16s(byte[] b, int rows, int item, int off, int width, boolean le, short[] c) {
    if (width == 1) {
      if (le) {
        for (int r = 0, at = off; r < rows; r++, at += item) {
          c[r] = (short) SHORT_LE.get(b, at);
        }
      } else {
        for (int r = 0, at = off; r < rows; r++, at += item) {
          c[r] = (short) SHORT_BE.get(b, at);
        }
      }
      return;
    }
    if (le) {
      for (int r = 0, i = 0; r < rows; r++) {
        for (int k = 0, at = r * item + off; k < width; k++, i++, at += 2) {
          c[i] = (short) SHORT_LE.get(b, at);
        }
      }
    } else {
      for (int r = 0, i = 0; r < rows; r++) {
        for (int k = 0, at = r * item + off; k < width; k++, i++, at += 2) {
          c[i] = (short) SHORT_BE.get(b, at);
        }
      }
    }
  }

  private static void uint16s(byte[] b, int rows, int item, int off, int width, boolean le, int[] c) {
    if (le) {
      for (int r = 0, i = 0; r < rows; r++) {
        for (int k = 0, at = r * item + off; k < width; k++, i++, at += 2) {
          c[i] = (short) SHORT_LE.get(b, at) & 0xffff;
        }
      }
    } else {
      for (int r = 0, i = 0; r < rows; r++) {
        for (int k = 0, at = r * item + off; k < width; k++, i++, at += 2) {
          c[i] = (short) SHORT_BE.get(b, at) & 0xffff;
        }
      }
    }
  }

  private static void int32s(byte[] b, int rows, int item, int off, int width, boolean le, int[] c) {
    if (width == 1) {
      if (le) {
        for (int r = 0, at = off; r < rows; r++, at += item) {
          c[r] = (int) INT_LE.get(b, at);
        }
      } else {
        for (int r = 0, at = off; r < rows; r++, at += item) {
          c[r] = (int) INT_BE.get(b, at);
        }
      }
      return;
    }
    if (le) {
      for (int r = 0, i = 0; r < rows; r++) {
        for (int k = 0, at = r * item + off; k < width; k++, i++, at += 4) {
          c[i] = (int) INT_LE.get(b, at);
        }
      }
    } else {
      for (int r = 0, i = 0; r < rows; r++) {
        for (int k = 0, at = r * item + off; k < width; k++, i++, at += 4) {
          c[i] = (int) INT_BE.get(b, at);
        }
      }
    }
  }

  private static void uint32s(byte[] b, int rows, int item, int off, int width, boolean le, long[] c) {
    if (le) {
      for (int r = 0, i = 0; r < rows; r++) {
        for (int k = 0, at = r * item + off; k < width; k++, i++, at += 4) {
          c[i] = (int) INT_LE.get(b, at) & 0xffffffffL;
        }
      }
    } else {
      for (int r = 0, i = 0; r < rows; r++) {
        for (int k = 0, at = r * item + off; k < width; k++, i++, at += 4) {
          c[i] = (int) INT_BE.get(b, at) & 0xffffffffL;
        }
      }
    }
  }

  private static void int64s(byte[] b, int rows, int item, int off, int width, boolean le, long[] c) {
    if (width == 1) {
      if (le) {
        for (int r = 0, at = off; r < rows; r++, at += item) {
          c[r] = (long) LONG_LE.get(b, at);
        }
      } else {
        for (int r = 0, at = off; r < rows; r++, at += item) {
          c[r] = (long) LONG_BE.get(b, at);
        }
      }
      return;
    }
    if (le) {
      for (int r = 0, i = 0; r < rows; r++) {
        for (int k = 0, at = r * item + off; k < width; k++, i++, at += 8) {
          c[i] = (long) LONG_LE.get(b, at);
        }
      }
    } else {
      for (int r = 0, i = 0; r < rows; r++) {
        for (int k = 0, at = r * item + off; k < width; k++, i++, at += 8) {
          c[i] = (long) LONG_BE.get(b, at);
        }
      }
    }
  }

  private static void float32s(byte[] b, int rows, int item, int off, int width, boolean le, float[] c) {
    if (width == 1) {
      if (le) {
        for (int r = 0, at = off; r < rows; r++, at += item) {
          c[r] = (float) FLOAT_LE.get(b, at);
        }
      } else {
        for (int r = 0, at = off; r < rows; r++, at += item) {
          c[r] = (float) FLOAT_BE.get(b, at);
        }
      }
      return;
    }
    if (le) {
      for (int r = 0, i = 0; r < rows; r++) {
        for (int k = 0, at = r * item + off; k < width; k++, i++, at += 4) {
          c[i] = (float) FLOAT_LE.get(b, at);
        }
      }
    } else {
      for (int r = 0, i = 0; r < rows; r++) {
        for (int k = 0, at = r * item + off; k < width; k++, i++, at += 4) {
          c[i] = (float) FLOAT_BE.get(b, at);
        }
      }
    }
  }

  private static void float64s(byte[] b, int rows, int item, int off, int width, boolean le, double[] c) {
    if (width == 1) {
      if (le) {
        for (int r = 0, at = off; r < rows; r++, at += item) {
          c[r] = (double) DOUBLE_LE.get(b, at);
        }
      } else {
        for (int r = 0, at = off; r < rows; r++, at += item) {
          c[r] = (double) DOUBLE_BE.get(b, at);
        }
      }
      return;
    }
    if (le) {
      for (int r = 0, i = 0; r < rows; r++) {
        for (int k = 0, at = r * item + off; k < width; k++, i++, at += 8) {
          c[i] = (double) DOUBLE_LE.get(b, at);
        }
      }
    } else {
      for (int r = 0, i = 0; r < rows; r++) {
        for (int k = 0, at = r * item + off; k < width; k++, i++, at += 8) {
          c[i] = (double) DOUBLE_BE.get(b, at);
        }
      }
    }
  }
}
