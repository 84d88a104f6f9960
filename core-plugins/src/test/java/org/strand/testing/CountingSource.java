package org.strand.testing;

import java.util.concurrent.atomic.AtomicInteger;
import org.strand.core.Chunk;
import org.strand.plugin.OptionValues;
import org.strand.plugin.PluginSpec;
import org.strand.plugin.RunInfo;
import org.strand.plugin.SourcePlugin;
import org.strand.plugin.SourceRun;

/**
 * The toy source ("pulses", same options and data as {@link ToyPlugins.Source}) counting the
 * chunks it produced, to show when work stops.
 */
public final class CountingSource extends SourcePlugin {
  private static final ToyPlugins.Source TOY = new ToyPlugins.Source();
  private final AtomicInteger produced = new AtomicInteger();

  public CountingSource() {
    super(PluginSpec.builder("ToySource").version("1").provides("pulses", ToyPlugins.PULSES).options(TOY.options()).build());
  }

  /** Chunks produced so far, over every run opened. */
  public int produced() {
    return produced.get();
  }

  @Override
  public SourceRun open(String runId, OptionValues options) {
    SourceRun run = TOY.open(runId, options);
    return new SourceRun() {
      @Override
      public RunInfo info() {
        return run.info();
      }

      @Override
      public int chunkCount() {
        return run.chunkCount();
      }

      @Override
      public Chunk chunk(int index) {
        Chunk c = run.chunk(index);
        produced.incrementAndGet();
        return c;
      }
    };
  }
}
