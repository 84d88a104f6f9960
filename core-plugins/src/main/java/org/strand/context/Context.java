package org.strand.context;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.strand.core.Chunk;
import org.strand.core.ConfigurationException;
import org.strand.core.Table;
import org.strand.plugin.ByRun;
import org.strand.plugin.Lineage;
import org.strand.plugin.Option;
import org.strand.plugin.Plugin;
import org.strand.processing.ChunkStream;
import org.strand.processing.Processor;
import org.strand.processing.RunPlan;
import org.strand.processing.RunReport;
import org.strand.processing.SingleThreadProcessor;
import org.strand.storage.Storage;

/**
 * What strand needs to process runs: the registered plugins, the option values, the storage that
 * data is loaded from and saved to, which computed types are saved, and the processor.
 *
 * <p>Immutable and thread-safe: every {@code with...} method returns a new context, so one
 * context can serve many runs at once. Configuration errors (unknown options, values of the wrong
 * type, two plugins providing one type) are thrown as {@link ConfigurationException} when the
 * context is built; errors of a request (unknown target, missing dependency, cycle) when it is
 * planned.
 *
 * <pre>{@code
 * Context ctx = Context.of(new RawRecordsGenerator(), new Records(), new Hits())
 *     .withOptions(Map.of("hit_min_amplitude", 20))
 *     .withStorage(new InMemoryStorage());
 * RunReport report = ctx.make("000001", List.of("hits"));
 * }</pre>
 */
public final class Context {
  private final PluginRegistry registry;
  private final Map<String, Object> options;
  private final Storage storage;
  private final SavePolicy savePolicy;
  private final Processor processor;

  private Context(PluginRegistry registry, Map<String, Object> options, Storage storage, SavePolicy savePolicy, Processor processor) {
    this.registry = registry;
    this.options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
    this.storage = storage;
    this.savePolicy = savePolicy;
    this.processor = processor;
  }

  /**
   * A context with these plugins, default options, no storage and the single-threaded processor.
   *
   * @throws ConfigurationException if two plugins provide one type
   */
  public static Context of(Plugin... plugins) {
    return of(List.of(plugins));
  }

  public static Context of(List<? extends Plugin> plugins) {
    return new Context(PluginRegistry.of(plugins), Map.of(), null, SavePolicy.targetsOnly(), new SingleThreadProcessor());
  }

  /**
   * This context with more plugins; each replaces the plugins that provide the same types.
   * Options set before stay, and must still be declared by some plugin.
   */
  public Context withPlugins(Plugin... plugins) {
    return withPlugins(List.of(plugins));
  }

  public Context withPlugins(List<? extends Plugin> plugins) {
    PluginRegistry next = registry.plus(plugins);
    for (String name : options.keySet()) {
      if (next.option(name) == null) {
        throw new ConfigurationException("option '" + name + "' is set but no plugin declares it any more");
      }
    }
    return new Context(next, options, storage, savePolicy, processor);
  }

  /**
   * This context with option values set (merged over those set before). Each value is a plain
   * value of the option's type (or text to parse), or a {@link ByRun} table of such values.
   *
   * @throws ConfigurationException for an unknown option (naming it and the known ones) or a
   *     value of the wrong type or out of range
   */
  public Context withOptions(Map<String, ?> values) {
    Map<String, Object> next = new LinkedHashMap<>(options);
    for (Map.Entry<String, ?> e : values.entrySet()) {
      String name = e.getKey();
      Option<?> option = registry.option(name);
      if (option == null) {
        throw new ConfigurationException("unknown option '" + name + "'; known options: " + registry.optionNames());
      }
      Object value = e.getValue();
      if (value instanceof ByRun table) {
        table.entries().forEach(entry -> option.coerce(entry.value()));
        next.put(name, table);
      } else {
        next.put(name, option.coerce(value));
      }
    }
    return new Context(registry, next, storage, savePolicy, processor);
  }

  public Context withOption(String name, Object value) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(name, value);
    return withOptions(m);
  }

  /** This context loading from and saving to {@code storage} (null: none). */
  public Context withStorage(Storage storage) {
    return new Context(registry, options, storage, savePolicy, processor);
  }

  public Context withSavePolicy(SavePolicy policy) {
    return new Context(registry, options, storage, Objects.requireNonNull(policy, "policy"), processor);
  }

  public Context withProcessor(Processor processor) {
    return new Context(registry, options, storage, savePolicy, Objects.requireNonNull(processor, "processor"));
  }

  public PluginRegistry registry() {
    return registry;
  }

  /** The option values set, by name (values of the option's type, or {@link ByRun} tables). */
  public Map<String, Object> options() {
    return options;
  }

  public Storage storage() {
    return storage;
  }

  public SavePolicy savePolicy() {
    return savePolicy;
  }

  public Processor processor() {
    return processor;
  }

  /**
   * Plans the targets of a run: which types are loaded, computed and saved, with their lineages.
   * The plan holds the run's opened sources; close it when done.
   *
   * @throws ConfigurationException for an invalid run id, an unknown target, a missing
   *     dependency or a cycle
   */
  public RunPlan plan(String runId, List<String> targets) {
    return new Planner(registry, options, storage, savePolicy).plan(runId, targets);
  }

  /** The plan of a run's targets as text, with lineages. */
  public String explain(String runId, List<String> targets) {
    try (RunPlan plan = plan(runId, targets)) {
      return plan.explain();
    }
  }

  /** The lineage of one type for a run. */
  public Lineage lineage(String runId, String type) {
    try (RunPlan plan = plan(runId, List.of(type))) {
      return plan.lineage(type);
    }
  }

  /**
   * Streams the chunks of {@code type} for a run, computing (and saving, as the policy says)
   * along the way. Close the stream to stop early.
   */
  public ChunkStream stream(String runId, String type) {
    RunPlan plan = plan(runId, List.of(type));
    ChunkStream inner;
    try {
      inner = processor.stream(plan, type);
    } catch (RuntimeException e) {
      plan.close();
      throw e;
    }
    return new PlanClosingStream(inner, plan);
  }

  /** A whole data type of a run as one table (for small data), with the run's report. */
  public TableResult get(String runId, String type) {
    try (ChunkStream s = stream(runId, type)) {
      List<Table> tables = new ArrayList<>();
      org.strand.core.Schema schema = registry.provider(type).schema(type);
      while (s.hasNext()) {
        Chunk c = s.next();
        schema = c.schema();
        tables.add(c.data());
      }
      s.close();
      return new TableResult(tables.isEmpty() ? Table.empty(schema) : Table.concat(schema, tables), s.report());
    }
  }

  /**
   * Computes the targets of a run and saves what the policy says.
   *
   * @throws org.strand.core.ProcessingException on the first failure, naming run, stage and chunk
   */
  public RunReport make(String runId, List<String> targets) {
    try (RunPlan plan = plan(runId, targets)) {
      return processor.run(plan);
    }
  }

  /** A whole type as one table, and the report of the run that produced it. */
  public record TableResult(Table table, RunReport report) {}

  private static final class PlanClosingStream implements ChunkStream {
    private final ChunkStream inner;
    private final RunPlan plan;

    PlanClosingStream(ChunkStream inner, RunPlan plan) {
      this.inner = inner;
      this.plan = plan;
    }

    @Override
    public boolean hasNext() {
      return inner.hasNext();
    }

    @Override
    public Chunk next() {
      return inner.next();
    }

    @Override
    public RunReport report() {
      return inner.report();
    }

    @Override
    public void close() {
      try {
        inner.close();
      } finally {
        plan.close();
      }
    }
  }
}
