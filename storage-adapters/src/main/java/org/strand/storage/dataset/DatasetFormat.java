package org.strand.storage.dataset;

import java.util.Locale;

/** The file format of a dataset root: one per root. */
public enum DatasetFormat {
  /** Apache Parquet files, {@code part-NNNNN.parquet}. */
  PARQUET("parquet"),
  /** Arrow IPC files (the random-access file format), {@code part-NNNNN.arrow}. */
  ARROW("arrow");

  private final String extension;

  DatasetFormat(String extension) {
    this.extension = extension;
  }

  /** The file name extension, without the dot. */
  public String extension() {
    return extension;
  }

  /** The name recorded in manifests, e.g. {@code parquet}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The format called {@code label}.
   *
   * @throws IllegalArgumentException naming the label and the known ones
   */
  public static DatasetFormat fromLabel(String label) {
    for (DatasetFormat f : values()) {
      if (f.label().equals(label)) {
        return f;
      }
    }
    throw new IllegalArgumentException("unknown dataset format '" + label + "'; known: parquet, arrow");
  }
}
