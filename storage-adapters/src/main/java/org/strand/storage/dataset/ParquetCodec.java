package org.strand.storage.dataset;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.HadoopReadOptions;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.column.page.PageWriter;
import org.apache.parquet.hadoop.CodecFactory;
import org.apache.parquet.hadoop.ColumnChunkPageWriteStore;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.io.DelegatingPositionOutputStream;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.MessageType;
import org.strand.core.Field;
import org.strand.core.Schema;
import org.strand.core.Table;

/**
 * Parquet part files through parquet-hadoop's column-level API: no record objects, no
 * {@code RecordConsumer}; values go from strand's primitive arrays into pages and come back
 * from {@link ColumnReader}s.
 *
 * <h2>Writing</h2>
 * What {@code ParquetWriter} does inside, minus its object model: a {@link ParquetFileWriter}
 * owns the file; per row group a {@link ColumnChunkPageWriteStore} compresses, checksums and
 * indexes pages, which a {@link ParquetColumnEncoder} per column encodes straight from the
 * primitive arrays. A row group is written when the buffered (compressed) pages reach
 * {@link DatasetOptions#rowGroupBytes()}.
 *
 * <h2>Reading</h2>
 * A row range is read by decoding only the row groups that overlap it, skipping the rows before
 * it. Every level is checked against the fixed shape of the schema, so a file that does not hold
 * what the manifest says is an error, not a misaligned table.
 */
final class ParquetCodec implements PartCodec {
  private static final int INDEX_TRUNCATE = 64;
  private static final int STATS_TRUNCATE = Integer.MAX_VALUE;

  @Override
  public DatasetFormat format() {
    return DatasetFormat.PARQUET;
  }

  @Override
  public PartWriter create(FileSystem fs, Path file, Schema schema, DatasetOptions options, Configuration conf) throws IOException {
    return new Writer(fs, file, schema, options, conf);
  }

  static CompressionCodecName codec(Compression c) {
    return switch (c) {
      case ZSTD -> CompressionCodecName.ZSTD;
      case SNAPPY -> CompressionCodecName.SNAPPY;
      case LZ4_RAW -> CompressionCodecName.LZ4_RAW;
      case NONE -> CompressionCodecName.UNCOMPRESSED;
      case LZ4_FRAME -> throw new IllegalArgumentException("lz4_frame is not a Parquet codec");
    };
  }

  private static final class Writer implements PartWriter {
    private final FileSystem fs;
    private final Path file;
    private final Schema schema;
    private final MessageType parquetSchema;
    private final List<ColumnDescriptor> columns;
    private final ParquetColumnEncoder[] encoders;
    private final ParquetFileWriter fileWriter;
    private final FsOutputFile output;
    private final CodecFactory codecs;
    private final CodecFactory.BytesCompressor compressor;
    private final long rowGroupBytes;
    private final int sliceRows;
    private ColumnChunkPageWriteStore pageStore;
    private PageWriter[] pageWriters;
    private long rowsInGroup;
    private boolean done;

    Writer(FileSystem fs, Path file, Schema schema, DatasetOptions options, Configuration conf) throws IOException {
      this.fs = fs;
      this.file = file;
      this.schema = schema;
      this.parquetSchema = ParquetSchemas.toParquet(schema);
      this.columns = parquetSchema.getColumns();
      this.rowGroupBytes = options.rowGroupBytes();
      // Rows encoded between row-group size checks: about a quarter of a row group, uncompressed.
      this.sliceRows = (int) Math.max(1, Math.min(Integer.MAX_VALUE, options.rowGroupBytes() / 4 / Math.max(1, schema.rowBytes())));
      this.encoders = new ParquetColumnEncoder[columns.size()];
      for (int c = 0; c < encoders.length; c++) {
        encoders[c] = new ParquetColumnEncoder(schema.field(c), columns.get(c), options.pageBytes(), options.dictionaryEncoding());
      }
      Configuration codecConf = new Configuration(conf);
      if (options.compressionLevel() >= 0) {
        codecConf.setInt("parquet.compression.codec.zstd.level", options.compressionLevel());
      }
      this.codecs = new CodecFactory(codecConf, options.pageBytes());
      this.compressor = codecs.getCompressor(codec(options.compression()));
      this.output = new FsOutputFile(fs, file);
      this.fileWriter = new ParquetFileWriter(output, parquetSchema, ParquetFileWriter.Mode.CREATE,
          options.rowGroupBytes(), 0, INDEX_TRUNCATE, STATS_TRUNCATE, true);
      fileWriter.start();
      newRowGroup();
    }

    private void newRowGroup() {
      pageStore = new ColumnChunkPageWriteStore(compressor, parquetSchema, HeapByteBufferAllocator.getInstance(), INDEX_TRUNCATE, true);
      pageWriters = new PageWriter[columns.size()];
      for (int c = 0; c < encoders.length; c++) {
        pageWriters[c] = pageStore.getPageWriter(columns.get(c));
        encoders[c].startChunk(pageWriters[c]);
      }
      rowsInGroup = 0;
    }

