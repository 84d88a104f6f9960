package org.strand.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strand.spark.cli.StrandCli;

/** A plugin from a separate jar runs when allowed, and is refused with a clear message when not. */
class UserPluginsTest {
  @TempDir
  static Path dir;

  static Path jar;

  static final String SOURCE = """
      package com.example;

      import org.strand.core.*;
      import org.strand.plugin.*;

      public final class DoubledArea extends ChunkPlugin {
        static final Schema SCHEMA = Schema.builder()
            .scalar("time", FieldType.INT64, "").scalar("endtime", FieldType.INT64, "")
            .scalar("doubled_area", FieldType.FLOAT64, "twice the peak area").build();

        public DoubledArea() {
          super(PluginSpec.builder("DoubledArea").version("7").provides("doubled_areas", SCHEMA).dependsOn("peak_basics").build());
        }

        @Override
        public Outputs compute(ChunkInput in) {
          Table p = in.table("peak_basics");
          Table out = Table.allocate(SCHEMA, p.rows());
          System.arraycopy(p.longs("time"), 0, out.longs("time"), 0, p.rows());
          System.arraycopy(p.longs("endtime"), 0, out.longs("endtime"), 0, p.rows());
          for (int i = 0; i < p.rows(); i++) {
            out.doubles("doubled_area")[i] = 2.0 * p.floats("area")[i];
          }
          return Outputs.of("doubled_areas", out);
        }
      }
      """;

  @BeforeAll
  static void buildPluginJar() throws Exception {
    jar = PluginJars.build(dir, "doubled-area.jar", "com.example.DoubledArea", SOURCE, System.getProperty("java.class.path"));
  }

  record Result(int code, String out, String err) {}

  static Result strandWithJar(String... args) throws Exception {
    return strandWith(jar, args);
  }

  /** strand with {@code pluginJar} on the class path plugins are loaded from. */
  static Result strandWith(Path pluginJar, String... args) throws Exception {
    Thread t = Thread.currentThread();
    ClassLoader before = t.getContextClassLoader();
    try (URLClassLoader loader = new URLClassLoader(new URL[] {pluginJar.toUri().toURL()}, UserPluginsTest.class.getClassLoader())) {
      t.setContextClassLoader(loader);
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int code = StrandCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
      return new Result(code, out.toString(), err.toString());
    } finally {
      t.setContextClassLoader(before);
    }
  }

  @Test
  void allowedPlugin_runs_andItsNameAndVersionEnterTheLineage() throws Exception {
    Path summary = dir.resolve("ok.json");
    Result r = strandWithJar("inprocess", "--output", dir.resolve("out-ok").toString(), "--generate", "1", "--run-size-mb", "1",
        "--plugins", "com.example.DoubledArea", "--targets", "peak_basics,doubled_areas", "--no-progress",
        "--summary-json", summary.toString());
    assertEquals(0, r.code(), r.err());
    JsonNode run = new ObjectMapper().readTree(summary.toFile()).get("runs").get(0);
    assertEquals(run.get("targets").get("peak_basics").get("rows").asLong(), run.get("targets").get("doubled_areas").get("rows").asLong());
    assertTrue(run.get("stages").has("plugin 'DoubledArea'"));
    String lineages = Files.readString(Files.list(dir.resolve("out-ok/_strand/lineages")).filter(p -> p.toString().contains("doubled_areas")).findFirst().orElseThrow());
    assertThat(lineages).contains("\"plugin\":\"DoubledArea\"", "\"version\":\"7\"");
  }

  @Test
  void pluginNotAllowed_isRefusedByName_andNeverRuns() throws Exception {
    Path out = dir.resolve("out-refused");
    Result r = strandWithJar("inprocess", "--output", out.toString(), "--generate", "1", "--run-size-mb", "1",
        "--targets", "doubled_areas", "--no-progress");
    assertEquals(2, r.code(), r.err());
    assertThat(r.err()).contains("unknown target 'doubled_areas'", "not allowed: [com.example.DoubledArea]", "--plugins");
    assertTrue(!Files.exists(out));
  }

  @Test
  void allowedPluginThatNoTargetNeeds_isRefusedByName_beforeAnythingIsWritten() throws Exception {
    for (String command : List.of("inprocess", "explain")) {
      Path out = dir.resolve("out-unneeded-" + command);
      Result r = strandWithJar(command, "--output", out.toString(), "--generate", "1", "--run-size-mb", "1",
          "--plugins", "com.example.DoubledArea");
      assertEquals(2, r.code(), command + ": " + r.err());
      assertThat(r.err()).contains("--plugins com.example.DoubledArea provides [doubled_areas]", "would never run",
          "--targets peak_basics,event_basics,doubled_areas");
      assertEquals(1, r.err().strip().lines().count(), r.err());
      assertTrue(!Files.exists(out), command + " wrote " + out);
    }
  }

