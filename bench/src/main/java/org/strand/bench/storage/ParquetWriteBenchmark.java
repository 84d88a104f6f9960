package org.strand.bench.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
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
import org.strand.core.Field;
import org.strand.core.Schema;
import org.strand.core.Table;
import org.strand.plugin.Lineage;
import org.strand.storage.DataKey;
import org.strand.storage.DataWriter;
import org.strand.storage.dataset.Compression;
import org.strand.storage.dataset.DatasetFormat;
import org.strand.storage.dataset.DatasetOptions;
import org.strand.storage.dataset.DatasetStorage;

/**
 * Parquet write speed: strand's dataset writer (column-level, staged, published, manifest
 * written) against Spark's own {@code df.write.parquet} of the same rows, in the same JVM run,
 * both single-threaded (Spark on {@code local[1]}, one partition, the DataFrame cached before
 * timing) and with the same Parquet settings (row group 128 MiB, page 1 MiB, dictionary on,
 * codec default level). The {@code megabytes} counter is the uncompressed strand size written:
 * JMH reports it per second, i.e. MB/s.
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
public class ParquetWriteBenchmark {
  @Param({"records", "peak_basics"})
  public String shape;

  @Param({"zstd", "snappy"})
  public String codec;

  private List<Chunk> chunks;
  private Schema schema;
  private double megabytes;
  private Path workDir;
  private int counter;
  private Configuration conf;
  private DatasetOptions options;
  private Lineage lineage;
  private SparkSession spark;
  private Dataset<Row> frame;

  /** The rate counter: megabytes written, reported per second. */
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  @State(Scope.Thread)
  public static class Written {
    public double megabytes;

    @Setup(Level.Iteration)
    public void reset() {
      megabytes = 0;
    }
  }

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    if (shape.equals("records")) {
      schema = BenchData.RECORDS;
      chunks = BenchData.chunks(schema, "records", 10, 10_000, 42);
    } else {
      schema = BenchData.PEAK_BASICS;
      chunks = BenchData.chunks(schema, "peak_basics", 10, 40_000, 42);
    }
    megabytes = BenchData.nbytes(chunks) / 1e6;
    workDir = Files.createTempDirectory("strand-parquet-bench");
    conf = new Configuration();
    options = DatasetOptions.builder(DatasetFormat.PARQUET).compression(Compression.fromLabel(codec)).build();
    lineage = Lineage.of(chunks.get(0).type(), "Bench", "1", java.util.Map.of(), java.util.Map.of());

    spark = SparkSession.builder().master("local[1]").appName("parquet-write-bench")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "1")
        .config("spark.sql.parquet.compression.codec", codec)
        .getOrCreate();
    frame = spark.createDataFrame(rows(), sparkSchema(schema)).coalesce(1).cache();
    frame.count();
  }

  @TearDown(Level.Iteration)
  public void cleanIteration() throws IOException {
    deleteTree(workDir);
    Files.createDirectories(workDir);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    frame.unpersist();
    spark.stop();
    deleteTree(workDir);
  }

  @Benchmark
  public void strand(Written written) {
    DatasetStorage storage = DatasetStorage.open(new org.apache.hadoop.fs.Path(workDir.resolve("strand-" + counter++).toUri()), conf, options);
    DataWriter w = storage.writer(new DataKey("000001", chunks.get(0).type(), lineage.hash()), schema, lineage);
    for (int i = 0; i < chunks.size(); i++) {
      w.write(i, chunks.get(i));
    }
    w.commit();
    written.megabytes += megabytes;
  }

  @Benchmark
  public void spark(Written written) {
    frame.write().mode(SaveMode.Overwrite).parquet(workDir.resolve("spark-" + counter++).toString());
    written.megabytes += megabytes;
  }

  private List<Row> rows() {
    List<Row> out = new ArrayList<>();
    for (Chunk c : chunks) {
      Table t = c.data();
      for (int r = 0; r < t.rows(); r++) {
        Object[] values = new Object[schema.size()];
        for (int f = 0; f < schema.size(); f++) {
          values[f] = value(schema.field(f), t.column(f), r);
        }
        out.add(RowFactory.create(values));
      }
    }
    return out;
  }

  private static Object value(Field f, Object col, int r) {
    if (f.isArray()) {
      int w = f.width();
      return switch (f.type()) {
        case INT16 -> java.util.Arrays.copyOfRange((short[]) col, r * w, r * w + w);
        default -> throw new IllegalArgumentException("benchmark arrays are int16 only, not " + f);
      };
    }
    return switch (f.type()) {
      case BOOL -> ((boolean[]) col)[r];
      case INT8 -> ((byte[]) col)[r];
      case INT16 -> ((short[]) col)[r];
      case INT32 -> ((int[]) col)[r];
      case INT64 -> ((long[]) col)[r];
      case FLOAT32 -> ((float[]) col)[r];
      case FLOAT64 -> ((double[]) col)[r];
    };
  }

  private static StructType sparkSchema(Schema schema) {
    List<StructField> fields = new ArrayList<>();
    for (Field f : schema.fields()) {
      DataType element = switch (f.type()) {
        case BOOL -> DataTypes.BooleanType;
        case INT8 -> DataTypes.ByteType;
        case INT16 -> DataTypes.ShortType;
        case INT32 -> DataTypes.IntegerType;
        case INT64 -> DataTypes.LongType;
        case FLOAT32 -> DataTypes.FloatType;
        case FLOAT64 -> DataTypes.DoubleType;
      };
      DataType type = f.isArray() ? DataTypes.createArrayType(element, false) : element;
      fields.add(new StructField(f.name(), type, false, Metadata.empty()));
    }
    return new StructType(fields.toArray(new StructField[0]));
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }
}
