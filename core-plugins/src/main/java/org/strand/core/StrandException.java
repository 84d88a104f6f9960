package org.strand.core;

import java.io.IOException;

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

  /**
   * Whether {@code t}'s message says what went wrong, so that a stack trace adds nothing for the
   * user: {@code t} and its causes are strand's exceptions or I/O errors, down to the first
   * {@link StorageException}, which names the file and carries its cause's message (a decoder's
   * complaint about damaged bytes, say). Anything else on the way (a bug, or an error of the JVM)
   * is unexpected, and its trace is worth showing.
   */
  public static boolean explainsItself(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof StorageException) {
        return true;
      }
      if (!(c instanceof StrandException || c instanceof IOException)) {
        return false;
      }
    }
    return true;
  }
}
