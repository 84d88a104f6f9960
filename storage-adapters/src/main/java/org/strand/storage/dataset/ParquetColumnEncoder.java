package org.strand.storage.dataset;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageWriter;
import org.apache.parquet.column.statistics.BooleanStatistics;
import org.apache.parquet.column.statistics.DoubleStatistics;
import org.apache.parquet.column.statistics.FloatStatistics;
import org.apache.parquet.column.statistics.IntStatistics;
import org.apache.parquet.column.statistics.LongStatistics;
import org.apache.parquet.column.statistics.Statistics;
import org.strand.core.Field;

/**
 * Encodes one column's values straight from a strand primitive array into Parquet V1 data
 * pages, handed to parquet-hadoop's {@link PageWriter} (which compresses, checksums and indexes
 * them).
 *
 * <p><b>Why not {@code ColumnWriter}.</b> Parquet's generic column writer takes one value at a
 * time and, for list columns, runs two level encoders per value; profiling showed those level
 * encoders dominating a records-like write (110 list values per row). Every strand column has a
 * fixed shape (required scalars, or required lists of a fixed width), so the levels of a page are
 * known in advance and can be written as a few run-length runs, and values can be encoded in
 * tight loops over the arrays.
 *
 * <p><b>Page layout (Parquet V1).</b> For list columns, repetition levels (bit width 1: each row
 * is one run of a 0 and one run of width-1 ones) and definition levels (one run of ones), each
 * RLE-hybrid encoded with an int32 length prefix; required scalars have no levels. Then the
 * values: PLAIN (little-endian; booleans bit-packed LSB first), or, for columns stored as INT32
 * (int8, int16, int32) when dictionary encoding is on, dictionary indices: a bit-width byte and
 * the indices bit-packed (or one RLE run when they are all equal). The dictionary grows over the
 * column chunk (row group) and is written as a PLAIN dictionary page when the chunk is finished;
 * a column whose first page is mostly distinct values, or whose dictionary outgrows its limit,
 * falls back to PLAIN pages, as parquet-mr's own writer does. Page statistics (min, max, no
 * nulls) are computed in the encoding loops, with parquet-mr's rules for floats (signed zeros
 * widened, pages with NaN left to parquet-mr's own statistics).
 *
 * <p>Not thread-safe; one encoder per column per writer.
 */
final class ParquetColumnEncoder {
  private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  /** A first page with more distinct values than this fraction is not worth a dictionary. */
  private static final double DICTIONARY_MAX_DISTINCT_FRACTION = 0.5;

  private final Field field;
  private final ColumnDescriptor descriptor;
  private final int width;
  private final int rowsPerPage;
  private final boolean dictionaryAllowed;
  private final int dictionaryLimitBytes;
  private final byte[] repetitionPattern;
  private PageWriter pages;
  private IntDictionary dictionary;
  private boolean dictionaryUsed;
  private boolean plainOnly;
  private boolean firstPage;
  private int[] ids = new int[0];

  ParquetColumnEncoder(Field field, ColumnDescriptor descriptor, int pageBytes, boolean dictionary) {
    this.field = field;
    this.descriptor = descriptor;
    this.width = field.width();
    int valueBytes = switch (field.type()) {
      case BOOL -> 1;
      case INT8, INT16, INT32, FLOAT32 -> 4;
      case INT64, FLOAT64 -> 8;
    };
    this.rowsPerPage = Math.max(1, pageBytes / (width * valueBytes));
    this.dictionaryAllowed = dictionary && (field.type() == org.strand.core.FieldType.INT8
        || field.type() == org.strand.core.FieldType.INT16 || field.type() == org.strand.core.FieldType.INT32);
    this.dictionaryLimitBytes = pageBytes;
    this.repetitionPattern = field.isArray() && width > 1 ? repetitionRunsOfOneRow(width) : null;
  }

  /** Starts a new column chunk (row group) writing into {@code pages}. */
  void startChunk(PageWriter pages) {
    this.pages = pages;
    this.dictionary = dictionaryAllowed ? new IntDictionary() : null;
    this.dictionaryUsed = false;
    this.plainOnly = !dictionaryAllowed;
    this.firstPage = true;
  }

