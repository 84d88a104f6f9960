package org.strand.bench.processing;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
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
 * The cost of moving one tiny chunk (one waveform) through the three-plugin chain: a run of
 * 5,000 such chunks, reported per chunk, so that plugin work is negligible and what remains is
 * each processor's own cost per chunk (alignment, tasks, hand-offs, statistics).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PerChunkOverheadBenchmark {
  private static final int CHUNKS = 5000;

  @Param({"single", "threaded"})
  public String processor;

  @Param({"2"})
  public int threads;

  private Context context;

  @Setup
  public void setup() {
    long chunkNs = 10_000;
    List<Table> chunks = ChainPlugins.makeChunks(7L, CHUNKS, 1, chunkNs);
    context = Context.of(ChainPlugins.chain(chunks, chunkNs))
        .withProcessor(Processors.create(processor, processor.equals("single") ? 1 : threads));
  }

  @Benchmark
  @OperationsPerInvocation(CHUNKS)
  public RunReport tinyChunk() {
    return context.make("000001", List.of("areas"));
  }
}
