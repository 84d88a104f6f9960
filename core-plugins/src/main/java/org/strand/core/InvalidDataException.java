package org.strand.core;

/**
 * Data that breaks one of strand's invariants: rows out of time order, a row outside its chunk,
 * chunks that are not contiguous, a split through a row. The message names the run, data type,
 * times and offending row.
 */
public class InvalidDataException extends StrandException {
  private static final long serialVersionUID = 1L;

  public InvalidDataException(String message) {
    super(message);
  }

  public InvalidDataException(String message, Throwable cause) {
    super(message, cause);
  }
}
