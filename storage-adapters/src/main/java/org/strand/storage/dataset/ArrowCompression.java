package org.strand.storage.dataset;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import net.jpountz.lz4.LZ4FrameInputStream;
import net.jpountz.lz4.LZ4FrameOutputStream;
import org.apache.arrow.compression.CommonsCompressionFactory;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.compression.AbstractCompressionCodec;
import org.apache.arrow.vector.compression.CompressionCodec;
import org.apache.arrow.vector.compression.CompressionUtil;
import org.apache.commons.compress.compressors.lz4.FramedLZ4CompressorInputStream;

/**
 * The buffer codecs of strand's Arrow files: LZ4 frames through lz4-java, zstd as Arrow Java's
 * own factory does it.
 *
 * <p>Arrow Java's LZ4 codec (arrow-compression, on commons-compress) compresses at a few
 * kilobytes per second once the data does not repeat, as digitised noise does not: a 20 MB run of
 * records took minutes per megabyte. lz4-java writes the same frame format (independent blocks,
 * content checksum) at hundreds of MB/s; any LZ4 frame reader, pyarrow's included, reads it.
 * Frames with linked blocks, which other writers (Arrow C++) make and lz4-java cannot read, are
 * decoded with commons-compress.
 *
 * <p>Stateless and thread-safe.
 */
final class ArrowCompression implements CompressionCodec.Factory {
  static final ArrowCompression INSTANCE = new ArrowCompression();

  private ArrowCompression() {}

  @Override
  public CompressionCodec createCodec(CompressionUtil.CodecType type) {
    return type == CompressionUtil.CodecType.LZ4_FRAME ? Lz4Frame.CODEC : CommonsCompressionFactory.INSTANCE.createCodec(type);
  }

  @Override
  public CompressionCodec createCodec(CompressionUtil.CodecType type, int level) {
    // LZ4 frames have no level here, as in Arrow Java's own codec.
    return type == CompressionUtil.CodecType.LZ4_FRAME ? Lz4Frame.CODEC : CommonsCompressionFactory.INSTANCE.createCodec(type, level);
  }

  /** One buffer as one LZ4 frame after Arrow's 8-byte uncompressed length. */
  static final class Lz4Frame extends AbstractCompressionCodec {
    static final Lz4Frame CODEC = new Lz4Frame();
    /** The frame descriptor's FLG byte (after the 4-byte magic number) and its block-independence bit. */
    private static final int FLG_OFFSET = 4;
    private static final int BLOCK_INDEPENDENCE = 0x20;

    private Lz4Frame() {}

    @Override
    public CompressionUtil.CodecType getCodecType() {
      return CompressionUtil.CodecType.LZ4_FRAME;
    }

    @Override
    protected ArrowBuf doCompress(BufferAllocator allocator, ArrowBuf uncompressed) {
      byte[] in = bytes(uncompressed, 0, "uncompressed");
      ByteArrayOutputStream frame = new ByteArrayOutputStream(in.length / 2 + 64);
      try (LZ4FrameOutputStream out = new LZ4FrameOutputStream(frame, LZ4FrameOutputStream.BLOCKSIZE.SIZE_4MB,
          LZ4FrameOutputStream.FLG.Bits.BLOCK_INDEPENDENCE, LZ4FrameOutputStream.FLG.Bits.CONTENT_CHECKSUM)) {
        out.write(in);
      } catch (IOException e) {
        throw new UncheckedIOException("LZ4 frame compression of a " + in.length + "-byte Arrow buffer failed", e);
      }
      byte[] compressed = frame.toByteArray();
      long prefix = CompressionUtil.SIZE_OF_UNCOMPRESSED_LENGTH;
      ArrowBuf out = allocator.buffer(prefix + compressed.length);
      out.setBytes(prefix, compressed);
      out.writerIndex(prefix + compressed.length);
      return out;
    }

    @Override
    protected ArrowBuf doDecompress(BufferAllocator allocator, ArrowBuf compressed) {
      long length = readUncompressedLength(compressed);
      byte[] frame = bytes(compressed, CompressionUtil.SIZE_OF_UNCOMPRESSED_LENGTH, "compressed");
      byte[] data;
      try (InputStream in = independentBlocks(frame)
          ? new LZ4FrameInputStream(new ByteArrayInputStream(frame))
          : new FramedLZ4CompressorInputStream(new ByteArrayInputStream(frame))) {
        data = in.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException("an LZ4 frame of an Arrow buffer (" + frame.length + " bytes) does not decode: "
            + e.getMessage(), e);
      }
      if (data.length != length) {
        throw new UncheckedIOException(new IOException("an LZ4 frame of an Arrow buffer decoded to " + data.length
            + " bytes, but its header says " + length));
      }
      ArrowBuf out = allocator.buffer(length);
      out.setBytes(0, data);
      out.writerIndex(length);
      return out;
    }

    private static boolean independentBlocks(byte[] frame) {
      return frame.length > FLG_OFFSET && (frame[FLG_OFFSET] & BLOCK_INDEPENDENCE) != 0;
    }

    private static byte[] bytes(ArrowBuf buf, long from, String what) {
      long n = buf.writerIndex() - from;
      if (n > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("an Arrow buffer of " + n + " " + what + " bytes is over the 2 GiB a codec takes");
      }
      byte[] out = new byte[(int) n];
      buf.getBytes(from, out);
      return out;
    }
  }
}