    @Override
    public void write(Table rows) throws IOException {
      int n = rows.rows();
      for (int from = 0; from < n; from += sliceRows) {
        int to = Math.min(n, from + sliceRows);
        for (int c = 0; c < encoders.length; c++) {
          encoders[c].write(rows.column(c), from, to);
        }
        rowsInGroup += to - from;
        if (bufferedBytes() >= rowGroupBytes) {
          flushRowGroup();
          newRowGroup();
        }
      }
    }

    private long bufferedBytes() {
      long sum = 0;
      for (PageWriter w : pageWriters) {
        sum += w.getMemSize();
      }
      return sum;
    }

    private void flushRowGroup() throws IOException {
      if (rowsInGroup > 0) {
        for (ParquetColumnEncoder e : encoders) {
          e.finishChunk();
        }
        fileWriter.startBlock(rowsInGroup);
        pageStore.flushToFileWriter(fileWriter);
        fileWriter.endBlock();
      }
      pageStore.close();
    }

    @Override
    public long bytesSoFar() throws IOException {
      return fileWriter.getPos() + bufferedBytes();
    }

    @Override
    public Written close(Map<String, String> footer) throws IOException {
      if (done) {
        throw new IllegalStateException(file + ": part file already closed");
      }
      done = true;
      try {
        flushRowGroup();
        fileWriter.end(footer);
      } catch (IOException | RuntimeException e) {
        fileWriter.abort();
        throw e;
      } finally {
        codecs.release();
      }
      return new Written(fs.getFileStatus(file).getLen(), output.checksum());
    }

    @Override
    public void abort() {
      if (!done) {
        done = true;
        try {
          fileWriter.abort();
        } finally {
          codecs.release();
        }
      }
    }
  }

