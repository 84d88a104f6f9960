package org.strand.spark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
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
        throw new ConfigurationException("plugin class " + name + " is not on the classpath (add its jar with --jars, or spark.jars); found: "
            + (found.isEmpty() ? "none" : found.keySet()));
      }
      try {
        out.add(p.get());
      } catch (ServiceConfigurationError | RuntimeException e) {
        throw new ConfigurationException("plugin class " + name + " cannot be instantiated: " + e.getMessage());
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
      throw new ConfigurationException("a plugin jar on the classpath is broken: " + e.getMessage());
    }
    return found;
  }

  /** The class loader plugins come from: the thread's context loader (Spark's, in a task). */
  public static ClassLoader classLoader() {
    ClassLoader l = Thread.currentThread().getContextClassLoader();
    return l != null ? l : UserPlugins.class.getClassLoader();
  }
}
