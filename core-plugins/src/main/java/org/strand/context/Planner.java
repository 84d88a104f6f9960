package org.strand.context;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.strand.core.ConfigurationException;
import org.strand.core.Names;
import org.strand.plugin.Lineage;
import org.strand.plugin.LineageHasher;
import org.strand.plugin.OptionValues;
import org.strand.plugin.Plugin;
import org.strand.plugin.RunInfo;
import org.strand.plugin.SourcePlugin;
import org.strand.plugin.SourceRun;
import org.strand.processing.RunPlan;
import org.strand.storage.DataKey;
import org.strand.storage.Storage;
import org.strand.storage.StoredData;

/**
 * Turns (run, targets) into a {@link RunPlan}.
 *
 * <p>First the dependency graph of the targets is walked depth-first, which finds unknown types,
 * missing dependencies (reported with the chain that needs them) and cycles (reported as the
 * cycle). Then the sources are opened (metadata only) to learn the run's time range, every
 * plugin's options are resolved for the run, and lineages are computed from the sources up.
 * Finally, walking down from the targets, a type whose exact lineage is in storage is loaded and
 * its ancestors are not visited; any other type is computed by its plugin, which then computes
 * all the types it provides. Computed types are saved as the save policy says.
 */
final class Planner {
  private final PluginRegistry registry;
  private final Map<String, Object> options;
  private final Storage storage;
  private final SavePolicy savePolicy;

  Planner(PluginRegistry registry, Map<String, Object> options, Storage storage, SavePolicy savePolicy) {
    this.registry = registry;
    this.options = options;
    this.storage = storage;
    this.savePolicy = savePolicy;
  }

  RunPlan plan(String runId, List<String> targets) {
    try {
      Names.requireRunId(runId);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(e.getMessage());
    }
    if (targets.isEmpty()) {
      throw new ConfigurationException("no targets given for run " + runId);
    }
    for (String t : targets) {
      if (registry.provider(t) == null) {
        throw new ConfigurationException("unknown target '" + t + "'; known types: " + registry.types());
      }
    }
    if (savePolicy.mode() == SavePolicy.Mode.LISTED) {
      for (String t : savePolicy.types()) {
        if (registry.provider(t) == null) {
          throw new ConfigurationException("cannot save unknown type '" + t + "'; known types: " + registry.types());
        }
      }
    }
    List<Plugin> order = dependencyOrder(targets);

    Map<Plugin, SourceRun> sources = new LinkedHashMap<>();
    try {
      RunInfo run = null;
      Map<Plugin, OptionValues> values = new LinkedHashMap<>();
      for (Plugin p : order) {
        if (p instanceof SourcePlugin source) {
          OptionValues v = OptionValues.resolve(p.name(), p.options(), options, RunInfo.unknown(runId));
          values.put(p, v);
          SourceRun opened = source.open(runId, v);
          sources.put(p, opened);
          if (run == null) {
            run = opened.info();
          }
        }
      }
      if (run == null) {
        throw new ConfigurationException("targets " + targets + " depend on no source plugin");
      }
      for (Plugin p : order) {
        if (!(p instanceof SourcePlugin)) {
          values.put(p, OptionValues.resolve(p.name(), p.options(), options, run));
        }
      }

      Map<String, Lineage> lineages = new LinkedHashMap<>();
      for (Plugin p : order) {
        Optional<Lineage> external = sources.containsKey(p) ? sources.get(p).externalLineage() : Optional.empty();
        for (String t : p.provides()) {
          if (external.isPresent()) {
            lineages.put(t, external.get());
            continue;
          }
          Map<String, Lineage> inputs = new LinkedHashMap<>();
          for (String d : p.dependsOn()) {
            inputs.put(d, lineages.get(d));
          }
          lineages.put(t, LineageHasher.lineageOf(t, p, values.get(p), inputs));
        }
      }

      Map<String, StoredData> loads = new LinkedHashMap<>();
      Set<Plugin> computed = new LinkedHashSet<>();
      Deque<String> todo = new ArrayDeque<>(targets);
      Set<String> seen = new LinkedHashSet<>();
      while (!todo.isEmpty()) {
        String t = todo.pop();
        if (!seen.add(t)) {
          continue;
        }
        Plugin p = registry.provider(t);
        if (computed.contains(p)) {
          continue;
        }
        Optional<StoredData> stored = p instanceof SourcePlugin || storage == null
            ? Optional.empty()
            : storage.find(new DataKey(runId, t, lineages.get(t).hash()));
        if (stored.isPresent()) {
          loads.put(t, stored.get());
        } else {
          computed.add(p);
          p.provides().forEach(loads::remove);
          todo.addAll(p.dependsOn());
        }
      }

      List<RunPlan.Step> steps = new ArrayList<>();
      Map<String, Lineage> planLineages = new LinkedHashMap<>();
      for (Plugin p : order) {
        if (computed.contains(p)) {
          Set<String> saved = new LinkedHashSet<>();
          for (String t : p.provides()) {
            planLineages.put(t, lineages.get(t));
            if (storage != null && savePolicy.saves(t, targets.contains(t), p instanceof SourcePlugin)) {
              saved.add(t);
            }
          }
          steps.add(new RunPlan.Step(RunPlan.Action.COMPUTE, p, values.get(p), p.provides(), null, sources.get(p), saved));
        } else {
          for (String t : p.provides()) {
            if (loads.containsKey(t)) {
              planLineages.put(t, lineages.get(t));
              steps.add(new RunPlan.Step(RunPlan.Action.LOAD, p, values.get(p), List.of(t), loads.get(t), null, Set.of()));
            }
          }
        }
      }
      // Sources whose outputs are not needed (everything downstream loaded) are closed now.
      for (Map.Entry<Plugin, SourceRun> e : sources.entrySet()) {
        if (!computed.contains(e.getKey())) {
          e.getValue().close();
        }
      }
      return new RunPlan(run, targets, steps, planLineages, storage);
    } catch (RuntimeException e) {
      sources.values().forEach(SourceRun::close);
      throw e;
    }
  }

