package org.strand.core;

/**
 * Stored data that cannot be read or written: missing, truncated or corrupt files, a failed
 * publish. The message names the path.
 */
public class StorageException extends StrandException {
  private static final long serialVersionUID = 1L;

  public StorageException(String message) {
    super(message);
  }

  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
