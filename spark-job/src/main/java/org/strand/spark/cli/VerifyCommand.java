package org.strand.spark.cli;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.strand.core.ConfigurationException;
import org.strand.core.StrandException;
import org.strand.spark.Components;
import org.strand.storage.DataKey;
import org.strand.storage.dataset.DatasetFormat;
import org.strand.storage.dataset.DatasetOptions;
import org.strand.storage.dataset.DatasetStorage;
import org.strand.storage.dataset.VerificationProblem;
import org.strand.storage.fs.FileTrees;
import org.strand.storage.fs.RootFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code strand verify}: checks every published run of an output root against its manifest with
 * {@link DatasetStorage#verify}: each part file present, of the recorded size and checksum,
 * readable with the recorded rows and a footer naming its run, and no unlisted part file beside
 * them. Then the other way round: every run directory under a type must have a manifest entry,
 * and hold nothing a reader would take for data but its listed parts. Exit 1 when anything is
 * wrong, each problem on a line naming the path.
 *
 * <p>A manifest entry that cannot be read is a problem of its own (naming the entry's file), not
 * the end of the check: the other runs are still verified.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = "Check every published run against the manifest: files present, sizes, checksums, rows, nothing unlisted.",
    footer = {"", "Example:", "  strand verify --output out", "", "Exit codes: 0 all good, 1 problems found (listed), 2 usage error."})
final class VerifyCommand implements Callable<Integer> {
  private static final String ENTRY_SUFFIX = ".json";

  @Option(names = "--output", required = true, paramLabel = "ROOT", description = "The output root.")
  String output;

  @Mixin
  SparkSettings settings;

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    if (output.isBlank()) {
      throw new ConfigurationException("--output is empty; give the output root");
    }
    Configuration conf = Components.hadoopConfiguration(settings.map());
    Path root = new Path(output);
    FileSystem fs = Components.fileSystem("--output", root, conf);
    String format;
    try {
      format = RootFormat.read(fs, root);
    } catch (StrandException e) {
      throw new ConfigurationException("cannot reach --output " + output + ": " + StrandCli.oneLine(e.getMessage()));
    }
    if (format == null) {
      throw new ConfigurationException("--output " + output + " holds no strand output (no " + RootFormat.markerPath(root) + ")");
    }
    if (!DatasetFormat.PARQUET.label().equals(format) && !DatasetFormat.ARROW.label().equals(format)) {
      throw new ConfigurationException("--output " + output + " holds a strand " + format + " root; verify checks Parquet and Arrow output roots");
    }
    DatasetStorage storage = DatasetStorage.open(root, conf, DatasetOptions.defaults(DatasetFormat.fromLabel(format)));
    Path qualifiedRoot = storage.root();
    List<String> problems = new ArrayList<>();
    Set<String> listed = new HashSet<>();
    int entries = 0;
    for (Path entryFile : entryFiles(fs, qualifiedRoot)) {
      entries++;
      DataKey key = keyOf(entryFile);
      if (key == null) {
        problems.add(entryFile + ": not a manifest entry of this root (expected _strand/runs/<type>/<lineage>/<run>.json)");
        continue;
      }
      listed.add(storage.runDirectory(key).toString());
      try {
        for (VerificationProblem p : storage.verify(key)) {
          problems.add(p.toString());
        }
      } catch (StrandException e) {
        problems.add(StrandCli.oneLine(e.getMessage()));
      }
    }
    problems.addAll(unlistedRunDirectories(fs, qualifiedRoot, listed));
    var out = spec.commandLine().getOut();
    problems.forEach(p -> out.println("problem: " + p));
    out.printf("%d published (type, lineage, run) entries checked in %s: %s%n", entries, output,
        problems.isEmpty() ? "all good" : problems.size() + " problem" + (problems.size() == 1 ? "" : "s"));
    out.flush();
    return problems.isEmpty() ? StrandCli.OK : StrandCli.RUN_FAILED;
  }

  /** Every {@code _strand/runs/<type>/<lineage>/<run>.json}, sorted. */
  private static List<Path> entryFiles(FileSystem fs, Path root) {
    Path dir = new Path(new Path(root, RootFormat.METADATA_DIRECTORY), "runs");
    List<Path> out = new ArrayList<>();
    try {
      for (FileStatus st : FileTrees.walk(fs, dir)) {
        if (st.isFile() && st.getPath().getName().endsWith(ENTRY_SUFFIX)) {
          out.add(st.getPath());
        }
      }
    } catch (FileNotFoundException e) {
      return out;
    } catch (IOException e) {
      throw new ConfigurationException(dir + ": cannot list the manifest: " + e.getMessage());
    }
    out.sort(null);
    return out;
  }

  /** The key an entry file is for, from its path; null if the path is not an entry's. */
  private static DataKey keyOf(Path entryFile) {
    String name = entryFile.getName();
    Path lineageDir = entryFile.getParent();
    Path typeDir = lineageDir == null ? null : lineageDir.getParent();
    Path runsDir = typeDir == null ? null : typeDir.getParent();
    if (runsDir == null || !runsDir.getName().equals("runs")) {
      return null;
    }
    try {
      return new DataKey(name.substring(0, name.length() - ENTRY_SUFFIX.length()), typeDir.getName(), lineageDir.getName());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * Run directories no manifest entry lists, and anything else under a type that readers would
   * take for data (what is inside a listed run's directory is checked by the storage's verify).
   */
  private static List<String> unlistedRunDirectories(FileSystem fs, Path root, Set<String> listed) {
    List<String> problems = new ArrayList<>();
    try {
      for (FileStatus type : fs.listStatus(root)) {
        String typeName = type.getPath().getName();
        if (!type.isDirectory() || typeName.startsWith("_") || typeName.startsWith(".")) {
          continue;
        }
        for (FileStatus lineage : fs.listStatus(type.getPath())) {
          if (!lineage.isDirectory() || !lineage.getPath().getName().startsWith("lineage=")) {
            if (!hidden(lineage.getPath().getName())) {
              problems.add(lineage.getPath() + ": not a lineage=<hash> directory (readers of " + type.getPath() + " would see it)");
            }
            continue;
          }
          for (FileStatus run : fs.listStatus(lineage.getPath())) {
            Path dir = run.getPath();
            if (!run.isDirectory() || !dir.getName().startsWith("run_id=")) {
              if (!hidden(dir.getName())) {
                problems.add(dir + ": not a run_id=<run> directory (readers of " + type.getPath() + " would see it)");
              }
              continue;
            }
            if (!listed.contains(dir.toString())) {
              problems.add(dir + ": run directory has no manifest entry (published but never recorded, or its entry was removed)");
            }
          }
        }
      }
    } catch (IOException e) {
      problems.add(root + ": cannot list the run directories: " + e.getMessage());
    }
    return problems;
  }

  private static boolean hidden(String name) {
    return name.startsWith(".") || name.startsWith("_");
  }
}
