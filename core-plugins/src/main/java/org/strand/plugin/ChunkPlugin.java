package org.strand.plugin;

/**
 * A plugin whose output for a chunk is a pure function of that chunk's inputs and its options:
 * chunks may be computed in any order and at once ({@link Parallelism#CHUNK}); if it is also
 * independent per channel ({@link Parallelism#CHANNEL}) a chunk may be split into channel groups.
 *
 * <p>A channel-parallel plugin must order its output by ({@code time}, channel), stably: the
 * processor merges the groups' outputs in that order, which then equals the unsplit output row
 * for row.
 *
 * <p>{@link #compute} may be called from several threads at once; it must not keep state.
 */
public abstract non-sealed class ChunkPlugin extends Plugin {
  protected ChunkPlugin(PluginSpec spec) {
    super(spec);
    if (spec.dependsOn().isEmpty()) {
      throw new IllegalArgumentException("plugin '" + spec.name() + "' has no inputs; make it a SourcePlugin");
    }
    if (spec.parallelism() == Parallelism.SEQUENTIAL) {
      throw new IllegalArgumentException("plugin '" + spec.name() + "' is sequential; make it a SequentialPlugin");
    }
  }

  @Override
  public Kind kind() {
    return Kind.CHUNK;
  }

  /**
   * Computes the outputs for one chunk: a table per provided type, every row inside
   * {@code [in.start(), in.end())}.
   */
  public abstract Outputs compute(ChunkInput in);
}
