package org.strand.processing;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import org.strand.core.Chunk;
import org.strand.core.InvalidDataException;
import org.strand.core.ProcessingException;

/**
 * The data flow of one run of the {@link ThreadedProcessor} (see its design notes): the stages
 * with their windows of tasks, the feeds between them, the savers, and the consumers' streams,
 * all driven by the thread that consumes the run. Every chunk computation, read, write and
 * commit is a task of {@link RunTasks}; this thread only aligns inputs, submits tasks, and takes
 * the oldest task of a stage when a reader needs its next chunk. Not thread-safe.
 */
final class ThreadedRun {
  private final RunPlan plan;
  private final ReportRecorder recorder;
  private final int threads;
  private final int maxInFlight;
  private final Map<String, Feed> feeds = new LinkedHashMap<>();
  private final Map<String, Saver> savers = new LinkedHashMap<>();
  private final Map<String, SaverWindow> saverWindows = new LinkedHashMap<>();
  private final Map<String, Producer> producerOf = new LinkedHashMap<>();
  private final Map<String, String> labelOf = new LinkedHashMap<>();
  private final List<Delivery> deliveries = new ArrayList<>();
  private final RunTasks tasks;
  private boolean stopped;
  private int openDeliveries;

  /**
   * Sets up a run: opens savers and sequential plugins, plans the stages, and subscribes one
   * consumer per delivered type. Worker threads start with the first task, so a failed setup
   * leaves none.
   *
   * @param delivered the types consumers read, one delivery each
   */
  ThreadedRun(RunPlan plan, int threads, int maxInFlight, Duration timeout, List<String> delivered) {
    this.plan = plan;
    this.threads = threads;
    this.maxInFlight = maxInFlight;
    this.recorder = new ReportRecorder(plan, "threaded", threads);
    for (String t : delivered) {
      if (!plan.types().contains(t)) {
        throw new IllegalArgumentException("type '" + t + "' is not in the plan of run " + plan.runId());
      }
    }
    for (String t : plan.types()) {
      feeds.put(t, new Feed(plan.runId(), t));
    }
    this.tasks = new RunTasks(plan.runId(), threads, timeout);
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
            saverWindows.put(t, new SaverWindow(tasks, saver, maxInFlight, p.stats));
          }
        }
      }
      for (String t : delivered) {
        deliveries.add(new Delivery(feeds.get(t)));
      }
    } catch (RuntimeException e) {
      tasks.stop();
      savers.values().forEach(Saver::abort);
      recorder.finish(false);
      throw e;
    }
    this.openDeliveries = deliveries.size();
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

  /** The driving thread hit {@code e}: the run stops, and its first failure is returned to throw. */
  private ProcessingException fail(RuntimeException e) {
    ProcessingException first = tasks.record(e);
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
    List<String> stuck = tasks.stop();
    for (Saver s : savers.values()) {
      s.abort();
    }
    recorder.finish(complete);
    if (!stuck.isEmpty()) {
      ProcessingException still = new ProcessingException(plan.runId(), "run", -1, "worker threads " + stuck
          + " did not stop within " + RunTasks.describe(WorkerPool.STOP_GRACE) + " after the run ended; a plugin, source or"
          + " saver ignores interruption");
      ProcessingException first = tasks.failure();
      if (first != null) {
        first.addSuppressed(still);
      } else {
        throw still;
      }
    }
  }

  /** Commits a saver on the pool, where its time counts toward the timeout. */
  private void commit(Saver saver) {
    tasks.runAndWait(saver.label(), "the commit of " + saver.label(), saver::commit);
  }

  /** The next chunk of {@code type} for a reader's queue, producing as needed; null at the end. */
  private Chunk take(String type, ArrayDeque<Chunk> q) {
    return feeds.get(type).take(q, producerOf.get(type)::advance);
  }

  // ---------------------------------------------------------------- stages

  /**
   * Produces a stage's output sets, in order, with at most {@code maxInFlight} tasks in its
   * window; the driver takes the oldest when a reader needs more.
   */
  private abstract class Producer {
    final StagePlan.Stage stage;
    final String label;
    final StageStats stats;
    final List<StageStats> window;
    final ArrayDeque<StageTask> pending = new ArrayDeque<>();
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
        StageTask head = pending.poll();
        List<Map<String, Chunk>> sets = tasks.await(head.result, head, label, head.index, "chunk " + head.index + " of " + label);
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

    final void add(StageTask p) {
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
        StageTask p = new StageTask(index);
        if (stored != null) {
          if (index >= stored.count()) {
            inputsEnded = true;
            return;
          }
          p.result = tasks.submit(label, index, () -> {
            p.at = label;
            return rest(p, index, Map.of(stored.type(), stored.read((int) index)));
          });
        } else {
          Map<String, Chunk> inputs = nextAligned(aligner, index);
          if (inputs == null) {
            inputsEnded = true;
            return;
          }
          // Splitting by channel costs a copy of the chunk on each side, so a chunk is split only
          // while too few chunks of this stage are in flight to keep the threads busy (a run's
          // first chunk, or a run of one chunk); otherwise whole chunks in parallel are faster.
          p.result = stage.kind() == StagePlan.Kind.CHANNEL && threads > 1 && pending.size() * 2 < threads
              ? splitByChannel(p, index, inputs)
              : tasks.submit(label, index, () -> {
                p.at = label;
                return rest(p, index, rootLogic.computeOne(index, inputs));
              });
        }
        tasks.watch(p.result, p);
        nextIndex++;
        add(p);
      }
    }

    /** Splits the input by channel on one task, computes the groups on as many, merges on one. */
    private CompletableFuture<List<Map<String, Chunk>>> splitByChannel(StageTask p, long index, Map<String, Chunk> inputs) {
      return tasks.submit(label, index, () -> {
        p.at = label;
        return rootLogic.splitByChannel(index, inputs, threads);
      }).thenCompose(groups -> {
        List<CompletableFuture<Map<String, Chunk>>> parts = new ArrayList<>(groups.size());
        for (Map<String, Chunk> g : groups) {
          parts.add(tasks.watch(tasks.submit(label, index, () -> rootLogic.computeGroup(index, g)), null));
        }
        return CompletableFuture.allOf(parts.toArray(new CompletableFuture<?>[0])).thenApplyAsync(ignored -> {
          List<Map<String, Chunk>> outs = new ArrayList<>(parts.size());
          parts.forEach(f -> outs.add(f.join()));
          return tasks.guarded(label, index, () -> rest(p, index, rootLogic.mergeGroups(index, outs)));
        }, tasks.executor());
      });
    }

    /** After the root: the members, the savers, and what leaves the stage. */
    private List<Map<String, Chunk>> rest(StageTask p, long index, Map<String, Chunk> rootOutputs) {
      Map<String, Chunk> produced = new LinkedHashMap<>(rootOutputs);
      for (StepLogic.Pure m : members) {
        tasks.checkNotCancelled();
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
        StageTask p;
        if (inputs == null) {
          finishSubmitted = true;
          p = new StageTask(Math.max(0, index - 1));
          StageTask task = p;
          p.result = tasks.submitAfter(last, label, p.index, () -> {
            task.at = label;
            return logic.finish();
          });
        } else {
          p = new StageTask(index);
          StageTask task = p;
          p.result = tasks.submitAfter(last, label, index, () -> {
            task.at = label;
            return logic.accept(index, inputs);
          });
          nextIndex++;
        }
        last = p.result;
        tasks.watch(p.result, p);
        add(p);
      }
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
      ProcessingException p = tasks.failure();
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
        boolean complete = tasks.failure() == null;
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
