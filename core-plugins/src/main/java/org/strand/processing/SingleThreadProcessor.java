package org.strand.processing;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.strand.core.Chunk;
import org.strand.core.ConfigurationException;
import org.strand.core.InvalidDataException;
import org.strand.core.ProcessingException;

/**
 * The reference processor: pulls one chunk at a time through the plan on the caller's thread.
 *
 * <p>Design: every type has a feed with one queue per reader. Reading from an empty queue asks
 * the type's producing step for its next output set, which is appended to the queues of every
 * reader of each output type and written by the savers of saved types. Readers of a type advance
 * at the pace of time, so queues hold a few chunks at most: memory is bounded by a few chunks per
 * stage, whatever the run's length. A step's saver commits when the step is exhausted.
 *
 * <p>Any failure aborts every writer not yet committed and is thrown once, as a
 * {@link ProcessingException} naming run, stage and chunk. Not thread-safe; streams are consumed
 * by one thread.
 */
public final class SingleThreadProcessor implements Processor {
  private final Duration timeout;

  /** A processor without a time limit. */
  public SingleThreadProcessor() {
    this(null);
  }

  /**
   * A processor whose runs fail once they take longer than {@code timeout} (null: no limit). The
   * deadline is checked each time a stage is asked for its next chunk, so a run that is slow
   * overall stops with an error naming the stage it was at; a plugin stuck inside one chunk is
   * not interrupted (the threaded processor's timeout covers that).
   */
  public SingleThreadProcessor(Duration timeout) {
    if (timeout != null && (timeout.isZero() || timeout.isNegative())) {
      throw new ConfigurationException("the run timeout must be positive (or absent), got " + timeout);
    }
    this.timeout = timeout;
  }

  @Override
  public String name() {
    return "single";
  }

  @Override
  public ChunkStream stream(RunPlan plan, String type) {
    Engine engine = new Engine(plan, timeout);
    return engine.deliver(type);
  }

  @Override
  public RunReport run(RunPlan plan) {
    Engine engine = new Engine(plan, timeout);
    List<Engine.Delivery> deliveries = new ArrayList<>();
    for (String t : plan.targets()) {
      deliveries.add(engine.deliver(t));
    }
    try {
      // Advance the target that is furthest behind in time, so every reader of a shared type
      // stays near the same time and the queues between them stay short.
      long[] reached = new long[deliveries.size()];
      java.util.Arrays.fill(reached, Long.MIN_VALUE);
      while (true) {
        int behind = -1;
        for (int i = 0; i < deliveries.size(); i++) {
          if (deliveries.get(i).hasNext() && (behind < 0 || reached[i] < reached[behind])) {
            behind = i;
          }
        }
        if (behind < 0) {
          break;
        }
        reached[behind] = deliveries.get(behind).next().end();
      }
    } finally {
      deliveries.forEach(Engine.Delivery::close);
    }
    return engine.recorder.report();
  }

  /** The pull machinery for one run. */
  private static final class Engine {
    final RunPlan plan;
    final ReportRecorder recorder;
    final Map<String, Feed> feeds = new LinkedHashMap<>();
    final Map<RunPlan.Step, Producer> producers = new LinkedHashMap<>();
    final Map<String, Saver> savers = new LinkedHashMap<>();
    final Duration timeout;
    final long deadline;
    RuntimeException failure;
    boolean closed;
    int openDeliveries;

    Engine(RunPlan plan, Duration timeout) {
      this.plan = plan;
      this.timeout = timeout;
      this.deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
      this.recorder = new ReportRecorder(plan, "single", 1);
      for (String t : plan.types()) {
        feeds.put(t, new Feed(plan.runId(), t));
      }
      try {
        for (RunPlan.Step s : plan.steps()) {
          producers.put(s, new Producer(s));
          for (String t : s.saved()) {
            savers.put(t, Saver.open(plan, s, t, recorder));
          }
        }
      } catch (RuntimeException e) {
        fail(e);
        throw e;
      }
    }

    Delivery deliver(String type) {
      if (!feeds.containsKey(type)) {
        throw new IllegalArgumentException("type '" + type + "' is not in the plan of run " + plan.runId());
      }
      openDeliveries++;
      Feed feed = feeds.get(type);
      return new Delivery(feed, feed.subscribe());
    }

    void fail(RuntimeException e) {
      if (failure == null) {
        failure = e;
        for (Saver w : savers.values()) {
          w.abort();
        }
        recorder.finish(false);
      }
    }

    /** Runs {@code action}; on failure, aborts everything and rethrows once as a ProcessingException. */
    RuntimeException failed(RuntimeException e, String stage, long index) {
      RuntimeException wrapped = e instanceof ProcessingException ? e : new ProcessingException(plan.runId(), stage, index, e);
      fail(wrapped);
      return wrapped;
    }

