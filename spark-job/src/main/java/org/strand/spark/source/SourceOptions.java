package org.strand.spark.source;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.strand.core.ConfigurationException;
import org.strand.core.Names;
import org.strand.plugin.Lineage;

/**
 * The options of the {@code strand} data source, checked.
 *
 * <ul>
 *   <li>{@code path} (required): a strand chunk store, a strand Arrow dataset root or a strax
 *       data directory, on any Hadoop file system;
 *   <li>{@code type} (required): the data type, e.g. {@code raw_records} or {@code peaks};
 *   <li>{@code runs}: comma-separated run ids to read (default: every run of the type);
 *   <li>{@code lineage}: the lineage hash to read (strand's, or strax's for strax data); needed
 *       only when a run holds the type with several lineages.
 * </ul>
 *
 * @param path the root
 * @param type the data type
 * @param runs the run ids asked for, in order; empty for all
 * @param lineage the lineage asked for, if any
 */
record SourceOptions(String path, String type, List<String> runs, Optional<String> lineage) {
  static final String PATH = "path";
  static final String TYPE = "type";
  static final String RUNS = "runs";
  static final String LINEAGE = "lineage";

  SourceOptions {
    runs = List.copyOf(runs);
  }

  /**
   * Parses Spark's options (keys compared without case, as Spark does).
   *
   * @throws ConfigurationException naming the option and the bad value
   */
  static SourceOptions parse(Map<String, String> options) {
    Map<String, String> o = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    o.putAll(options);
    String path = o.get(PATH);
    if (path == null || path.isBlank()) {
      throw new ConfigurationException("the strand data source needs option 'path': a strand chunk store, Arrow dataset root or strax data directory");
    }
    String type = o.get(TYPE);
    if (type == null || type.isBlank()) {
      throw new ConfigurationException("the strand data source needs option 'type': the data type to read, e.g. 'raw_records' or 'peaks'");
    }
    try {
      Names.requireIdentifier("data type", type.strip());
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException("option 'type': " + e.getMessage());
    }
    List<String> runs = new ArrayList<>();
    String runList = o.get(RUNS);
    if (runList != null) {
      for (String r : runList.split(",", -1)) {
        String id = r.strip();
        if (!Names.isValidRunId(id)) {
          throw new ConfigurationException("option 'runs': '" + id + "' is not a valid run id (in '" + runList + "')");
        }
        if (!runs.contains(id)) {
          runs.add(id);
        }
      }
    }
    String lineage = o.get(LINEAGE);
    if (lineage != null && !Lineage.isHash(lineage.strip())) {
      throw new ConfigurationException("option 'lineage': '" + lineage + "' is not a lineage hash (letters and digits)");
    }
    return new SourceOptions(path.strip(), type.strip(), runs, Optional.ofNullable(lineage).map(String::strip));
  }
}
