package org.strand.storage.strax;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.xxhash.XXHashFactory;
import org.strand.core.InvalidDataException;
import org.strand.core.Table;

/**
 * Runs the strax reader's decoding (LZ4 frame, then rows to columns) on rows made in memory, so a
 * JVM compiles that code before the first real chunk arrives. Nothing is read or written.
 */
public final class StraxWarmup {
  /** strax's raw_records dtype, as strax writes it in metadata (titles included). */
  static final String RAW_RECORDS_DTYPE = "[(('Start time since unix epoch [ns]', 'time'), '<i8'),"
      + " (('Length of the interval in samples', 'length'), '<i4'),"
      + " (('Width of one sample [ns]', 'dt'), '<i2'),"
      + " (('Channel/PMT number', 'channel'), '<i2'),"
      + " (('Length of pulse to which the record belongs (without zero-padding)', 'pulse_length'), '<i4'),"
      + " (('Fragment number in the pulse', 'record_i'), '<i2'),"
      + " (('Baseline determined by the digitizer (if this is supported)', 'baseline'), '<i2'),"
      + " (('Waveform data in raw ADC counts', 'data'), '<i2', (110,))]";

  private static final int MAGIC = 0x184D2204;
  /**
   * Decoding passes: a run's decoding is called per 64 KiB block and per chunk, so it reaches the
   * optimising compiler by its number of calls; 8 passes over a 3 MB chunk are about 400 block
   * calls and 25 MB, some 20 ms once compiled.
   */
  private static final int PASSES = 8;

  private StraxWarmup() {}

  /**
   * Encodes {@code rawRecords} (strand's raw_records columns) as strax rows, compresses them as an
   * LZ4 frame and decodes them again the way a strax chunk is read, {@link #PASSES} times.
   *
   * @return the decoded rows
   * @throws InvalidDataException if the round trip does not give the rows back
   */
  public static Table decodeRoundTrip(Table rawRecords) {
    NumpyDtype dtype = NumpyDtype.parse(RAW_RECORDS_DTYPE);
    byte[] rows = encode(dtype, rawRecords);
    byte[] compressed = lz4Frame(rows);
    byte[] raw = new byte[rows.length];
    Table decoded = null;
    for (int pass = 0; pass < PASSES; pass++) {
      StraxCompressor.LZ4.decompress(compressed, compressed.length, raw, raw.length);
      decoded = RowDecoder.decode(dtype, raw, rawRecords.rows());
    }
    if (!Arrays.equals(decoded.longs("time"), rawRecords.longs("time"))
        || !Arrays.equals(decoded.shorts("data"), rawRecords.shorts("data"))) {
      throw new InvalidDataException("the strax decoding round trip changed the rows' times or samples");
    }
    return decoded;
  }

  /** Little-endian packed rows of {@code dtype} from the table's columns of the same names. */
  private static byte[] encode(NumpyDtype dtype, Table table) {
    int item = dtype.itemSize();
    int n = table.rows();
    byte[] out = new byte[n * item];
    for (NumpyDtype.StoredField sf : dtype.fields()) {
      Object column = table.column(sf.field().name());
      int count = sf.field().width();
      int width = sf.elementBytes();
      for (int r = 0; r < n; r++) {
        int at = r * item + sf.offset();
        for (int k = 0; k < count; k++) {
          long v = value(column, r * count + k);
          for (int b = 0; b < width; b++) {
            out[at + k * width + b] = (byte) (v >>> (8 * b));
          }
        }
      }
    }
    return out;
  }

  private static long value(Object column, int i) {
    if (column instanceof long[] a) {
      return a[i];
    }
    if (column instanceof int[] a) {
      return a[i];
    }
    if (column instanceof short[] a) {
      return a[i];
    }
    throw new IllegalArgumentException("no integer column: " + column.getClass().getSimpleName());
  }

  /**
   * One LZ4 frame of linked 64 KiB blocks (as Python's {@code lz4.frame}, which strax uses, writes
   * them by default), so the reader's own block decoder runs, as often per byte as on strax's
   * data, not the library's one for independent blocks. Each block is compressed on its own,
   * which a linked frame allows.
   */
  private static byte[] lz4Frame(byte[] rows) {
    LZ4Compressor compressor = LZ4Factory.fastestInstance().fastCompressor();
    int maxBlock = 64 << 10;
    int blocks = rows.length / maxBlock + 1;
    // Header, then each block's size and at most its bound, then the end mark.
    ByteBuffer out = ByteBuffer.allocate(7 + blocks * (4 + compressor.maxCompressedLength(maxBlock)) + 4)
        .order(ByteOrder.LITTLE_ENDIAN);
    out.putInt(MAGIC);
    byte flg = 0x40; // version 1, linked blocks, no checksums, no content size
    byte bd = 0x40; // blocks of up to 64 KiB
    out.put(flg).put(bd);
    byte[] descriptor = {flg, bd};
    out.put((byte) (XXHashFactory.fastestInstance().hash32().hash(descriptor, 0, 2, 0) >>> 8));
    byte[] block = new byte[compressor.maxCompressedLength(maxBlock)];
    for (int at = 0; at < rows.length; at += maxBlock) {
      int n = Math.min(maxBlock, rows.length - at);
      int size = compressor.compress(rows, at, n, block, 0, block.length);
      out.putInt(size).put(block, 0, size);
    }
    out.putInt(0);
    return Arrays.copyOf(out.array(), out.position());
  }

}
