package org.strand.spark.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Rewrites the results table of {@code docs/RELIABILITY.md} from Surefire's XML reports, so the
 * table says what the last run found rather than what someone typed. Needs only the JDK:
 * <pre>
 * java -cp spark-job/target/test-classes org.strand.spark.reliability.ReliabilityReport \
 *     spark-job/target/surefire-reports docs/RELIABILITY.md
 * </pre>
 * The table goes between the lines {@code <!-- results:begin -->} and {@code <!-- results:end -->};
 * the rest of the file is kept. A case whose report is missing is listed as not run.
 */
public final class ReliabilityReport {
  private static final String BEGIN = "<!-- results:begin -->";
  private static final String END = "<!-- results:end -->";
  /** Runs the reliability suite and the command-line tests the table also lists, nothing else. */
  static final String SUITE = "mvn -o -pl spark-job -am test -Dtest.excludedGroups= "
      + "-Dtest='org.strand.spark.reliability.*Test,CommandLineErrorsTest,VerifyCommandTest' -Dsurefire.failIfNoSpecifiedTests=false";

  private static final String CLUSTER = "mvn -o -pl spark-job -am test -Dtest.excludedGroups= -Dtest='org.strand.spark.cluster.*Test' -Dsurefire.failIfNoSpecifiedTests=false";

  /** One row: what is tested, the test class (and method prefix, or empty for all), how to run it alone. */
  record Case(String what, String testClass, String method, String command) {}

  static final List<Case> CASES = List.of(
      c("driver killed (SIGKILL) mid-job, then the job rerun: finished runs kept and skipped, no partial run ever visible, output equal to a clean run's (DuckDB)",
          "reliability.DriverKillTest", ""),
      c("executor killed mid-job (standalone cluster; covered by the cluster suite, org.strand.spark.cluster: the result is the whole suite's)",
          "cluster.", "", CLUSTER),
      c("executor killed while saving (standalone cluster; covered by the cluster suite)", "cluster.", "", CLUSTER),
      c("executor killed twice in a row (standalone cluster; covered by the cluster suite)", "cluster.", "", CLUSTER),
      c("output unwritable mid-job (staging replaced by a file): runs fail naming the path, published runs kept, rerun completes",
          "reliability.UnwritableOutputTest", "staging"),
      c("output unwritable mid-job (directories made read-only; skipped as root, where permissions do not stop writes)",
          "reliability.UnwritableOutputTest", "rootMadeReadOnly"),
      c("corrupt inputs among good runs (truncated chunk, bad lz4 header checksum, compressed garbage, lying row count, invalid JSON, unparsable dtype, chunks out of order): each fails alone naming its file, exit 1",
          "reliability.CorruptInputTest", ""),
      c("bad command lines, in-process (exit 2, one line, nothing written)", "cli.CommandLineErrorsTest", ""),
      c("the same bad command lines as real processes (exit 2, one line on stderr, nothing written)",
          "reliability.BadCommandLineProcessTest", ""),
      c("a standalone master handed over by spark-submit (strand-submit's STRAND_MASTER) that does not answer: exit 2 in one line within seconds, not exit 1 after a minute of retries; nothing written",
          "reliability.SparkSubmitMasterProcessTest", ""),
      c("two jobs writing one output root at once: each run published once from one attempt, never partially visible, equal to a clean run",
          "reliability.ConcurrentJobsTest", ""),
      c("one run of 5,500 MB (5.1 x a 1 GiB heap) completes; peak heap after collections reported and below the heap",
          "reliability.LargeRunMemoryTest", ""),
      c("crafted strax input (hostile directory names, run id and chunk file name in metadata, metadata over the size limit; manifest entry over the limit): no write outside the output root",
          "reliability.SecurityTest", "crafted"),
      c("YAML config with Java type tags constructs nothing", "reliability.SecurityTest", "yaml"),
      c("plugins: a config file cannot enable one; a plugin class on the classpath runs no code unless allowed",
          "reliability.SecurityTest", "configFileCannotEnablePlugins"),
      c("no Java deserialization, polymorphic JSON or code loading by name in the main sources", "reliability.SecurityTest", "mainSources"),
      c("verify: damaged, truncated, deleted, unlisted and stray files, edited manifest row counts, removed entries", "cli.VerifyCommandTest", ""),
      c("the observer these tests rely on sees partial runs and vanished runs", "reliability.OutputObserverTest", ""));

  private static Case c(String what, String testClass, String method) {
    String simple = testClass.substring(testClass.lastIndexOf('.') + 1);
    String command = testClass.startsWith("cli.")
        ? "mvn -o -pl spark-job -am test -Dtest=" + simple + " -Dsurefire.failIfNoSpecifiedTests=false"
        : "mvn -o -pl spark-job -am test -Dtest.excludedGroups= -Dtest=" + simple + (method.isEmpty() ? "" : "#" + method + "*")
            + " -Dsurefire.failIfNoSpecifiedTests=false";
    return new Case(what, testClass, method, command);
  }

