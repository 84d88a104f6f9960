package org.strand.storage.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.strand.core.ConfigurationException;
import org.strand.core.Names;
import org.strand.core.Schema;
import org.strand.plugin.OptionValues;
import org.strand.plugin.PluginSpec;
import org.strand.plugin.SourcePlugin;
import org.strand.plugin.SourceRun;

/**
 * A source over several sources of one type, each run read from the first of them that holds it:
 * strax's list of storage frontends, where a run's data comes from the first one that has it. So
 * raw data kept in several directories (or chunk stores, or both) is one input.
 *
 * <p>Which source holds a run is asked of each in the order given ({@link RunHolder#holds}), when
 * the run is opened; copies in later sources are never read. A source whose builder listed the
 * run there ({@link RunHolder#listedHere}) is taken without asking: the listing that chose the
 * runs found it in no source before that one. Data keeps the lineage its source
 * gives it, so a run gets the same lineages from whichever source it is read.
 *
 * <p>Immutable and thread-safe if its sources are.
 *
 * <pre>{@code
 * SourcePlugin raw = FirstFoundSource.of(List.of(
 *     StraxSource.builder(new Path("hdfs://nn/strax_new"), conf).schema(schema).build(),
 *     StraxSource.builder(new Path("hdfs://nn/strax_archive"), conf).schema(schema).build()));
 * }</pre>
 */
public final class FirstFoundSource extends SourcePlugin {
  /** The plugin name, as reports show it. */
  public static final String NAME = "FirstFoundReader";

  private final List<SourcePlugin> sources;

  private FirstFoundSource(List<SourcePlugin> sources) {
    super(PluginSpec.builder(NAME).version("1").provides(sources.get(0).type(), sources.get(0).schema(sources.get(0).type())).build());
    this.sources = List.copyOf(sources);
  }

  /**
   * A source reading each run from the first of {@code sources} that holds it.
   *
   * @throws IllegalArgumentException if there are none, one cannot say which runs it holds (is
   *     not a {@link RunHolder}), takes options, or provides another type or schema than the first
   */
  public static FirstFoundSource of(List<? extends SourcePlugin> sources) {
    if (sources.isEmpty()) {
      throw new IllegalArgumentException("a first-found source needs at least one source");
    }
    SourcePlugin first = sources.get(0);
    Schema schema = first.schema(first.type());
    for (SourcePlugin s : sources) {
      if (!(s instanceof RunHolder)) {
        throw new IllegalArgumentException("source '" + s.name() + "' (" + s.getClass().getName()
            + ") cannot tell which runs it holds; it must implement " + RunHolder.class.getSimpleName());
      }
      if (!s.options().isEmpty()) {
        // Option values are resolved by plugin name, and this source's name is its own.
        throw new IllegalArgumentException("source '" + s.name() + "' takes options " + s.options().stream().map(o -> o.name()).toList()
            + ", which a first-found source cannot pass on");
      }
      if (!s.type().equals(first.type())) {
        throw new IllegalArgumentException("source '" + s.name() + "' provides '" + s.type() + "' but the first source provides '" + first.type() + "'");
      }
      if (!schema.sameLayout(s.schema(s.type()))) {
        throw new IllegalArgumentException("source '" + s.name() + "' has schema " + s.schema(s.type()) + " for '" + s.type()
            + "' but the first source has " + schema);
      }
    }
    return new FirstFoundSource(new ArrayList<>(sources));
  }

  /** The sources, in the order they are asked. */
  public List<SourcePlugin> sources() {
    return sources;
  }

  /**
   * The first source that lists {@code runId} as found there ({@link RunHolder#listedHere}), else
   * the first source that holds it, if any.
   *
   * @throws org.strand.core.StorageException if a source asked cannot be listed
   */
  public Optional<SourcePlugin> sourceFor(String runId) {
    Names.requireRunId(runId);
    for (SourcePlugin s : sources) {
      if (((RunHolder) s).listedHere(runId)) {
        return Optional.of(s);
      }
    }
    for (SourcePlugin s : sources) {
      if (((RunHolder) s).holds(runId)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  /**
   * Opens the run from the first source that holds it.
   *
   * @throws ConfigurationException if none holds it, with each source's own reason (no data, none
   *     of the chosen lineage, data strax has not finished writing)
   * @throws org.strand.core.StorageException if the source holding it cannot read it
   */
  @Override
  public SourceRun open(String runId, OptionValues options) {
    Optional<SourcePlugin> holder = sourceFor(runId);
    if (holder.isPresent()) {
      SourcePlugin s = holder.get();
      return s.open(runId, OptionValues.defaults(s.name(), s.options()));
    }
    // Each source says why it has no such run; one that has it by now (written since it was
    // asked) is read, as it would have been a moment later.
    List<String> reasons = new ArrayList<>();
    for (SourcePlugin s : sources) {
      try {
        return s.open(runId, OptionValues.defaults(s.name(), s.options()));
      } catch (ConfigurationException e) {
        reasons.add(e.getMessage());
      }
    }
    throw new ConfigurationException("run " + runId + " is in none of the " + sources.size() + " sources of '" + type() + "': "
        + String.join("; ", reasons));
  }
}
