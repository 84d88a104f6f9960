package org.strand.processing;

import java.time.Duration;
import java.util.List;
import org.strand.core.ConfigurationException;

/** Makes the processor a job's configuration names: {@code processor = single | threaded}. */
public final class Processors {
  /** The processor names, as configuration spells them. */
  public static final List<String> NAMES = List.of("single", "threaded");

  private Processors() {}

  /**
   * The processor called {@code name}.
   *
   * @param name {@code single} or {@code threaded}
   * @param threads worker threads per run, at least 1 (the single processor always uses one)
   * @param maxInFlight chunks in flight per stage for the threaded processor; 0 for its default
   * @param timeout per-run timeout; null for none
   * @throws ConfigurationException for an unknown name (listing the known ones), threads below 1,
   *     or a bad maxInFlight or timeout
   */
  public static Processor create(String name, int threads, int maxInFlight, Duration timeout) {
    if (threads < 1) {
      throw new ConfigurationException("threads must be at least 1, got " + threads);
    }
    if ("single".equals(name)) {
      return new SingleThreadProcessor(timeout);
    }
    if ("threaded".equals(name)) {
      return new ThreadedProcessor(threads, maxInFlight, timeout);
    }
    throw new ConfigurationException("unknown processor '" + name + "'; known processors: " + NAMES);
  }

  /** The processor called {@code name} with default limits and no timeout. */
  public static Processor create(String name, int threads) {
    return create(name, threads, 0, null);
  }
}
