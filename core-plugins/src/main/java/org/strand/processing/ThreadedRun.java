package org.strand.processing;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.strand.core.Chunk;
import org.strand.core.InvalidDataException;
import org.strand.core.ProcessingException;

/**
 * One run of the {@link ThreadedProcessor}: its worker pool, stages, feeds and savers, driven by
 * the thread that consumes it (see the processor's design notes).
 *
 * <p>Every chunk computation, read, write and commit runs as a task on the pool; the driving
 * thread only aligns inputs, submits tasks, and waits for the oldest task of a stage. It waits in
 * one place, {@link #await}, on one condition that every finishing task signals, so a wait ends
 * when its task is done, when any task fails, when the run's deadline passes, or when the
 * driving thread is interrupted.
 */
final class ThreadedRun {
  private final RunPlan plan;
  private final ReportRecorder recorder;
  private final int threads;
  private final int maxInFlight;
  private final Duration timeout;
  private final long deadline;
  private final Map<String, Feed> feeds = new LinkedHashMap<>();
  private final Map<String, Saver> savers = new LinkedHashMap<>();
  private final Map<String, SaverWindow> saverWindows = new LinkedHashMap<>();
  private final Map<String, Producer> producerOf = new LinkedHashMap<>();
  private final Map<String, String> labelOf = new LinkedHashMap<>();
  private final List<Delivery> deliveries = new ArrayList<>();
  private final WorkerPool pool;
  private final AtomicReference<ProcessingException> failure = new AtomicReference<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition progress = lock.newCondition();
  private volatile boolean cancelled;
  private boolean stopped;
  private int openDeliveries;

  /**
   * Sets up a run: opens savers and sequential plugins, plans the stages, subscribes one
   * consumer per delivered type, and starts the pool (last, so a failed setup leaves no thread).
   *
   * @param delivered the types consumers read, one delivery each
   */
  ThreadedRun(RunPlan plan, int threads, int maxInFlight, Duration timeout, List<String> delivered) {
    this.plan = plan;
    this.threads = threads;
    this.maxInFlight = maxInFlight;
    this.timeout = timeout;
    this.recorder = new ReportRecorder(plan, "threaded", threads);
    for (String t : delivered) {
      if (!plan.types().contains(t)) {
        throw new IllegalArgumentException("type '" + t + "' is not in the plan of run " + plan.runId());
      }
    }
    for (String t : plan.types()) {
      feeds.put(t, new Feed(plan.runId(), t));
    }
    try {
      for (RunPlan.Step s : plan.steps()) {
        for (String t : s.outputs()) {
          labelOf.put(t, s.label());
        }
        for (String t : s.saved()) {
          savers.put(t, Saver.open(plan, s, t, recorder));
        }
      }
      for (StagePlan.Stage stage : StagePlan.of(plan, delivered, savers)) {
        Producer p = stage.kind() == StagePlan.Kind.SEQUENTIAL ? new SequentialProducer(stage) : new ParallelProducer(stage);
        for (String t : stage.outputs()) {
          producerOf.put(t, p);
          Saver saver = savers.get(t);
          if (saver != null && !stage.savedInside().contains(t)) {
            saverWindows.put(t, new SaverWindow(saver, p.stats));
          }
        }
      }
      for (String t : delivered) {
        deliveries.add(new Delivery(feeds.get(t)));
      }
    } catch (RuntimeException e) {
      savers.values().forEach(Saver::abort);
      recorder.finish(false);
      throw e;
    }
    this.openDeliveries = deliveries.size();
    this.deadline = timeout == null ? 0 : System.nanoTime() + Math.max(1, saturatedNanos(timeout));
    this.pool = new WorkerPool(plan.runId(), threads);
  }

  /** The consumers' streams, one per delivered type, in the order given. */
  List<Delivery> deliveries() {
    return deliveries;
  }

  /** Consumes every delivery to its end, round robin, and returns the report. */
  RunReport runToEnd() {
    try {
      boolean more = true;
      while (more) {
        more = false;
        for (Delivery d : deliveries) {
          if (d.hasNext()) {
            d.next();
            more = true;
          }
        }
      }
    } finally {
      deliveries.forEach(Delivery::close);
    }
    return recorder.report();
  }

