package org.strand.spark.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.strand.core.ConfigurationException;
import org.strand.core.StrandException;
import org.strand.spark.Components;
import org.strand.storage.StoredData;
import org.strand.storage.dataset.DatasetFormat;
import org.strand.storage.dataset.DatasetOptions;
import org.strand.storage.dataset.DatasetStorage;
import org.strand.storage.dataset.ManifestEntry;
import org.strand.storage.dataset.PartFile;
import org.strand.storage.fs.RootFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code strand verify}: checks every published run of an output root against its manifest:
 * each part file present with its recorded size, and the data readable (every page checked by the
 * reader) with the recorded number of rows. Exit 1 when anything is wrong, each problem on a line
 * naming the path.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = "Check every published run against the manifest: files present, sizes, rows, data readable.",
    footer = {"", "Example:", "  strand verify --output out", "", "Exit codes: 0 all good, 1 problems found (listed), 2 usage error."})
final class VerifyCommand implements Callable<Integer> {
  @Option(names = "--output", required = true, paramLabel = "ROOT", description = "The output root.")
  String output;

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    Configuration conf = Components.hadoopConfiguration(java.util.Map.of());
    Path root = new Path(output);
    FileSystem fs;
    String format;
    try {
      fs = root.getFileSystem(conf);
      format = RootFormat.read(fs, root);
    } catch (IOException e) {
      throw new ConfigurationException("cannot reach --output " + output + ": " + e.getMessage());
    }
    if (format == null) {
      throw new ConfigurationException("--output " + output + " holds no strand output (no " + RootFormat.markerPath(root) + ")");
    }
    DatasetStorage storage = DatasetStorage.open(root, conf, DatasetOptions.defaults(DatasetFormat.fromLabel(format)));
    List<String> problems = new ArrayList<>();
    List<ManifestEntry> entries = storage.entries();
    for (ManifestEntry e : entries) {
      problems.addAll(check(fs, storage, e));
    }
    var out = spec.commandLine().getOut();
    problems.forEach(p -> out.println("problem: " + p));
    out.printf("%d published (type, lineage, run) entries checked in %s: %s%n", entries.size(), output,
        problems.isEmpty() ? "all good" : problems.size() + " problem" + (problems.size() == 1 ? "" : "s"));
    out.flush();
    return problems.isEmpty() ? StrandCli.OK : StrandCli.RUN_FAILED;
  }

  private static List<String> check(FileSystem fs, DatasetStorage storage, ManifestEntry e) {
    List<String> problems = new ArrayList<>();
    Path dir = new Path(new Path(storage.typeDirectory(e.type()), "lineage=" + e.lineage()), "run_id=" + e.runId());
    for (PartFile part : e.files()) {
      Path file = new Path(dir, part.name());
      try {
        FileStatus st = fs.getFileStatus(file);
        if (st.getLen() != part.bytes()) {
          problems.add(file + " is " + st.getLen() + " bytes; the manifest says " + part.bytes());
        }
      } catch (java.io.FileNotFoundException ex) {
        problems.add(file + " is missing (listed in the manifest of run " + e.runId() + ", type " + e.type() + ")");
      } catch (IOException ex) {
        problems.add(file + " cannot be checked: " + ex.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      return problems;
    }
    try {
      Optional<StoredData> data = storage.find(e.key());
      if (data.isEmpty()) {
        problems.add(dir + ": listed in the manifest but not readable as published data");
        return problems;
      }
      long rows = 0;
      for (int i = 0; i < data.get().chunkCount(); i++) {
        rows += data.get().read(i).rows();
      }
      if (rows != e.rows()) {
        problems.add(dir + " holds " + rows + " rows; the manifest says " + e.rows());
      }
    } catch (StrandException ex) {
      problems.add(dir + ": " + StrandCli.oneLine(ex.getMessage()));
    }
    return problems;
  }
}
