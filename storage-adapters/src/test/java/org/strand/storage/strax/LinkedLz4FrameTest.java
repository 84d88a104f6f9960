package org.strand.storage.strax;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;
import net.jpountz.xxhash.XXHash32;
import net.jpountz.xxhash.XXHashFactory;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * LZ4 frames with linked blocks (python-lz4's default, so strax's), made by a naive encoder
 * written from the format description, whose matches reach back across block boundaries, and
 * whose sequences do not keep the format's end-of-block margins (so the decoder's careful path
 * near the ends is exercised as well as its fast path). The decoder must reproduce the input,
 * write nothing past the expected size of a longer (reused) output buffer, and on damaged input
 * fail with a {@link CorruptDataException} and still write nothing past it.
 */
class LinkedLz4FrameTest {
  private static final XXHash32 XXHASH = XXHashFactory.fastestJavaInstance().hash32();
  private static final byte GUARD = (byte) 0xA5;

  @Provide
  Arbitrary<byte[]> compressible() {
    return Arbitraries.integers().between(0, 200_000)
        .flatMap(n -> Arbitraries.longs().map(seed -> DecoderRobustnessTest.repetitive(n, seed)));
  }

  @Property(tries = 120)
  void linkedFrame_decodesToTheInput_intoAReusedLongerBuffer(@ForAll("compressible") byte[] data, @ForAll long seed) {
    Random r = new Random(seed);
    byte[] frame = NaiveLz4.frame(data, r.nextBoolean(), r.nextBoolean(), r.nextBoolean());
    // The frame sits at the start of a longer array, as in a reused read buffer.
    byte[] src = Arrays.copyOf(frame, frame.length + r.nextInt(100));
    byte[] out = guarded(data.length + 1 + r.nextInt(100));
    Lz4FrameDecoder.decode(src, frame.length, out, data.length);
    assertArrayEquals(data, Arrays.copyOf(out, data.length));
    assertGuardIntact(out, data.length);
  }

  @Property(tries = 200)
  void damagedLinkedFrame_failsAsCorruptData_andWritesNothingPastTheExpectedSize(
      @ForAll("compressible") byte[] data, @ForAll long seed) {
    Random r = new Random(seed);
    byte[] frame = NaiveLz4.frame(data, false, false, false);
    byte[] bad = frame.clone();
    for (int k = 0; k < 1 + r.nextInt(4) && bad.length > 7; k++) {
      bad[7 + r.nextInt(bad.length - 7)] = (byte) r.nextInt(256);
    }
    byte[] damaged = Arrays.copyOf(bad, r.nextBoolean() ? bad.length : r.nextInt(bad.length + 1));
    byte[] out = guarded(data.length + 64);
    try {
      Lz4FrameDecoder.decode(damaged, damaged.length, out, data.length);
    } catch (CorruptDataException expected) {
      // the only acceptable failure
    }
    assertGuardIntact(out, data.length);
  }

  @Test
  void matchReachingIntoTheBlockBefore_isDecoded() {
    byte[] data = new byte[(64 << 10) + 5000];
    Random r = new Random(3);
    for (int i = 1000; i < 5000; i++) {
      data[i] = (byte) r.nextInt(256);
    }
    // The second block starts by repeating 4000 random bytes of the first: only a linked block
    // can say so (64,536 bytes back, inside the 64 KiB window).
    System.arraycopy(data, 1000, data, 64 << 10, 4000);
    byte[] frame = NaiveLz4.frame(data, false, false, false);
    assertTrue(frame.length < 6000, "the second block refers back into the first (frame of " + frame.length + " bytes)");
    assertArrayEquals(data, Lz4FrameDecoder.decode(frame, data.length));
  }

  @Test
  void badBlockBounds_areRefusedBeforeAnyWrite() {
    byte[] out = new byte[10];
    assertThrows(IllegalArgumentException.class, () -> Lz4FrameDecoder.decodeBlock(new byte[4], 0, 5, out, 0, 10, 0));
    assertThrows(IllegalArgumentException.class, () -> Lz4FrameDecoder.decodeBlock(new byte[4], 0, 4, out, 0, 11, 0));
    assertThrows(IllegalArgumentException.class, () -> Lz4FrameDecoder.decodeBlock(new byte[4], 0, 4, out, 2, 10, 3));
    assertThrows(IllegalArgumentException.class, () -> BloscLz.decompress(new byte[4], 1, 4, out, 0, 10));
    assertThrows(IllegalArgumentException.class, () -> BloscLz.decompress(new byte[4], 0, 4, out, 5, 6));
  }

  @Property(tries = 300)
  void wideMoves_matchTheirBoundsCheckedForms(@ForAll long seed) {
    Random r = new Random(seed);
    byte[] src = new byte[200];
    r.nextBytes(src);
    byte[] a = new byte[200];
    r.nextBytes(a);
    byte[] b = a.clone();
    int ip = r.nextInt(200 - 16);
    int op = r.nextInt(200 - 40);
    LzCopies.copy16(src, ip, a, op);
    LzCopies.copy16Checked(src, ip, b, op);
    assertArrayEquals(b, a);
    int ref = r.nextInt(op + 1);
    if (op - ref >= 8) {
      LzCopies.match24(a, ref, op);
      LzCopies.match24Checked(b, ref, op);
      assertArrayEquals(b, a);
      int length = 1 + r.nextInt(200 - op - 8);
      byte[] expected = a.clone();
      LzCopies.match(expected, ref, op, length);
      LzCopies.wildMatch(a, ref, op, length);
      LzCopies.wildMatchChecked(b, ref, op, length);
      assertArrayEquals(b, a);
      assertArrayEquals(Arrays.copyOf(expected, op + length), Arrays.copyOf(a, op + length),
          "a wide match copies what a byte-by-byte one does");
    }
  }

