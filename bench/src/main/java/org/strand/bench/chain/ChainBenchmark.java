package org.strand.bench.chain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.strand.chain.GeneratedRun;
import org.strand.chain.Hits;
import org.strand.chain.Peaks;
import org.strand.chain.RawRecordsGenerator;
import org.strand.chain.Records;
import org.strand.core.Chunk;
import org.strand.core.Table;
import org.strand.plugin.ChunkInput;
import org.strand.plugin.ChunkPlugin;
import org.strand.plugin.OptionValues;
import org.strand.plugin.RunInfo;

/**
 * The standard chain on one thread: raw_records -> records -> hits -> peaks over a generated run
 * of about {@code runSizeMb} MB of raw records, and each stage alone (on inputs made in setup),
 * and the generator. The score is passes over the run per second; the secondary score
 * {@code rawMB} is the rate in MB of raw records per second, the figure to compare with strax's
 * (49-90 MB/s).
 *
 * <p>Each stage calls the plugin's {@code compute} and wraps its output into a checked chunk, as
 * a processor does; no storage, no threads.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
@Warmup(iterations = 2)
@Measurement(iterations = 3)
public class ChainBenchmark {
  @Param("220")
  public double runSizeMb;

  @Param("50")
  public double chunkSizeMb;

  private final Records records = new Records();
  private final Hits hits = new Hits();
  private final Peaks peaks = new Peaks();
  private GeneratedRun run;
  private List<Chunk> raw;
  private List<Chunk> recordChunks;
  private List<Chunk> hitChunks;
  private double rawMegabytes;

  /** Raw megabytes processed, reported by JMH as a rate: MB of raw records per second. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Rate {
    public double rawMB;
  }

  @Setup(Level.Trial)
  public void generate() {
    RawRecordsGenerator generator = new RawRecordsGenerator();
    Map<String, Object> options = new HashMap<>();
    options.put("run_size_mb", runSizeMb);
    options.put("chunk_size_mb", chunkSizeMb);
    run = generator.open("000001", OptionValues.resolve(generator.name(), generator.options(), options, null));
    raw = new ArrayList<>();
    recordChunks = new ArrayList<>();
    hitChunks = new ArrayList<>();
    for (int i = 0; i < run.chunkCount(); i++) {
      Chunk r = run.chunk(i);
      Chunk rec = apply(records, i, Map.of("raw_records", r));
      raw.add(r);
      recordChunks.add(rec);
      hitChunks.add(apply(hits, i, Map.of("records", rec)));
    }
    rawMegabytes = run.info().rawBytes() / 1e6;
  }

  private Chunk apply(ChunkPlugin plugin, long index, Map<String, Chunk> inputs) {
    Chunk any = inputs.values().iterator().next();
    ChunkInput in = new ChunkInput(run.info(), index, any.start(), any.end(), inputs,
        OptionValues.defaults(plugin.name(), plugin.options()));
    String type = plugin.provides().get(0);
    Table t = plugin.compute(in).get(type);
    return Chunk.of(any.runId(), type, any.start(), any.end(), t);
  }

  /** raw_records -> records -> hits -> peaks, chunk by chunk. */
  @Benchmark
  public void chain(Rate rate, Blackhole bh) {
    for (int i = 0; i < raw.size(); i++) {
      Chunk rec = apply(records, i, Map.of("raw_records", raw.get(i)));
      Chunk hit = apply(hits, i, Map.of("records", rec));
      bh.consume(apply(peaks, i, Map.of("hits", hit, "records", rec)));
    }
    rate.rawMB += rawMegabytes;
  }

  @Benchmark
  public void recordsOnly(Rate rate, Blackhole bh) {
    for (int i = 0; i < raw.size(); i++) {
      bh.consume(apply(records, i, Map.of("raw_records", raw.get(i))));
    }
    rate.rawMB += rawMegabytes;
  }

  @Benchmark
  public void hitsOnly(Rate rate, Blackhole bh) {
    for (int i = 0; i < raw.size(); i++) {
      bh.consume(apply(hits, i, Map.of("records", recordChunks.get(i))));
    }
    rate.rawMB += rawMegabytes;
  }

  @Benchmark
  public void peaksOnly(Rate rate, Blackhole bh) {
    for (int i = 0; i < raw.size(); i++) {
      bh.consume(apply(peaks, i, Map.of("hits", hitChunks.get(i), "records", recordChunks.get(i))));
    }
    rate.rawMB += rawMegabytes;
  }

  /** The generator alone: making the run's raw records. */
  @Benchmark
  public void generatorOnly(Rate rate, Blackhole bh) {
    for (int i = 0; i < run.chunkCount(); i++) {
      bh.consume(run.chunk(i));
    }
    rate.rawMB += rawMegabytes;
  }
}
