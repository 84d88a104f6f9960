package org.strand.storage.strax;

import java.util.Arrays;

/**
 * Decodes a Blosc (version 1 format) buffer compressed with the BloscLZ codec, as
 * {@code blosc.compress(data, shuffle=False)} writes it for strax. No maintained pure-Java Blosc
 * library exists, so the container and the codec are decoded here.
 *
 * <p><b>Container.</b> A 16-byte header: format version, codec version, flags, type size, then
 * three little-endian int32: uncompressed size, block size, compressed size (the whole buffer,
 * header included). Flags: bit 0 byte shuffle, bit 1 "stored uncompressed" (the data follows
 * the header as is), bit 2 bit shuffle, bit 4 "blocks not split", bits 5-7 the codec (0 is
 * BloscLZ). Otherwise an int32 offset per block follows, then the blocks. The data is cut into
 * blocks of the block size (the last one shorter); a full block whose block size holds at least
 * 128 elements of a type size up to 16 is further cut into one stream per byte of the type
 * (unless flag bit 4 is set), each stream stored as an int32 compressed length and its bytes,
 * where a length equal to the stream's size means the bytes are stored as is.
 *
 * <p>Shuffled data and other codecs are refused with a message naming them. Every offset and
 * length is checked against the buffer, and each block's streams must end exactly where the next
 * block begins, so truncation or damage is reported rather than decoded into garbage.
 *
 * <p>Stateless and thread-safe.
 */
final class BloscDecoder {
  private static final int HEADER = 16;
  private static final int FLAG_SHUFFLE = 0x01;
  private static final int FLAG_MEMCPYED = 0x02;
  private static final int FLAG_BITSHUFFLE = 0x04;
  private static final int FLAG_DONT_SPLIT = 0x10;
  private static final int MAX_SPLITS = 16;
  private static final int MIN_SPLIT_ELEMENTS = 128;
  private static final String[] CODECS = {"blosclz", "lz4", "snappy", "zlib", "zstd"};

  private BloscDecoder() {}

  /**
   * Decodes {@code src} (one Blosc buffer) into a new array of exactly {@code expectedSize} bytes.
   *
   * @throws CorruptDataException if the buffer is damaged, truncated, uses an unsupported
   *     feature, or does not hold {@code expectedSize} bytes
   */
  static byte[] decode(byte[] src, int expectedSize) {
    byte[] out = new byte[expectedSize];
    decode(src, src.length, out, expectedSize);
    return out;
  }

