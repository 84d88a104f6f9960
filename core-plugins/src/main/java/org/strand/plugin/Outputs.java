package org.strand.plugin;

import java.util.LinkedHashMap;
import java.util.Map;
import org.strand.core.Table;

/**
 * What a compute returns: one table per provided type, covering the chunk's time range. The
 * processor wraps each into a checked chunk.
 */
public final class Outputs {
  private final Map<String, Table> tables;

  private Outputs(Map<String, Table> tables) {
    this.tables = tables;
  }

  public static Outputs of(String type, Table table) {
    Map<String, Table> m = new LinkedHashMap<>();
    m.put(type, table);
    return new Outputs(m);
  }

  public static Outputs of(Map<String, Table> tables) {
    return new Outputs(new LinkedHashMap<>(tables));
  }

  /** The table of {@code type}, or null when the compute did not return one. */
  public Table get(String type) {
    return tables.get(type);
  }

  public Map<String, Table> tables() {
    return java.util.Collections.unmodifiableMap(tables);
  }
}
