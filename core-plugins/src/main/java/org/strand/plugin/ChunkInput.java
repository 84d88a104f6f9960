package org.strand.plugin;

import java.util.Map;
import org.strand.core.Chunk;
import org.strand.core.Table;

/**
 * What a plugin's compute gets for one chunk: the run, the chunk's index and time range, the
 * input chunks (all cut to that range) and the plugin's option values for the run.
 *
 * <p>Built by the processors; immutable.
 */
public final class ChunkInput {
  private final RunInfo run;
  private final long index;
  private final long start;
  private final long end;
  private final Map<String, Chunk> inputs;
  private final OptionValues options;

  /**
   * @param run the run
   * @param index the chunk index within the run (0, 1, ...)
   * @param start the start of the common time range
   * @param end its end
   * @param inputs input type to its chunk over {@code [start, end)}
   * @param options the plugin's option values for this run
   */
  public ChunkInput(RunInfo run, long index, long start, long end, Map<String, Chunk> inputs, OptionValues options) {
    this.run = run;
    this.index = index;
    this.start = start;
    this.end = end;
    this.inputs = Map.copyOf(inputs);
    this.options = options;
  }

  public RunInfo run() {
    return run;
  }

  public String runId() {
    return run.runId();
  }

  public long index() {
    return index;
  }

  public long start() {
    return start;
  }

  public long end() {
    return end;
  }

  /**
   * The input chunk of {@code type}.
   *
   * @throws IllegalArgumentException if the plugin does not depend on {@code type}
   */
  public Chunk chunk(String type) {
    Chunk c = inputs.get(type);
    if (c == null) {
      throw new IllegalArgumentException("no input '" + type + "' in this chunk; inputs: " + inputs.keySet());
    }
    return c;
  }

  /** The rows of input {@code type}. */
  public Table table(String type) {
    return chunk(type).data();
  }

  public Map<String, Chunk> inputs() {
    return inputs;
  }

  public OptionValues options() {
    return options;
  }

  public <T> T option(Option<T> option) {
    return options.get(option);
  }

  /** The same input with other chunks (same run, index and options). */
  public ChunkInput with(long newStart, long newEnd, Map<String, Chunk> newInputs) {
    return new ChunkInput(run, index, newStart, newEnd, newInputs, options);
  }
}
