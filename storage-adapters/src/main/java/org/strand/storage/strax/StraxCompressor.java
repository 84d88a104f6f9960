package org.strand.storage.strax;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdException;
import java.util.Locale;

/** The compressors strax writes chunk files with, as named in its metadata. */
enum StraxCompressor {
  /** LZ4 frames ({@code lz4.frame}). */
  LZ4 {
    @Override
    byte[] decompress(byte[] src, int nbytes) {
      return Lz4FrameDecoder.decode(src, nbytes);
    }
  },
  /** Zstandard frames, via zstd-jni. */
  ZSTD {
    @Override
    byte[] decompress(byte[] src, int nbytes) {
      long declared = src.length == 0 ? -1 : Zstd.getFrameContentSize(src, 0, src.length);
      if (declared >= 0 && declared != nbytes) {
        throw new CorruptDataException("zstd frame holds " + declared + " bytes, expected " + nbytes);
      }
      byte[] out = new byte[nbytes];
      long n;
      try {
        n = Zstd.decompressByteArray(out, 0, nbytes, src, 0, src.length);
      } catch (ZstdException e) {
        throw new CorruptDataException("zstd data is damaged, truncated or larger than the expected "
            + nbytes + " bytes (" + e.getMessage() + ")");
      }
      if (Zstd.isError(n)) {
        throw new CorruptDataException("zstd data is damaged, truncated or larger than the expected "
            + nbytes + " bytes (" + Zstd.getErrorName(n) + ")");
      }
      if (n != nbytes) {
        throw new CorruptDataException("zstd data decoded to " + n + " bytes, expected " + nbytes);
      }
      return out;
    }
  },
  /** Blosc with the BloscLZ codec and no shuffle (strax's default). */
  BLOSC {
    @Override
    byte[] decompress(byte[] src, int nbytes) {
      return BloscDecoder.decode(src, nbytes);
    }
  };

  /**
   * Decompresses one chunk file's bytes into exactly {@code nbytes} bytes.
   *
   * @throws CorruptDataException if the data is damaged or does not hold {@code nbytes} bytes
   */
  abstract byte[] decompress(byte[] src, int nbytes);

  /** The name strax uses. */
  String straxName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The compressor strax calls {@code name}.
   *
   * @throws IllegalArgumentException naming the compressor and the supported ones
   */
  static StraxCompressor fromStraxName(String name) {
    for (StraxCompressor c : values()) {
      if (c.straxName().equals(name)) {
        return c;
      }
    }
    throw new IllegalArgumentException("unknown or unsupported compressor '" + name + "'; supported: lz4, zstd, blosc");
  }
}
