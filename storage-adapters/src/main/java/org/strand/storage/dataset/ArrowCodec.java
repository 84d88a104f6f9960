package org.strand.storage.dataset;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.compression.CompressionCodec;
import org.apache.arrow.vector.compression.CompressionUtil;
import org.apache.arrow.vector.compression.NoCompressionCodec;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.apache.arrow.vector.ipc.message.IpcOption;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.strand.core.Schema;
import org.strand.core.Table;

/**
 * Arrow IPC part files (the random-access file format), one or more record batches per chunk,
 * buffers compressed with LZ4 frames or zstd as the Arrow format defines.
 *
 * <p>Types: bool is Bool; int8..int64 are signed Int(8..64); float32 and float64 are
 * FloatingPoint(SINGLE, DOUBLE); a fixed-size array is a FixedSizeList of its element (child
 * named {@code item}, as pyarrow names it). Nothing is nullable. Field descriptions are field
 * metadata ({@code description}); strand's footer keys are the file footer's custom metadata.
 *
 * <p>Vectors are filled from the primitive arrays through their data buffers (no boxed values)
 * and read back the same way.
 */
final class ArrowCodec implements PartCodec {
  private static final String ITEM = "item";
  private static final String DESCRIPTION = "description";

  @Override
  public DatasetFormat format() {
    return DatasetFormat.ARROW;
  }

  static org.apache.arrow.vector.types.pojo.Schema toArrow(Schema schema) {
    List<Field> fields = new ArrayList<>();
    for (org.strand.core.Field f : schema.fields()) {
      Map<String, String> meta = f.description().isEmpty() ? null : Map.of(DESCRIPTION, f.description());
      ArrowType element = arrowType(f.type());
      if (f.isArray()) {
        Field child = new Field(ITEM, FieldType.notNullable(element), null);
        fields.add(new Field(f.name(), new FieldType(false, new ArrowType.FixedSizeList(f.length()), null, meta), List.of(child)));
      } else {
        fields.add(new Field(f.name(), new FieldType(false, element, null, meta), null));
      }
    }
    return new org.apache.arrow.vector.types.pojo.Schema(fields);
  }

  private static ArrowType arrowType(org.strand.core.FieldType t) {
    return switch (t) {
      case BOOL -> ArrowType.Bool.INSTANCE;
      case INT8 -> new ArrowType.Int(8, true);
      case INT16 -> new ArrowType.Int(16, true);
      case INT32 -> new ArrowType.Int(32, true);
      case INT64 -> new ArrowType.Int(64, true);
      case FLOAT32 -> new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
      case FLOAT64 -> new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
    };
  }

  @Override
  public PartWriter create(FileSystem fs, Path file, Schema schema, DatasetOptions options, Configuration conf) throws IOException {
    return new Writer(fs, file, schema, options);
  }

  private static final class Writer implements PartWriter {
    private final FileSystem fs;
    private final Path file;
    private final Schema schema;
    private final FSDataOutputStream out;
    private final ChecksumOutputStream summed;
    private final BufferAllocator allocator;
    private final VectorSchemaRoot root;
    private final Map<String, String> footer = new HashMap<>();
    private final ArrowFileWriter writer;
    private final int batchRows;
    private boolean done;

    Writer(FileSystem fs, Path file, Schema schema, DatasetOptions options) throws IOException {
      this.fs = fs;
      this.file = file;
      this.schema = schema;
      this.batchRows = (int) Math.max(1, Math.min(1 << 24, options.rowGroupBytes() / Math.max(1, schema.rowBytes())));
      this.out = fs.create(file, false);
      this.summed = new ChecksumOutputStream(out);
      this.allocator = new RootAllocator();
      this.root = VectorSchemaRoot.create(toArrow(schema), allocator);
      CompressionUtil.CodecType codec = switch (options.compression()) {
        case LZ4_FRAME -> CompressionUtil.CodecType.LZ4_FRAME;
        case ZSTD -> CompressionUtil.CodecType.ZSTD;
        case NONE -> CompressionUtil.CodecType.NO_COMPRESSION;
        default -> throw new IllegalArgumentException(options.compression().label() + " is not an Arrow codec");
      };
      Optional<Integer> level = options.compressionLevel() >= 0 ? Optional.of(options.compressionLevel()) : Optional.empty();
      // The footer map is read when the file is ended, so keys added at close() are written.
      CompressionCodec.Factory factory = codec == CompressionUtil.CodecType.NO_COMPRESSION
          ? NoCompressionCodec.Factory.INSTANCE : ArrowCompression.INSTANCE;
      this.writer = new ArrowFileWriter(root, null, Channels.newChannel(summed), footer, IpcOption.DEFAULT, factory, codec, level);
      writer.start();
    }

