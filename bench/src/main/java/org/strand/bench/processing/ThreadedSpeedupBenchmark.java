package org.strand.bench.processing;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.strand.context.Context;
import org.strand.core.Table;
import org.strand.processing.Processors;
import org.strand.processing.RunReport;

/**
 * A whole run of the CPU-bound three-plugin chain ({@link ChainPlugins}: 64 chunks of 500
 * waveforms) on the single-threaded processor and on the threaded one with 2 threads. The ratio
 * of the two times is the threaded processor's speed-up on this machine.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ThreadedSpeedupBenchmark {
  @Param({"single", "threaded"})
  public String processor;

  @Param({"2"})
  public int threads;

  private Context context;

  @Setup
  public void setup() {
    long chunkNs = 10_000_000;
    List<Table> chunks = ChainPlugins.makeChunks(20240611L, 64, 500, chunkNs);
    context = Context.of(ChainPlugins.chain(chunks, chunkNs))
        .withProcessor(Processors.create(processor, processor.equals("single") ? 1 : threads));
  }

  @Benchmark
  public RunReport chainOf3() {
    return context.make("000001", List.of("areas"));
  }
}
