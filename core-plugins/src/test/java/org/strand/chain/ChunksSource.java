package org.strand.chain;

import java.util.List;
import org.strand.core.Chunk;
import org.strand.core.Schema;
import org.strand.plugin.OptionValues;
import org.strand.plugin.PluginSpec;
import org.strand.plugin.RunInfo;
import org.strand.plugin.SourcePlugin;
import org.strand.plugin.SourceRun;

/** A source that serves given chunks of one type, for any run id. Test support. */
final class ChunksSource extends SourcePlugin {
  private final List<Chunk> chunks;

  ChunksSource(String type, Schema schema, List<Chunk> chunks) {
    super(PluginSpec.builder("ChunksSource").version("1").provides(type, schema).build());
    this.chunks = List.copyOf(chunks);
  }

  @Override
  public SourceRun open(String runId, OptionValues options) {
    long bytes = chunks.stream().mapToLong(Chunk::nbytes).sum();
    RunInfo info = new RunInfo(runId, chunks.get(0).start(), chunks.get(chunks.size() - 1).end(), bytes);
    return new SourceRun() {
      @Override
      public RunInfo info() {
        return info;
      }

      @Override
      public int chunkCount() {
        return chunks.size();
      }

      @Override
      public Chunk chunk(int index) {
        Chunk c = chunks.get(index);
        return Chunk.of(runId, type(), c.start(), c.end(), c.data());
      }
    };
  }
}
