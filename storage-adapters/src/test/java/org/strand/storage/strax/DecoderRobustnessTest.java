package org.strand.storage.strax;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4FrameOutputStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The decoders against independent encoders (lz4-java for LZ4, a naive BloscLZ encoder written
 * from the format description), and their behaviour on damaged input: a
 * {@link CorruptDataException}, never an index error or a short result.
 */
class DecoderRobustnessTest {
  @Provide
  Arbitrary<byte[]> compressible() {
    return Arbitraries.integers().between(0, 20_000).flatMap(n -> Arbitraries.longs().map(seed -> repetitive(n, seed)));
  }

  static byte[] repetitive(int n, long seed) {
    Random r = new Random(seed);
    byte[] b = new byte[n];
    int i = 0;
    while (i < n) {
      int kind = r.nextInt(4);
      int len = Math.min(n - i, 1 + r.nextInt(kind == 3 ? 600 : 40));
      if (kind == 0 || i == 0) {
        for (int k = 0; k < len; k++) {
          b[i + k] = (byte) r.nextInt(256);
        }
      } else if (kind == 1) {
        Arrays.fill(b, i, i + len, b[i - 1]);
      } else {
        int dist = 1 + r.nextInt(Math.min(i, kind == 3 ? 20_000 : 16));
        for (int k = 0; k < len; k++) {
          b[i + k] = b[i + k - dist];
        }
      }
      i += len;
    }
    return b;
  }

  @Property(tries = 200)
  void lz4Block_decodesWhatLz4JavaEncodes(@ForAll("compressible") byte[] data) {
    LZ4Compressor c = LZ4Factory.fastestJavaInstance().fastCompressor();
    byte[] compressed = c.compress(data);
    byte[] out = new byte[data.length];
    Lz4FrameDecoder.decodeBlock(compressed, 0, compressed.length, out, 0, out.length, 0);
    assertArrayEquals(data, out);
  }

  @Property(tries = 100)
  void lz4Frame_withIndependentBlocksAndChecksums_roundTrips(@ForAll("compressible") byte[] data) throws IOException {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    try (LZ4FrameOutputStream out = new LZ4FrameOutputStream(bos, LZ4FrameOutputStream.BLOCKSIZE.SIZE_64KB,
        data.length, LZ4FrameOutputStream.FLG.Bits.BLOCK_INDEPENDENCE, LZ4FrameOutputStream.FLG.Bits.BLOCK_CHECKSUM,
        LZ4FrameOutputStream.FLG.Bits.CONTENT_CHECKSUM, LZ4FrameOutputStream.FLG.Bits.CONTENT_SIZE)) {
      out.write(data);
    }
    assertArrayEquals(data, Lz4FrameDecoder.decode(bos.toByteArray(), data.length));
  }

  @Test
  void lz4Frame_flippedByteUnderAChecksum_isDetected() throws IOException {
    byte[] data = repetitive(50_000, 7);
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    try (LZ4FrameOutputStream out = new LZ4FrameOutputStream(bos, LZ4FrameOutputStream.BLOCKSIZE.SIZE_64KB,
        LZ4FrameOutputStream.FLG.Bits.BLOCK_INDEPENDENCE, LZ4FrameOutputStream.FLG.Bits.CONTENT_CHECKSUM)) {
      out.write(data);
    }
    byte[] frame = bos.toByteArray();
    frame[frame.length / 2] ^= 0x10;
    assertThrows(CorruptDataException.class, () -> Lz4FrameDecoder.decode(frame, data.length));
  }

  @Property(tries = 200)
  void bloscLz_decodesANaiveEncodersOutput(@ForAll("compressible") byte[] data) {
    byte[] compressed = NaiveBloscLz.encode(data);
    byte[] out = new byte[data.length];
    int n = BloscLz.decompress(compressed, 0, compressed.length, out, 0, out.length);
    assertArrayEquals(data, Arrays.copyOf(out, n));
  }

  @Property(tries = 300)
  void damagedInput_givesCorruptDataException_neverAnotherError(@ForAll("compressible") byte[] data,
      @ForAll long seed) {
    Random r = new Random(seed);
    byte[] lz4 = LZ4Factory.fastestJavaInstance().fastCompressor().compress(data);
    byte[] blz = NaiveBloscLz.encode(data);
    for (byte[] src : new byte[][] {lz4, blz}) {
      byte[] bad = src.clone();
      for (int k = 0; k < 3 && bad.length > 0; k++) {
        bad[r.nextInt(bad.length)] = (byte) r.nextInt(256);
      }
      int cut = r.nextInt(bad.length + 1);
      byte[] damaged = Arrays.copyOf(bad, cut);
      byte[] out = new byte[data.length];
      try {
        if (src == lz4) {
          Lz4FrameDecoder.decodeBlock(damaged, 0, damaged.length, out, 0, out.length, 0);
        } else {
          BloscLz.decompress(damaged, 0, damaged.length, out, 0, out.length);
        }
      } catch (CorruptDataException expected) {
        // the only acceptable failure
      }
      try {
        Lz4FrameDecoder.decode(damaged, data.length);
      } catch (CorruptDataException expected) {
        // ditto
      }
      try {
        BloscDecoder.decode(damaged, data.length);
      } catch (CorruptDataException expected) {
        // ditto
      }
    }
  }

  /**
   * A greedy BloscLZ encoder written from the format description: literal runs of up to 32
   * bytes, matches of 3+ bytes at distances up to 8191 (near form) or up to 65535 + 8191 (far
   * form), found by brute force. Slow and simple: a test oracle only.
   */
  static final class NaiveBloscLz {
    static byte[] encode(byte[] in) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      int i = 0;
      int litStart = 0;
      boolean first = true;
      while (i < in.length) {
        int bestLen = 0;
        int bestDist = 0;
        for (int d = 1; d <= Math.min(i, 8191 + 65535 + 1) && d <= 70_000; d += (d < 64 ? 1 : 97)) {
          int len = 0;
          while (i + len < in.length && len < 600 && in[i + len - d] == in[i + len]) {
            len++;
          }
          if (len > bestLen) {
            bestLen = len;
            bestDist = d;
          }
        }
        if (bestLen >= 3 && !first) {
          flushLiterals(out, in, litStart, i);
          emitMatch(out, bestLen, bestDist);
          i += bestLen;
          litStart = i;
        } else {
          i++;
          if (i - litStart == 32) {
            flushLiterals(out, in, litStart, i);
            litStart = i;
            first = false;
          }
          first = false;
        }
      }
      flushLiterals(out, in, litStart, in.length);
      return out.toByteArray();
    }

    private static void flushLiterals(ByteArrayOutputStream out, byte[] in, int from, int to) {
      while (from < to) {
        int n = Math.min(32, to - from);
        out.write(n - 1);
        out.write(in, from, n);
        from += n;
      }
    }

    private static void emitMatch(ByteArrayOutputStream out, int len, int dist) {
      int d = dist - 1;
      int code = len - 2;
      boolean far = d >= 8191;
      int near = far ? 31 << 8 | 255 : d;
      int hi = near >>> 8;
      if (code < 7) {
        out.write(code << 5 | hi);
      } else {
        out.write(7 << 5 | hi);
        int rest = len - 9;
        while (rest >= 255) {
          out.write(255);
          rest -= 255;
        }
        out.write(rest);
      }
      out.write(near & 0xff);
      if (far) {
        int fd = d - 8191;
        out.write(fd >>> 8);
        out.write(fd & 0xff);
      }
    }
  }
}