    /** The next chunk of {@code type} for queue {@code q}, producing as needed; null at the end. */
    Chunk take(String type, ArrayDeque<Chunk> q) {
      Producer producer = producers.get(plan.producer(type));
      return feeds.get(type).take(q, producer::advance);
    }

    /** Hands a produced chunk to the readers of its type and to its saver. */
    void push(RunPlan.Step step, String type, Chunk c) {
      Feed feed = feeds.get(type);
      int index = feed.push(step.label(), c);
      recorder.stage(step).observePeak(feed.deepestQueue());
      Saver w = savers.get(type);
      if (w != null) {
        w.write(index, c);
      }
    }

    /** Ends a type's stream; its saver commits. */
    void end(String type) {
      feeds.get(type).end();
      Saver w = savers.get(type);
      if (w != null) {
        w.commit();
      }
    }

    /** Produces a step's output sets one at a time. */
    final class Producer {
      final RunPlan.Step step;
      final StageStats stats;
      final InputAligner aligner;
      final StepLogic logic;
      final StoredChunks stored;
      final ArrayDeque<Map<String, Chunk>> ready = new ArrayDeque<>();
      int nextChunk;
      long nextIndex;
      boolean inputsEnded;

      Producer(RunPlan.Step step) {
        this.step = step;
        this.stats = recorder.stage(step);
        if (step.inputs().isEmpty()) {
          aligner = null;
          logic = null;
          stored = new StoredChunks(plan, step, stats);
        } else {
          Map<String, ArrayDeque<Chunk>> subs = new LinkedHashMap<>();
          for (String in : step.inputs()) {
            subs.put(in, feeds.get(in).subscribe());
          }
          aligner = new InputAligner(step.label(), step.inputs(), t -> take(t, subs.get(t)));
          logic = StepLogic.of(plan, step, stats);
          stored = null;
        }
      }

      /** Produces at least one output set, or ends the step's feeds. */
      void advance() {
        if (System.nanoTime() > deadline) {
          throw new ProcessingException(plan.runId(), step.label(), logic == null ? nextChunk : nextIndex,
              "timed out after " + RunTasks.describe(timeout) + " (the run's time limit) while waiting for this stage's next chunk");
        }
        if (logic == null) {
          produceStored();
          return;
        }
        while (ready.isEmpty() && !inputsEnded) {
          Map<String, Chunk> inputs;
          try {
            inputs = aligner.next();
          } catch (InvalidDataException e) {
            throw new ProcessingException(plan.runId(), step.label(), nextIndex, e);
          }
          if (inputs == null) {
            inputsEnded = true;
            ready.addAll(logic.finish());
          } else {
            ready.addAll(logic.accept(nextIndex++, inputs));
          }
        }
        if (ready.isEmpty()) {
          endFeeds();
          return;
        }
        Map<String, Chunk> set = ready.poll();
        for (String t : step.outputs()) {
          push(step, t, set.get(t));
        }
      }

      /** Sources and loaders: chunk {@code nextChunk}, read independently. */
      private void produceStored() {
        if (nextChunk >= stored.count()) {
          endFeeds();
          return;
        }
        Chunk c = stored.read(nextChunk);
        nextChunk++;
        push(step, stored.type(), c);
      }

      private void endFeeds() {
        for (String t : step.outputs()) {
          if (!feeds.get(t).ended()) {
            end(t);
          }
        }
      }
    }

    /** A consumer's view of one type. */
    final class Delivery implements ChunkStream {
      private final Feed feed;
      private final ArrayDeque<Chunk> queue;
      private Chunk buffered;
      private boolean exhausted;
      private boolean closedHere;

      Delivery(Feed feed, ArrayDeque<Chunk> queue) {
        this.feed = feed;
        this.queue = queue;
      }

      @Override
      public boolean hasNext() {
        if (failure != null) {
          throw failure;
        }
        if (closedHere || exhausted) {
          return false;
        }
        if (buffered == null) {
          try {
            buffered = take(feed.type(), queue);
          } catch (RuntimeException e) {
            throw failed(e, "run", -1);
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
          throw new NoSuchElementException("no more chunks");
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
        openDeliveries--;
        if (openDeliveries == 0 && !closed) {
          closed = true;
          boolean complete = failure == null;
          for (Saver w : savers.values()) {
            if (!w.isDone()) {
              complete = false;
              w.abort();
            }
          }
          recorder.finish(complete && allFeedsEnded());
        }
      }

      private boolean allFeedsEnded() {
        for (Feed f : feeds.values()) {
          if (!f.ended()) {
            return false;
          }
        }
        return true;
      }
    }
  }
}
