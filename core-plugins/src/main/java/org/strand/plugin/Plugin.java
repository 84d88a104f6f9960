package org.strand.plugin;

import java.util.List;
import org.strand.core.Schema;

/**
 * A unit of processing: it says what it provides, what it depends on, the schema of each output,
 * its version and options (its {@link PluginSpec}), and how it computes. How it is scheduled,
 * stored or compressed belongs to the run's configuration, not to the plugin.
 *
 * <p>The kinds, one subclass each:
 * <ul>
 *   <li>{@link SourcePlugin}: no inputs; opens a run and yields its chunks independently.
 *   <li>{@link ChunkPlugin}: a pure function of one aligned set of input chunks; chunk- or
 *       channel-parallel. {@link LoopPlugin} is one: per container row, the rows inside it.
 *   <li>{@link SequentialPlugin}: keeps state from chunk to chunk; sees chunks in order.
 *   <li>{@link OverlapWindowPlugin}: needs a window of context around each chunk; strand feeds it
 *       neighbouring data so that results do not depend on where chunks were cut.
 * </ul>
 * Any kind may provide several types (a multi-output plugin).
 *
 * <p>Plugins are immutable and shared by every run and thread; per-run state lives in the objects
 * that {@link SourcePlugin#open} and {@link SequentialPlugin#open} return.
 */
public abstract sealed class Plugin permits SourcePlugin, ChunkPlugin, SequentialPlugin, OverlapWindowPlugin {
  /** The kinds of plugin, as the processors see them. */
  public enum Kind {
    SOURCE,
    CHUNK,
    LOOP,
    SEQUENTIAL,
    OVERLAP_WINDOW
  }

  private final PluginSpec spec;

  Plugin(PluginSpec spec) {
    this.spec = spec;
  }

  public final PluginSpec spec() {
    return spec;
  }

  public final String name() {
    return spec.name();
  }

  public final String version() {
    return spec.version();
  }

  public final List<String> provides() {
    return spec.provides();
  }

  public final List<String> dependsOn() {
    return spec.dependsOn();
  }

  public final List<Option<?>> options() {
    return spec.options();
  }

  public final Parallelism parallelism() {
    return spec.parallelism();
  }

  /**
   * The schema of a provided type.
   *
   * @throws IllegalArgumentException if this plugin does not provide {@code type}
   */
  public final Schema schema(String type) {
    Schema s = spec.schemas().get(type);
    if (s == null) {
      throw new IllegalArgumentException("plugin '" + name() + "' does not provide '" + type + "'; it provides " + provides());
    }
    return s;
  }

  public abstract Kind kind();

  @Override
  public String toString() {
    return kind().name().toLowerCase(java.util.Locale.ROOT) + " plugin '" + name() + "' v" + version()
        + " provides " + provides() + (dependsOn().isEmpty() ? "" : " from " + dependsOn());
  }
}
