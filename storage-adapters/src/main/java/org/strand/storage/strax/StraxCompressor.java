package org.strand.storage.strax;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;

/** The compressors strax writes chunk files with, as named in its metadata. */
enum StraxCompressor {
  /** LZ4 frames ({@code lz4.frame}). */
  LZ4 {
    @Override
    void decompress(byte[] src, int srcLength, byte[] out, int nbytes) {
      Lz4FrameDecoder.decode(src, srcLength, out, nbytes);
    }
  },
  /** Zstandard frames, via zstd-jni. */
  ZSTD {
    @Override
    void decompress(byte[] src, int srcLength, byte[] out, int nbytes) {
      long declared = srcLength == 0 ? -1 : Zstd.getFrameContentSize(src, 0, srcLength);
      if (declared >= 0 && declared != nbytes) {
        throw new CorruptDataException("zstd frame holds " + declared + " bytes, expected " + nbytes);
      }
      long n;
      try {
        n = Zstd.decompressByteArray(out, 0, nbytes, src, 0, srcLength);
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
    }
  },
  /** Blosc with the BloscLZ codec and no shuffle (strax's default). */
  BLOSC {
    @Override
    void decompress(byte[] src, int srcLength, byte[] out, int nbytes) {
      BloscDecoder.decode(src, srcLength, out, nbytes);
    }
  },
  /** bzip2 streams ({@code bz2.compress}), via Commons Compress. */
  BZ2 {
    @Override
    void decompress(byte[] src, int srcLength, byte[] out, int nbytes) {
      // Python's bz2.compress writes one stream; concatenated streams are read as one, as
      // Python's bz2.decompress reads them.
      try (InputStream in = new BZip2CompressorInputStream(new ByteArrayInputStream(src, 0, srcLength), true)) {
        int n = in.readNBytes(out, 0, nbytes);
        if (n != nbytes) {
          throw new CorruptDataException("bz2 data decoded to " + n + " bytes, expected " + nbytes + " (truncated?)");
        }
        if (in.read() >= 0) {
          throw new CorruptDataException("bz2 data decodes to more than the expected " + nbytes + " bytes");
        }
      } catch (IOException e) {
        throw new CorruptDataException("bz2 data is damaged or truncated (" + e.getMessage() + ")");
      }
    }
  };

  /**
   * Decompresses one chunk file's bytes, {@code src[0, srcLength)}, into exactly {@code nbytes}
   * bytes at the start of {@code out} (which may be longer: a reused buffer).
   *
   * @throws CorruptDataException if the data is damaged or does not hold {@code nbytes} bytes
   */
  abstract void decompress(byte[] src, int srcLength, byte[] out, int nbytes);

  /**
   * Decompresses one chunk file's bytes into a new array of exactly {@code nbytes} bytes.
   *
   * @throws CorruptDataException if the data is damaged or does not hold {@code nbytes} bytes
   */
  byte[] decompress(byte[] src, int nbytes) {
    byte[] out = new byte[nbytes];
    decompress(src, src.length, out, nbytes);
    return out;
  }

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
    throw new IllegalArgumentException("unknown or unsupported compressor '" + name + "'; supported: lz4, zstd, blosc, bz2");
  }
}
