package org.strand.processing;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** Running statistics of one stage, updated from any thread. */
final class StageStats {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final boolean CPU_TIME = THREADS.isCurrentThreadCpuTimeSupported();

  final String label;
  final String kind;
  final LongAdder wall = new LongAdder();
  final LongAdder cpu = new LongAdder();
  final LongAdder chunks = new LongAdder();
  final LongAdder rowsIn = new LongAdder();
  final LongAdder rowsOut = new LongAdder();
  final LongAdder bytesIn = new LongAdder();
  final LongAdder bytesOut = new LongAdder();
  final LongAdder blocked = new LongAdder();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger peak = new AtomicInteger();

  StageStats(String label, String kind) {
    this.label = label;
    this.kind = kind;
  }

  /** A timer started now on the current thread; {@link Timer#stop()} adds wall and CPU time. */
  Timer time() {
    return new Timer();
  }

  void enter() {
    int now = inFlight.incrementAndGet();
    peak.accumulateAndGet(now, Math::max);
  }

  void leave() {
    inFlight.decrementAndGet();
  }

  /** Records one peak level seen from outside (when in-flight is tracked elsewhere). */
  void observePeak(int level) {
    peak.accumulateAndGet(level, Math::max);
  }

  StageReport report() {
    return new StageReport(label, kind, wall.sum(), cpu.sum(), chunks.sum(), rowsIn.sum(), rowsOut.sum(),
        bytesIn.sum(), bytesOut.sum(), peak.get(), blocked.sum());
  }

  static long cpuNow() {
    return CPU_TIME ? THREADS.getCurrentThreadCpuTime() : 0;
  }

  final class Timer {
    private final long wall0 = System.nanoTime();
    private final long cpu0 = cpuNow();

    void stop() {
      wall.add(System.nanoTime() - wall0);
      cpu.add(Math.max(0, cpuNow() - cpu0));
    }
  }
}
