package org.strand.storage.dataset;

/**
 * One thing wrong with published data, as {@link DatasetStorage#verify} finds it.
 *
 * @param kind what is wrong
 * @param path the file or directory concerned
 * @param message what was found against what the manifest records
 */
public record VerificationProblem(Kind kind, String path, String message) {
  /** The kinds of problem. */
  public enum Kind {
    /** A file (or the run's directory) the manifest lists is not there. */
    MISSING,
    /** A file's size differs from the manifest's. */
    SIZE,
    /** A file's bytes differ from those published (its checksum differs). */
    CHECKSUM,
    /** A file holds another number of rows than the manifest says. */
    ROWS,
    /** A file cannot be read as its format. */
    UNREADABLE,
    /** A file's footer says it belongs to another type, run or lineage. */
    FOREIGN,
    /** The run's directory holds a part file the manifest does not list. */
    UNEXPECTED
  }

  @Override
  public String toString() {
    return path + ": " + message;
  }
}
