package org.strand.spark.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.strand.core.ConfigurationException;
import org.strand.core.StrandException;
import org.strand.spark.Components;
import org.strand.storage.dataset.DatasetFormat;
import org.strand.storage.dataset.DatasetOptions;
import org.strand.storage.dataset.DatasetStorage;
import org.strand.storage.dataset.ManifestEntry;
import org.strand.storage.dataset.PublishedStatus;
import org.strand.storage.fs.RootFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code strand list}: what an output root holds, from its manifest. */
@Command(name = "list", mixinStandardHelpOptions = true,
    description = {"List the runs, targets, lineages and status found in an output root.",
        "Status: published (every part file there with its recorded size), damaged (one missing or of another size),",
        "missing (the run's directory gone). No file is read; 'strand verify' checks checksums and rows."},
    footer = {"", "Example:", "  strand list --output out"})
final class ListCommand implements Callable<Integer> {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec commandSpec;

  private java.io.PrintWriter out() {
    return commandSpec.commandLine().getOut();
  }

  private java.io.PrintWriter err() {
    return commandSpec.commandLine().getErr();
  }

  @Option(names = "--output", required = true, paramLabel = "ROOT", description = "The output root.")
  String output;

  @Mixin
  SparkSettings settings;

  @Override
  public Integer call() {
    Configuration conf = Components.hadoopConfiguration(settings.map());
    Path root = new Path(output);
    String format;
    FileSystem fs = Components.fileSystem("--output", root, conf);
    try {
      format = RootFormat.read(fs, root);
    } catch (StrandException e) {
      throw new ConfigurationException("cannot reach --output " + output + ": " + StrandCli.oneLine(e.getMessage()));
    }
    if (format == null) {
      throw new ConfigurationException("--output " + output + " holds no strand output (no " + RootFormat.markerPath(root) + ")");
    }
    if (!DatasetFormat.PARQUET.label().equals(format) && !DatasetFormat.ARROW.label().equals(format)) {
      throw new ConfigurationException("--output " + output + " holds a strand " + format + " root; list shows Parquet and Arrow output roots");
    }
    DatasetStorage storage = DatasetStorage.open(root, conf, DatasetOptions.defaults(DatasetFormat.fromLabel(format)));
    List<ManifestEntry> entries = storage.entries();
    out().printf("%-16s %-14s %-12s %10s %12s %10s  %s%n", "type", "lineage", "run", "rows", "MB", "status", "published");
    List<PublishedStatus> statuses = storage.statuses(entries);
    int notWhole = 0;
    for (int i = 0; i < entries.size(); i++) {
      ManifestEntry e = entries.get(i);
      PublishedStatus status = statuses.get(i);
      if (status != PublishedStatus.PUBLISHED) {
        notWhole++;
      }
      out().printf("%-16s %-14s %-12s %10d %12.2f %10s  %s%n", e.type(), e.lineage(), e.runId(), e.rows(), e.bytes() / 1e6,
          status.label(), e.published());
    }
    out().printf("%d published (type, lineage, run) entries in %s%n", entries.size(), output);
    out().flush();
    if (notWhole > 0) {
      // Told on stderr, so that the table scripts read keeps its form; verify is the full check and sets the exit code.
      err().printf("strand: %d of them damaged or missing; 'strand verify --output %s' names every problem%n", notWhole, output);
      err().flush();
    }
    return StrandCli.OK;
  }
}