  /** Encodes rows {@code [from, to)} of the column array {@code column}, in pages. */
  void write(Object column, int from, int to) throws IOException {
    for (int a = from; a < to; a += rowsPerPage) {
      writePage(column, a, Math.min(to, a + rowsPerPage));
    }
  }

  /** Finishes the column chunk: writes the dictionary page if any page used it. */
  void finishChunk() throws IOException {
    if (dictionaryUsed) {
      int n = dictionary.size();
      byte[] bytes = new byte[4 * n];
      for (int i = 0; i < n; i++) {
        INT_LE.set(bytes, 4 * i, dictionary.value(i));
      }
      pages.writeDictionaryPage(new DictionaryPage(BytesInput.from(bytes), n, Encoding.PLAIN_DICTIONARY));
    }
    dictionary = null;
  }

  private void writePage(Object column, int fromRow, int toRow) throws IOException {
    int rows = toRow - fromRow;
    int n = rows * width;
    int start = fromRow * width;
    BytesInput levels = levels(rows);
    Encoding levelEncoding = field.isArray() ? Encoding.RLE : Encoding.BIT_PACKED;
    Statistics<?> stats = statistics(column, start, n);
    if (!plainOnly) {
      byte[] indices = dictionaryPage(column, start, n);
      if (indices != null) {
        dictionaryUsed = true;
        firstPage = false;
        pages.writePage(BytesInput.concat(levels, BytesInput.from(indices)), n, rows, stats, levelEncoding, levelEncoding,
            Encoding.PLAIN_DICTIONARY);
        return;
      }
      plainOnly = true;
    }
    firstPage = false;
    pages.writePage(BytesInput.concat(levels, BytesInput.from(plain(column, start, n))), n, rows, stats, levelEncoding,
        levelEncoding, Encoding.PLAIN);
  }

  /** Repetition then definition levels of {@code rows} rows of a list column; nothing for scalars. */
  private BytesInput levels(int rows) {
    if (!field.isArray()) {
      return BytesInput.empty();
    }
    byte[] rep;
    if (repetitionPattern == null) {
      rep = rleRun(rows, 0);
    } else {
      rep = new byte[repetitionPattern.length * rows];
      for (int r = 0; r < rows; r++) {
        System.arraycopy(repetitionPattern, 0, rep, r * repetitionPattern.length, repetitionPattern.length);
      }
    }
    byte[] def = rleRun(rows * width, 1);
    byte[] out = new byte[8 + rep.length + def.length];
    INT_LE.set(out, 0, rep.length);
    System.arraycopy(rep, 0, out, 4, rep.length);
    INT_LE.set(out, 4 + rep.length, def.length);
    System.arraycopy(def, 0, out, 8 + rep.length, def.length);
    return BytesInput.from(out);
  }

