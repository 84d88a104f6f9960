package org.strand.chain;

import java.io.IOException;
import java.util.Arrays;

/**
 * A minimal LZ4 frame decoder, as Python's {@code lz4.frame} writes them for strax: linked or
 * independent blocks, optional content size and checksums (skipped, not verified). Test support
 * for reading reference data; strand's strax-format reader lives in the storage adapters.
 */
final class Lz4Frames {
  private Lz4Frames() {}

  private static final int MAGIC = 0x184D2204;

  /** The decompressed content of every frame in {@code src}, concatenated. */
  static byte[] decompress(byte[] src, int expectedSize) throws IOException {
    byte[] out = new byte[Math.max(expectedSize, 1024)];
    int op = 0;
    int ip = 0;
    while (ip < src.length) {
      if (readInt(src, ip) != MAGIC) {
        throw new IOException("not an LZ4 frame at byte " + ip);
      }
      ip += 4;
      int flg = src[ip++] & 0xff;
      ip++; // block descriptor: maximum block size, not needed
      boolean blockChecksum = (flg & 0x10) != 0;
      boolean contentSize = (flg & 0x08) != 0;
      boolean contentChecksum = (flg & 0x04) != 0;
      boolean dictId = (flg & 0x01) != 0;
      ip += (contentSize ? 8 : 0) + (dictId ? 4 : 0) + 1;
      while (true) {
        int size = readInt(src, ip);
        ip += 4;
        if (size == 0) {
          break;
        }
        boolean stored = (size & 0x80000000) != 0;
        size &= 0x7fffffff;
        if (stored) {
          out = ensure(out, op + size);
          System.arraycopy(src, ip, out, op, size);
          op += size;
        } else {
          out = ensure(out, op + 4 * size + 1024);
          op = decodeBlock(src, ip, ip + size, out, op);
        }
        ip += size + (blockChecksum ? 4 : 0);
      }
      ip += contentChecksum ? 4 : 0;
    }
    return op == out.length ? out : Arrays.copyOf(out, op);
  }

  /** Decodes one LZ4 block; matches may reach back into earlier blocks' output (linked blocks). */
  private static int decodeBlock(byte[] src, int ip, int end, byte[] out, int op) throws IOException {
    while (ip < end) {
      int token = src[ip++] & 0xff;
      int literals = token >>> 4;
      if (literals == 15) {
        int b;
        do {
          b = src[ip++] & 0xff;
          literals += b;
        } while (b == 255);
      }
      out = ensureOrFail(out, op + literals);
      System.arraycopy(src, ip, out, op, literals);
      ip += literals;
      op += literals;
      if (ip >= end) {
        break;
      }
      int offset = (src[ip] & 0xff) | (src[ip + 1] & 0xff) << 8;
      ip += 2;
      int match = token & 15;
      if (match == 15) {
        int b;
        do {
          b = src[ip++] & 0xff;
          match += b;
        } while (b == 255);
      }
      match += 4;
      int from = op - offset;
      if (offset == 0 || from < 0) {
        throw new IOException("corrupt LZ4 block: match offset " + offset + " at output " + op);
      }
      out = ensureOrFail(out, op + match);
      for (int k = 0; k < match; k++) {
        out[op + k] = out[from + k];
      }
      op += match;
    }
    return op;
  }

  private static byte[] ensure(byte[] out, int size) {
    return size <= out.length ? out : Arrays.copyOf(out, Math.max(size, out.length * 2));
  }

  private static byte[] ensureOrFail(byte[] out, int size) throws IOException {
    if (size > out.length) {
      throw new IOException("LZ4 block decodes to more than the " + out.length + " bytes reserved");
    }
    return out;
  }

  private static int readInt(byte[] b, int at) {
    return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | (b[at + 3] & 0xff) << 24;
  }
}
