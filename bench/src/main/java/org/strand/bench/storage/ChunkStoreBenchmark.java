package org.strand.bench.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;
import org.apache.hadoop.conf.Configuration;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.strand.core.Chunk;
import org.strand.core.Field;
import org.strand.core.Table;
import org.strand.plugin.Lineage;
import org.strand.storage.DataKey;
import org.strand.storage.DataWriter;
import org.strand.storage.StoredData;
import org.strand.storage.chunkstore.ChunkStore;
import org.strand.storage.chunkstore.ChunkStoreOptions;

/**
 * Chunk store speed on records-like data (110-sample int16 waveforms, as raw_records), single
 * thread: a whole key written (encode, LZ4, checksums, staging, publish) and read back (read,
 * checksums, LZ4, decode), against LZ4 alone compressing and decompressing the same column
 * bytes in the same run (the limit the store can approach). {@code megabytes} is the
 * uncompressed size handled, reported per second: MB/s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class ChunkStoreBenchmark {
  private static final LZ4Compressor LZ4 = LZ4Factory.fastestInstance().fastCompressor();
  private static final LZ4SafeDecompressor UNLZ4 = LZ4Factory.fastestInstance().safeDecompressor();

  private List<Chunk> chunks;
  private double megabytes;
  private Path workDir;
  private int counter;
  private Configuration conf;
  private Lineage lineage;
  private DataKey key;
  private ChunkStore readStore;
  private List<byte[]> columnBytes;
  private List<byte[]> compressed;

  /** Megabytes handled, reported per second. */
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  @State(Scope.Thread)
  public static class Handled {
    public double megabytes;

    @Setup(Level.Iteration)
    public void reset() {
      megabytes = 0;
    }
  }

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    chunks = BenchData.chunks(BenchData.RECORDS, "records", 10, 10_000, 7);
    megabytes = BenchData.nbytes(chunks) / 1e6;
    workDir = Files.createTempDirectory("strand-chunkstore-bench");
    conf = new Configuration();
    lineage = Lineage.of("records", "Bench", "1", java.util.Map.of(), java.util.Map.of());
    key = new DataKey("000001", "records", lineage.hash());
    readStore = ChunkStore.open(new org.apache.hadoop.fs.Path(workDir.resolve("read").toUri()), conf, ChunkStoreOptions.defaults());
    write(readStore);
    columnBytes = new ArrayList<>();
    compressed = new ArrayList<>();
    for (Chunk c : chunks) {
      Table t = c.data();
      for (int i = 0; i < t.schema().size(); i++) {
        byte[] raw = littleEndian(t.schema().field(i), t.column(i), t.rows());
        columnBytes.add(raw);
        byte[] out = new byte[LZ4.maxCompressedLength(raw.length)];
        int n = LZ4.compress(raw, 0, raw.length, out, 0, out.length);
        compressed.add(java.util.Arrays.copyOf(out, n));
      }
    }
  }

  private void write(ChunkStore store) {
    DataWriter w = store.writer(key, BenchData.RECORDS, lineage);
    for (int i = 0; i < chunks.size(); i++) {
      w.write(i, chunks.get(i));
    }
    w.commit();
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    try (Stream<Path> s = Files.walk(workDir)) {
      for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }

  @Benchmark
  public void storeWrite(Handled handled) {
    write(ChunkStore.open(new org.apache.hadoop.fs.Path(workDir.resolve("w" + counter++).toUri()), conf, ChunkStoreOptions.defaults()));
    handled.megabytes += megabytes;
  }

  @Benchmark
  public void storeRead(Handled handled, Blackhole bh) {
    StoredData data = readStore.find(key).orElseThrow();
    for (int i = 0; i < data.chunkCount(); i++) {
      bh.consume(data.read(i));
    }
    handled.megabytes += megabytes;
  }

  @Benchmark
  public void lz4Compress(Handled handled, Blackhole bh) {
    for (byte[] raw : columnBytes) {
      byte[] out = new byte[LZ4.maxCompressedLength(raw.length)];
      bh.consume(LZ4.compress(raw, 0, raw.length, out, 0, out.length));
    }
    handled.megabytes += megabytes;
  }

  @Benchmark
  public void lz4Decompress(Handled handled, Blackhole bh) {
    for (int i = 0; i < compressed.size(); i++) {
      byte[] out = new byte[columnBytes.get(i).length];
      byte[] in = compressed.get(i);
      bh.consume(UNLZ4.decompress(in, 0, in.length, out, 0, out.length));
    }
    handled.megabytes += megabytes;
  }

  @TearDown(Level.Iteration)
  public void cleanWrites() throws IOException {
    try (Stream<Path> s = Files.list(workDir)) {
      for (Path dir : (Iterable<Path>) s.filter(p -> p.getFileName().toString().startsWith("w"))::iterator) {
        try (Stream<Path> t = Files.walk(dir)) {
          for (Path p : (Iterable<Path>) t.sorted(Comparator.reverseOrder())::iterator) {
            Files.delete(p);
          }
        }
      }
    }
  }

  private static byte[] littleEndian(Field f, Object col, int rows) {
    int n = rows * f.width();
    ByteBuffer bb = ByteBuffer.allocate(n * f.type().byteWidth()).order(ByteOrder.LITTLE_ENDIAN);
    switch (f.type()) {
      case BOOL -> {
        for (int i = 0; i < n; i++) {
          bb.put((byte) (((boolean[]) col)[i] ? 1 : 0));
        }
      }
      case INT8 -> bb.put((byte[]) col, 0, n);
      case INT16 -> bb.asShortBuffer().put((short[]) col, 0, n);
      case INT32 -> bb.asIntBuffer().put((int[]) col, 0, n);
      case INT64 -> bb.asLongBuffer().put((long[]) col, 0, n);
      case FLOAT32 -> bb.asFloatBuffer().put((float[]) col, 0, n);
      case FLOAT64 -> bb.asDoubleBuffer().put((double[]) col, 0, n);
    }
    return bb.array();
  }
}