  private static byte[] repetitionRunsOfOneRow(int width) {
    byte[] a = rleRun(1, 0);
    byte[] b = rleRun(width - 1, 1);
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** One RLE run of {@code count} copies of a 1-bit {@code value}: varint(count << 1), value byte. */
  private static byte[] rleRun(int count, int value) {
    byte[] header = varint((long) count << 1);
    byte[] out = Arrays.copyOf(header, header.length + 1);
    out[header.length] = (byte) value;
    return out;
  }

  private static byte[] varint(long v) {
    byte[] buf = new byte[10];
    int i = 0;
    while ((v & ~0x7FL) != 0) {
      buf[i++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    buf[i++] = (byte) v;
    return Arrays.copyOf(buf, i);
  }

  private byte[] plain(Object column, int start, int n) {
    switch (field.type()) {
      case BOOL -> {
        boolean[] a = (boolean[]) column;
        byte[] out = new byte[(n + 7) / 8];
        for (int i = 0; i < n; i++) {
          if (a[start + i]) {
            out[i >>> 3] |= (byte) (1 << (i & 7));
          }
        }
        return out;
      }
      case INT8 -> {
        byte[] a = (byte[]) column;
        byte[] out = new byte[4 * n];
        for (int i = 0; i < n; i++) {
          INT_LE.set(out, 4 * i, (int) a[start + i]);
        }
        return out;
      }
      case INT16 -> {
        short[] a = (short[]) column;
        byte[] out = new byte[4 * n];
        for (int i = 0; i < n; i++) {
          INT_LE.set(out, 4 * i, (int) a[start + i]);
        }
        return out;
      }
      case INT32 -> {
        int[] a = (int[]) column;
        byte[] out = new byte[4 * n];
        for (int i = 0; i < n; i++) {
          INT_LE.set(out, 4 * i, a[start + i]);
        }
        return out;
      }
      case INT64 -> {
        long[] a = (long[]) column;
        byte[] out = new byte[8 * n];
        for (int i = 0; i < n; i++) {
          LONG_LE.set(out, 8 * i, a[start + i]);
        }
        return out;
      }
      case FLOAT32 -> {
        float[] a = (float[]) column;
        byte[] out = new byte[4 * n];
        for (int i = 0; i < n; i++) {
          INT_LE.set(out, 4 * i, Float.floatToRawIntBits(a[start + i]));
        }
        return out;
      }
      case FLOAT64 -> {
        double[] a = (double[]) column;
        byte[] out = new byte[8 * n];
        for (int i = 0; i < n; i++) {
          LONG_LE.set(out, 8 * i, Double.doubleToRawLongBits(a[start + i]));
        }
        return out;
      }
    }
    throw new AssertionError(field.type());
  }

  /**
   * The dictionary-encoded values of a page, or null if this column should fall back to PLAIN
   * (first page too distinct, or dictionary over its limit).
   */
  private byte[] dictionaryPage(Object column, int start, int n) {
    if (ids.length < n) {
      ids = new int[n];
    }
    switch (field.type()) {
      case INT8 -> {
        byte[] a = (byte[]) column;
        for (int i = 0; i < n; i++) {
          ids[i] = dictionary.idOf(a[start + i]);
        }
      }
      case INT16 -> {
        short[] a = (short[]) column;
        for (int i = 0; i < n; i++) {
          ids[i] = dictionary.idOf(a[start + i]);
        }
      }
      default -> {
        int[] a = (int[]) column;
        for (int i = 0; i < n; i++) {
          ids[i] = dictionary.idOf(a[start + i]);
        }
      }
    }
    if (firstPage && dictionary.size() > DICTIONARY_MAX_DISTINCT_FRACTION * n && n >= 64) {
      return null;
    }
    if (4L * dictionary.size() > dictionaryLimitBytes) {
      // This page and the rest go PLAIN; the dictionary keeps this page's values, unused.
      return null;
    }
    return encodeIndices(ids, n, Math.max(1, 32 - Integer.numberOfLeadingZeros(Math.max(1, dictionary.size() - 1))));
  }

  /** A bit-width byte, then the ids as one RLE run if all equal, else bit-packed groups of 8. */
  private static byte[] encodeIndices(int[] ids, int n, int bitWidth) {
    boolean constant = true;
    for (int i = 1; i < n && constant; i++) {
      constant = ids[i] == ids[0];
    }
    if (constant) {
      byte[] header = varint((long) n << 1);
      int valueBytes = (bitWidth + 7) / 8;
      byte[] out = new byte[1 + header.length + valueBytes];
      out[0] = (byte) bitWidth;
      System.arraycopy(header, 0, out, 1, header.length);
      for (int b = 0; b < valueBytes; b++) {
        out[1 + header.length + b] = (byte) (ids[0] >>> (8 * b));
      }
      return out;
    }
    int groups = (n + 7) / 8;
    byte[] header = varint(((long) groups << 1) | 1);
    byte[] out = new byte[1 + header.length + groups * bitWidth];
    out[0] = (byte) bitWidth;
    System.arraycopy(header, 0, out, 1, header.length);
    int p = 1 + header.length;
    long acc = 0;
    int bits = 0;
    int total = groups * 8;
    for (int i = 0; i < total; i++) {
      long v = i < n ? ids[i] : 0;
      acc |= v << bits;
      bits += bitWidth;
      while (bits >= 8) {
        out[p++] = (byte) acc;
        acc >>>= 8;
        bits -= 8;
      }
    }
    return out;
  }

  private Statistics<?> statistics(Object column, int start, int n) {
    Statistics<?> stats = Statistics.createStats(descriptor.getPrimitiveType());
    if (n == 0) {
      return stats;
    }
    switch (field.type()) {
      case BOOL -> {
        boolean[] a = (boolean[]) column;
        boolean any = false;
        boolean all = true;
        for (int i = start; i < start + n; i++) {
          any |= a[i];
          all &= a[i];
        }
        ((BooleanStatistics) stats).setMinMax(all, any);
      }
      case INT8 -> {
        byte[] a = (byte[]) column;
        int min = Integer.MAX_VALUE;
        int max = Integer.MIN_VALUE;
        for (int i = start; i < start + n; i++) {
          min = Math.min(min, a[i]);
          max = Math.max(max, a[i]);
        }
        ((IntStatistics) stats).setMinMax(min, max);
      }
      case INT16 -> {
        short[] a = (short[]) column;
        int min = Integer.MAX_VALUE;
        int max = Integer.MIN_VALUE;
        for (int i = start; i < start + n; i++) {
          min = Math.min(min, a[i]);
          max = Math.max(max, a[i]);
        }
        ((IntStatistics) stats).setMinMax(min, max);
      }
      case INT32 -> {
        int[] a = (int[]) column;
        int min = Integer.MAX_VALUE;
        int max = Integer.MIN_VALUE;
        for (int i = start; i < start + n; i++) {
          min = Math.min(min, a[i]);
          max = Math.max(max, a[i]);
        }
        ((IntStatistics) stats).setMinMax(min, max);
      }
      case INT64 -> {
        long[] a = (long[]) column;
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int i = start; i < start + n; i++) {
          min = Math.min(min, a[i]);
          max = Math.max(max, a[i]);
        }
        ((LongStatistics) stats).setMinMax(min, max);
      }
      case FLOAT32 -> {
        float[] a = (float[]) column;
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        boolean nan = false;
        for (int i = start; i < start + n; i++) {
          float v = a[i];
          nan |= v != v;
          min = Math.min(min, v);
          max = Math.max(max, v);
        }
        if (nan) {
          FloatStatistics s = (FloatStatistics) stats;
          for (int i = start; i < start + n; i++) {
            s.updateStats(a[i]);
          }
        } else {
          ((FloatStatistics) stats).setMinMax(min == 0.0f ? -0.0f : min, max == 0.0f ? 0.0f : max);
        }
      }
      case FLOAT64 -> {
        double[] a = (double[]) column;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        boolean nan = false;
        for (int i = start; i < start + n; i++) {
          double v = a[i];
          nan |= v != v;
          min = Math.min(min, v);
          max = Math.max(max, v);
        }
        if (nan) {
          DoubleStatistics s = (DoubleStatistics) stats;
          for (int i = start; i < start + n; i++) {
            s.updateStats(a[i]);
          }
        } else {
          ((DoubleStatistics) stats).setMinMax(min == 0.0 ? -0.0 : min, max == 0.0 ? 0.0 : max);
        }
      }
    }
    return stats;
  }

  /** An insertion-ordered set of ints with their ids: open addressing over primitive arrays. */
  static final class IntDictionary {
    private int[] keys = new int[1024];
    private int[] slots = new int[2048];
    private int size;

    IntDictionary() {
      Arrays.fill(slots, -1);
    }

    int size() {
      return size;
    }

    int value(int id) {
      return keys[id];
    }

    /** The id of {@code v}, adding it if new. */
    int idOf(int v) {
      int mask = slots.length - 1;
      int h = (v * 0x9E3779B9) >>> 7;
      while (true) {
        int s = h & mask;
        int id = slots[s];
        if (id < 0) {
          if (size == keys.length) {
            keys = Arrays.copyOf(keys, size * 2);
          }
          keys[size] = v;
          slots[s] = size;
          if (++size * 2 > slots.length) {
            rehash();
          }
          return size - 1;
        }
        if (keys[id] == v) {
          return id;
        }
        h++;
      }
    }

    private void rehash() {
      int[] next = new int[slots.length * 2];
      Arrays.fill(next, -1);
      int mask = next.length - 1;
      for (int id = 0; id < size; id++) {
        int h = (keys[id] * 0x9E3779B9) >>> 7;
        while (next[h & mask] >= 0) {
          h++;
        }
        next[h & mask] = id;
      }
      slots = next;
    }
  }
}
