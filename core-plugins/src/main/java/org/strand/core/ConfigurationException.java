package org.strand.core;

/**
 * A request or configuration that cannot be carried out as given: an unknown target, plugin or
 * option, a value of the wrong type, a missing dependency, a cycle. Raised before any data is
 * processed; the message names the offending values and, where there are few, the allowed ones.
 */
public class ConfigurationException extends StrandException {
  private static final long serialVersionUID = 1L;

  public ConfigurationException(String message) {
    super(message);
  }

  public ConfigurationException(String message, Throwable cause) {
    super(message, cause);
  }
}