  // ---------------------------------------------------------------- tasks, waiting, failure

  /**
   * Runs {@code body} on the pool. Failures not already wrapped are wrapped with the stage and
   * chunk; any failure cancels the run (see {@link #watch}).
   */
  private <T> CompletableFuture<T> submit(String stage, long index, Supplier<T> body) {
    return CompletableFuture.supplyAsync(() -> guarded(stage, index, body), pool.executor());
  }

  /** Runs {@code body} on the pool once {@code after} has completed normally. */
  private <T> CompletableFuture<T> submitAfter(CompletableFuture<?> after, String stage, long index, Supplier<T> body) {
    return after.thenApplyAsync(ignored -> guarded(stage, index, body), pool.executor());
  }

  private <T> T guarded(String stage, long index, Supplier<T> body) {
    if (cancelled) {
      throw new CancellationException("run " + plan.runId() + " was stopped");
    }
    try {
      return body.get();
    } catch (ProcessingException | CancellationException e) {
      throw e;
    } catch (RuntimeException | Error e) {
      throw new ProcessingException(plan.runId(), stage, index, e);
    }
  }

  /** Makes a task's completion wake the driving thread, and its failure cancel the run. */
  private <T> CompletableFuture<T> watch(CompletableFuture<T> f, Pending pending) {
    f.whenComplete((value, error) -> {
      if (pending != null) {
        pending.doneAt = System.nanoTime();
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
    return t instanceof ProcessingException p ? p : new ProcessingException(plan.runId(), "run", -1, t);
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
  private <T> T await(CompletableFuture<T> f, Pending task, String stage, long index, String what) {
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
        ProcessingException p = new ProcessingException(plan.runId(), stage, index, "interrupted while waiting for " + what);
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

  private ProcessingException timedOut(Pending task, String stage, long index, String what) {
    String where = stage;
    String detail = "";
    if (task != null) {
      String at = task.at;
      if (at == null) {
        detail = " (its task had not started: the workers were busy with earlier tasks)";
      } else if (!at.equals(stage)) {
        where = at;
        detail = " (busy in " + at + ")";
      }
    }
    return new ProcessingException(plan.runId(), where, index,
        "timed out: the run's timeout of " + describe(timeout) + " expired while waiting for " + what + detail);
  }

  /** Keeps {@code p} unless a failure came first; returns the one to throw. */
  private ProcessingException record(ProcessingException p) {
    failure.compareAndSet(null, p);
    return failure.get();
  }

  /** The driving thread hit {@code e}: the run stops, and its first failure is returned to throw. */
  private ProcessingException fail(RuntimeException e) {
    ProcessingException first = record(asProcessingException(e));
    stop(false);
    return first;
  }

  /**
   * Stops the run: cancels what is queued, interrupts what runs, waits for every worker thread to
   * end, aborts every writer not committed, and closes the report. Idempotent.
   */
  private void stop(boolean complete) {
    if (stopped) {
      return;
    }
    stopped = true;
    cancelled = true;
    List<String> stuck = pool.stop();
    for (Saver s : savers.values()) {
      s.abort();
    }
    recorder.finish(complete);
    if (!stuck.isEmpty()) {
      ProcessingException still = new ProcessingException(plan.runId(), "run", -1, "worker threads " + stuck
          + " did not stop within " + describe(WorkerPool.STOP_GRACE) + " after the run ended; a plugin, source or saver"
          + " ignores interruption");
      ProcessingException first = failure.get();
      if (first != null) {
        first.addSuppressed(still);
      } else {
        throw still;
      }
    }
  }

  private static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE / 4;
    }
  }

  static String describe(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }

  private void commit(Saver saver) {
    Pending p = new Pending(-1);
    await(submit(saver.label(), -1, () -> {
      p.at = saver.label();
      saver.commit();
      return null;
    }), p, saver.label(), -1, "the commit of " + saver.label());
  }

  /** The next chunk of {@code type} for a reader's queue, producing as needed; null at the end. */
  private Chunk take(String type, ArrayDeque<Chunk> q) {
    return feeds.get(type).take(q, producerOf.get(type)::advance);
  }

  // ---------------------------------------------------------------- stages

  /**
   * A task of a stage: its chunk, its result, the step it is busy in (for timeout messages) and
   * when it finished (for the backpressure statistic).
   */
  private static final class Pending {
    final long index;
    CompletableFuture<List<Map<String, Chunk>>> result;
    volatile String at;
    volatile long doneAt;

    Pending(long index) {
      this.index = index;
    }
  }

  /**
   * Produces a stage's output sets, in order, with at most {@code maxInFlight} tasks in its
   * window; the driver takes the oldest when a reader needs more.
   */
  private abstract class Producer {
    final StagePlan.Stage stage;
    final String label;
    final StageStats stats;
    final List<StageStats> window;
    final ArrayDeque<Pending> pending = new ArrayDeque<>();
    final ArrayDeque<Map<String, Chunk>> ready = new ArrayDeque<>();
    long nextIndex;
    boolean ended;

    Producer(StagePlan.Stage stage) {
      this.stage = stage;
      this.label = stage.label();
      this.stats = recorder.stage(stage.root());
      this.window = new ArrayList<>();
      for (RunPlan.Step s : stage.steps()) {
        window.add(recorder.stage(s));
      }
      for (String t : stage.savedInside()) {
        window.add(savers.get(t).stats());
      }
    }

    /** Submits tasks while the window has room and inputs are available. */
    abstract void topUp();

    /** Delivers at least one output set to the feeds, or ends them. */
    final void advance() {
      while (ready.isEmpty()) {
        topUp();
        if (pending.isEmpty()) {
          end();
          return;
        }
        boolean full = pending.size() >= maxInFlight;
        Pending head = pending.poll();
        List<Map<String, Chunk>> sets = await(head.result, head, label, head.index, "chunk " + head.index + " of " + label);
        long doneAt = head.doneAt;
        if (full && doneAt != 0) {
          stats.blocked.add(Math.max(0, System.nanoTime() - doneAt));
        }
        ready.addAll(sets);
      }
      Map<String, Chunk> set = ready.poll();
      for (Map.Entry<String, Chunk> e : set.entrySet()) {
        String type = e.getKey();
        int index = feeds.get(type).push(labelOf.get(type), e.getValue());
        SaverWindow w = saverWindows.get(type);
        if (w != null) {
          w.write(index, e.getValue());
        }
      }
    }

    final void add(Pending p) {
      pending.add(p);
      for (StageStats s : window) {
        s.observePeak(pending.size());
      }
    }

    /** The next aligned input set from the feeds, or null at their end. */
    final Map<String, Chunk> nextAligned(InputAligner aligner, long index) {
      try {
        return aligner.next();
      } catch (InvalidDataException e) {
        throw new ProcessingException(plan.runId(), label, index, e);
      }
    }

    final InputAligner aligner() {
      Map<String, ArrayDeque<Chunk>> subs = new LinkedHashMap<>();
      for (String in : stage.root().inputs()) {
        subs.put(in, feeds.get(in).subscribe());
      }
      return new InputAligner(label, stage.root().inputs(), t -> take(t, subs.get(t)));
    }

    private void end() {
      if (ended) {
        return;
      }
      ended = true;
      for (String t : stage.outputs()) {
        feeds.get(t).end();
        if (stage.savedInside().contains(t)) {
          commit(savers.get(t));
        }
        SaverWindow w = saverWindows.get(t);
        if (w != null) {
          w.finish();
        }
      }
    }
  }

  /**
   * A source, loader, chunk- or channel-parallel stage: chunks are independent tasks; each
   * computes the root, then the members, then writes the stage's savers.
   */
  private final class ParallelProducer extends Producer {
    private final StoredChunks stored;
    private final StepLogic.Pure rootLogic;
    private final InputAligner aligner;
    private final List<StepLogic.Pure> members = new ArrayList<>();
    private boolean inputsEnded;

    ParallelProducer(StagePlan.Stage stage) {
      super(stage);
      if (stage.kind() == StagePlan.Kind.READ) {
        stored = new StoredChunks(plan, stage.root(), stats);
        rootLogic = null;
        aligner = null;
      } else {
        stored = null;
        rootLogic = (StepLogic.Pure) StepLogic.of(plan, stage.root(), stats);
        aligner = aligner();
      }
      for (RunPlan.Step m : stage.members()) {
        members.add((StepLogic.Pure) StepLogic.of(plan, m, recorder.stage(m)));
      }
    }

    @Override
    void topUp() {
      while (!inputsEnded && pending.size() < maxInFlight) {
        long index = nextIndex;
        Pending p = new Pending(index);
        if (stored != null) {
          if (index >= stored.count()) {
            inputsEnded = true;
            return;
          }
          p.result = submit(label, index, () -> {
            p.at = label;
            return rest(p, index, Map.of(stored.type(), stored.read((int) index)));
          });
        } else {
          Map<String, Chunk> inputs = nextAligned(aligner, index);
          if (inputs == null) {
            inputsEnded = true;
            return;
          }
          p.result = stage.kind() == StagePlan.Kind.CHANNEL && threads > 1
              ? splitByChannel(p, index, inputs)
              : submit(label, index, () -> {
                p.at = label;
                return rest(p, index, rootLogic.computeOne(index, inputs));
              });
        }
        watch(p.result, p);
        nextIndex++;
        add(p);
      }
    }

    /** Splits the input by channel on one task, computes the groups on as many, merges on one. */
    private CompletableFuture<List<Map<String, Chunk>>> splitByChannel(Pending p, long index, Map<String, Chunk> inputs) {
      return submit(label, index, () -> {
        p.at = label;
        return rootLogic.splitByChannel(index, inputs, threads);
      }).thenCompose(groups -> {
        List<CompletableFuture<Map<String, Chunk>>> parts = new ArrayList<>(groups.size());
        for (Map<String, Chunk> g : groups) {
          parts.add(watch(submit(label, index, () -> rootLogic.computeGroup(index, g)), null));
        }
        return CompletableFuture.allOf(parts.toArray(new CompletableFuture<?>[0])).thenApplyAsync(ignored -> {
          List<Map<String, Chunk>> outs = new ArrayList<>(parts.size());
          parts.forEach(f -> outs.add(f.join()));
          return guarded(label, index, () -> rest(p, index, rootLogic.mergeGroups(index, outs)));
        }, pool.executor());
      });
    }

    /** After the root: the members, the savers, and what leaves the stage. */
    private List<Map<String, Chunk>> rest(Pending p, long index, Map<String, Chunk> rootOutputs) {
      Map<String, Chunk> produced = new LinkedHashMap<>(rootOutputs);
      for (StepLogic.Pure m : members) {
        if (cancelled) {
          throw new CancellationException("run " + plan.runId() + " was stopped");
        }
        p.at = m.step.label();
        String in = m.step.inputs().get(0);
        produced.putAll(m.computeOne(index, Map.of(in, produced.get(in))));
      }
      for (String t : stage.savedInside()) {
        p.at = savers.get(t).label();
        savers.get(t).write(Math.toIntExact(index), produced.get(t));
      }
      Map<String, Chunk> out = new LinkedHashMap<>();
      for (Map.Entry<String, Chunk> e : produced.entrySet()) {
        if (stage.exported().contains(e.getKey())) {
          out.put(e.getKey(), e.getValue());
        }
      }
      return List.of(out);
    }
  }

  /**
   * A sequential or overlap-window stage: each chunk's task starts when the previous one has
   * finished, so the plugin sees chunks one at a time, in order; up to {@code maxInFlight} are
   * queued ahead.
   */
  private final class SequentialProducer extends Producer {
    private final StepLogic logic;
    private final InputAligner aligner;
    private CompletableFuture<?> last = CompletableFuture.completedFuture(null);
    private boolean finishSubmitted;

    SequentialProducer(StagePlan.Stage stage) {
      super(stage);
      this.logic = StepLogic.of(plan, stage.root(), stats);
      this.aligner = aligner();
    }

    @Override
    void topUp() {
      while (!finishSubmitted && pending.size() < maxInFlight) {
        long index = nextIndex;
        Map<String, Chunk> inputs = nextAligned(aligner, index);
        Pending p;
        if (inputs == null) {
          finishSubmitted = true;
          p = new Pending(Math.max(0, index - 1));
          Pending task = p;
          p.result = submitAfter(last, label, p.index, () -> {
            task.at = label;
            return logic.finish();
          });
        } else {
          p = new Pending(index);
          Pending task = p;
          p.result = submitAfter(last, label, index, () -> {
            task.at = label;
            return logic.accept(index, inputs);
          });
          nextIndex++;
        }
        last = p.result;
        watch(p.result, p);
        add(p);
      }
    }
  }

  /**
   * Writes a saved type handed out of its stage: independent write tasks, or one after another
   * for a rechunking writer; at most {@code maxInFlight} at once, the producer waiting beyond.
   */
  private final class SaverWindow {
    private final Saver saver;
    private final StageStats producerStats;
    private final ArrayDeque<Pending> writes = new ArrayDeque<>();
    private CompletableFuture<?> last = CompletableFuture.completedFuture(null);

    SaverWindow(Saver saver, StageStats producerStats) {
      this.saver = saver;
      this.producerStats = producerStats;
    }

    void write(int index, Chunk c) {
      if (writes.size() >= maxInFlight) {
        long t0 = System.nanoTime();
        awaitOldest();
        producerStats.blocked.add(System.nanoTime() - t0);
      }
      Pending p = new Pending(index);
      Supplier<List<Map<String, Chunk>>> body = () -> {
        p.at = saver.label();
        saver.write(index, c);
        return List.of();
      };
      p.result = saver.rechunks() ? submitAfter(last, saver.label(), index, body) : submit(saver.label(), index, body);
      last = p.result;
      watch(p.result, p);
      writes.add(p);
      saver.stats().observePeak(writes.size());
    }

    void finish() {
      while (!writes.isEmpty()) {
        awaitOldest();
      }
      commit(saver);
    }

    private void awaitOldest() {
      Pending p = writes.poll();
      await(p.result, p, saver.label(), p.index, "chunk " + p.index + " of " + saver.label());
    }
  }

  // ---------------------------------------------------------------- consumers

  /** A consumer's stream of one type. */
  final class Delivery implements ChunkStream {
    private final Feed feed;
    private final ArrayDeque<Chunk> queue;
    private Chunk buffered;
    private boolean exhausted;
    private boolean closedHere;

    Delivery(Feed feed) {
      this.feed = feed;
      this.queue = feed.subscribe();
    }

    @Override
    public boolean hasNext() {
      ProcessingException p = failure.get();
      if (p != null) {
        stop(false);
        throw p;
      }
      if (closedHere || exhausted) {
        return false;
      }
      if (buffered == null) {
        try {
          buffered = take(feed.type(), queue);
        } catch (RuntimeException e) {
          throw fail(e);
        }
        if (buffered == null) {
          exhausted = true;
          close();
          return false;
        }
      }
      return true;
    }

    @Override
    public Chunk next() {
      if (!hasNext()) {
        throw new NoSuchElementException("no more chunks of '" + feed.type() + "' in run " + plan.runId());
      }
      Chunk c = buffered;
      buffered = null;
      return c;
    }

    @Override
    public RunReport report() {
      return recorder.report();
    }

    @Override
    public void close() {
      if (closedHere) {
        return;
      }
      closedHere = true;
      buffered = null;
      openDeliveries--;
      if (openDeliveries == 0) {
        boolean complete = failure.get() == null;
        for (Saver s : savers.values()) {
          complete &= s.isDone();
        }
        for (Feed f : feeds.values()) {
          complete &= f.ended();
        }
        stop(complete);
      }
    }
  }
}
