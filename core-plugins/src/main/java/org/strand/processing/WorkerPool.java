package org.strand.processing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The fixed pool of worker threads of one threaded run, which knows its threads so that stopping
 * can wait until each one has ended, not merely until the executor says it terminated.
 *
 * <p>The work queue is unbounded as a data structure but bounded in use: the run keeps at most
 * {@code maxInFlight} tasks per stage (plus one per channel group). Once the pool is shut down,
 * tasks still handed to it (by stages completing in other threads) are dropped: the run is
 * stopping and nothing waits for them.
 */
final class WorkerPool {
  /** Thread names start with this, then the run id and a number. */
  static final String THREAD_PREFIX = "strand-threaded-";
  /** How long stopping waits for a worker to end after interrupting it. */
  static final Duration STOP_GRACE = Duration.ofSeconds(10);

  private final ThreadPoolExecutor executor;
  private final List<Thread> started = new ArrayList<>();

  WorkerPool(String runId, int threads) {
    String prefix = THREAD_PREFIX + runId + "-";
    this.executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
        r -> {
          Thread t = new Thread(r);
          synchronized (started) {
            t.setName(prefix + started.size());
            started.add(t);
          }
          t.setDaemon(true);
          return t;
        },
        (r, e) -> {
          if (!e.isShutdown()) {
            throw new RejectedExecutionException("the worker pool of run " + runId + " refused a task while running");
          }
        });
  }

  ExecutorService executor() {
    return executor;
  }

  /** How many threads were started. */
  int threadsStarted() {
    synchronized (started) {
      return started.size();
    }
  }

  /**
   * Drops queued tasks, interrupts running ones and waits up to {@link #STOP_GRACE} for every
   * thread to end. Keeps waiting through an interruption of the caller, then restores it.
   *
   * @return the names of threads still alive after the grace period (normally none)
   */
  List<String> stop() {
    executor.shutdownNow();
    List<Thread> threads;
    synchronized (started) {
      threads = new ArrayList<>(started);
    }
    long until = System.nanoTime() + STOP_GRACE.toNanos();
    boolean interrupted = false;
    List<String> stuck = new ArrayList<>();
    for (Thread t : threads) {
      while (t.isAlive()) {
        long left = until - System.nanoTime();
        if (left <= 0) {
          stuck.add(t.getName());
          break;
        }
        try {
          TimeUnit.NANOSECONDS.timedJoin(t, left);
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return stuck;
  }
}
