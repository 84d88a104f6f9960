package org.strand.processing;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.strand.core.Chunk;
import org.strand.core.InvalidDataException;
import org.strand.core.ProcessingException;
import org.strand.storage.DataKey;
import org.strand.storage.DataWriter;

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
  @Override
  public String name() {
    return "single";
  }

  @Override
  public ChunkStream stream(RunPlan plan, String type) {
    Engine engine = new Engine(plan);
    return engine.deliver(type);
  }

  @Override
  public RunReport run(RunPlan plan) {
    Engine engine = new Engine(plan);
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
    final Map<String, Writer> writers = new LinkedHashMap<>();
    RuntimeException failure;
    boolean closed;
    int openDeliveries;

    Engine(RunPlan plan) {
      this.plan = plan;
      this.recorder = new ReportRecorder(plan, "single", 1);
      for (String t : plan.types()) {
        feeds.put(t, new Feed(t));
      }
      try {
        for (RunPlan.Step s : plan.steps()) {
          producers.put(s, new Producer(s));
          for (String t : s.saved()) {
            DataKey key = new DataKey(plan.runId(), t, plan.lineage(t).hash());
            DataWriter w;
            try {
              w = plan.storage().writer(key, s.schema(t), plan.lineage(t));
            } catch (RuntimeException e) {
              throw new ProcessingException(plan.runId(), ReportRecorder.saverLabel(t), -1, e);
            }
            writers.put(t, new Writer(t, w));
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
        for (Writer w : writers.values()) {
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

    final class Feed {
      final String type;
      final List<ArrayDeque<Chunk>> queues = new ArrayList<>();
      boolean ended;
      long lastEnd = Long.MIN_VALUE;
      int count;

      Feed(String type) {
        this.type = type;
      }

      ArrayDeque<Chunk> subscribe() {
        ArrayDeque<Chunk> q = new ArrayDeque<>();
        queues.add(q);
        return q;
      }

      void push(RunPlan.Step step, Chunk c) {
        if (lastEnd != Long.MIN_VALUE && c.start() != lastEnd) {
          throw new ProcessingException(plan.runId(), step.label(), count, new InvalidDataException(
              "chunks of '" + type + "' are not contiguous: chunk " + count + " " + c.where()
                  + " does not start where the previous one ended (" + lastEnd + ")"));
        }
        lastEnd = c.end();
        Writer w = writers.get(type);
        if (w != null) {
          w.write(count, c);
        }
        count++;
        int deepest = 0;
        for (ArrayDeque<Chunk> q : queues) {
          q.add(c);
          deepest = Math.max(deepest, q.size());
        }
        recorder.stage(step).observePeak(deepest);
      }

      void end() {
        ended = true;
        Writer w = writers.get(type);
        if (w != null) {
          w.commit();
        }
      }

      /** The next chunk for queue {@code q}, producing as needed; null at the end. */
      Chunk take(ArrayDeque<Chunk> q) {
        while (q.isEmpty() && !ended) {
          producers.get(plan.producer(type)).advance();
        }
        return q.poll();
      }
    }

    final class Writer {
      final String type;
      final DataWriter writer;
      final StageStats stats;
      boolean done;

      Writer(String type, DataWriter writer) {
        this.type = type;
        this.writer = writer;
        this.stats = recorder.saver(type);
      }

      void write(int index, Chunk c) {
        StageStats.Timer timer = stats.time();
        try {
          writer.write(index, c);
        } catch (RuntimeException e) {
          throw new ProcessingException(plan.runId(), stats.label, index, e);
        } finally {
          timer.stop();
        }
        stats.chunks.increment();
        stats.rowsIn.add(c.rows());
        stats.bytesIn.add(c.nbytes());
      }

      void commit() {
        StageStats.Timer timer = stats.time();
        try {
          writer.commit();
          done = true;
        } catch (RuntimeException e) {
          throw new ProcessingException(plan.runId(), stats.label, -1, e);
        } finally {
          timer.stop();
        }
      }

      void abort() {
        if (!done) {
          done = true;
          try {
            writer.abort();
          } catch (RuntimeException suppressed) {
            // The run already failed; the first failure is what the user needs to see.
          }
        }
      }
    }

    /** Produces a step's output sets one at a time. */
    final class Producer {
      final RunPlan.Step step;
      final StageStats stats;
      final InputAligner aligner;
      final StepLogic logic;
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
        } else {
          Map<String, ArrayDeque<Chunk>> subs = new LinkedHashMap<>();
          for (String in : step.inputs()) {
            subs.put(in, feeds.get(in).subscribe());
          }
          aligner = new InputAligner(step.label(), step.inputs(), t -> feeds.get(t).take(subs.get(t)));
          logic = StepLogic.of(plan, step, stats);
        }
      }

      /** Produces at least one output set, or ends the step's feeds. */
      void advance() {
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
          feeds.get(t).push(step, set.get(t));
        }
      }

      /** Sources and loaders: chunk {@code nextChunk}, read independently. */
      private void produceStored() {
        int total = step.action() == RunPlan.Action.LOAD ? step.stored().chunkCount() : step.source().chunkCount();
        if (nextChunk >= total) {
          endFeeds();
          return;
        }
        String type = step.outputs().get(0);
        StageStats.Timer timer = stats.time();
        Chunk c;
        try {
          c = step.action() == RunPlan.Action.LOAD ? step.stored().read(nextChunk) : step.source().chunk(nextChunk);
          checkProduced(type, c);
        } catch (RuntimeException e) {
          throw new ProcessingException(plan.runId(), step.label(), nextChunk, e);
        } finally {
          timer.stop();
        }
        stats.chunks.increment();
        stats.rowsOut.add(c.rows());
        stats.bytesOut.add(c.nbytes());
        nextChunk++;
        feeds.get(type).push(step, c);
      }

      private void checkProduced(String type, Chunk c) {
        if (c == null) {
          throw new InvalidDataException("chunk " + nextChunk + " is null");
        }
        if (!c.type().equals(type) || !c.runId().equals(plan.runId())) {
          throw new InvalidDataException("expected a chunk of run " + plan.runId() + ", type '" + type + "', got " + c.where());
        }
        if (!c.schema().equals(step.schema(type))) {
          throw new InvalidDataException(c.where() + " has schema " + c.schema() + ", expected " + step.schema(type));
        }
      }

      private void endFeeds() {
        for (String t : step.outputs()) {
          Feed f = feeds.get(t);
          if (!f.ended) {
            f.end();
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
            buffered = feed.take(queue);
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
          for (Writer w : writers.values()) {
            if (!w.done) {
              complete = false;
              w.abort();
            }
          }
          recorder.finish(complete && allFeedsEnded());
        }
      }

      private boolean allFeedsEnded() {
        for (Feed f : feeds.values()) {
          if (!f.ended) {
            return false;
          }
        }
        return true;
      }
    }
  }
}
