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

  /**
   * Whether {@code t} and each of its causes is one of strand's exceptions or an I/O error: their
   * messages name what was wrong, so a stack trace adds nothing for the user. Anything else (a
   * bug, or an error of the JVM) is unexpected, and its trace is worth showing.
   */
  public static boolean explainsItself(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (!(c instanceof StrandException || c instanceof java.io.IOException)) {
        return false;
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return true;
  }
}