  @Override
  public Table read(FileSystem fs, FileStatus file, Schema schema, long fromRow, long toRow, Configuration conf) throws IOException {
    int rows = Math.toIntExact(toRow - fromRow);
    Table out = Table.allocate(schema, rows);
    ParquetReadOptions options = HadoopReadOptions.builder(conf).usePageChecksumVerification(true).build();
    try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromStatus(file, conf), options)) {
      MessageType fileSchema = reader.getFooter().getFileMetaData().getSchema();
      MessageType expected = ParquetSchemas.toParquet(schema);
      if (!fileSchema.equals(expected)) {
        throw new IOException("file schema " + fileSchema + " differs from the expected " + expected);
      }
      List<ColumnDescriptor> columns = expected.getColumns();
      String createdBy = reader.getFooter().getFileMetaData().getCreatedBy();
      GroupConverter converter = new NoOpGroupConverter(expected);
      long groupStart = 0;
      List<BlockMetaData> groups = reader.getRowGroups();
      for (int g = 0; g < groups.size() && groupStart < toRow; g++) {
        long groupRows = groups.get(g).getRowCount();
        long groupEnd = groupStart + groupRows;
        if (groupEnd > fromRow) {
          PageReadStore pages = reader.readRowGroup(g);
          ColumnReadStoreImpl store = new ColumnReadStoreImpl(pages, converter, expected, createdBy);
          int skip = (int) Math.max(0, fromRow - groupStart);
          int take = (int) (Math.min(toRow, groupEnd) - Math.max(fromRow, groupStart));
          int at = (int) (Math.max(fromRow, groupStart) - fromRow);
          for (int c = 0; c < columns.size(); c++) {
            readColumn(store.getColumnReader(columns.get(c)), schema.field(c), out.column(c), skip, take, at);
          }
        }
        groupStart = groupEnd;
      }
      if (groupStart < toRow) {
        throw new IOException("file holds " + groupStart + " rows, fewer than the " + toRow + " expected");
      }
    }
    return out;
  }

  /**
   * Skips {@code skip} rows of a column, then reads {@code take} rows into {@code col} from row
   * {@code at}. One loop per type, so the type is decided once per column rather than per value;
   * the levels are checked value by value (a fixed-size array has exactly {@code width} values
   * per row).
   */
  private static void readColumn(ColumnReader cr, Field f, Object col, int skip, int take, int at) throws IOException {
    int width = f.width();
    for (long v = (long) skip * width; v > 0; v--) {
      cr.skip();
      cr.consume();
    }
    int from = at * width;
    int n = take * width;
    Levels levels = new Levels(cr, f, at);
    switch (f.type()) {
      case BOOL -> {
        boolean[] a = (boolean[]) col;
        for (int k = 0; k < n; k++) {
          levels.check(k);
          a[from + k] = cr.getBoolean();
          cr.consume();
        }
      }
      case INT8 -> {
        byte[] a = (byte[]) col;
        for (int k = 0; k < n; k++) {
          levels.check(k);
          a[from + k] = (byte) cr.getInteger();
          cr.consume();
        }
      }
      case INT16 -> {
        short[] a = (short[]) col;
        for (int k = 0; k < n; k++) {
          levels.check(k);
          a[from + k] = (short) cr.getInteger();
          cr.consume();
        }
      }
      case INT32 -> {
        int[] a = (int[]) col;
        for (int k = 0; k < n; k++) {
          levels.check(k);
          a[from + k] = cr.getInteger();
          cr.consume();
        }
      }
      case INT64 -> {
        long[] a = (long[]) col;
        for (int k = 0; k < n; k++) {
          levels.check(k);
          a[from + k] = cr.getLong();
          cr.consume();
        }
      }
      case FLOAT32 -> {
        float[] a = (float[]) col;
        for (int k = 0; k < n; k++) {
          levels.check(k);
          a[from + k] = cr.getFloat();
          cr.consume();
        }
      }
      case FLOAT64 -> {
        double[] a = (double[]) col;
        for (int k = 0; k < n; k++) {
          levels.check(k);
          a[from + k] = cr.getDouble();
          cr.consume();
        }
      }
    }
  }

  /** The repetition and definition levels a strand column must have at each value. */
  private static final class Levels {
    private final ColumnReader cr;
    private final Field f;
    private final int width;
    private final int maxRep;
    private final int def;
    private final int firstRow;

    Levels(ColumnReader cr, Field f, int firstRow) {
      this.cr = cr;
      this.f = f;
      this.width = f.width();
      this.maxRep = f.isArray() ? 1 : 0;
      this.def = f.isArray() ? 1 : 0;
      this.firstRow = firstRow;
    }

    /** Checks value {@code k} (counted from the first row read): a row starts every width values. */
    void check(int k) throws IOException {
      int expectedRep = (k % width == 0) ? 0 : maxRep;
      if (cr.getCurrentRepetitionLevel() != expectedRep || cr.getCurrentDefinitionLevel() != def) {
        throw new IOException("column '" + f.name() + "' does not hold " + width + " values per row at row " + (firstRow + k / width)
            + " (repetition level " + cr.getCurrentRepetitionLevel() + ", definition level " + cr.getCurrentDefinitionLevel() + ")");
      }
    }
  }

  @Override
  public long rowCount(FileSystem fs, Path file, Configuration conf) throws IOException {
    try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(file, conf))) {
      long rows = 0;
      for (BlockMetaData b : reader.getFooter().getBlocks()) {
        rows += b.getRowCount();
      }
      return rows;
    }
  }

  @Override
  public Map<String, String> footer(FileSystem fs, Path file, Configuration conf) throws IOException {
    try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(file, conf))) {
      return reader.getFooter().getFileMetaData().getKeyValueMetaData();
    }
  }

  /**
   * An {@link OutputFile} over a given Hadoop file system (Parquet's own would pick the
   * checksummed local one), summing what is written ({@link ChecksumOutputStream}).
   */
  private static final class FsOutputFile implements OutputFile {
    private final FileSystem fs;
    private final Path path;
    private ChecksumOutputStream summed;

    FsOutputFile(FileSystem fs, Path path) {
      this.fs = fs;
      this.path = path;
    }

    @Override
    public PositionOutputStream create(long blockSizeHint) throws IOException {
      return wrap(fs.create(path, false));
    }

    @Override
    public PositionOutputStream createOrOverwrite(long blockSizeHint) throws IOException {
      return wrap(fs.create(path, true));
    }

    private PositionOutputStream wrap(FSDataOutputStream out) {
      summed = new ChecksumOutputStream(out);
      return new DelegatingPositionOutputStream(summed) {
        @Override
        public long getPos() throws IOException {
          return out.getPos();
        }
      };
    }

    /** The checksum of the bytes written to the file. */
    String checksum() {
      if (summed == null) {
        throw new IllegalStateException(path + ": nothing was written");
      }
      return summed.checksum();
    }

    @Override
    public boolean supportsBlockSize() {
      return false;
    }

    @Override
    public long defaultBlockSize() {
      return 0;
    }

    @Override
    public String getPath() {
      return path.toString();
    }
  }

  /**
   * Column readers want a converter tree for dictionary-to-converter paths that this code never
   * uses (values are read with the typed getters); this one mirrors the schema and does nothing.
   */
  private static final class NoOpGroupConverter extends GroupConverter {
    private final Converter[] children;

    NoOpGroupConverter(org.apache.parquet.schema.GroupType type) {
      children = new Converter[type.getFieldCount()];
      for (int i = 0; i < children.length; i++) {
        org.apache.parquet.schema.Type t = type.getType(i);
        children[i] = t.isPrimitive() ? new PrimitiveConverter() {} : new NoOpGroupConverter(t.asGroupType());
      }
    }

    @Override
    public Converter getConverter(int fieldIndex) {
      return children[fieldIndex];
    }

    @Override
    public void start() {}

    @Override
    public void end() {}
  }
}
