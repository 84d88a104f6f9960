package org.strand.storage.strax;

import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;
import net.jpountz.xxhash.XXHash32;
import net.jpountz.xxhash.XXHashFactory;

/**
 * Decodes LZ4 frames (the format of {@code lz4.frame.compress}, which strax uses) into a buffer
 * of known size.
 *
 * <p>Why not {@code LZ4FrameInputStream}: python-lz4 writes <em>linked</em> blocks by default
 * (each block may copy from the 64 KiB before it), and lz4-java's frame stream refuses those.
 * The frame layout is simple, so it is parsed here: magic, a descriptor (flags, block size,
 * optional content size, a header checksum), then blocks, each a 4-byte size (top bit: stored
 * uncompressed) with an optional checksum, an end mark, and an optional checksum of the whole
 * content. Several frames may follow one another; skippable frames are skipped.
 *
 * <p>Independent blocks go through lz4-java's decompressor. Linked blocks are decoded by
 * {@link #decodeBlock}, which writes straight into the whole output so that matches can reach
 * back into earlier blocks of the frame; the output may be a caller's reused buffer, so a chunk
 * is decoded with no copy between the file's bytes and the rows. Every header, block and content checksum present is verified with
 * lz4-java's xxHash32, and every length is bounds-checked, so damaged input is an error rather
 * than wrong data.
 *
 * <p>Stateless and thread-safe.
 */
final class Lz4FrameDecoder {
  private static final int MAGIC = 0x184D2204;
  private static final int SKIPPABLE_MASK = 0xFFFFFFF0;
  private static final int SKIPPABLE_MAGIC = 0x184D2A50;
  private static final LZ4SafeDecompressor BLOCKS = LZ4Factory.fastestInstance().safeDecompressor();
  private static final XXHash32 XXHASH = XXHashFactory.fastestInstance().hash32();

  private Lz4FrameDecoder() {}

  /**
   * Decodes every frame of {@code src} into a new array of exactly {@code expectedSize} bytes.
   *
   * @throws CorruptDataException if the input is not LZ4 frames, is damaged, or does not decode
   *     to exactly {@code expectedSize} bytes
   */
  static byte[] decode(byte[] src, int expectedSize) {
    byte[] out = new byte[expectedSize];
    decode(src, src.length, out, expectedSize);
    return out;
  }

