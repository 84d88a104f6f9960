package org.strand.storage.dataset;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.CRC32C;

/**
 * Passes bytes through to a file's stream and keeps the CRC-32C and count of everything written,
 * so a part file's checksum is known when it is closed, without reading it back. CRC-32C: the
 * JDK computes it with the processor's instructions, at several GB/s, so writing costs nothing
 * measurable; it detects any damage of up to 32 bits and all but one in 2^32 of larger ones,
 * which is what a storage check needs (it is not a defence against deliberate tampering).
 *
 * <p>Not thread-safe, like the stream it wraps.
 */
final class ChecksumOutputStream extends FilterOutputStream {
  /** The label of the checksum in manifests: {@code crc32c:} and 8 hex digits. */
  static final String ALGORITHM = "crc32c";

  private final CRC32C crc = new CRC32C();
  private long count;

  ChecksumOutputStream(OutputStream out) {
    super(out);
  }

  @Override
  public void write(int b) throws IOException {
    out.write(b);
    crc.update(b);
    count++;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    out.write(b, off, len);
    crc.update(b, off, len);
    count += len;
  }

  /** Bytes written so far. */
  long count() {
    return count;
  }

  /** The checksum of the bytes written so far, as manifests record it. */
  String checksum() {
    return format(crc.getValue());
  }

  static String format(long crc32c) {
    return String.format("%s:%08x", ALGORITHM, crc32c);
  }
}
