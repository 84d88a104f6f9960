package org.strand.core;

/**
 * The root of strand's exceptions. Each subclass says whose fault it is: the user's
 * configuration ({@link ConfigurationException}), the data ({@link InvalidDataException}), storage
 * ({@link StorageException}), or a failure while processing a run ({@link ProcessingException}).
 */
public class StrandException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StrandException(String message) {
    super(message);
  }

  public StrandException(String message, Throwable cause) {
    super(message, cause);
  }
}