    @Override
    public void write(Table rows) throws IOException {
      int n = rows.rows();
      for (int from = 0; from < n; from += batchRows) {
        int to = Math.min(n, from + batchRows);
        root.clear();
        for (int c = 0; c < schema.size(); c++) {
          fill(root.getVector(c), schema.field(c), rows.column(c), from, to);
        }
        root.setRowCount(to - from);
        writer.writeBatch();
      }
    }

    @Override
    public long bytesSoFar() throws IOException {
      return out.getPos();
    }

    @Override
    public Written close(Map<String, String> footerMetadata) throws IOException {
      if (done) {
        throw new IllegalStateException(file + ": part file already closed");
      }
      done = true;
      footer.putAll(footerMetadata);
      try {
        writer.end();
      } finally {
        writer.close();
        root.close();
        allocator.close();
      }
      return new Written(fs.getFileStatus(file).getLen(), summed.checksum());
    }

    @Override
    public void abort() {
      if (!done) {
        done = true;
        try {
          writer.close();
        } catch (RuntimeException e) {
          // Abandoning: the file is deleted by the caller.
        }
        root.close();
        allocator.close();
      }
    }
  }

  /** Fills {@code v} with rows {@code [from, to)} of a strand column. */
  private static void fill(FieldVector v, org.strand.core.Field f, Object col, int from, int to) {
    int rows = to - from;
    if (f.isArray()) {
      FixedSizeListVector list = (FixedSizeListVector) v;
      list.setInitialCapacity(rows);
      list.allocateNew();
      setAllValid(list.getValidityBuffer(), rows);
      fillPrimitive(list.getDataVector(), f.type(), col, from * f.width(), rows * f.width());
      list.setValueCount(rows);
    } else {
      fillPrimitive(v, f.type(), col, from, rows);
    }
  }

  private static void fillPrimitive(FieldVector v, org.strand.core.FieldType type, Object col, int start, int n) {
    v.setInitialCapacity(n);
    v.allocateNew();
    ArrowBuf data = v.getDataBuffer();
    switch (type) {
      case BOOL -> {
        boolean[] a = (boolean[]) col;
        data.setZero(0, (n + 7) / 8);
        for (int i = 0; i < n; i++) {
          if (a[start + i]) {
            BitVectorHelper.setBit(data, i);
          }
        }
      }
      case INT8 -> data.setBytes(0, (byte[]) col, start, n);
      case INT16 -> {
        short[] a = (short[]) col;
        for (int i = 0; i < n; i++) {
          data.setShort(2L * i, a[start + i]);
        }
      }
      case INT32 -> {
        int[] a = (int[]) col;
        for (int i = 0; i < n; i++) {
          data.setInt(4L * i, a[start + i]);
        }
      }
      case INT64 -> {
        long[] a = (long[]) col;
        for (int i = 0; i < n; i++) {
          data.setLong(8L * i, a[start + i]);
        }
      }
      case FLOAT32 -> {
        float[] a = (float[]) col;
        for (int i = 0; i < n; i++) {
          data.setFloat(4L * i, a[start + i]);
        }
      }
      case FLOAT64 -> {
        double[] a = (double[]) col;
        for (int i = 0; i < n; i++) {
          data.setDouble(8L * i, a[start + i]);
        }
      }
    }
    setAllValid(v.getValidityBuffer(), n);
    v.setValueCount(n);
  }

  private static void setAllValid(ArrowBuf validity, int n) {
    validity.setOne(0, (n + 7) / 8);
  }

  @Override
  public long rowCount(FileSystem fs, Path file, Configuration conf) throws IOException {
    try (FSDataInputStream in = fs.open(file);
        BufferAllocator allocator = new RootAllocator();
        ArrowFileReader reader = new ArrowFileReader(new HadoopChannel(in, fs.getFileStatus(file).getLen()), allocator,
            ArrowCompression.INSTANCE)) {
      long rows = 0;
      for (ArrowBlock block : reader.getRecordBlocks()) {
        reader.loadRecordBatch(block);
        rows += reader.getVectorSchemaRoot().getRowCount();
      }
      return rows;
    }
  }

