package org.strand.spark;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.regex.Pattern;
import org.strand.core.ConfigurationException;
import org.strand.plugin.Plugin;

/**
 * Plugins of the user's own: classes in a jar on the classpath (spark-submit's {@code --jars}),
 * declared in the jar's {@code META-INF/services/org.strand.plugin.Plugin}, and enabled only when
 * their class is named in the job's allow-list ({@code --plugins}). A discovered class that is not
 * named is never instantiated, so no code from an unnamed jar runs; nothing is ever loaded from
 * data or config files.
 */
public final class UserPlugins {
  private UserPlugins() {}

  /**
   * Instantiates the allowed plugin classes found on {@code loader}'s classpath.
   *
   * @throws ConfigurationException naming a class that is allowed but not found (or cannot be made)
   */
  public static List<Plugin> load(List<String> allowed, ClassLoader loader) {
    if (allowed.isEmpty()) {
      return List.of();
    }
    Map<String, ServiceLoader.Provider<Plugin>> found = discover(loader);
    List<Plugin> out = new ArrayList<>();
    for (String name : allowed) {
      ServiceLoader.Provider<Plugin> p = found.get(name);
      if (p == null) {
        throw new ConfigurationException("plugin class " + name + " is not on the classpath (add its jar with spark-submit's --jars, as"
            + " strand-submit --jars JAR passes it, or with STRAND_CLASSPATH=JAR for the strand script); found: "
            + (found.isEmpty() ? "none" : found.keySet()));
      }
      try {
        out.add(p.get());
      } catch (ServiceConfigurationError | RuntimeException e) {
        // ServiceLoader says only "could not be instantiated"; what the constructor (or the class's
        // initializer) threw is the reason the user can act on.
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
          root = root.getCause();
        }
        throw new ConfigurationException("plugin class " + name + " cannot be instantiated: "
            + (root == e ? e.getMessage() : root.getClass().getSimpleName() + ": " + RunResult.oneLine(root)));
      }
    }
    return out;
  }

  /** The plugin classes declared on the classpath, by class name, without instantiating any. */
  public static Map<String, ServiceLoader.Provider<Plugin>> discover(ClassLoader loader) {
    Map<String, ServiceLoader.Provider<Plugin>> found = new LinkedHashMap<>();
    try {
      ServiceLoader.load(Plugin.class, loader).stream().forEach(p -> found.put(p.type().getName(), p));
    } catch (ServiceConfigurationError e) {
      throw new ConfigurationException("a plugin jar on the classpath is broken: " + e.getMessage() + declaredIn(e.getMessage(), loader));
    }
    return found;
  }

  private static final String SERVICES = "META-INF/services/" + Plugin.class.getName();

  /**
   * Where the class a {@link ServiceLoader} error names is declared, so the user knows which of
   * several jars to mend: " (declared in URL, ...)", or "" when no declaration names it.
   */
  private static String declaredIn(String error, ClassLoader loader) {
    if (error == null) {
      return "";
    }
    List<String> where = new ArrayList<>();
    try {
      for (URL url : Collections.list(loader.getResources(SERVICES))) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(url.openStream(), StandardCharsets.UTF_8))) {
          for (String line = r.readLine(); line != null; line = r.readLine()) {
            String name = line.replaceAll("#.*", "").trim();
            if (!name.isEmpty() && Pattern.compile("\\b" + Pattern.quote(name) + "(\\s|$)").matcher(error).find()) {
              where.add(url.toString());
              break;
            }
          }
        }
      }
    } catch (IOException e) {
      return " (the jars' " + SERVICES + " cannot be read: " + e.getMessage() + ")";
    }
    return where.isEmpty() ? "" : " (declared in " + String.join(", ", where) + "; mend or remove that jar)";
  }

  /** The class loader plugins come from: the thread's context loader (Spark's, in a task). */
  public static ClassLoader classLoader() {
    ClassLoader l = Thread.currentThread().getContextClassLoader();
    return l != null ? l : UserPlugins.class.getClassLoader();
  }
}