  /**
   * Decodes every frame of {@code src[0, srcLength)} into {@code out[0, expectedSize)};
   * {@code out} may be longer (a reused buffer), and what lies beyond {@code expectedSize} is
   * left undefined.
   *
   * @throws CorruptDataException if the input is not LZ4 frames, is damaged, or does not decode
   *     to exactly {@code expectedSize} bytes
   */
  static void decode(byte[] src, int srcLength, byte[] out, int expectedSize) {
    if (srcLength > src.length || expectedSize > out.length) {
      throw new IllegalArgumentException("lengths " + srcLength + " and " + expectedSize + " exceed buffers of "
          + src.length + " and " + out.length + " bytes");
    }
    int srcEnd = srcLength;
    int ip = 0;
    int op = 0;
    int frames = 0;
    while (ip < srcEnd) {
      need(srcEnd, ip, 4, "frame magic");
      int magic = readIntLE(src, ip);
      ip += 4;
      if ((magic & SKIPPABLE_MASK) == SKIPPABLE_MAGIC) {
        need(srcEnd, ip, 4, "skippable frame size");
        long size = readIntLE(src, ip) & 0xffffffffL;
        ip += 4;
        if (size > srcEnd - ip) {
          throw new CorruptDataException("lz4 skippable frame runs past the end of the data (truncated?)");
        }
        ip += (int) size;
        continue;
      }
      if (magic != MAGIC) {
        throw new CorruptDataException(String.format("not an lz4 frame: magic 0x%08x at byte %d", magic, ip - 4));
      }
      frames++;
      int frameStart = op;
      int descStart = ip;
      need(srcEnd, ip, 2, "frame descriptor");
      int flg = src[ip++] & 0xff;
      int bd = src[ip++] & 0xff;
      if ((flg >>> 6) != 1) {
        throw new CorruptDataException("lz4 frame version " + (flg >>> 6) + " is not supported (only 1)");
      }
      if ((flg & 0x02) != 0 || (bd & 0x8f) != 0) {
        throw new CorruptDataException("lz4 frame descriptor has reserved bits set");
      }
      boolean independent = (flg & 0x20) != 0;
      boolean blockChecksum = (flg & 0x10) != 0;
      boolean hasContentSize = (flg & 0x08) != 0;
      boolean contentChecksum = (flg & 0x04) != 0;
      if ((flg & 0x01) != 0) {
        throw new CorruptDataException("lz4 frame needs a dictionary, which is not supported");
      }
      int maxBlock = switch ((bd >>> 4) & 7) {
        case 4 -> 64 << 10;
        case 5 -> 256 << 10;
        case 6 -> 1 << 20;
        case 7 -> 4 << 20;
        default -> throw new CorruptDataException("lz4 frame has invalid block size code " + ((bd >>> 4) & 7));
      };
      long contentSize = -1;
      if (hasContentSize) {
        need(srcEnd, ip, 8, "content size");
        contentSize = readLongLE(src, ip);
        ip += 8;
        if (contentSize < 0 || contentSize > expectedSize - op) {
          throw new CorruptDataException("lz4 frame says it holds " + contentSize + " bytes, but "
              + (expectedSize - op) + " remain of the " + expectedSize + " expected");
        }
      }
      need(srcEnd, ip, 1, "header checksum");
      int hc = (XXHASH.hash(src, descStart, ip - descStart, 0) >>> 8) & 0xff;
      if (hc != (src[ip] & 0xff)) {
        throw new CorruptDataException("lz4 frame header checksum does not match");
      }
      ip++;
      while (true) {
        need(srcEnd, ip, 4, "block size");
        int word = readIntLE(src, ip);
        ip += 4;
        if (word == 0) {
          break;
        }
        boolean stored = (word & 0x80000000) != 0;
        int size = word & 0x7fffffff;
        if (size > maxBlock) {
          throw new CorruptDataException("lz4 block of " + size + " bytes exceeds the frame's maximum " + maxBlock);
        }
        need(srcEnd, ip, size + (blockChecksum ? 4 : 0), "block data");
        if (blockChecksum && XXHASH.hash(src, ip, size, 0) != readIntLE(src, ip + size)) {
          throw new CorruptDataException("lz4 block checksum does not match at byte " + ip);
        }
        if (stored) {
          if (size > expectedSize - op) {
            throw tooLong(expectedSize);
          }
          System.arraycopy(src, ip, out, op, size);
          op += size;
        } else if (independent) {
          try {
            op += BLOCKS.decompress(src, ip, size, out, op, Math.min(maxBlock, expectedSize - op));
          } catch (LZ4Exception e) {
            throw new CorruptDataException("lz4 block at byte " + ip + " is damaged or decodes to more than "
                + expectedSize + " bytes in all (" + e.getMessage() + ")");
          }
        } else {
          op = decodeBlock(src, ip, ip + size, out, op, op + Math.min(maxBlock, expectedSize - op), frameStart);
        }
        ip += size + (blockChecksum ? 4 : 0);
      }
      if (contentSize >= 0 && op - frameStart != contentSize) {
        throw new CorruptDataException("lz4 frame decoded to " + (op - frameStart) + " bytes but says it holds " + contentSize);
      }
      if (contentChecksum) {
        need(srcEnd, ip, 4, "content checksum");
        if (XXHASH.hash(out, frameStart, op - frameStart, 0) != readIntLE(src, ip)) {
          throw new CorruptDataException("lz4 content checksum does not match");
        }
        ip += 4;
      }
    }
    if (frames == 0 && expectedSize > 0) {
      throw new CorruptDataException("no lz4 frame in " + srcEnd + " bytes");
    }
    if (op != expectedSize) {
      throw new CorruptDataException("lz4 data decoded to " + op + " bytes, expected " + expectedSize + " (truncated or mismatched)");
    }
  }