  @Property(tries = 200)
  void damagedBloscLzStream_writesNothingPastItsStream(@ForAll("compressible") byte[] data, @ForAll long seed) {
    Random r = new Random(seed);
    byte[] blz = DecoderRobustnessTest.NaiveBloscLz.encode(Arrays.copyOf(data, Math.min(data.length, 30_000)));
    int size = Math.min(data.length, 30_000);
    for (int k = 0; k < 3 && blz.length > 0; k++) {
      blz[r.nextInt(blz.length)] = (byte) r.nextInt(256);
    }
    byte[] out = guarded(size + 64);
    try {
      BloscLz.decompress(blz, 0, blz.length, out, 0, size);
    } catch (CorruptDataException expected) {
      // the only acceptable failure
    }
    assertGuardIntact(out, size);
  }

  private static byte[] guarded(int n) {
    byte[] out = new byte[n];
    Arrays.fill(out, GUARD);
    return out;
  }

  private static void assertGuardIntact(byte[] out, int from) {
    for (int i = from; i < out.length; i++) {
      assertEquals(GUARD, out[i], "byte " + i + " past the expected " + from + " was written");
    }
  }

  /**
   * A greedy LZ4 frame encoder with linked 64 KiB blocks: a hash table of 4-byte prefixes kept
   * across blocks finds matches up to 65,535 bytes back, into earlier blocks too; a block that
   * would not shrink is stored. Slow and simple: a test oracle only.
   */
  static final class NaiveLz4 {
    private static final int BLOCK = 64 << 10;

    static byte[] frame(byte[] in, boolean contentSize, boolean blockChecksum, boolean contentChecksum) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      writeInt(out, 0x184D2204);
      int flg = 0x40 | (blockChecksum ? 0x10 : 0) | (contentSize ? 0x08 : 0) | (contentChecksum ? 0x04 : 0);
      ByteArrayOutputStream desc = new ByteArrayOutputStream();
      desc.write(flg);
      desc.write(4 << 4);
      if (contentSize) {
        writeInt(desc, in.length);
        writeInt(desc, 0);
      }
      byte[] d = desc.toByteArray();
      out.write(d, 0, d.length);
      out.write((XXHASH.hash(d, 0, d.length, 0) >>> 8) & 0xff);
      int[] table = new int[1 << 14];
      Arrays.fill(table, -1);
      for (int bs = 0; bs < in.length; bs += BLOCK) {
        int be = Math.min(in.length, bs + BLOCK);
        byte[] block = block(in, bs, be, table);
        boolean stored = block.length >= be - bs;
        byte[] body = stored ? Arrays.copyOfRange(in, bs, be) : block;
        writeInt(out, body.length | (stored ? 0x80000000 : 0));
        out.write(body, 0, body.length);
        if (blockChecksum) {
          writeInt(out, XXHASH.hash(body, 0, body.length, 0));
        }
      }
      writeInt(out, 0);
      if (contentChecksum) {
        writeInt(out, XXHASH.hash(in, 0, in.length, 0));
      }
      return out.toByteArray();
    }

    private static byte[] block(byte[] in, int bs, int be, int[] table) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      int anchor = bs;
      int i = bs;
      while (i + 4 <= be) {
        int h = hash(in, i);
        int p = table[h];
        table[h] = i;
        if (p >= 0 && i - p <= 65535 && in[p] == in[i] && in[p + 1] == in[i + 1] && in[p + 2] == in[i + 2]
            && in[p + 3] == in[i + 3]) {
          int len = 4;
          while (i + len < be && in[p + len] == in[i + len]) {
            len++;
          }
          sequence(out, in, anchor, i - anchor, i - p, len);
          i += len;
          anchor = i;
        } else {
          i++;
        }
      }
      sequence(out, in, anchor, be - anchor, 0, 0);
      return out.toByteArray();
    }

    private static void sequence(ByteArrayOutputStream out, byte[] in, int from, int literals, int offset, int length) {
      int m = length == 0 ? 0 : length - 4;
      out.write(Math.min(literals, 15) << 4 | Math.min(m, 15));
      if (literals >= 15) {
        extend(out, literals - 15);
      }
      out.write(in, from, literals);
      if (length > 0) {
        out.write(offset & 0xff);
        out.write(offset >>> 8);
        if (m >= 15) {
          extend(out, m - 15);
        }
      }
    }

    private static void extend(ByteArrayOutputStream out, int rest) {
      while (rest >= 255) {
        out.write(255);
        rest -= 255;
      }
      out.write(rest);
    }

    private static int hash(byte[] b, int i) {
      int v = (b[i] & 0xff) | (b[i + 1] & 0xff) << 8 | (b[i + 2] & 0xff) << 16 | (b[i + 3] & 0xff) << 24;
      return (v * -1640531535) >>> 18;
    }

    private static void writeInt(ByteArrayOutputStream out, int v) {
      out.write(v);
      out.write(v >>> 8);
      out.write(v >>> 16);
      out.write(v >>> 24);
    }
  }
}