  @Override
  public Table read(FileSystem fs, FileStatus file, Schema schema, long fromRow, long toRow, Configuration conf) throws IOException {
    Table out = Table.allocate(schema, Math.toIntExact(toRow - fromRow));
    try (FSDataInputStream in = fs.open(file.getPath());
        BufferAllocator allocator = new RootAllocator();
        ArrowFileReader reader = new ArrowFileReader(new HadoopChannel(in, file.getLen()), allocator,
            ArrowCompression.INSTANCE)) {
      VectorSchemaRoot root = reader.getVectorSchemaRoot();
      org.apache.arrow.vector.types.pojo.Schema expected = toArrow(schema);
      if (!root.getSchema().getFields().equals(expected.getFields())) {
        throw new IOException("file schema " + root.getSchema() + " differs from the expected " + expected);
      }
      long batchStart = 0;
      for (ArrowBlock block : reader.getRecordBlocks()) {
        if (batchStart >= toRow) {
          break;
        }
        reader.loadRecordBatch(block);
        int n = root.getRowCount();
        long batchEnd = batchStart + n;
        if (batchEnd > fromRow) {
          int skip = (int) Math.max(0, fromRow - batchStart);
          int take = (int) (Math.min(toRow, batchEnd) - Math.max(fromRow, batchStart));
          int at = (int) (Math.max(fromRow, batchStart) - fromRow);
          for (int c = 0; c < schema.size(); c++) {
            copyOut(root.getVector(c), schema.field(c), out.column(c), skip, take, at);
          }
        }
        batchStart = batchEnd;
      }
      if (batchStart < toRow) {
        throw new IOException("file holds " + batchStart + " rows, fewer than the " + toRow + " expected");
      }
    }
    return out;
  }

  private static void copyOut(FieldVector v, org.strand.core.Field f, Object col, int skip, int take, int at) throws IOException {
    int w = f.width();
    FieldVector values = f.isArray() ? ((FixedSizeListVector) v).getDataVector() : v;
    if (v.getNullCount() != 0 || values.getNullCount() != 0) {
      throw new IOException("column '" + f.name() + "' holds nulls");
    }
    ArrowBuf data = values.getDataBuffer();
    int src = skip * w;
    int dst = at * w;
    int n = take * w;
    switch (f.type()) {
      case BOOL -> {
        boolean[] a = (boolean[]) col;
        for (int i = 0; i < n; i++) {
          a[dst + i] = BitVectorHelper.get(data, src + i) != 0;
        }
      }
      case INT8 -> data.getBytes(src, (byte[]) col, dst, n);
      case INT16 -> {
        short[] a = (short[]) col;
        for (int i = 0; i < n; i++) {
          a[dst + i] = data.getShort(2L * (src + i));
        }
      }
      case INT32 -> {
        int[] a = (int[]) col;
        for (int i = 0; i < n; i++) {
          a[dst + i] = data.getInt(4L * (src + i));
        }
      }
      case INT64 -> {
        long[] a = (long[]) col;
        for (int i = 0; i < n; i++) {
          a[dst + i] = data.getLong(8L * (src + i));
        }
      }
      case FLOAT32 -> {
        float[] a = (float[]) col;
        for (int i = 0; i < n; i++) {
          a[dst + i] = data.getFloat(4L * (src + i));
        }
      }
      case FLOAT64 -> {
        double[] a = (double[]) col;
        for (int i = 0; i < n; i++) {
          a[dst + i] = data.getDouble(8L * (src + i));
        }
      }
    }
  }

  @Override
  public Map<String, String> footer(FileSystem fs, Path file, Configuration conf) throws IOException {
    try (FSDataInputStream in = fs.open(file);
        BufferAllocator allocator = new RootAllocator();
        ArrowFileReader reader = new ArrowFileReader(new HadoopChannel(in, fs.getFileStatus(file).getLen()), allocator,
            ArrowCompression.INSTANCE)) {
      reader.getVectorSchemaRoot(); // reads the footer, where the metadata is
      return new HashMap<>(reader.getMetaData());
    }
  }

  /** A read-only seekable channel over a Hadoop input stream, which is what Arrow's file reader needs. */
  private static final class HadoopChannel implements SeekableByteChannel {
    private final FSDataInputStream in;
    private final long size;
    private boolean open = true;

    HadoopChannel(FSDataInputStream in, long size) {
      this.in = in;
      this.size = size;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      int want = dst.remaining();
      if (want == 0) {
        return 0;
      }
      if (dst.hasArray()) {
        int n = in.read(dst.array(), dst.arrayOffset() + dst.position(), want);
        if (n > 0) {
          dst.position(dst.position() + n);
        }
        return n;
      }
      byte[] buf = new byte[Math.min(want, 1 << 20)];
      int n = in.read(buf, 0, buf.length);
      if (n > 0) {
        dst.put(buf, 0, n);
      }
      return n;
    }

    @Override
    public int write(ByteBuffer src) {
      throw new NonWritableChannelException();
    }

    @Override
    public long position() throws IOException {
      return in.getPos();
    }

    @Override
    public SeekableByteChannel position(long newPosition) throws IOException {
      in.seek(newPosition);
      return this;
    }

    @Override
    public long size() {
      return size;
    }

    @Override
    public SeekableByteChannel truncate(long s) {
      throw new NonWritableChannelException();
    }

    @Override
    public boolean isOpen() {
      return open;
    }

    @Override
    public void close() throws IOException {
      open = false;
      in.close();
    }
  }
}
