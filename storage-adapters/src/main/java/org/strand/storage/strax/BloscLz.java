package org.strand.storage.strax;

/**
 * The BloscLZ decompressor: the LZ77 codec Blosc uses by default, a descendant of FastLZ.
 *
 * <p>The stream is a series of instructions, each starting with a control byte. The first
 * control byte keeps only its low 5 bits (the top 3 mark the codec level).
 * <ul>
 *   <li>Control below 32: a literal run of {@code control + 1} bytes follows.
 *   <li>Otherwise a match: length code {@code control >> 5} (7 means "extended": add following
 *       bytes while they are 255, and the first one that is not), then one more byte {@code code};
 *       the match is {@code length code + 2} bytes long, and its distance back from the output
 *       position is {@code (control & 31) * 256 + code + 1}. When {@code control & 31} is 31 and
 *       {@code code} is 255, the distance is instead read from the next two bytes (big-endian)
 *       plus 8191 + 1: the "far" form.
 * </ul>
 * A match may overlap its own output (repeating a short pattern). The stream ends when the input
 * is used up. Every read and write is bounds-checked; damaged input gives a
 * {@link CorruptDataException}, never an out-of-bounds access or a silent short result.
 *
 * <p>Literal runs (at most 32 bytes) and matches at least 8 bytes back are copied in 8- and
 * 16-byte moves when there is room for them before the stream's end (see {@link LzCopies}).
 *
 * <p>Stateless and thread-safe.
 */
final class BloscLz {
  private static final int MAX_DISTANCE = 8191;

  private BloscLz() {}

  /**
   * Decompresses {@code src[ip, ip + length)} into {@code out} starting at {@code op}, writing at
   * most {@code maxOut} bytes; returns the number of bytes written. References may not reach
   * before {@code op}: each stream is self-contained.
   */
  static int decompress(byte[] src, int ip, int length, byte[] out, int op, int maxOut) {
    // The wide moves below rely on these bounds (see LzCopies).
    if (ip < 0 || length < 0 || length > src.length - ip || op < 0 || maxOut < 0 || maxOut > out.length - op) {
      throw new IllegalArgumentException("bad stream bounds: input " + ip + "+" + length + " of " + src.length
          + ", output " + op + "+" + maxOut + " of " + out.length);
    }
    if (length == 0) {
      return 0;
    }
    final int ipEnd = ip + length;
    final int opStart = op;
    final int opEnd = op + maxOut;
    int ctrl = src[ip++] & 31;
    while (true) {
      if (ctrl >= 32) {
        int len = (ctrl >>> 5) - 1;
        int distance = (ctrl & 31) << 8;
        if (len == 6) {
          int b;
          do {
            if (ip >= ipEnd) {
              throw truncated();
            }
            b = src[ip++] & 0xff;
            len += b;
          } while (b == 255 && len < Integer.MAX_VALUE - 255);
        }
        if (ip >= ipEnd) {
          throw truncated();
        }
        int code = src[ip++] & 0xff;
        if (len > opEnd - op - 3) {
          throw new CorruptDataException("blosclz match of " + (len + 3L) + " bytes runs past the stream's " + maxOut + " bytes");
        }
        len += 3;
        distance += code;
        if (code == 255 && (ctrl & 31) == 31) {
          if (ipEnd - ip < 2) {
            throw truncated();
          }
          distance = ((src[ip] & 0xff) << 8 | (src[ip + 1] & 0xff)) + MAX_DISTANCE;
          ip += 2;
        }
        int ref = op - distance - 1;
        if (ref < opStart) {
          throw new CorruptDataException("blosclz match reaches " + (opStart - ref) + " bytes before the start of its stream");
        }
        if (distance >= 7 && opEnd - op - len >= 8) {
          LzCopies.wildMatch(out, ref, op, len);
        } else {
          LzCopies.match(out, ref, op, len);
        }
        op += len;
      } else {
        int run = ctrl + 1;
        if (run > ipEnd - ip) {
          throw truncated();
        }
        if (run > opEnd - op) {
          throw new CorruptDataException("blosclz literal run of " + run + " bytes runs past the stream's " + maxOut + " bytes");
        }
        if (ipEnd - ip >= 32 && opEnd - op >= 32) {
          LzCopies.copy16(src, ip, out, op);
          if (run > 16) {
            LzCopies.copy16(src, ip + 16, out, op + 16);
          }
        } else {
          System.arraycopy(src, ip, out, op, run);
        }
        ip += run;
        op += run;
      }
      if (ip >= ipEnd) {
        return op - opStart;
      }
      ctrl = src[ip++] & 0xff;
    }
  }

  private static CorruptDataException truncated() {
    return new CorruptDataException("blosclz stream ends inside an instruction (truncated?)");
  }
}
