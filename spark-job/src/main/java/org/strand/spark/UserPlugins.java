package org.strand.spark;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.regex.Pattern;
import org.strand.context.PluginRegistry;
import org.strand.core.ConfigurationException;
import org.strand.plugin.Plugin;

/**
 * Plugins of the user's own: classes in a jar on the classpath (spark-submit's {@code --jars}),
 * declared in the jar's {@code META-INF/services/org.strand.plugin.Plugin}, and enabled only when
 * their class is named in the job's allow-list ({@code --plugins}). A discovered class that is not
 * named is never instantiated, so no code from an unnamed jar runs; nothing is ever loaded from
 * data or config files.
 *
 * <p>Every command that takes {@code --plugins} holds the loaded plugins to the same checks
 * ({@link #requireOwnLineage}, {@link #typesNeeded}), so that {@code run} and {@code sql} refuse
 * the same plugins with the same messages.
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

  /**
   * A plugin of the user's replacing one of the standard chain's must not carry its name and
   * version: a lineage is made of those (not of the class), so its output would have the
   * standard plugin's lineage, and data published by either would be taken for the other's.
   *
   * @param classes the allowed class names, as given to {@link #load}
   * @param user the plugins {@link #load} made of them, one per class in the same order
   * @param standard the registry the user's plugins are about to join
   * @throws ConfigurationException naming the class, the plugin name and version, and the type
   */
  public static void requireOwnLineage(List<String> classes, List<Plugin> user, PluginRegistry standard) {
    for (int i = 0; i < user.size(); i++) {
      Plugin p = user.get(i);
      for (String type : p.provides()) {
        Plugin replaced = standard.provider(type);
        if (replaced != null && replaced.name().equals(p.name()) && replaced.version().equals(p.version())) {
          throw new ConfigurationException("--plugins " + classes.get(i) + " replaces the standard plugin for '" + type
              + "' under its own name and version (" + p.name() + " v" + p.version() + "), so its output would have the standard"
              + " one's lineage and be taken for it; give it another name or version");
        }
      }
    }
  }

  /**
   * The types needed to make {@code types}: they and, through their providers' dependencies,
   * every type they are made from. A type no plugin provides would fail every run alike, so it is
   * refused here, before any run starts.
   *
   * @param types types that {@code registry} provides
   * @param allowed the classes allowed with {@code --plugins}, to name the others in the message
   * @throws ConfigurationException naming the type that no plugin provides and the plugin needing it
   */
  public static Set<String> typesNeeded(Collection<String> types, PluginRegistry registry, List<String> allowed) {
    Set<String> needed = new LinkedHashSet<>();
    Deque<String> todo = new ArrayDeque<>(types);
    while (!todo.isEmpty()) {
      String type = todo.pop();
      if (!needed.add(type)) {
        continue;
      }
      // Given types have a provider; each dependency is checked before it is queued.
      Plugin provider = registry.provider(type);
      for (String dependency : provider.dependsOn()) {
        if (registry.provider(dependency) == null) {
          throw new ConfigurationException("no plugin provides '" + dependency + "', needed by plugin '" + provider.name() + "' for '"
              + type + "'; known types: " + registry.types() + notAllowedHint(allowed));
        }
        todo.add(dependency);
      }
    }
    return needed;
  }

  /**
   * Names the plugin classes on the classpath that are not allowed, for messages about a type
   * nobody provides: " (plugins on the classpath but not allowed: [...]; ...)", or "".
   */
  static String notAllowedHint(List<String> allowed) {
    List<String> others = new ArrayList<>(discover(classLoader()).keySet());
    others.removeAll(allowed);
    return others.isEmpty() ? "" : " (plugins on the classpath but not allowed: " + others + "; enable one with --plugins CLASS)";
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
