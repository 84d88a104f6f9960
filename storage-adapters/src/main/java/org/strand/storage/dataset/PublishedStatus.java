package org.strand.storage.dataset;

/**
 * What a cheap look at a published key's files says: its run directory listed, every part file the
 * manifest entry names checked for presence and size, nothing read. Checksums, row counts and
 * footers are {@link DatasetStorage#verify}'s.
 */
public enum PublishedStatus {
  /** Every listed part file is there with its recorded size. */
  PUBLISHED("published"),
  /**
   * The run directory is there, but a listed part file is missing or has another size, or the
   * directory holds a file the entry does not list that readers of the directory would read.
   */
  DAMAGED("damaged"),
  /** The manifest lists the key, but its run directory is gone. */
  MISSING("missing");

  private final String label;

  PublishedStatus(String label) {
    this.label = label;
  }

  /** The word {@code strand list} prints. */
  public String label() {
    return label;
  }
}
