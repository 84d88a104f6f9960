package org.strand.plugin;

import java.util.Map;

/**
 * A plugin whose result near a time {@code t} depends on inputs within a window around
 * {@code t} (strax's {@code OverlapWindowPlugin}). strand computes it on each chunk together with
 * the tail of the previous input, and holds back results within the window of the chunk's end
 * until the next chunk arrives, so the results are the same wherever the chunks were cut. Output
 * chunks are cut where no output row is in progress.
 *
 * <p>{@link #compute} must be a pure function of its input range (the processor calls it on
 * overlapping ranges). Runs are processed sequentially.
 */
public abstract non-sealed class OverlapWindowPlugin extends Plugin {
  protected OverlapWindowPlugin(PluginSpec spec) {
    super(new PluginSpec(spec.name(), spec.version(), spec.schemas(), spec.dependsOn(), spec.options(),
        Parallelism.SEQUENTIAL, null));
    if (spec.dependsOn().isEmpty()) {
      throw new IllegalArgumentException("overlap-window plugin '" + spec.name() + "' has no inputs");
    }
  }

  @Override
  public final Kind kind() {
    return Kind.OVERLAP_WINDOW;
  }

  /**
   * How far (ns) the result at a time may depend on inputs before or after it. Results are
   * trusted only farther than this from the edges of the data seen.
   */
  public abstract long windowNs(OptionValues options);

  /**
   * Fields to number gaplessly from 0 over the whole run, by output type: strand fills them in
   * the order rows are emitted (an event number, say). Each must be an int64 scalar.
   */
  public Map<String, String> numberedFields() {
    return Map.of();
  }

  /** Computes outputs for an input range; rows outside the trusted region are dropped by strand. */
  public abstract Outputs compute(ChunkInput in);
}
