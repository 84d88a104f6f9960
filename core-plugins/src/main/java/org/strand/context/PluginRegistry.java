package org.strand.context;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.strand.core.ConfigurationException;
import org.strand.plugin.Option;
import org.strand.plugin.Plugin;

/**
 * The plugins of a context, indexed by the types they provide and the options they declare.
 *
 * <p>Immutable and thread-safe. {@link #plus} returns a new registry in which each new plugin
 * replaces the plugins whose types it provides (as registering a plugin does in strax), so a
 * context can swap in an alternative implementation of a type.
 */
public final class PluginRegistry {
  private final List<Plugin> plugins;
  private final Map<String, Plugin> byType;
  private final Map<String, Option<?>> options;

  private PluginRegistry(List<Plugin> plugins) {
    Map<String, Plugin> types = new LinkedHashMap<>();
    Map<String, Option<?>> opts = new LinkedHashMap<>();
    for (Plugin p : plugins) {
      for (String t : p.provides()) {
        Plugin other = types.put(t, p);
        if (other != null) {
          throw new ConfigurationException(
              "two plugins provide '" + t + "': '" + other.name() + "' and '" + p.name() + "'");
        }
      }
      for (Option<?> o : p.options()) {
        Option<?> other = opts.putIfAbsent(o.name(), o);
        if (other != null && other.type() != o.type()) {
          throw new ConfigurationException("option '" + o.name() + "' is declared as " + other.type()
              + " by one plugin and as " + o.type() + " by '" + p.name() + "'");
        }
      }
    }
    this.plugins = List.copyOf(plugins);
    this.byType = Map.copyOf(types);
    this.options = Map.copyOf(opts);
  }

  /**
   * A registry of these plugins.
   *
   * @throws ConfigurationException if two provide the same type, or declare one option with two types
   */
  public static PluginRegistry of(Collection<? extends Plugin> plugins) {
    return new PluginRegistry(new ArrayList<>(plugins));
  }

  /**
   * This registry with {@code added}: each replaces the existing plugins it shares a type with.
   *
   * @throws ConfigurationException if two added plugins provide one type, or an added plugin
   *     replaces only some types of a multi-output plugin
   */
  public PluginRegistry plus(Collection<? extends Plugin> added) {
    PluginRegistry check = of(added);
    List<Plugin> kept = new ArrayList<>();
    for (Plugin p : plugins) {
      List<String> overridden = p.provides().stream().filter(check.byType::containsKey).toList();
      if (overridden.isEmpty()) {
        kept.add(p);
      } else if (overridden.size() != p.provides().size()) {
        throw new ConfigurationException("plugin '" + check.byType.get(overridden.get(0)).name() + "' replaces " + overridden
            + " but plugin '" + p.name() + "' also provides " + p.provides() + "; replace all of them");
      }
    }
    kept.addAll(added);
    return new PluginRegistry(kept);
  }

  public List<Plugin> plugins() {
    return plugins;
  }

  /** The plugin providing {@code type}, or null. */
  public Plugin provider(String type) {
    return byType.get(type);
  }

  /** Every provided type, sorted. */
  public TreeSet<String> types() {
    return new TreeSet<>(byType.keySet());
  }

  /** The option called {@code name} as some plugin declares it, or null. */
  public Option<?> option(String name) {
    return options.get(name);
  }

  /** Every declared option name, sorted. */
  public TreeSet<String> optionNames() {
    return new TreeSet<>(options.keySet());
  }
}
