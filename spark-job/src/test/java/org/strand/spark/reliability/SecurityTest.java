package org.strand.spark.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strand.spark.PluginJars;
import org.strand.spark.testing.StraxCopies;
import org.strand.storage.testing.SharedData;

/**
 * What comes from outside (strax directories and their metadata, run lists, config files, the
 * classpath) cannot make strand write outside its output root, load code, or exhaust memory.
 * Names entering from the command line, runs files and config files are covered case by case in
 * {@code CommandLineErrorsTest}; here are the inputs a job reads while it runs, and the code.
 */
@Tag("reliability")
class SecurityTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String HASH = "aefc63wawj";
  private static final String META = "raw_records-" + HASH + "-metadata.json";

  @TempDir
  Path dir;

  /** Every path under {@code root}, relative, except those under {@code excluded}. */
  private static Set<String> tree(Path root, Path... excluded) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(p -> Stream.of(excluded).noneMatch(p::startsWith)).map(p -> root.relativize(p).toString())
          .collect(Collectors.toCollection(TreeSet::new));
    }
  }

  @Test
  void craftedStraxInput_neverSteersAWriteOutsideTheOutputRoot_badRunsFailNamingTheirFiles() throws Exception {
    Path reference = SharedData.reference("strax-small/strax_data");
    Path work = dir.resolve("work");
    Path input = work.resolve("strax");
    StraxCopies.copyRun(reference, "000001", input, "000001");
    // Directory names that are not valid run ids: skipped, never used as run ids.
    for (String bad : List.of("..", ".", "a..b", "%2e%2e", "x y", "..%2f..%2fescape", "")) {
      Path d = Files.createDirectories(input.resolve(bad + "-raw_records-" + HASH));
      Files.copy(input.resolve("000001-raw_records-" + HASH).resolve(META), d.resolve(META));
    }
    // A valid run id that looks like strand's metadata directory: it stays a run id (its data
    // would go to run_id=_strand), and fails here because its metadata names run 000001.
    Path lookalike = Files.createDirectories(input.resolve("_strand-raw_records-" + HASH));
    Files.copy(input.resolve("000001-raw_records-" + HASH).resolve(META), lookalike.resolve(META));
    // A well-named directory whose metadata claims another, hostile run id.
    editedCopy(reference, input, "000002", n -> n.put("run_id", "../../../escape"));
    // A chunk file name that climbs out of the directory.
    editedCopy(reference, input, "000003", n -> ((ObjectNode) n.get("chunks").get(0)).put("filename", "../../../escape"));
    // Metadata past the size limit (16 MiB), padded with white space: refused before it is parsed.
    Path big = StraxCopies.copyRun(reference, "000001", input, "000004").resolve(META);
    String json = Files.readString(big);
    Files.writeString(big, json.substring(0, json.length() - 1) + " ".repeat(17 << 20) + "}");

    Path out = work.resolve("out");
    Path summary = dir.resolve("summary.json");
    Set<String> before = tree(dir);
    try (ChildStrand job = ChildStrand.start(dir.resolve("logs"), "crafted", "run", "--output", out.toString(), "--input", input.toString(),
        "--master", "local[2]", "--no-progress", "--summary-json", summary.toString())) {
      assertEquals(1, job.waitFor(Jobs.JOB_TIMEOUT), job.describe());
      Map<String, JsonNode> runs = Jobs.summaryRuns(summary);
      assertEquals(Set.of("000001", "000002", "000003", "000004", "_strand"), runs.keySet(), "crafted names are not runs");
      assertThat(runs.get("_strand").get("error").asText()).contains("_strand-raw_records-" + HASH + "/" + META, "run_id");
      assertEquals("done", runs.get("000001").get("status").asText());
      assertThat(runs.get("000002").get("error").asText()).contains("000002-raw_records-" + HASH + "/" + META, "run_id");
      assertThat(runs.get("000003").get("error").asText()).contains("000003-raw_records-" + HASH + "/" + META, "unsafe file name");
      assertThat(runs.get("000004").get("error").asText()).contains("000004-raw_records-" + HASH + "/" + META, "exceeds the limit");
      assertThat(job.err()).contains("skipping strax directory");
    }
    Set<String> after = tree(dir, out, dir.resolve("logs"));
    after.removeAll(before);
    after.remove(dir.relativize(summary).toString());
    assertThat(after).as("paths created outside the output root").isEmpty();
    for (String p : tree(out)) {
      assertFalse(p.contains("escape") || p.contains(".."), "nothing under the output root is named from hostile input: " + p);
    }

    // A manifest entry past the size limit: verify reports it, naming it, without reading it.
    Path entry;
    try (Stream<Path> s = Files.walk(out.resolve("_strand/runs"))) {
      entry = s.filter(p -> p.toString().endsWith(".json")).findFirst().orElseThrow();
    }
    String e = Files.readString(entry);
    Files.writeString(entry, e.substring(0, e.length() - 1) + " ".repeat(17 << 20) + "}");
    Jobs.Result v = Jobs.verify(out);
    assertEquals(1, v.code(), v.toString());
    assertThat(v.out()).contains(entry.getFileName().toString(), "exceeds the limit");
  }

  private static void editedCopy(Path reference, Path input, String run, java.util.function.Consumer<ObjectNode> edit) throws IOException {
    Path meta = StraxCopies.copyRun(reference, "000001", input, run).resolve(META);
    ObjectNode n = (ObjectNode) JSON.readTree(meta.toFile());
    edit.accept(n);
    Files.writeString(meta, JSON.writeValueAsString(n));
  }

  @Test
  void yamlConfigWithJavaTypeTags_constructsNothing_exit2() throws Exception {
    Path marker = dir.resolve("constructed-from-yaml");
    Path config = Files.writeString(dir.resolve("config.yaml"), "hit_min_amplitude: 15\n"
        + "pwn: !!java.io.FileOutputStream [\"" + marker + "\"]\n");
    Path out = dir.resolve("out");
    Jobs.Result r = Jobs.inProcess("run", "--output", out.toString(), "--generate", "1", "--config", config.toString());
    assertEquals(2, r.code(), r.toString());
    assertThat(r.err()).contains("unknown option 'pwn'");
    assertFalse(Files.exists(marker), "a YAML type tag made an object");
    assertFalse(Files.exists(out));
    Path tagged = Files.writeString(dir.resolve("tagged.yaml"), "hit_min_amplitude: !!java.io.FileOutputStream [\"" + marker + "\"]\n");
    Jobs.Result r2 = Jobs.inProcess("run", "--output", out.toString(), "--generate", "1", "--config", tagged.toString());
    assertEquals(2, r2.code(), r2.toString());
    assertFalse(Files.exists(marker), "a YAML type tag made an object");
  }

  @Test
  void configFileCannotEnablePlugins_andPluginsOnTheClasspathAreNeverLoadedUnlessAllowed() throws Exception {
    Path marker = dir.resolve("plugin-code-ran");
    Path jar = pluginJar(marker);
    Path config = Files.writeString(dir.resolve("plugins.json"), "{\"plugins\": [\"com.example.Intruder\"]}");
    Path out = dir.resolve("out");
    Thread t = Thread.currentThread();
    ClassLoader previous = t.getContextClassLoader();
    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, SecurityTest.class.getClassLoader())) {
      t.setContextClassLoader(loader);
      Jobs.Result viaConfig = Jobs.inProcess("inprocess", "--output", out.toString(), "--generate", "1", "--run-size-mb", "0.3",
          "--config", config.toString(), "--no-progress");
      assertEquals(2, viaConfig.code(), viaConfig.toString());
      assertThat(viaConfig.err()).contains("unknown option 'plugins'");
      Jobs.Result notAllowed = Jobs.inProcess("inprocess", "--output", out.toString(), "--generate", "1", "--run-size-mb", "0.3",
          "--targets", "peak_basics", "--no-progress");
      assertEquals(0, notAllowed.code(), notAllowed.toString());
      assertFalse(Files.exists(marker), "a plugin class on the classpath ran code (class initializer or constructor) without being allowed");
      Jobs.Result allowed = Jobs.inProcess("inprocess", "--output", out.toString(), "--generate", "1", "--run-size-mb", "0.3",
          "--targets", "peak_basics,intrusions", "--plugins", "com.example.Intruder", "--no-progress");
      assertEquals(0, allowed.code(), allowed.toString());
      assertThat(marker).as("the same class runs once allowed: the check above could fail").exists();
    } finally {
      t.setContextClassLoader(previous);
    }
  }

  /** A jar declaring a plugin whose class initializer writes {@code marker}. */
  private Path pluginJar(Path marker) throws IOException {
    String source = """
        package com.example;

        import org.strand.core.*;
        import org.strand.plugin.*;

        public final class Intruder extends ChunkPlugin {
          static {
            try {
              java.nio.file.Files.writeString(java.nio.file.Path.of("%s"), "ran");
            } catch (java.io.IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          }

          static final Schema SCHEMA = Schema.builder().scalar("time", FieldType.INT64, "").scalar("endtime", FieldType.INT64, "").build();

          public Intruder() {
            super(PluginSpec.builder("Intruder").version("1").provides("intrusions", SCHEMA).dependsOn("peak_basics").build());
          }

          @Override
          public Outputs compute(ChunkInput in) {
            return Outputs.of("intrusions", Table.allocate(SCHEMA, 0));
          }
        }
        """.formatted(marker.toString().replace("\\", "\\\\"));
    return PluginJars.build(dir, "intruder.jar", "com.example.Intruder", source, System.getProperty("java.class.path"));
  }

  /**
   * Stored data is never read through Java deserialization, and no code is loaded by a name that
   * data could supply: the main sources of every module are scanned for the APIs that would.
   * (Spark's own serialization of tasks between driver and executors is Spark's and not stored.)
   */
  @Test
  void mainSources_useNoJavaDeserialization_noPolymorphicJson_noCodeLoadingByName() throws IOException {
    Optional<Path> root = Repository.root();
    assumeTrue(root.isPresent(), "the repository's sources are not beside this test run");
    Pattern forbidden = Pattern.compile("ObjectInputStream|\\.readObject\\(|XMLDecoder|enableDefaultTyping|activateDefaultTyping"
        + "|@JsonTypeInfo|new Yaml\\(|Class\\.forName\\(|URLClassLoader|defineClass\\(|ScriptEngine|MethodHandles\\.lookup\\(\\)\\.findClass");
    List<String> hits = new ArrayList<>();
    int files = 0;
    try (Stream<Path> modules = Files.list(root.get())) {
      for (Path module : (Iterable<Path>) modules::iterator) {
        Path main = module.resolve("src/main/java");
        if (!Files.isDirectory(main)) {
          continue;
        }
        try (Stream<Path> s = Files.walk(main)) {
          for (Path f : (Iterable<Path>) s.filter(p -> p.toString().endsWith(".java"))::iterator) {
            files++;
            List<String> lines = Files.readAllLines(f);
            for (int i = 0; i < lines.size(); i++) {
              if (forbidden.matcher(lines.get(i)).find()) {
                hits.add(root.get().relativize(f) + ":" + (i + 1) + ": " + lines.get(i).strip());
              }
            }
          }
        }
      }
    }
    assertThat(files).as("main source files scanned").isGreaterThan(50);
    assertThat(hits).isEmpty();
  }
}
