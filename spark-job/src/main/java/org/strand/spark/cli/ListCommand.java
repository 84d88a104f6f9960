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
import org.strand.storage.fs.RootFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code strand list}: what an output root holds, from its manifest. */
@Command(name = "list", mixinStandardHelpOptions = true,
    description = "List the runs, targets, lineages and status found in an output root.",
    footer = {"", "Example:", "  strand list --output out"})
final class ListCommand implements Callable<Integer> {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec commandSpec;

  private java.io.PrintWriter out() {
    return commandSpec.commandLine().getOut();
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
    for (ManifestEntry e : entries) {
      out().printf("%-16s %-14s %-12s %10d %12.2f %10s  %s%n", e.type(), e.lineage(), e.runId(), e.rows(), e.bytes() / 1e6,
          "published", e.published());
    }
    out().printf("%d published (type, lineage, run) entries in %s%n", entries.size(), output);
    out().flush();
    return StrandCli.OK;
  }
}
