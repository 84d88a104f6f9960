package org.strand.plugin;

/**
 * A plugin without inputs that yields a run's chunks: reads raw data from storage or generates
 * it. It provides exactly one data type and knows its run's size up front.
 */
public abstract non-sealed class SourcePlugin extends Plugin {
  protected SourcePlugin(PluginSpec spec) {
    super(spec);
    if (!spec.dependsOn().isEmpty()) {
      throw new IllegalArgumentException("source plugin '" + spec.name() + "' cannot depend on " + spec.dependsOn());
    }
    if (spec.schemas().size() != 1) {
      throw new IllegalArgumentException("source plugin '" + spec.name() + "' must provide exactly one type, not " + spec.provides());
    }
    if (spec.parallelism() != Parallelism.CHUNK) {
      throw new IllegalArgumentException("source plugin '" + spec.name() + "' produces chunks independently; parallelism must be CHUNK");
    }
  }

  @Override
  public final Kind kind() {
    return Kind.SOURCE;
  }

  /** The one type this source provides. */
  public final String type() {
    return provides().get(0);
  }

  /**
   * Opens a run, reading only its metadata.
   *
   * @param runId a validated run id
   * @param options this plugin's option values for the run
   * @throws org.strand.core.ConfigurationException if there is no such run (naming it and where it was looked for)
   * @throws org.strand.core.StorageException if the run's metadata cannot be read
   */
  public abstract SourceRun open(String runId, OptionValues options);
}