  /**
   * Decodes {@code src[0, srcLength)} (one Blosc buffer) into {@code out[0, expectedSize)};
   * {@code out} may be longer (a reused buffer).
   *
   * @throws CorruptDataException if the buffer is damaged, truncated, uses an unsupported
   *     feature, or does not hold {@code expectedSize} bytes
   */
  static void decode(byte[] src, int srcLength, byte[] out, int expectedSize) {
    if (srcLength > src.length || expectedSize > out.length) {
      throw new IllegalArgumentException("lengths " + srcLength + " and " + expectedSize + " exceed buffers of "
          + src.length + " and " + out.length + " bytes");
    }
    if (srcLength < HEADER) {
      throw new CorruptDataException("blosc buffer of " + srcLength + " bytes is shorter than its 16-byte header (truncated?)");
    }
    int version = src[0] & 0xff;
    int flags = src[2] & 0xff;
    int typeSize = src[3] & 0xff;
    int nbytes = Lz4FrameDecoder.readIntLE(src, 4);
    int blockSize = Lz4FrameDecoder.readIntLE(src, 8);
    int cbytes = Lz4FrameDecoder.readIntLE(src, 12);
    if (version < 1 || version > 3) {
      throw new CorruptDataException("not a blosc buffer: format version " + version);
    }
    if (cbytes != srcLength) {
      throw new CorruptDataException("blosc header says the buffer has " + cbytes + " bytes, but it has " + srcLength
          + (cbytes > srcLength ? " (truncated)" : ""));
    }
    if (nbytes != expectedSize) {
      throw new CorruptDataException("blosc buffer holds " + nbytes + " bytes, expected " + expectedSize);
    }
    if ((flags & FLAG_MEMCPYED) != 0) {
      if (HEADER + nbytes != srcLength) {
        throw new CorruptDataException("stored blosc buffer has " + (srcLength - HEADER) + " data bytes, expected " + nbytes);
      }
      System.arraycopy(src, HEADER, out, 0, nbytes);
      return;
    }
    if ((flags & (FLAG_SHUFFLE | FLAG_BITSHUFFLE)) != 0) {
      throw new CorruptDataException("blosc buffer is " + ((flags & FLAG_BITSHUFFLE) != 0 ? "bit" : "byte")
          + "-shuffled; only unshuffled data (strax's setting) is supported");
    }
    int codec = flags >>> 5;
    if (codec != 0) {
      throw new CorruptDataException("blosc codec '" + (codec < CODECS.length ? CODECS[codec] : "#" + codec)
          + "' is not supported; only blosclz (strax's setting)");
    }
    if (nbytes == 0) {
      return;
    }
    if (blockSize <= 0 || typeSize == 0) {
      throw new CorruptDataException("blosc header has block size " + blockSize + " and type size " + typeSize);
    }
    int blocks = (int) ((nbytes + (long) blockSize - 1) / blockSize);
    if (HEADER + 4L * blocks > srcLength) {
      throw new CorruptDataException("blosc block table of " + blocks + " entries runs past the buffer (truncated?)");
    }
    boolean dontSplit = (flags & FLAG_DONT_SPLIT) != 0;
    // Blocks compressed by several threads are stored in the order they finished, so a block
    // ends where the next stored block (by offset, not by index) begins.
    int[] starts = new int[blocks];
    for (int j = 0; j < blocks; j++) {
      starts[j] = Lz4FrameDecoder.readIntLE(src, HEADER + 4 * j);
      if (starts[j] < HEADER + 4 * blocks || starts[j] > srcLength) {
        throw new CorruptDataException("blosc block " + j + " starts at invalid offset " + starts[j]);
      }
    }
    int[] sorted = starts.clone();
    Arrays.sort(sorted);
    for (int j = 1; j < blocks; j++) {
      if (sorted[j] == sorted[j - 1]) {
        throw new CorruptDataException("two blosc blocks start at offset " + sorted[j]);
      }
    }
    for (int j = 0; j < blocks; j++) {
      int start = starts[j];
      int next = Arrays.binarySearch(sorted, start);
      int stop = next + 1 < blocks ? sorted[next + 1] : srcLength;
      int outStart = j * blockSize;
      int size = Math.min(blockSize, nbytes - outStart);
      boolean leftover = size < blockSize;
      int splits = !dontSplit && !leftover && typeSize <= MAX_SPLITS && size / typeSize >= MIN_SPLIT_ELEMENTS ? typeSize : 1;
      if (size % splits != 0) {
        throw new CorruptDataException("blosc block " + j + " of " + size + " bytes does not split into " + splits + " streams");
      }
      int streamSize = size / splits;
      int ip = start;
      int op = outStart;
      for (int s = 0; s < splits; s++) {
        if (stop - ip < 4) {
          throw new CorruptDataException("blosc block " + j + " ends inside stream " + s + "'s length");
        }
        int clen = Lz4FrameDecoder.readIntLE(src, ip);
        ip += 4;
        if (clen < 0 || clen > stop - ip) {
          throw new CorruptDataException("blosc block " + j + " stream " + s + " of " + clen + " bytes runs past the block");
        }
        if (clen == streamSize) {
          System.arraycopy(src, ip, out, op, streamSize);
        } else {
          int written = BloscLz.decompress(src, ip, clen, out, op, streamSize);
          if (written != streamSize) {
            throw new CorruptDataException("blosc block " + j + " stream " + s + " decoded to " + written + " bytes, expected " + streamSize);
          }
        }
        ip += clen;
        op += streamSize;
      }
      if (ip != stop) {
        throw new CorruptDataException("blosc block " + j + " has " + (stop - ip) + " unexplained bytes after its streams");
      }
    }
  }
}