  /**
   * Decodes one raw LZ4 block from {@code src[ip, end)} into {@code out} at {@code op}, writing
   * no further than {@code limit}; matches may reach back to {@code windowStart}. Returns the
   * new output position.
   *
   * <p>A block is a series of sequences: a token (high nibble: literal count, low nibble: match
   * length - 4, each extended by 255-continued bytes when 15), the literals, a 2-byte
   * little-endian match offset and the match; the last sequence has literals only.
   *
   * <p>Sequences in detector waveforms are short (on strax's raw_records, 1.5 literals and a
   * 7-byte match on average), so the cost per sequence decides the speed, and the common case is
   * taken first: fewer than 15 literals with room on both sides are copied as one 16-byte move,
   * and a match shorter than 19 bytes at least 8 bytes back as three 8-byte moves (see
   * {@link LzCopies}). Near the ends of the input and output every copy is exact, and each length
   * and offset is checked before use, so damaged input is an error, not an out-of-bounds access.
   */
  static int decodeBlock(byte[] src, int ip, int end, byte[] out, int op, int limit, int windowStart) {
    // The wide moves below rely on these bounds (see LzCopies).
    if (ip < 0 || ip > end || end > src.length || windowStart < 0 || windowStart > op || op > limit || limit > out.length) {
      throw new IllegalArgumentException("bad block bounds: input [" + ip + ", " + end + ") of " + src.length
          + ", output " + op + " in [" + windowStart + ", " + limit + ") of " + out.length);
    }
    // Far enough from both ends, a sequence with short literals and a short match needs no
    // length checks: 1 + 16 + 2 bytes of input and 16 + 24 bytes of output are in range.
    final int ipFast = end - 32;
    final int opFast = limit - 48;
    while (true) {
      if (ip < ipFast && op < opFast) {
        long at = shortSequences(src, ip, ipFast, out, op, opFast, windowStart);
        ip = (int) (at >>> 32);
        op = (int) at;
      }
      if (ip >= end) {
        throw new CorruptDataException("lz4 block ends without a final literal run");
      }
      int token = src[ip++] & 0xff;
      int literals = token >>> 4;
      if (literals < 15 && end - ip >= 18 && limit - op >= 16) {
        // The literals and the 2-byte offset after them are all in the input.
        LzCopies.copy16(src, ip, out, op);
        ip += literals;
        op += literals;
      } else {
        if (literals == 15) {
          int b;
          do {
            if (ip >= end) {
              throw new CorruptDataException("lz4 block ends inside a literal length");
            }
            b = src[ip++] & 0xff;
            literals += b;
          } while (b == 255 && literals < Integer.MAX_VALUE - 255);
        }
        if (literals > end - ip || literals > limit - op) {
          throw new CorruptDataException("lz4 literal run of " + literals + " bytes runs past the "
              + (literals > end - ip ? "input (truncated?)" : "expected output size"));
        }
        System.arraycopy(src, ip, out, op, literals);
        ip += literals;
        op += literals;
        if (ip == end) {
          return op;
        }
        if (end - ip < 2) {
          throw new CorruptDataException("lz4 block ends inside a match offset");
        }
      }
      int offset = LzCopies.readShortLE(src, ip);
      ip += 2;
      int ref = op - offset;
      if (offset == 0 || ref < windowStart) {
        throw new CorruptDataException("lz4 match offset " + offset + " points before the start of the data");
      }
      int length = token & 15;
      if (length < 15 && offset >= 8 && limit - op >= 24) {
        // At most 18 bytes: three 8-byte moves.
        LzCopies.match24(out, ref, op);
        op += length + 4;
        continue;
      }
      if (length == 15) {
        int b;
        do {
          if (ip >= end) {
            throw new CorruptDataException("lz4 block ends inside a match length");
          }
          b = src[ip++] & 0xff;
          length += b;
        } while (b == 255 && length < Integer.MAX_VALUE - 255);
      }
      if (length > limit - op - 4) {
        throw new CorruptDataException("lz4 match of " + (length + 4L) + " bytes runs past the expected output size");
      }
      length += 4;
      if (offset >= 8 && limit - op - length >= 8) {
        LzCopies.wildMatch(out, ref, op, length);
      } else {
        LzCopies.match(out, ref, op, length);
      }
      op += length;
    }
  }

  /**
   * Decodes the short sequences (fewer than 15 literals, a match of 4 to 18 bytes) from
   * {@code ip} while they lie in the fast zone ({@code ip < ipFast}, {@code op < opFast}); stops
   * at the first sequence that is not short or leaves the zone, for {@link #decodeBlock} to go
   * on with. Returns the positions reached, {@code ip << 32 | op}.
   *
   * <p>A method of its own, and small, because most of a chunk is decoded here: the JIT compiles
   * it sooner and the first chunk of a run, decoded while it does, is decoded faster. The copies
   * are {@link LzCopies#copy16} and {@link LzCopies#match24}, written out so that code compiled
   * with profiling does not pay for calls.
   */
  private static long shortSequences(byte[] src, int ip, int ipFast, byte[] out, int op, int opFast, int windowStart) {
    final sun.misc.Unsafe u = UnsafeAccess.UNSAFE;
    final long base = UnsafeAccess.BYTES;
    while (ip < ipFast && op < opFast) {
      int token = src[ip] & 0xff;
      int literals = token >>> 4;
      int length = (token & 15) + 4;
      if (literals == 15 || length == 19) {
        break;
      }
      int offset = (src[ip + 1 + literals] & 0xff) | (src[ip + 2 + literals] & 0xff) << 8;
      int ref = op + literals - offset;
      if (offset < 8 || ref < windowStart) {
        break;
      }
      if (u != null) {
        u.putLong(out, base + op, u.getLong(src, base + ip + 1));
        u.putLong(out, base + op + 8, u.getLong(src, base + ip + 9));
      } else {
        LzCopies.copy16Checked(src, ip + 1, out, op);
      }
      op += literals;
      ip += 3 + literals;
      if (u != null) {
        u.putLong(out, base + op, u.getLong(out, base + ref));
        u.putLong(out, base + op + 8, u.getLong(out, base + ref + 8));
        u.putLong(out, base + op + 16, u.getLong(out, base + ref + 16));
      } else {
        LzCopies.match24Checked(out, ref, op);
      }
      op += length;
    }
    return (long) ip << 32 | op;
  }

  private static CorruptDataException tooLong(int expected) {
    return new CorruptDataException("lz4 data decodes to more than the expected " + expected + " bytes");
  }

  private static void need(int srcEnd, int ip, int n, String what) {
    if (n > srcEnd - ip) {
      throw new CorruptDataException("lz4 data ends inside the " + what + " (truncated at " + srcEnd + " bytes)");
    }
  }

  static int readIntLE(byte[] b, int i) {
    return (b[i] & 0xff) | (b[i + 1] & 0xff) << 8 | (b[i + 2] & 0xff) << 16 | (b[i + 3] & 0xff) << 24;
  }

  private static long readLongLE(byte[] b, int i) {
    return (readIntLE(b, i) & 0xffffffffL) | ((long) readIntLE(b, i + 4)) << 32;
  }
}