  /**
   * The plugins the targets need, each after its dependencies.
   *
   * @throws ConfigurationException for a missing dependency (with the chain) or a cycle
   */
  List<Plugin> dependencyOrder(List<String> targets) {
    List<Plugin> order = new ArrayList<>();
    Set<Plugin> done = new LinkedHashSet<>();
    for (String t : targets) {
      visit(t, new ArrayList<>(), done, order);
    }
    return order;
  }

  private void visit(String type, List<String> path, Set<Plugin> done, List<Plugin> order) {
    Plugin p = registry.provider(type);
    if (p == null) {
      List<String> chain = new ArrayList<>(path);
      chain.add(type);
      throw new ConfigurationException("no plugin provides '" + type + "', needed by "
          + registry.provider(path.get(path.size() - 1)).name() + " (chain: " + String.join(" -> ", chain) + ")");
    }
    if (done.contains(p)) {
      return;
    }
    int at = path.indexOf(type);
    if (at >= 0) {
      List<String> cycle = new ArrayList<>(path.subList(at, path.size()));
      cycle.add(type);
      throw new ConfigurationException("dependency cycle: " + String.join(" -> ", cycle));
    }
    for (String other : p.provides()) {
      int i = path.indexOf(other);
      if (i >= 0) {
        List<String> cycle = new ArrayList<>(path.subList(i, path.size()));
        cycle.add(type);
        throw new ConfigurationException("dependency cycle: " + String.join(" -> ", cycle) + " (both provided by '" + p.name() + "')");
      }
    }
    path.add(type);
    for (String d : p.dependsOn()) {
      visit(d, path, done, order);
    }
    path.remove(path.size() - 1);
    if (done.add(p)) {
      order.add(p);
    }
  }
}
