package org.strand.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** A user's plugin in a jar of its own, compiled at test time against strand's API. */
public final class PluginJars {
  private PluginJars() {}

  /**
   * Compiles one plugin class from {@code source} against {@code classPath} and packs it, declared
   * as a {@code org.strand.plugin.Plugin} service, into {@code dir/<jarName>}.
   *
   * @param className the plugin's fully qualified name, which the source must declare
   */
  public static Path build(Path dir, String jarName, String className, String source, String classPath) throws IOException {
    String file = className.replace('.', '/');
    Path java = dir.resolve("src").resolve(file + ".java");
    Files.createDirectories(java.getParent());
    Files.writeString(java, source);
    Path classes = Files.createDirectories(dir.resolve("classes"));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    assumeTrue(javac != null, "no Java compiler in this runtime to build a test plugin");
    int rc = javac.run(null, null, null, "-classpath", classPath, "-d", classes.toString(), java.toString());
    assertEquals(0, rc, "the test plugin " + className + " compiles");
    Path jar = dir.resolve(jarName);
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      out.putNextEntry(new JarEntry(file + ".class"));
      out.write(Files.readAllBytes(classes.resolve(file + ".class")));
      out.putNextEntry(new JarEntry("META-INF/services/org.strand.plugin.Plugin"));
      out.write((className + "\n").getBytes(StandardCharsets.UTF_8));
    }
    return jar;
  }
}
