package org.strand.plugin;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.strand.core.ConfigurationException;

/**
 * The values of one plugin's options for one run, each already coerced to its option's type and
 * checked. Built by the context when it plans a run; read by plugins through
 * {@link #get(Option)}.
 *
 * <p>Immutable and thread-safe.
 */
public final class OptionValues {
  private final String plugin;
  private final Map<String, Object> values;

  private OptionValues(String plugin, Map<String, Object> values) {
    this.plugin = plugin;
    this.values = Collections.unmodifiableMap(values);
  }

  /**
   * Resolves the options a plugin declares: the configured value where there is one (a plain
   * value or a {@link ByRun} table), else the default.
   *
   * @param configured option name to raw value, for all plugins (names a plugin does not declare
   *     are ignored here; the context rejects names no plugin declares)
   * @param run the run, or null when it is not yet known (then a by-start-time table is an error)
   * @throws ConfigurationException naming the option and the bad value
   */
  public static OptionValues resolve(String plugin, List<Option<?>> options, Map<String, Object> configured, RunInfo run) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Option<?> o : options) {
      Object raw = configured.get(o.name());
      Object value;
      if (raw == null) {
        value = o.defaultValue();
      } else if (raw instanceof ByRun table) {
        if (run == null || (table.byStartTime() && run.start() < 0)) {
          throw new ConfigurationException(
              "option '" + o.name() + "' of plugin '" + plugin + "' varies by run start time, which is not known where it is needed");
        }
        value = o.coerce(table.valueFor(o, run));
      } else {
        value = o.coerce(raw);
      }
      out.put(o.name(), value);
    }
    return new OptionValues(plugin, out);
  }

  /** Defaults only: for tests and for plugins without configuration. */
  public static OptionValues defaults(String plugin, List<Option<?>> options) {
    return resolve(plugin, options, Map.of(), null);
  }

  /**
   * The value of {@code option}.
   *
   * @throws IllegalArgumentException if the plugin did not declare the option
   */
  @SuppressWarnings("unchecked")
  public <T> T get(Option<T> option) {
    Object v = values.get(option.name());
    if (v == null) {
      throw new IllegalArgumentException(
          "plugin '" + plugin + "' reads option '" + option.name() + "' but does not declare it; declared: " + values.keySet());
    }
    return (T) v;
  }

  /** Every value by option name, in declaration order. */
  public Map<String, Object> asMap() {
    return values;
  }

  /** The tracked values in lineage form: sorted by name, arrays as lists. */
  TreeMap<String, Object> trackedCanonical(List<Option<?>> options) {
    TreeMap<String, Object> m = new TreeMap<>();
    for (Option<?> o : options) {
      if (o.tracked()) {
        m.put(o.name(), o.canonical(values.get(o.name())));
      }
    }
    return m;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("{");
    values.forEach((k, v) -> sb.append(sb.length() > 1 ? ", " : "").append(k).append('=').append(Option.show(v)));
    return sb.append('}').toString();
  }
}
