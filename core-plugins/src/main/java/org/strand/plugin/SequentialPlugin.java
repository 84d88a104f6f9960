package org.strand.plugin;

/**
 * A plugin that carries state from chunk to chunk (a running counter, gapless numbering): a run
 * opens one {@link Sequence}, which sees the run's chunks one at a time, in order.
 */
public abstract non-sealed class SequentialPlugin extends Plugin {
  protected SequentialPlugin(PluginSpec spec) {
    super(forceSequential(spec));
    if (spec.dependsOn().isEmpty()) {
      throw new IllegalArgumentException("sequential plugin '" + spec.name() + "' has no inputs");
    }
  }

  private static PluginSpec forceSequential(PluginSpec spec) {
    if (spec.parallelism() == Parallelism.SEQUENTIAL) {
      return spec;
    }
    return new PluginSpec(spec.name(), spec.version(), spec.schemas(), spec.dependsOn(), spec.options(),
        Parallelism.SEQUENTIAL, null);
  }

  @Override
  public final Kind kind() {
    return Kind.SEQUENTIAL;
  }

  /** Starts a run: the returned sequence holds the run's state. */
  public abstract Sequence open(RunInfo run, OptionValues options);

  /** One run's pass over its chunks. Called from one thread at a time, chunks in order. */
  public interface Sequence {
    /** The outputs for the next chunk, covering its time range. */
    Outputs compute(ChunkInput in);
  }
}
