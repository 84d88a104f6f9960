package org.strand.spark;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.strand.core.ConfigurationException;
import org.strand.plugin.ByRun;
import org.strand.storage.fs.RegularFiles;

/**
 * Plugin option values from a config file (JSON or YAML, a map of option name to value) and from
 * {@code --set name=value} arguments, which win over the file.
 *
 * <p>A value that varies by run is written as a map with one key, {@code by_run} (first run id to
 * value) or {@code by_start_time} (first run start in ns to value):
 * <pre>{@code
 * to_pe:
 *   by_run:
 *     "000000": [0.011, 0.011, ...]
 *     "001000": [0.012, 0.012, ...]
 * }</pre>
 */
public final class OptionConfig {
  /** Config files larger than this are refused. */
  public static final long MAX_CONFIG_BYTES = 16L << 20;

  private OptionConfig() {}

  /**
   * Reads a config file. YAML when the name ends in {@code .yaml} or {@code .yml}, else JSON.
   *
   * @throws ConfigurationException naming the file when it is missing, too large or not a map
   */
  public static Map<String, Object> read(Path file) {
    if (!Files.isRegularFile(file)) {
      // Never opened unless regular: a named pipe would block the command until something wrote to it.
      throw new ConfigurationException("config file " + file + " " + RegularFiles.problem(file).orElse("does not exist"));
    }
    try {
      long size = Files.size(file);
      if (size > MAX_CONFIG_BYTES) {
        throw new ConfigurationException("config file " + file + " is " + size + " bytes, more than the limit of " + MAX_CONFIG_BYTES);
      }
      String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
      ObjectMapper mapper = name.endsWith(".yaml") || name.endsWith(".yml") ? new ObjectMapper(new YAMLFactory()) : new ObjectMapper();
      Object parsed = mapper.readValue(file.toFile(), Object.class);
      if (!(parsed instanceof Map<?, ?> map)) {
        throw new ConfigurationException("config file " + file + " must hold a map of option names to values, not " + describe(parsed));
      }
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(String.valueOf(k), v));
      return out;
    } catch (JsonProcessingException e) {
      throw new ConfigurationException("config file " + file + " is not valid " + (file.toString().matches("(?i).*\\.ya?ml") ? "YAML" : "JSON")
          + ": " + e.getOriginalMessage().replaceAll("\\s*\\R\\s*", " "));
    } catch (IOException e) {
      throw new ConfigurationException("cannot read config file " + file + ": " + e.getMessage());
    }
  }

  private static String describe(Object o) {
    return o == null ? "nothing" : o instanceof List ? "a list" : "a " + o.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * Parses {@code name=value} arguments; values stay text and are converted by each option.
   *
   * @throws ConfigurationException for an argument without {@code =}
   */
  public static Map<String, Object> parseSets(List<String> sets) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (String s : sets) {
      int eq = s.indexOf('=');
      if (eq <= 0) {
        throw new ConfigurationException("--set expects option=value, got '" + s + "'");
      }
      out.put(s.substring(0, eq).trim(), s.substring(eq + 1));
    }
    return out;
  }

  /**
   * The values in the form a Context takes: {@code by_run} and {@code by_start_time} maps become
   * {@link ByRun} tables; everything else is passed as is.
   */
  public static Map<String, Object> toContextValues(Map<String, Object> raw) {
    Map<String, Object> out = new LinkedHashMap<>();
    raw.forEach((name, value) -> out.put(name, convert(name, value)));
    return out;
  }

  private static Object convert(String name, Object value) {
    if (value instanceof Map<?, ?> m) {
      if (m.size() == 1 && m.containsKey("by_run") && m.get("by_run") instanceof Map<?, ?> table) {
        Map<String, Object> entries = new LinkedHashMap<>();
        table.forEach((k, v) -> entries.put(String.valueOf(k), v));
        return ByRun.fromRuns(entries);
      }
      if (m.size() == 1 && m.containsKey("by_start_time") && m.get("by_start_time") instanceof Map<?, ?> table) {
        Map<Long, Object> entries = new LinkedHashMap<>();
        table.forEach((k, v) -> {
          try {
            entries.put(Long.parseLong(String.valueOf(k)), v);
          } catch (NumberFormatException e) {
            throw new ConfigurationException("option '" + name + "': by_start_time key '" + k + "' is not an integer time in ns");
          }
        });
        return ByRun.fromStartTimes(entries);
      }
      throw new ConfigurationException("option '" + name + "' is a map; the only maps allowed are {by_run: {...}} and {by_start_time: {...}}");
    }
    return value;
  }
}
