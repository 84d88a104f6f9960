package org.strand.spark;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.strand.core.ConfigurationException;
import org.strand.plugin.ByRun;
import org.strand.plugin.Option;
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
 *
 * <p>Numbers in a file are taken as written, by the rules of {@code --set} text: an integer is
 * plain decimal ({@code 20}, {@code -3}); YAML's other forms ({@code 0x10}, {@code 010} (octal 8),
 * {@code 1_000}, {@code +5}) reach the option as text, which refuses them by name. A number with
 * a point or an exponent is passed as a {@link BigDecimal}, which a float option takes and an
 * integer option refuses. YAML's {@code .nan}, {@code .inf} and {@code -.inf} are numbers (no
 * option of the standard chain takes NaN; each says so by name).
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
      String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
      JsonFactory factory = name.endsWith(".yaml") || name.endsWith(".yml") ? new YAMLFactory() : new JsonFactory();
      Object parsed;
      try (JsonParser parser = factory.createParser(file.toFile())) {
        parsed = parser.nextToken() == null ? null : value(parser);
      }
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

  /**
   * The value at the parser's current token, numbers as written (see the class comment). Jackson's
   * own reading would turn YAML's {@code 010} into 8 and fail on {@code .nan}, which is valid YAML.
   */
  private static Object value(JsonParser p) throws IOException {
    return switch (p.currentToken()) {
      case START_OBJECT -> {
        Map<String, Object> map = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String key = p.currentName();
          p.nextToken();
          map.put(key, value(p));
        }
        yield map;
      }
      case START_ARRAY -> {
        List<Object> list = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          list.add(value(p));
        }
        yield list;
      }
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> number(p.getText());
      case VALUE_TRUE -> Boolean.TRUE;
      case VALUE_FALSE -> Boolean.FALSE;
      case VALUE_NULL -> null;
      case VALUE_EMBEDDED_OBJECT -> p.getEmbeddedObject();
      default -> p.getText();
    };
  }

  /** A number's text as a Long (or BigInteger), a BigDecimal, NaN or an infinity, or else the text itself. */
  private static Object number(String text) {
    if (Option.isPlainInteger(text)) {
      BigInteger b = new BigInteger(text);
      return b.bitLength() < 64 ? (Object) b.longValue() : b;
    }
    if (Option.isPlainNumber(text)) {
      return new BigDecimal(text);
    }
    return switch (text.toLowerCase(Locale.ROOT)) {
      case ".nan" -> Double.NaN;
      case ".inf", "+.inf" -> Double.POSITIVE_INFINITY;
      case "-.inf" -> Double.NEGATIVE_INFINITY;
      default -> text;
    };
  }

  private static String describe(Object o) {
    return o == null ? "nothing" : o instanceof List ? "a list" : "a " + o.getClass().getSimpleName().toLowerCase(Locale.ROOT);
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
