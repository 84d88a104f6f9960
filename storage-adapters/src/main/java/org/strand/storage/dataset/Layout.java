package org.strand.storage.dataset;

import org.apache.hadoop.fs.Path;
import org.strand.storage.DataKey;
import org.strand.storage.fs.RootFormat;

/** Where everything of a dataset root lives (see {@link DatasetStorage} for the picture). */
final class Layout {
  private final Path root;
  private final Path metadata;

  Layout(Path root) {
    this.root = root;
    this.metadata = new Path(root, RootFormat.METADATA_DIRECTORY);
  }

  Path root() {
    return root;
  }

  Path typeDirectory(String type) {
    return new Path(root, type);
  }

  /** {@code <root>/<type>/lineage=<hash>/run_id=<run>}. */
  Path runDirectory(DataKey key) {
    return new Path(new Path(typeDirectory(key.type()), "lineage=" + key.lineage()), "run_id=" + key.runId());
  }

  Path entriesDirectory() {
    return new Path(metadata, "runs");
  }

  /** {@code <root>/_strand/runs/<type>/<hash>/<run>.json}. */
  Path entryPath(DataKey key) {
    return new Path(new Path(new Path(entriesDirectory(), key.type()), key.lineage()), key.runId() + ".json");
  }

  /** {@code <root>/_strand/lineages/<type>-<hash>.json}. */
  Path lineagePath(String type, String hash) {
    return new Path(new Path(metadata, "lineages"), type + "-" + hash + ".json");
  }

  /** {@code part-00003.parquet}. */
  static String partName(int index, DatasetFormat format) {
    return String.format("part-%05d.%s", index, format.extension());
  }

  /** The staging label of a key: dots only, never {@code run_id=}. */
  static String stagingLabel(DataKey key) {
    return key.type() + "." + key.lineage() + "." + key.runId();
  }
}