  private static Case c(String what, String testClass, String method, String command) {
    return new Case(what, testClass, method, command);
  }

  /** Result of the test cases matching one row. */
  record Result(int passed, int failed, int skipped, double seconds, List<String> notes) {
    String text() {
      if (passed + failed + skipped == 0) {
        return "not run (no report)";
      }
      String s = failed > 0 ? "**FAILED** (" + failed + " of " + (passed + failed + skipped) + ")"
          : skipped > 0 && passed == 0 ? "skipped" : "passed" + (passed > 1 ? " (" + passed + ")" : "");
      if (skipped > 0 && passed > 0) {
        s += ", " + skipped + " skipped";
      }
      return s + String.format(Locale.ROOT, ", %.0f s", seconds);
    }
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: ReliabilityReport <surefire-reports directory> <RELIABILITY.md>");
      System.exit(2);
    }
    Path reports = Path.of(args[0]);
    Path doc = Path.of(args[1]);
    String table = table(reports);
    String text = Files.readString(doc);
    int b = text.indexOf(BEGIN);
    int e = text.indexOf(END);
    if (b < 0 || e < b) {
      System.err.println(doc + " has no " + BEGIN + " ... " + END + " section");
      System.exit(2);
    }
    Files.writeString(doc, text.substring(0, b + BEGIN.length()) + "\n" + table + text.substring(e));
    System.out.println("updated " + doc);
  }

  static String table(Path reports) throws Exception {
    Map<String, Element> suites = new LinkedHashMap<>();
    List<Path> xml;
    try (Stream<Path> s = Files.list(reports)) {
      xml = s.filter(p -> p.getFileName().toString().startsWith("TEST-org.strand.spark.") && p.toString().endsWith(".xml")).sorted().toList();
    }
    for (Path p : xml) {
      Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(p.toFile());
      String name = d.getDocumentElement().getAttribute("name").substring("org.strand.spark.".length());
      suites.put(name, d.getDocumentElement());
    }
    StringBuilder sb = new StringBuilder();
    sb.append("| case | latest result | run it alone |\n| --- | --- | --- |\n");
    double total = 0;
    for (Case c : CASES) {
      Result r = result(suites, reports, c);
      total += c.testClass().startsWith("reliability.") ? r.seconds() : 0;
      String notes = r.notes().isEmpty() ? "" : "<br>" + String.join("<br>", r.notes());
      sb.append("| ").append(c.what()).append(" | ").append(r.text()).append(notes).append(" | `").append(c.command()).append("` |\n");
    }
    sb.append(String.format(Locale.ROOT, "%nReliability suite (tag `reliability`), total test time: %.0f s. Whole suite: `%s`.%n", total, SUITE));
    return sb.toString();
  }

  private static Result result(Map<String, Element> suites, Path reports, Case c) throws IOException {
    int passed = 0;
    int failed = 0;
    int skipped = 0;
    double seconds = 0;
    List<String> notes = new ArrayList<>();
    for (Map.Entry<String, Element> s : suites.entrySet()) {
      if (!s.getKey().startsWith(c.testClass())) {
        continue;
      }
      NodeList cases = s.getValue().getElementsByTagName("testcase");
      for (int i = 0; i < cases.getLength(); i++) {
        Element t = (Element) cases.item(i);
        if (!t.getAttribute("name").startsWith(c.method())) {
          continue;
        }
        seconds += Double.parseDouble(t.getAttribute("time").replace(",", ""));
        if (t.getElementsByTagName("failure").getLength() + t.getElementsByTagName("error").getLength() > 0) {
          failed++;
        } else if (t.getElementsByTagName("skipped").getLength() > 0) {
          skipped++;
          Element skip = (Element) t.getElementsByTagName("skipped").item(0);
          String why = skip.getAttribute("message");
          if (why.isEmpty()) {
            // Surefire keeps an assumption's message in the element's text: its first line.
            why = skip.getTextContent().strip().lines().findFirst().orElse("").replaceFirst("^.*Assumption failed: ", "");
          }
          if (!why.isEmpty()) {
            notes.add("skipped: " + why.replace("|", "/"));
          }
        } else {
          passed++;
        }
      }
      Path output = reports.resolve("org.strand.spark." + s.getKey() + "-output.txt");
      if (!Files.isRegularFile(output)) {
        continue;
      }
      // What the tests print for the record: lines starting "note: ", or "note <method>: " for one method's.
      for (String line : Files.readAllLines(output)) {
        String forCase = c.method().isEmpty() ? null : "note " + c.method();
        if (c.method().isEmpty() && line.startsWith("note: ")) {
          notes.add(line.substring("note: ".length()).replace("|", "/"));
        } else if (forCase != null && line.startsWith(forCase)) {
          notes.add(line.substring(line.indexOf(": ") + 2).replace("|", "/"));
        }
      }
    }
    return new Result(passed, failed, skipped, seconds, notes);
  }
}
