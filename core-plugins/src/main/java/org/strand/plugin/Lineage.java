package org.strand.plugin;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.strand.core.CanonicalJson;
import org.strand.core.Names;

/**
 * Where a data type's values come from: the plugin that made it (name, version, option values
 * for the run) and the lineages of its inputs, hashed to a short stable string. Stored data is
 * reused only when its lineage hash matches exactly.
 *
 * <p>The hash is over one canonical encoding (see {@link #encoding()}): a JSON object with sorted
 * keys holding the type, plugin, version, tracked option values, and each input's hash. Because
 * inputs enter by hash, changing an option or version anywhere upstream changes every lineage
 * downstream, and nothing upstream. Golden tests pin concrete hash values so the encoding cannot
 * drift.
 *
 * <p>A lineage can also be {@linkplain #external external}: the hash another system gave its
 * data (strax's lineage hash), kept so provenance survives reprocessing.
 *
 * <p>Immutable and thread-safe.
 */
public final class Lineage {
  private static final Pattern HASH = Pattern.compile("[A-Za-z0-9]{1,64}");

  /** Characters of the SHA-256 digest's base32 form kept in a hash. */
  public static final int HASH_LENGTH = 12;

  private final String type;
  private final String plugin;
  private final String version;
  private final Map<String, Object> options;
  private final Map<String, Lineage> inputs;
  private final String origin;
  private final String hash;

  private Lineage(String type, String plugin, String version, Map<String, Object> options,
      Map<String, Lineage> inputs, String origin, String hash) {
    this.type = Names.requireIdentifier("data type", type);
    this.plugin = Objects.requireNonNull(plugin, "plugin");
    this.version = Objects.requireNonNull(version, "version");
    this.options = Collections.unmodifiableMap(new TreeMap<>(options));
    this.inputs = Collections.unmodifiableMap(new TreeMap<>(inputs));
    this.origin = origin;
    this.hash = hash != null ? hash : LineageHasher.hash(encoding());
  }

  /**
   * The lineage of {@code type} made by a plugin with these tracked option values (canonical
   * form: Long, Double, Boolean, String, lists) from inputs with these lineages.
   */
  public static Lineage of(String type, String plugin, String version, Map<String, Object> options, Map<String, Lineage> inputs) {
    return new Lineage(type, plugin, version, options, inputs, "strand", null);
  }

  /**
   * The lineage of data processed elsewhere, identified by that system's own hash.
   *
   * @param origin the other system, e.g. {@code strax}
   * @param hash its hash, letters and digits only
   */
  public static Lineage external(String origin, String type, String hash, String plugin, String version, Map<String, Object> options) {
    if (!isHash(hash)) {
      throw new IllegalArgumentException("invalid " + origin + " lineage hash '" + hash + "' for '" + type + "'");
    }
    return new Lineage(type, plugin, version, options, Map.of(), origin, hash);
  }

  /** Whether {@code s} has the form of a lineage hash, strand's or another system's: 1 to 64 letters and digits. */
  public static boolean isHash(String s) {
    return s != null && HASH.matcher(s).matches();
  }

  public String type() {
    return type;
  }

  /** The short hash that identifies this lineage in keys and paths. */
  public String hash() {
    return hash;
  }

  public String plugin() {
    return plugin;
  }

  public String version() {
    return version;
  }

  /** Tracked option values, sorted by name. */
  public Map<String, Object> options() {
    return options;
  }

  /** Input type to its lineage, sorted by type. */
  public Map<String, Lineage> inputs() {
    return inputs;
  }

  /** {@code strand}, or the system an external lineage comes from. */
  public String origin() {
    return origin;
  }

  public boolean isExternal() {
    return !"strand".equals(origin);
  }

  /** The canonical text that is hashed: inputs appear by their hashes. */
  public String encoding() {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("type", type);
    doc.put("plugin", plugin);
    doc.put("version", version);
    doc.put("options", options);
    Map<String, Object> in = new TreeMap<>();
    inputs.forEach((t, l) -> in.put(t, l.hash));
    doc.put("inputs", in);
    return CanonicalJson.write(doc);
  }

  /**
   * The full description as a JSON-ready tree: for this type and, recursively, every input:
   * type, hash, plugin, version, options, origin, inputs.
   */
  public Map<String, Object> describe() {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("type", type);
    doc.put("hash", hash);
    doc.put("origin", origin);
    doc.put("plugin", plugin);
    doc.put("version", version);
    doc.put("options", options);
    Map<String, Object> in = new TreeMap<>();
    inputs.forEach((t, l) -> in.put(t, l.describe()));
    doc.put("inputs", in);
    return doc;
  }

  /** {@link #describe()} as canonical JSON text. */
  public String toJson() {
    return CanonicalJson.write(describe());
  }

  /** Every plugin in this lineage by type, this type first, then inputs depth-first. */
  public Map<String, Lineage> flatten() {
    Map<String, Lineage> out = new LinkedHashMap<>();
    flattenInto(out);
    return out;
  }

  private void flattenInto(Map<String, Lineage> out) {
    if (out.putIfAbsent(type, this) == null) {
      inputs.values().forEach(l -> l.flattenInto(out));
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Lineage l && l.hash.equals(hash) && l.type.equals(type);
  }

  @Override
  public int hashCode() {
    return hash.hashCode();
  }

  @Override
  public String toString() {
    return type + "-" + hash;
  }
}
