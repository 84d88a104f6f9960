package org.strand.spark.sql;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.strand.chain.StandardChain;
import org.strand.context.Context;
import org.strand.core.ConfigurationException;
import org.strand.plugin.Lineage;
import org.strand.plugin.LineageHasher;
import org.strand.plugin.OptionValues;
import org.strand.plugin.Plugin;
import org.strand.plugin.RunInfo;
import org.strand.storage.dataset.ManifestEntry;

/**
 * Which lineage of each (type, run) a view shows. An output root can hold several lineages of a
 * type (a changed option writes a new one beside the old); a view shows at most one per run.
 *
 * <ul>
 *   <li>{@link #newest()}: the lineage published last, per run.
 *   <li>{@link #pinned(List)}: lineages given by hash. A pinned hash fixes its type and, through
 *       the lineage tree, every type it was made from; a type made from a pinned one shows only
 *       lineages made from it. So pinning {@code peak_basics}' hash gives the {@code event_basics}
 *       made from those peaks. Among what is left, the newest per run.
 *   <li>{@link #options(Map, List)}: the lineages that {@code strand run} with these option values
 *       makes. For each published lineage the tree is recomputed with the current plugins, the
 *       given values (per run, for values that vary by run) and every other option at its default,
 *       keeping the recorded source (raw data's own lineage is not set by options); a lineage is
 *       shown when the recomputed hash equals it. Data made by an older plugin version or by a
 *       plugin not loaded here never matches.
 * </ul>
 *
 * <p>Immutable; {@link #select} is thread-safe.
 */
public final class LineageSelection {
  private enum Mode { NEWEST, PINNED, OPTIONS }

  private final Mode mode;
  private final List<String> pinned;
  private final Context context;

  private LineageSelection(Mode mode, List<String> pinned, Context context) {
    this.mode = mode;
    this.pinned = pinned;
    this.context = context;
  }

  /** The newest lineage of each run. */
  public static LineageSelection newest() {
    return new LineageSelection(Mode.NEWEST, List.of(), null);
  }

  /**
   * The given lineage hashes and what agrees with them.
   *
   * @throws IllegalArgumentException if no hash is given
   */
  public static LineageSelection pinned(List<String> hashes) {
    if (hashes.isEmpty()) {
      throw new IllegalArgumentException("no lineage hash given");
    }
    return new LineageSelection(Mode.PINNED, List.copyOf(hashes), null);
  }

  /**
   * The lineages that the standard chain (and {@code plugins}, already loaded) makes with these
   * option values.
   *
   * @param values option name to value, as a context takes them (plain values or by-run tables)
   * @throws ConfigurationException for an unknown option or a bad value, naming it
   */
  public static LineageSelection options(Map<String, Object> values, List<Plugin> plugins) {
    Context ctx = Context.of(StandardChain.plugins());
    if (!plugins.isEmpty()) {
      ctx = ctx.withPlugins(plugins);
    }
    return new LineageSelection(Mode.OPTIONS, List.of(), ctx.withOptions(values));
  }

  /** What the selection shows, for messages. */
  public String describe() {
    return switch (mode) {
      case NEWEST -> "the newest lineage of each run";
      case PINNED -> "lineage " + String.join(", ", pinned);
      case OPTIONS -> "the lineages made with options " + context.options();
    };
  }

  /**
   * The chosen entries: type to its entries, at most one per run, sorted by run.
   *
   * @throws ConfigurationException if a pinned hash is in no lineage of the root, or two pinned
   *     hashes disagree on a type's lineage
   */
  Map<String, List<ManifestEntry>> select(OutputCatalog catalog) {
    List<Map<String, String>> pins = mode == Mode.PINNED ? pinnedTrees(catalog) : List.of();
    Map<String, Boolean> matches = new HashMap<>();
    Map<String, Map<String, ManifestEntry>> chosen = new TreeMap<>();
    for (ManifestEntry e : catalog.entries()) {
      boolean keep = switch (mode) {
        case NEWEST -> true;
        case PINNED -> agrees(catalog.lineage(e.type(), e.lineage()).hashes(), pins);
        case OPTIONS -> matches.computeIfAbsent(e.type() + "-" + e.lineage() + "-" + e.runId(), k -> made(catalog, e));
      };
      if (keep) {
        chosen.computeIfAbsent(e.type(), t -> new TreeMap<>()).merge(e.runId(), e,
            (a, b) -> a.published().isAfter(b.published()) ? a : b);
      }
    }
    Map<String, List<ManifestEntry>> out = new LinkedHashMap<>();
    chosen.forEach((type, byRun) -> out.put(type, new ArrayList<>(byRun.values())));
    return out;
  }

