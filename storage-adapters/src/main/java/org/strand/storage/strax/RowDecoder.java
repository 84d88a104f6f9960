package org.strand.storage.strax;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import org.strand.core.Table;

/**
 * Turns the bytes of a NumPy structured array (rows packed one after the other, fields at fixed
 * offsets) into a column-wise {@link Table}.
 *
 * <p>Each field is copied in one pass over the rows into its primitive array. Multi-byte values
 * are read through byte-array view handles, which the JIT turns into plain (possibly unaligned,
 * byte-swapped) loads, so no buffer object is made per row.
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

  private RowDecoder() {}

  /**
   * Decodes {@code rows} rows from {@code bytes}, which must hold exactly
   * {@code rows * dtype.itemSize()} bytes.
   */
  static Table decode(NumpyDtype dtype, byte[] bytes, int rows) {
    int item = dtype.itemSize();
    if ((long) rows * item != bytes.length) {
      throw new IllegalArgumentException(bytes.length + " bytes do not hold " + rows + " rows of " + item + " bytes");
    }
    Table table = Table.allocate(dtype.schema(), rows);
    int col = 0;
    for (NumpyDtype.StoredField sf : dtype.fields()) {
      decodeField(sf, bytes, rows, item, table.column(col++));
    }
    return table;
  }

  private static void decodeField(NumpyDtype.StoredField sf, byte[] b, int rows, int item, Object column) {
    int width = sf.field().width();
    int eb = sf.elementBytes();
    int off = sf.offset();
    boolean le = sf.order() == ByteOrder.LITTLE_ENDIAN;
    // One loop per stored representation, chosen once per field rather than per element.
    switch (sf.kind()) {
      case BOOL -> {
        boolean[] c = (boolean[]) column;
        for (int r = 0, i = 0; r < rows; r++) {
          for (int k = 0, at = r * item + off; k < width; k++, i++, at += eb) {
            c[i] = b[at] != 0;
          }
        }
      }
      case SIGNED -> {
        switch (eb) {
          case 1 -> {
            byte[] c = (byte[]) column;
            for (int r = 0, i = 0; r < rows; r++) {
              for (int k = 0, at = r * item + off; k < width; k++, i++, at += eb) {
                c[i] = b[at];
              }
            }
          }
          case 2 -> {
            short[] c = (short[]) column;
            for (int r = 0, i = 0; r < rows; r++) {
              for (int k = 0, at = r * item + off; k < width; k++, i++, at += eb) {
                c[i] = le ? (short) SHORT_LE.get(b, at) : (short) SHORT_BE.get(b, at);
              }
            }
          }
          case 4 -> {
            int[] c = (int[]) column;
            for (int r = 0, i = 0; r < rows; r++) {
              for (int k = 0, at = r * item + off; k < width; k++, i++, at += eb) {
                c[i] = le ? (int) INT_LE.get(b, at) : (int) INT_BE.get(b, at);
              }
            }
          }
          default -> {
            long[] c = (long[]) column;
            for (int r = 0, i = 0; r < rows; r++) {
              for (int k = 0, at = r * item + off; k < width; k++, i++, at += eb) {
                c[i] = le ? (long) LONG_LE.get(b, at) : (long) LONG_BE.get(b, at);
              }
            }
          }
        }
      }
      case UNSIGNED -> {
        switch (eb) {
          case 1 -> {
            short[] c = (short[]) column;
            for (int r = 0, i = 0; r < rows; r++) {
              for (int k = 0, at = r * item + off; k < width; k++, i++, at += eb) {
                c[i] = (short) (b[at] & 0xff);
              }
            }
          }
          case 2 -> {
            int[] c = (int[]) column;
            for (int r = 0, i = 0; r < rows; r++) {
              for (int k = 0, at = r * item + off; k < width; k++, i++, at += eb) {
                c[i] = (le ? (short) SHORT_LE.get(b, at) : (short) SHORT_BE.get(b, at)) & 0xffff;
              }
            }
          }
          default -> {
            long[] c = (long[]) column;
            for (int r = 0, i = 0; r < rows; r++) {
              for (int k = 0, at = r * item + off; k < width; k++, i++, at += eb) {
                c[i] = (le ? (int) INT_LE.get(b, at) : (int) INT_BE.get(b, at)) & 0xffffffffL;
              }
            }
          }
        }
      }
      case FLOAT -> {
        if (eb == 4) {
          float[] c = (float[]) column;
          for (int r = 0, i = 0; r < rows; r++) {
            for (int k = 0, at = r * item + off; k < width; k++, i++, at += eb) {
              c[i] = le ? (float) FLOAT_LE.get(b, at) : (float) FLOAT_BE.get(b, at);
            }
          }
        } else {
          double[] c = (double[]) column;
          for (int r = 0, i = 0; r < rows; r++) {
            for (int k = 0, at = r * item + off; k < width; k++, i++, at += eb) {
              c[i] = le ? (double) DOUBLE_LE.get(b, at) : (double) DOUBLE_BE.get(b, at);
            }
          }
        }
      }
    }
  }
}
