package org.strand.processing;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.strand.core.ProcessingException;

/**
 * The tasks of one threaded run: its worker pool, its first failure, its deadline, and the one
 * place where the driving thread waits.
 *
 * <p>Tasks are {@link CompletableFuture}s on the pool; none ever blocks on another (a task that
 * must follow another is chained after it). Every failure is wrapped with the run, stage and
 * chunk where it happened; the first one is kept, stops the pool at once and wakes the driver.
 * The driver waits only in {@link #await}, on one condition that finishing tasks signal, so a
 * wait ends when its task is done, when any task fails, when the deadline passes, or when the
 * driver is interrupted — whichever comes first.
 *
 * <p>{@link #submit}, {@link #watch} and {@link #failure} may be called from any thread;
 * {@link #await} and {@link #stop} by the driving thread.
 */
final class RunTasks {
  private final String runId;
  private final Duration timeout;
  private final long deadline;
  private final WorkerPool pool;
  private final AtomicReference<ProcessingException> failure = new AtomicReference<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition progress = lock.newCondition();
  private volatile boolean cancelled;

  /** Starts the pool; the run's deadline is {@code timeout} from now (none if null). */
  RunTasks(String runId, int threads, Duration timeout) {
    this.runId = runId;
    this.timeout = timeout;
    this.deadline = timeout == null ? 0 : System.nanoTime() + Math.max(1, saturatedNanos(timeout));
    this.pool = new WorkerPool(runId, threads);
  }

  Executor executor() {
    return pool.executor();
  }

  /** Whether the run is stopping: tasks that have not started yet do nothing. */
  boolean cancelled() {
    return cancelled;
  }

  /** Throws if the run is stopping, so that a long task can end between its steps. */
  void checkNotCancelled() {
    if (cancelled) {
      throw new CancellationException("run " + runId + " was stopped");
    }
  }

  /** The run's first failure, or null. */
  ProcessingException failure() {
    return failure.get();
  }

  /**
   * Runs {@code body} on the pool. A failure not already wrapped is wrapped with the stage and
   * chunk.
   */
  <T> CompletableFuture<T> submit(String stage, long index, Supplier<T> body) {
    return CompletableFuture.supplyAsync(() -> guarded(stage, index, body), pool.executor());
  }

  /** Runs {@code body} on the pool once {@code after} has completed normally. */
  <T> CompletableFuture<T> submitAfter(CompletableFuture<?> after, String stage, long index, Supplier<T> body) {
    return after.thenApplyAsync(ignored -> guarded(stage, index, body), pool.executor());
  }

  /** {@code body}, with failures wrapped as in {@link #submit}; for code already on a worker. */
  <T> T guarded(String stage, long index, Supplier<T> body) {
    checkNotCancelled();
    try {
      return body.get();
    } catch (ProcessingException | CancellationException e) {
      throw e;
    } catch (RuntimeException | Error e) {
      throw new ProcessingException(runId, stage, index, e);
    }
  }

  /**
   * Makes {@code f}'s failure fail the run at once, and records when it finished in
   * {@code task} (if given).
   */
  <T> CompletableFuture<T> watch(CompletableFuture<T> f, StageTask task) {
    f.whenComplete((value, error) -> {
      if (task != null) {
        task.doneAt = System.nanoTime();
      }
      if (error != null) {
        failFromWorker(error);
      }
      signal();
    });
    return f;
  }

  private void signal() {
    lock.lock();
    try {
      progress.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** A task failed: the first failure is kept, the pool is stopped at once, the driver woken. */
  private void failFromWorker(Throwable error) {
    if (cancelled) {
      return;
    }
    if (failure.compareAndSet(null, asProcessingException(unwrap(error)))) {
      cancelled = true;
      pool.executor().shutdownNow();
    }
    signal();
  }

  private static Throwable unwrap(Throwable e) {
    Throwable t = e;
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private ProcessingException asProcessingException(Throwable t) {
    return t instanceof ProcessingException p ? p : new ProcessingException(runId, "run", -1, t);
  }

  /**
   * Waits for a task and returns its value.
   *
   * @param task the task's progress, for the timeout message; null if not tracked
   * @param stage the stage waited for, for errors
   * @param index the chunk waited for, or -1
   * @param what what is waited for, for the timeout message
   * @throws ProcessingException the run's first failure, a timeout, or an interruption
   */
  <T> T await(CompletableFuture<T> f, StageTask task, String stage, long index, String what) {
    if (!f.isDone()) {
      f.whenComplete((value, error) -> signal());
      lock.lock();
      try {
        while (!f.isDone() && failure.get() == null) {
          if (deadline == 0) {
            progress.await();
          } else {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
              throw record(timedOut(task, stage, index, what));
            }
            progress.awaitNanos(left);
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        ProcessingException p = new ProcessingException(runId, stage, index, "interrupted while waiting for " + what);
        p.initCause(e);
        throw record(p);
      } finally {
        lock.unlock();
      }
    }
    ProcessingException p = failure.get();
    if (p != null) {
      throw p;
    }
    try {
      return f.join();
    } catch (CompletionException | CancellationException e) {
      throw record(asProcessingException(unwrap(e)));
    }
  }

  /** Runs {@code body} as a task not tied to a chunk and waits for it; {@code what} names it in a timeout. */
  void runAndWait(String stage, String what, Runnable body) {
    StageTask task = new StageTask(-1);
    await(submit(stage, -1, () -> {
      task.at = stage;
      body.run();
      return null;
    }), task, stage, -1, what);
  }

  private ProcessingException timedOut(StageTask task, String stage, long index, String what) {
    String where = stage;
    String detail = "";
    if (task != null) {
      String at = task.at;
      if (at == null) {
        detail = " (its task had not started yet)";
      } else if (!at.equals(stage)) {
        where = at;
        detail = " (busy in " + at + ")";
      }
    }
    return new ProcessingException(runId, where, index,
        "timed out: the run's timeout of " + describe(timeout) + " expired while waiting for " + what + detail);
  }

  /**
   * Keeps {@code e} as the run's failure unless one came first, and returns the failure to throw.
   */
  ProcessingException record(RuntimeException e) {
    failure.compareAndSet(null, asProcessingException(e));
    return failure.get();
  }

  /**
   * Stops the pool: queued tasks are dropped, running ones interrupted, and every worker thread
   * is waited for (up to {@link WorkerPool#STOP_GRACE}).
   *
   * @return the names of threads still alive after that (normally none)
   */
  List<String> stop() {
    cancelled = true;
    return pool.stop();
  }

  private static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE / 4;
    }
  }

  /** A duration as people read it: {@code 300 ms}, {@code 10 s}. */
  static String describe(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }
}
