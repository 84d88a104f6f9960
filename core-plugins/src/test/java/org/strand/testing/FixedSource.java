package org.strand.testing;

import java.util.ArrayList;
import java.util.List;
import org.strand.core.Chunk;
import org.strand.core.Schema;
import org.strand.core.Table;
import org.strand.plugin.OptionValues;
import org.strand.plugin.PluginSpec;
import org.strand.plugin.RunInfo;
import org.strand.plugin.SourcePlugin;
import org.strand.plugin.SourceRun;

/**
 * A source that serves one fixed table, cut into chunks at given times: the same data under any
 * chunking, for tests that results do not depend on where chunks were cut.
 */
public final class FixedSource extends SourcePlugin {
  private final Table table;
  private final long start;
  private final long end;
  private final long[] cuts;

  /**
   * @param type the provided type
   * @param table the rows, time-ordered, inside {@code [start, end)}
   * @param cuts chunk boundaries strictly inside (start, end), ascending, where no row is in progress
   */
  public FixedSource(String name, String type, Table table, long start, long end, long[] cuts) {
    super(PluginSpec.builder(name).version("1").provides(type, table.schema()).build());
    this.table = table;
    this.start = start;
    this.end = end;
    this.cuts = cuts.clone();
  }

  /** The whole data as one chunk (checks the invariants). */
  public Chunk whole(String runId) {
    return Chunk.of(runId, type(), start, end, table);
  }

  @Override
  public SourceRun open(String runId, OptionValues options) {
    List<Chunk> chunks = new ArrayList<>();
    Chunk rest = whole(runId);
    for (long c : cuts) {
      Chunk.Split s = rest.split(c);
      chunks.add(s.before());
      rest = s.after();
    }
    chunks.add(rest);
    RunInfo info = new RunInfo(runId, start, end, table.nbytes());
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
        return chunks.get(index);
      }
    };
  }

  /** The schema served. */
  public Schema schema() {
    return table.schema();
  }
}