  /**
   * Where the newest lineages mix: a type shown with several lineages across its runs (runs
   * reprocessed with other options, or by-run option values), or a run whose types disagree (its
   * {@code event_basics} made from other {@code peak_basics} than those shown). Empty for the
   * other selections, which choose a configuration.
   */
  List<String> mixes(OutputCatalog catalog, Map<String, List<ManifestEntry>> chosen) {
    if (mode != Mode.NEWEST) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    Map<String, Map<String, String>> lineageByRun = new TreeMap<>();
    chosen.forEach((type, entries) -> {
      Set<String> hashes = new TreeSet<>();
      for (ManifestEntry e : entries) {
        hashes.add(e.lineage());
        lineageByRun.computeIfAbsent(e.runId(), r -> new TreeMap<>()).put(type, e.lineage());
      }
      if (hashes.size() > 1) {
        out.add(type + " has " + hashes.size() + " lineages across runs " + hashes);
      }
    });
    lineageByRun.forEach((run, shown) -> shown.forEach((type, hash) -> {
      Map<String, String> tree = catalog.lineage(type, hash).hashes();
      shown.forEach((other, otherHash) -> {
        String madeFrom = tree.get(other);
        if (!other.equals(type) && madeFrom != null && !madeFrom.equals(otherHash)) {
          out.add("run " + run + "'s " + type + " (" + hash + ") was made from other " + other + " (" + madeFrom
              + ") than those shown (" + otherHash + ")");
        }
      });
    }));
    return out;
  }

  private List<Map<String, String>> pinnedTrees(OutputCatalog catalog) {
    List<Map<String, String>> out = new ArrayList<>();
    for (String hash : pinned) {
      OutputCatalog.LineageInfo found = null;
      for (OutputCatalog.LineageInfo l : catalog.lineages()) {
        if (l.hash().equals(hash)) {
          found = l;
          break;
        }
      }
      if (found == null) {
        List<String> known = new ArrayList<>();
        catalog.lineages().forEach(l -> known.add(l.type() + " " + l.hash()));
        throw new ConfigurationException("no data in " + catalog.storage().root() + " has lineage " + hash + "; its lineages: " + known);
      }
      out.add(found.hashes());
    }
    for (int i = 0; i < out.size(); i++) {
      for (int j = i + 1; j < out.size(); j++) {
        String conflict = conflict(out.get(i), out.get(j));
        if (conflict != null) {
          throw new ConfigurationException("--lineage " + pinned.get(i) + " and " + pinned.get(j) + " conflict: " + conflict
              + "; a view shows one lineage of a type, so give lineages that agree (or run sql once for each)");
        }
      }
    }
    return out;
  }

  /** The types on which two lineage trees disagree, or null when they agree. */
  private static String conflict(Map<String, String> a, Map<String, String> b) {
    Set<String> types = new TreeSet<>();
    a.forEach((type, hash) -> {
      String other = b.get(type);
      if (other != null && !other.equals(hash)) {
        types.add(type);
      }
    });
    return types.isEmpty() ? null : "they hold different lineages of " + String.join(", ", types);
  }

  /** True when every type that both trees name has the same hash in both. */
  private static boolean agrees(Map<String, String> tree, List<Map<String, String>> pins) {
    for (Map<String, String> pin : pins) {
      for (Map.Entry<String, String> p : pin.entrySet()) {
        String mine = tree.get(p.getKey());
        if (mine != null && !mine.equals(p.getValue())) {
          return false;
        }
      }
    }
    return true;
  }

  /** True when this selection's plugins and options make exactly the entry's lineage. */
  private boolean made(OutputCatalog catalog, ManifestEntry e) {
    OutputCatalog.LineageInfo info = catalog.lineage(e.type(), e.lineage());
    if (info.tree() == null) {
      return false;
    }
    RunInfo run = new RunInfo(e.runId(), e.start(), e.end(), 0);
    Lineage recomputed = recompute(info.tree(), run);
    return recomputed != null && recomputed.hash().equals(e.lineage());
  }

  /** The lineage the current plugins would give this recorded tree's type; null when they cannot. */
  private Lineage recompute(JsonNode node, RunInfo run) {
    String type = node.path("type").asText(null);
    String hash = node.path("hash").asText(null);
    if (type == null || hash == null) {
      return null;
    }
    JsonNode inputs = node.path("inputs");
    if (inputs.size() == 0 || !"strand".equals(node.path("origin").asText("strand"))) {
      // The source: its lineage comes from the raw data, not from the options chosen here.
      return Lineage.external("recorded", type, hash, node.path("plugin").asText(""), node.path("version").asText(""), Map.of());
    }
    Plugin plugin = context.registry().provider(type);
    if (plugin == null || !Objects.equals(plugin.name(), node.path("plugin").asText(null))) {
      return null;
    }
    Map<String, Lineage> in = new LinkedHashMap<>();
    var it = inputs.fields();
    while (it.hasNext()) {
      var child = it.next();
      Lineage l = recompute(child.getValue(), run);
      if (l == null) {
        return null;
      }
      in.put(child.getKey(), l);
    }
    OptionValues values;
    try {
      values = OptionValues.resolve(plugin.name(), plugin.options(), context.options(), run);
    } catch (ConfigurationException ex) {
      return null;
    }
    return LineageHasher.lineageOf(type, plugin, values, in);
  }
}
