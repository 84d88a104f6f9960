package org.strand.bench.storage;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.luben.zstd.Zstd;
import java.io.IOException;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.strand.core.Chunk;
import org.strand.plugin.OptionValues;
import org.strand.plugin.SourceRun;
import org.strand.storage.strax.StraxSource;

/**
 * strax raw_records read speed, single thread: a run opened with {@link StraxSource} and every
 * chunk read, decompressed and turned into strand's primitive columns, as the job's source does.
 * {@code megabytes} is the uncompressed size read, reported per second (MB/s).
 *
 * <p>Inputs come from the shared reference data (system property {@code strand.shared.dir}, set
 * on the {@code java -jar} command line; the forked JVM inherits it): {@code bench-*} is the
 * strax-bench run (109 MB, 6 chunks) as strax wrote it (lz4) and recompressed in {@code @Setup}
 * with zstd at level 3 (strax's setting) into a strax directory of its own; {@code small-*} is the
 * small reference run (3.6 MB, 3 chunks) in the three copies strax wrote (lz4, zstd, blosc).
 *
 * <p>The {@code limit*} benchmarks give what the reader can approach on the same bytes: LZ4
 * alone (lz4-java's native decompressor on the same rows recompressed as independent 64 KiB
 * blocks, which lz4-java can decode, unlike strax's linked ones), and reading the chunk files.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class StraxReadBenchmark {
  static final String RUN_BENCH = "000200";
  static final String RUN_SMALL = "000001";

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

  /** One strax data directory to read. */
  @State(Scope.Benchmark)
  public static class Input {
    @Param({"bench-lz4", "bench-zstd", "small-lz4", "small-zstd", "small-blosc"})
    public String data;

    StraxSource source;
    String runId;
    Path temp;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
      Path shared = sharedDir();
      Path root = switch (data) {
        case "bench-lz4" -> shared.resolve("reference/strax-bench/strax_data");
        case "bench-zstd" -> recompressWithZstd(shared.resolve("reference/strax-bench/strax_data"));
        case "small-lz4" -> shared.resolve("reference/strax-small/strax_data");
        case "small-zstd" -> shared.resolve("reference/strax-small/strax_data_zstd");
        case "small-blosc" -> shared.resolve("reference/strax-small/strax_data_blosc");
        default -> throw new IllegalArgumentException("unknown data '" + data + "'");
      };
      runId = data.startsWith("bench") ? RUN_BENCH : RUN_SMALL;
      source = StraxSource.builder(new org.apache.hadoop.fs.Path(root.toUri()), new Configuration()).build();
    }

    private Path recompressWithZstd(Path lz4Root) throws IOException {
      temp = Files.createTempDirectory("strand-strax-zstd");
      try (Stream<Path> dirs = Files.list(lz4Root)) {
        for (Path dir : (Iterable<Path>) dirs.filter(Files::isDirectory)::iterator) {
          StraxFiles run = StraxFiles.read(dir);
          Path out = Files.createDirectories(temp.resolve(dir.getFileName()));
          ObjectNode md = run.metadata.deepCopy();
          md.put("compressor", "zstd");
          for (int i = 0; i < run.raw.size(); i++) {
            byte[] z = Zstd.compress(run.raw.get(i), 3);
            ObjectNode c = (ObjectNode) md.get("chunks").get(i);
            Files.write(out.resolve(c.get("filename").asText()), z);
            c.put("filesize", z.length);
          }
          Files.write(out.resolve(run.metadataFile.getFileName()), new ObjectMapper().writeValueAsBytes(md));
        }
      }
      return temp;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
      if (temp != null) {
        try (Stream<Path> s = Files.walk(temp)) {
          for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
            Files.delete(p);
          }
        }
      }
    }
  }

  /** The strax-bench run's rows, for the limits. */
  @State(Scope.Benchmark)
  public static class Limit {
    private static final int BLOCK = 64 << 10;
    List<byte[]> raw;
    List<int[]> blockSizes;
    List<byte[]> blocks;
    List<Path> files;
    double megabytes;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
      Path dir = sharedDir().resolve("reference/strax-bench/strax_data/000200-raw_records-aefc63wawj");
      StraxFiles run = StraxFiles.read(dir);
      raw = run.raw;
      files = run.chunkFiles;
      LZ4Compressor lz4 = LZ4Factory.fastestInstance().fastCompressor();
      blocks = new ArrayList<>();
      blockSizes = new ArrayList<>();
      long total = 0;
      for (byte[] r : raw) {
        total += r.length;
        int n = (r.length + BLOCK - 1) / BLOCK;
        int[] sizes = new int[n];
        byte[] out = new byte[lz4.maxCompressedLength(BLOCK) * n];
        int op = 0;
        for (int b = 0; b < n; b++) {
          int len = Math.min(BLOCK, r.length - b * BLOCK);
          sizes[b] = lz4.compress(r, b * BLOCK, len, out, op, out.length - op);
          op += sizes[b];
        }
        blocks.add(java.util.Arrays.copyOf(out, op));
        blockSizes.add(sizes);
      }
      megabytes = total / 1e6;
    }
  }

  /** A run opened and every chunk read into columns. */
  @Benchmark
  public void read(Input in, Handled handled, Blackhole bh) {
    SourceRun run = in.source.open(in.runId, OptionValues.defaults(StraxSource.NAME, List.of()));
    long bytes = 0;
    for (int i = 0; i < run.chunkCount(); i++) {
      Chunk c = run.chunk(i);
      bytes += c.nbytes();
      bh.consume(c);
    }
    handled.megabytes += bytes / 1e6;
  }

  /** LZ4 alone on the strax-bench rows (native, independent 64 KiB blocks), into fresh arrays. */
  @Benchmark
  public void limitLz4(Limit limit, Handled handled, Blackhole bh) {
    LZ4SafeDecompressor d = LZ4Factory.fastestInstance().safeDecompressor();
    for (int i = 0; i < limit.raw.size(); i++) {
      byte[] out = new byte[limit.raw.get(i).length];
      byte[] in = limit.blocks.get(i);
      int ip = 0;
      int op = 0;
      for (int size : limit.blockSizes.get(i)) {
        op += d.decompress(in, ip, size, out, op, out.length - op);
        ip += size;
      }
      bh.consume(out);
    }
    handled.megabytes += limit.megabytes;
  }

  /** The strax-bench chunk files read into memory (from the page cache), nothing decoded. */
  @Benchmark
  public void limitFileRead(Limit limit, Handled handled, Blackhole bh) throws IOException {
    for (Path f : limit.files) {
      bh.consume(Files.readAllBytes(f));
    }
    handled.megabytes += limit.megabytes;
  }

  static Path sharedDir() {
    String dir = System.getProperty("strand.shared.dir");
    if (dir == null || !Files.isDirectory(Path.of(dir, "reference"))) {
      throw new IllegalStateException("StraxReadBenchmark needs the shared reference data: run with "
          + "-Dstrand.shared.dir=<directory holding reference/strax-bench and reference/strax-small> (got "
          + dir + ")");
    }
    return Path.of(dir);
  }
}
