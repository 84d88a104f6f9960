package org.strand.plugin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.strand.core.Names;
import org.strand.core.Schema;

/**
 * What a plugin declares: its name and version, the data types it provides with a schema each,
 * the types it depends on, its options and how it may be parallelised. Built with
 * {@link #builder(String)}.
 *
 * @param name the plugin's name, part of every lineage it produces
 * @param version bumped whenever results change; part of the lineage
 * @param schemas provided data type to its schema, in declaration order
 * @param dependsOn the data types it reads, in order
 * @param options its options, in declaration order
 * @param parallelism how its chunks may be spread over threads
 * @param channelField for {@link Parallelism#CHANNEL}: the field that holds the channel
 */
public record PluginSpec(
    String name,
    String version,
    Map<String, Schema> schemas,
    List<String> dependsOn,
    List<Option<?>> options,
    Parallelism parallelism,
    String channelField) {

  public PluginSpec {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("plugin name is blank");
    }
    if (version == null || version.isBlank()) {
      throw new IllegalArgumentException("plugin '" + name + "' has no version");
    }
    if (schemas.isEmpty()) {
      throw new IllegalArgumentException("plugin '" + name + "' provides no data type");
    }
    schemas.keySet().forEach(t -> Names.requireIdentifier("data type", t));
    dependsOn.forEach(t -> Names.requireIdentifier("data type", t));
    schemas = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(schemas));
    dependsOn = List.copyOf(dependsOn);
    options = List.copyOf(options);
    if (dependsOn.stream().distinct().count() != dependsOn.size()) {
      throw new IllegalArgumentException("plugin '" + name + "' depends on a type twice: " + dependsOn);
    }
    for (String t : schemas.keySet()) {
      if (dependsOn.contains(t)) {
        throw new IllegalArgumentException("plugin '" + name + "' depends on '" + t + "', which it provides");
      }
    }
    List<String> names = options.stream().map(Option::name).toList();
    if (names.stream().distinct().count() != names.size()) {
      throw new IllegalArgumentException("plugin '" + name + "' declares an option twice: " + names);
    }
    if (parallelism == Parallelism.CHANNEL) {
      if (channelField == null) {
        throw new IllegalArgumentException("channel-parallel plugin '" + name + "' names no channel field");
      }
      if (dependsOn.size() != 1) {
        throw new IllegalArgumentException("channel-parallel plugin '" + name + "' must have exactly one input, has " + dependsOn);
      }
      for (Map.Entry<String, Schema> e : schemas.entrySet()) {
        if (!e.getValue().has(channelField)) {
          throw new IllegalArgumentException(
              "channel-parallel plugin '" + name + "': output '" + e.getKey() + "' has no field '" + channelField + "'");
        }
      }
    }
  }

  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** The provided types, in declaration order. */
  public List<String> provides() {
    return List.copyOf(schemas.keySet());
  }

  /** Builds a {@link PluginSpec}. Not thread-safe. */
  public static final class Builder {
    private final String name;
    private String version;
    private final Map<String, Schema> schemas = new LinkedHashMap<>();
    private final List<String> dependsOn = new ArrayList<>();
    private final List<Option<?>> options = new ArrayList<>();
    private Parallelism parallelism = Parallelism.CHUNK;
    private String channelField;

    private Builder(String name) {
      this.name = name;
    }

    public Builder version(String version) {
      this.version = version;
      return this;
    }

    public Builder provides(String type, Schema schema) {
      if (schemas.put(type, Objects.requireNonNull(schema, "schema")) != null) {
        throw new IllegalArgumentException("plugin '" + name + "' provides '" + type + "' twice");
      }
      return this;
    }

    public Builder dependsOn(String... types) {
      dependsOn.addAll(List.of(types));
      return this;
    }

    public Builder options(Option<?>... opts) {
      options.addAll(List.of(opts));
      return this;
    }

    public Builder options(List<Option<?>> opts) {
      options.addAll(opts);
      return this;
    }

    public Builder parallelism(Parallelism p) {
      this.parallelism = p;
      return this;
    }

    /** Channel-parallel, splitting by {@code field}. */
    public Builder channelParallel(String field) {
      this.parallelism = Parallelism.CHANNEL;
      this.channelField = field;
      return this;
    }

    public PluginSpec build() {
      return new PluginSpec(name, version, schemas, dependsOn, options, parallelism, channelField);
    }
  }
}