  @Test
  void jarDeclaringAMissingClass_isNamedInTheError() throws Exception {
    Path broken = dir.resolve("broken-plugins.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(broken))) {
      out.putNextEntry(new JarEntry("META-INF/services/org.strand.plugin.Plugin"));
      out.write("# one plugin\ncom.example.Gone\n".getBytes(StandardCharsets.UTF_8));
    }
    Thread t = Thread.currentThread();
    ClassLoader before = t.getContextClassLoader();
    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL(), broken.toUri().toURL()}, UserPluginsTest.class.getClassLoader())) {
      t.setContextClassLoader(loader);
      StringWriter err = new StringWriter();
      int code = StrandCli.execute(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), "inprocess", "--output",
          dir.resolve("out-broken").toString(), "--generate", "1", "--plugins", "com.example.DoubledArea",
          "--targets", "doubled_areas", "--no-progress");
      assertEquals(2, code, err.toString());
      assertThat(err.toString()).contains("a plugin jar on the classpath is broken", "com.example.Gone", broken.getFileName().toString())
          .doesNotContain("doubled-area.jar");
    } finally {
      t.setContextClassLoader(before);
    }
  }

  @Test
  void pluginWhoseConstructorThrows_isRefusedWithTheConstructorsReason() throws Exception {
    Path failing = PluginJars.build(dir.resolve("failing"), "failing.jar", "com.example.NeedsCalibration", """
        package com.example;

        import org.strand.core.*;
        import org.strand.plugin.*;

        public final class NeedsCalibration extends ChunkPlugin {
          public NeedsCalibration() {
            super(PluginSpec.builder("NeedsCalibration").version("1")
                .provides("calibrated", Schema.builder().scalar("time", FieldType.INT64, "").scalar("endtime", FieldType.INT64, "").build())
                .dependsOn("peaks").build());
            throw new IllegalStateException("calibration file gains.json is missing");
          }

          @Override
          public Outputs compute(ChunkInput in) {
            throw new AssertionError("never made");
          }
        }
        """, System.getProperty("java.class.path"));
    Thread t = Thread.currentThread();
    ClassLoader before = t.getContextClassLoader();
    try (URLClassLoader loader = new URLClassLoader(new URL[] {failing.toUri().toURL()}, UserPluginsTest.class.getClassLoader())) {
      t.setContextClassLoader(loader);
      StringWriter err = new StringWriter();
      Path out = dir.resolve("out-ctor");
      int code = StrandCli.execute(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), "inprocess", "--output",
          out.toString(), "--generate", "1", "--plugins", "com.example.NeedsCalibration", "--targets", "calibrated", "--no-progress");
      assertEquals(2, code, err.toString());
      assertThat(err.toString()).contains("plugin class com.example.NeedsCalibration cannot be instantiated",
          "IllegalStateException: calibration file gains.json is missing");
      assertTrue(!Files.exists(out));
    } finally {
      t.setContextClassLoader(before);
    }
  }

  /** A plugin needing 'posrec', which nothing provides. */
  static Path needsPosrecJar() throws Exception {
    Path built = dir.resolve("needs-posrec/needs-posrec.jar");
    return Files.exists(built) ? built : PluginJars.build(dir.resolve("needs-posrec"), "needs-posrec.jar", "com.example.NeedsPosrec", """
        package com.example;

        import org.strand.core.*;
        import org.strand.plugin.*;

        public final class NeedsPosrec extends ChunkPlugin {
          static final Schema SCHEMA = Schema.builder().scalar("time", FieldType.INT64, "").scalar("endtime", FieldType.INT64, "").build();

          public NeedsPosrec() {
            super(PluginSpec.builder("NeedsPosrec").version("1").provides("corrected", SCHEMA).dependsOn("peaks", "posrec").build());
          }

          @Override
          public Outputs compute(ChunkInput in) {
            return Outputs.of("corrected", Table.allocate(SCHEMA, 0));
          }
        }
        """, System.getProperty("java.class.path"));
  }

  /** A plugin of its own for peak_basics, under the standard plugin's name and version. */
  static Path standardNamedPeakBasicsJar() throws Exception {
    Path built = dir.resolve("copy/copy.jar");
    return Files.exists(built) ? built : PluginJars.build(dir.resolve("copy"), "copy.jar", "com.example.MyPeakBasics", """
        package com.example;

        import org.strand.core.*;
        import org.strand.plugin.*;

        public final class MyPeakBasics extends ChunkPlugin {
          public MyPeakBasics() {
            super(PluginSpec.builder("PeakBasics").version("1").provides("peak_basics", org.strand.chain.ChainSchemas.PEAK_BASICS)
                .dependsOn("peaks").build());
          }

          @Override
          public Outputs compute(ChunkInput in) {
            return Outputs.of("peak_basics", Table.allocate(schema("peak_basics"), 0));
          }
        }
        """, System.getProperty("java.class.path"));
  }

  @Test
  void pluginDependingOnATypeNoPluginProvides_isRefusedBeforeAnyRun() throws Exception {
    Path needsPosrec = needsPosrecJar();
    for (String command : List.of("inprocess", "explain")) {
      Path out = dir.resolve("out-posrec-" + command);
      Result r = strandWith(needsPosrec, command, "--output", out.toString(), "--generate", "2", "--run-size-mb", "1",
          "--plugins", "com.example.NeedsPosrec", "--targets", "corrected");
      assertEquals(2, r.code(), command + ": " + r.err());
      assertThat(r.err()).contains("no plugin provides 'posrec', needed by plugin 'NeedsPosrec' for 'corrected'");
      assertEquals(1, r.err().strip().lines().count(), "one line, not one failure per run: " + r.err());
      assertTrue(!Files.exists(out), command + " wrote " + out);
    }
  }

  @Test
  void pluginReplacingAStandardOneUnderItsNameAndVersion_isRefused_asItsOutputWouldPassForTheStandardOnes() throws Exception {
    Path out = dir.resolve("out-copy");
    Result r = strandWith(standardNamedPeakBasicsJar(), "inprocess", "--output", out.toString(), "--generate", "1", "--run-size-mb", "1",
        "--plugins", "com.example.MyPeakBasics", "--targets", "peak_basics", "--no-progress");
    assertEquals(2, r.code(), r.err());
    assertThat(r.err()).contains("--plugins com.example.MyPeakBasics replaces the standard plugin for 'peak_basics'",
        "PeakBasics v1", "another name or version");
    assertTrue(!Files.exists(out));
  }

  /** Output of the standard chain and DoubledArea, made once for the sql tests. */
  static Path sqlOutput() throws Exception {
    Path out = dir.resolve("out-sql");
    if (!Files.exists(out)) {
      Result made = strandWithJar("inprocess", "--output", out.toString(), "--generate", "1", "--run-size-mb", "1",
          "--plugins", "com.example.DoubledArea", "--targets", "peak_basics,doubled_areas", "--no-progress");
      assertEquals(0, made.code(), made.err());
    }
    return out;
  }

  @Test
  void sql_pluginDependingOnATypeNoPluginProvides_isRefusedInOneLine() throws Exception {
    Path out = sqlOutput();
    Result r = strandWith(needsPosrecJar(), "sql", "--output", out.toString(), "--plugins", "com.example.NeedsPosrec",
        "--set", "hit_min_amplitude=15", "SELECT COUNT(*) FROM peak_basics");
    assertEquals(2, r.code(), r.err());
    assertThat(r.err()).startsWith("strand: no plugin provides 'posrec', needed by plugin 'NeedsPosrec' for 'corrected'");
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertEquals("", r.out(), "no result printed");
  }

  @Test
  void sql_pluginReplacingAStandardOneUnderItsNameAndVersion_isRefused_ratherThanShowTheStandardDataAsItsOwn() throws Exception {
    Path out = sqlOutput();
    Result r = strandWith(standardNamedPeakBasicsJar(), "sql", "--output", out.toString(), "--plugins", "com.example.MyPeakBasics",
        "--set", "hit_min_amplitude=15", "SELECT COUNT(*) FROM peak_basics");
    assertEquals(2, r.code(), r.err());
    assertThat(r.err()).startsWith("strand: --plugins com.example.MyPeakBasics replaces the standard plugin for 'peak_basics'")
        .contains("PeakBasics v1", "another name or version");
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertEquals("", r.out(), "no result printed: the standard plugin's peak_basics would have passed for this plugin's");
  }

  @Test
  void sql_pluginThatPassesTheChecks_selectsTheDataItMade() throws Exception {
    Path out = sqlOutput();
    // Spaces around names and an empty entry, as a hand-written list has them, are taken as for run.
    Result r = strandWithJar("sql", "--output", out.toString(), "--plugins", " com.example.DoubledArea ,", "--set", "hit_min_amplitude=15",
        "SELECT (SELECT COUNT(*) FROM doubled_areas) = (SELECT COUNT(*) FROM peak_basics) AS same");
    assertEquals(0, r.code(), r.err());
    assertEquals(List.of("same", "----", "true", "(1 row)"), r.out().lines().toList());
  }

  @Test
  void allowedPluginMissingFromClasspath_isAConfigurationError() throws Exception {
    Result r = strandWithJar("inprocess", "--output", dir.resolve("out-missing").toString(), "--generate", "1",
        "--plugins", "com.example.Nope", "--no-progress");
    assertEquals(2, r.code(), r.err());
    assertThat(r.err()).contains("plugin class com.example.Nope is not on the classpath", "com.example.DoubledArea");
    assertThat(r.err()).as("names a way that works for the strand script too: it has no --jars, and its driver never sees --conf spark.jars")
        .contains("STRAND_CLASSPATH");
    Result bad = strandWithJar("inprocess", "--output", dir.resolve("out-bad").toString(), "--generate", "1",
        "--plugins", "../evil", "--no-progress");
    assertEquals(2, bad.code());
    assertThat(bad.err()).contains("is not a Java class name");
    Result badSql = strandWithJar("sql", "--output", dir.resolve("out-bad").toString(), "--plugins", "../evil", "--set", "hit_min_amplitude=15",
        "SELECT 1");
    assertEquals(2, badSql.code());
    assertThat(badSql.err()).contains("--plugins: '../evil' is not a Java class name");
  }
}
