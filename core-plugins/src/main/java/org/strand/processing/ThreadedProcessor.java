package org.strand.processing;

import java.time.Duration;
import java.util.List;
import org.strand.core.ConfigurationException;

/**
 * Processes a run on a pool of worker threads, with output identical to the
 * {@link SingleThreadProcessor}'s.
 *
 * <h2>Design</h2>
 *
 * <p><b>One driver, many workers.</b> A run is driven by the thread that consumes it: the caller
 * of {@link #run} or of the stream's {@code hasNext}. That thread does what the single-threaded
 * processor does — it pulls chunks through the plan, aligns the inputs of multi-input steps and
 * hands each output to its readers in order — except that it computes nothing itself: every chunk
 * computation, read, write and commit is a task on one fixed pool of {@code threads} workers per
 * run. Tasks never wait for one another (a sequential step's next chunk is chained after its
 * previous one, never blocked on it), so the pool cannot deadlock, and because the pulling order
 * is the reference processor's, neither can the data flow: a reader that lags another (an
 * overlap-window plugin holding back results) gets exactly the buffering it gets there.
 *
 * <p><b>Stages and windows.</b> The steps are grouped into stages ({@link StagePlan}). Each stage
 * keeps a window of at most {@code maxInFlight} tasks, oldest first. When a reader needs the
 * stage's next chunk, the driver first tops the window up (aligning further inputs, which pulls
 * upstream stages in turn), then takes the oldest task's result. Chunk-parallel stages (sources,
 * loaders, chunk and loop plugins) submit their chunks as independent tasks, so up to
 * {@code maxInFlight} of them compute at once while results still leave in chunk order — PaPy's
 * bounded, ordered {@code IMap}. Sequential stages (sequential and overlap-window plugins) chain
 * each chunk's task after the previous one: one at a time, in order, but ahead of their readers.
 * Channel-parallel plugins also split each chunk into channel groups, computed as separate tasks
 * and merged by (time, channel) into exactly the unsplit output.
 *
 * <p><b>Fusion.</b> Chunk-parallel plugins with a single input join the stage producing that
 * input; one task per chunk then runs the whole chain and writes the stage's saved types (when
 * their writers do not rechunk) — strax's inlining into a {@code ParallelSourcePlugin}, done in
 * process. Types used only inside a stage never leave its task.
 *
 * <p><b>Bounded memory, backpressure.</b> Nothing is computed ahead of demand by more than a
 * stage's window: a slow consumer or saver leaves the windows full, and the producers wait. The
 * report gives each stage's peak chunks in flight (never above {@code maxInFlight}) and the time
 * its finished chunks waited, window full, for downstream to take them.
 *
 * <p><b>Failure.</b> The first exception anywhere — source, plugin, saver, or the driver's own
 * checks — is kept; the pool is stopped at once (queued tasks dropped, running ones interrupted),
 * and the driver, woken from whatever it waited on, waits for every worker thread to end, aborts
 * every writer not committed, and throws that exception, once, as a
 * {@link org.strand.core.ProcessingException} with run, stage and chunk. Closing a stream early
 * stops the run the same way, without an error. With a timeout, a wait past the run's deadline
 * fails the run naming the stage and chunk it was waiting for. An interrupted driver restores its
 * interrupt status and fails the run. There are no other waits.
 *
 * <p>Thread-safe: one processor may run many runs at once, each with its own pool. A stream is
 * consumed by one thread.
 */
public final class ThreadedProcessor implements Processor {
  private final int threads;
  private final int maxInFlight;
  private final Duration timeout;

  /** {@code threads} workers, {@code 2 * threads} chunks in flight per stage, no timeout. */
  public ThreadedProcessor(int threads) {
    this(threads, 0, null);
  }

  /**
   * @param threads worker threads per run, at least 1
   * @param maxInFlight chunks in flight per stage, at least 1; 0 for the default, {@code 2 * threads}
   * @param timeout how long a run may take before it fails; null for no limit
   * @throws ConfigurationException for threads below 1, a negative maxInFlight, or a timeout that
   *     is zero or negative
   */
  public ThreadedProcessor(int threads, int maxInFlight, Duration timeout) {
    if (threads < 1) {
      throw new ConfigurationException("threads must be at least 1, got " + threads);
    }
    if (maxInFlight < 0) {
      throw new ConfigurationException("max chunks in flight per stage must be at least 1 (or 0 for the default), got " + maxInFlight);
    }
    if (timeout != null && (timeout.isZero() || timeout.isNegative())) {
      throw new ConfigurationException("the run timeout must be positive (or absent), got " + timeout);
    }
    this.threads = threads;
    this.maxInFlight = maxInFlight == 0 ? defaultMaxInFlight(threads) : maxInFlight;
    this.timeout = timeout;
  }

  /** The default limit of chunks in flight per stage for {@code threads} workers. */
  public static int defaultMaxInFlight(int threads) {
    return 2 * threads;
  }

  @Override
  public String name() {
    return "threaded";
  }

  public int threads() {
    return threads;
  }

  public int maxInFlight() {
    return maxInFlight;
  }

  /** The per-run timeout, or null. */
  public Duration timeout() {
    return timeout;
  }

  @Override
  public ChunkStream stream(RunPlan plan, String type) {
    return new ThreadedRun(plan, threads, maxInFlight, timeout, List.of(type)).deliveries().get(0);
  }

  @Override
  public RunReport run(RunPlan plan) {
    return new ThreadedRun(plan, threads, maxInFlight, timeout, plan.targets()).runToEnd();
  }

  @Override
  public String toString() {
    return "threaded processor (" + threads + " threads, " + maxInFlight + " chunks in flight per stage"
        + (timeout == null ? "" : ", timeout " + RunTasks.describe(timeout)) + ")";
  }
}
