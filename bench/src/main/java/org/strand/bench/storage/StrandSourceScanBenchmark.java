package org.strand.bench.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
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
import org.strand.core.Chunk;
import org.strand.plugin.Lineage;
import org.strand.storage.DataKey;
import org.strand.storage.DataWriter;
import org.strand.storage.StoredData;
import org.strand.storage.chunkstore.ChunkStore;
import org.strand.storage.chunkstore.ChunkStoreOptions;
import org.strand.storage.strax.StraxDirectory;

/**
 * A full scan of raw_records with Spark on {@code local[1]} (one core): every column of every
 * row consumed by Spark's {@code noop} sink, reading the strax-bench run (109 MB uncompressed,
 * 446,826 rows, 6 chunks) through the {@code strand} data source, as strax wrote it (lz4) and
 * copied into a strand chunk store, against Spark's own vectorized Parquet reader on the same
 * rows written by Spark as Parquet (snappy and zstd, one file). {@code megabytes} is the
 * uncompressed raw_records size scanned, reported per second (MB/s).
 *
 * <p>Needs the shared reference data: run with {@code -Dstrand.shared.dir=...}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 10)
@Measurement(iterations = 3, time = 10)
@Fork(value = 1, jvmArgsAppend = {"-Xmx6g", "-XX:+IgnoreUnrecognizedVMOptions", "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED", "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED", "--add-opens=java.base/java.net=ALL-UNNAMED",
    "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/java.util=ALL-UNNAMED",
    "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
    "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED", "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
    "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED", "-Dio.netty.tryReflectionSetAccessible=true"})
public class StrandSourceScanBenchmark {
  @Param({"strand-strax", "strand-chunkstore", "parquet-snappy", "parquet-zstd"})
  public String input;

  private SparkSession spark;
  private Path work;
  private Dataset<Row> frame;
  private double megabytes;

  /** Megabytes scanned, reported per second. */
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  @State(Scope.Thread)
  public static class Scanned {
    public double megabytes;

    @Setup(Level.Iteration)
    public void reset() {
      megabytes = 0;
    }
  }

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    Path strax = StraxReadBenchmark.sharedDir().resolve("reference/strax-bench/strax_data");
    work = Files.createTempDirectory("strand-scan-bench");
    spark = SparkSession.builder().master("local[1]").appName("strand-scan-bench")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "1")
        .getOrCreate();
    StoredData run = new StraxDirectory(new org.apache.hadoop.fs.Path(strax.toUri()), new Configuration())
        .open(StraxReadBenchmark.RUN_BENCH, "raw_records", "aefc63wawj");
    megabytes = run.totalBytes() / 1e6;
    Dataset<Row> straxFrame = strand(strax);
    switch (input) {
      case "strand-strax" -> frame = straxFrame;
      case "strand-chunkstore" -> {
        Path store = work.resolve("store");
        ChunkStore cs = ChunkStore.open(new org.apache.hadoop.fs.Path(store.toUri()), new Configuration(), ChunkStoreOptions.defaults());
        Lineage lineage = Lineage.of("raw_records", "Bench", "1", Map.of(), Map.of());
        DataWriter w = cs.writer(new DataKey(run.key().runId(), "raw_records", lineage.hash()), run.schema(), lineage);
        for (int i = 0; i < run.chunkCount(); i++) {
          Chunk c = run.read(i);
          w.write(i, c);
        }
        w.commit();
        frame = strand(store);
      }
      case "parquet-snappy", "parquet-zstd" -> {
        Path parquet = work.resolve("parquet");
        straxFrame.coalesce(1).write().option("compression", input.substring("parquet-".length())).parquet(parquet.toString());
        frame = spark.read().parquet(parquet.toString());
      }
      default -> throw new IllegalArgumentException("unknown input '" + input + "'");
    }
  }

  private Dataset<Row> strand(Path root) {
    return spark.read().format("strand").option("path", root.toString()).option("type", "raw_records").load();
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    spark.stop();
    try (Stream<Path> s = Files.walk(work)) {
      for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }

  /** Every column of every row consumed. */
  @Benchmark
  public void scan(Scanned scanned) {
    frame.write().format("noop").mode("overwrite").save();
    scanned.megabytes += megabytes;
  }
}
