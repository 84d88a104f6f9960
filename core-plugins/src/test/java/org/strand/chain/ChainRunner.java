package org.strand.chain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.strand.core.Chunk;
import org.strand.core.Table;
import org.strand.plugin.ChunkInput;
import org.strand.plugin.ChunkPlugin;
import org.strand.plugin.OptionValues;
import org.strand.plugin.RunInfo;

/**
 * Runs the chunk plugins of the standard chain directly on a list of raw_records chunks, chunk
 * by chunk, with given option values (defaults otherwise). Test support: no context, no
 * processor, so a failure points at the algorithm.
 */
final class ChainRunner {
  final Map<String, Object> options;
  final Records records = new Records();
  final Hits hits = new Hits();
  final Peaks peaks;

  ChainRunner(Map<String, Object> options) {
    this.options = options;
    this.peaks = new Peaks(Math.toIntExact(((Number) options.getOrDefault("n_channels", 250L)).longValue()));
  }

  ChainRunner() {
    this(Map.of());
  }

  /** Per type, the output chunk of each input chunk. */
  Map<String, List<Chunk>> run(List<Chunk> raw) {
    Map<String, List<Chunk>> out = new LinkedHashMap<>();
    for (String t : List.of("records", "hits", "peaks")) {
      out.put(t, new ArrayList<>());
    }
    for (int i = 0; i < raw.size(); i++) {
      Chunk r = raw.get(i);
      Chunk rec = apply(records, i, Map.of("raw_records", r));
      Chunk hit = apply(hits, i, Map.of("records", rec));
      Chunk peak = apply(peaks, i, Map.of("hits", hit, "records", rec));
      out.get("records").add(rec);
      out.get("hits").add(hit);
      out.get("peaks").add(peak);
    }
    return out;
  }

  Chunk apply(ChunkPlugin plugin, long index, Map<String, Chunk> inputs) {
    Chunk any = inputs.values().iterator().next();
    RunInfo run = new RunInfo(any.runId(), any.start(), any.end(), 0);
    ChunkInput in = new ChunkInput(run, index, any.start(), any.end(), inputs,
        OptionValues.resolve(plugin.name(), plugin.options(), options, run));
    String type = plugin.provides().get(0);
    Table t = plugin.compute(in).get(type);
    return Chunk.of(any.runId(), type, any.start(), any.end(), t);
  }

  static Table concat(List<Chunk> chunks) {
    List<Table> tables = new ArrayList<>();
    for (Chunk c : chunks) {
      tables.add(c.data());
    }
    return Table.concat(chunks.get(0).schema(), tables);
  }
}
