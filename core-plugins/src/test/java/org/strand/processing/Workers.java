package org.strand.processing;

import java.util.List;
import java.util.stream.Collectors;

/** The threaded processor's worker threads alive right now, to show that none outlives its run. */
final class Workers {
  private Workers() {}

  static List<String> alive() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith(WorkerPool.THREAD_PREFIX))
        .map(Thread::getName)
        .sorted()
        .collect(Collectors.toList());
  }
}
