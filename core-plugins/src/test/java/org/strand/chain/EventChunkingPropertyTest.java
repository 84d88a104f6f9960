package org.strand.chain;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.strand.context.Context;
import org.strand.core.Chunk;
import org.strand.core.Table;

/** Events and event_basics do not depend on how the peaks were chunked. */
class EventChunkingPropertyTest {
  private static final Map<String, Object> RUN = Map.of("run_duration_s", 0.3, "chunk_size_mb", 2.0, "event_rate_hz", 400.0,
      "left_event_extension", 200_000L, "max_drift_ns", 190_000L);

  private static final Map<Long, Chunk> PEAK_BASICS = new java.util.concurrent.ConcurrentHashMap<>();

  /** The run's peak_basics as one chunk, made once per seed. */
  private static Chunk peakBasics(long seed) {
    return PEAK_BASICS.computeIfAbsent(seed, EventChunkingPropertyTest::makePeakBasics);
  }

  private static Chunk makePeakBasics(long seed) {
    Context ctx = Context.of(StandardChain.plugins()).withOptions(RUN).withOption("generator_seed", seed);
    Table t = ctx.get("000001", "peak_basics").table();
    GeneratedRun run = GeneratorTest.open("000001", Map.of("run_duration_s", 0.3));
    return Chunk.of("000001", "peak_basics", run.info().start(), run.info().end(), t);
  }

  private static Table[] events(List<Chunk> chunks) {
    Context ctx = Context.of(new ChunksSource("peak_basics", ChainSchemas.PEAK_BASICS, chunks), new Events(), new EventBasics())
        .withOptions(Map.of("left_event_extension", 200_000L));
    return new Table[] {ctx.get("000001", "events").table(), ctx.get("000001", "event_basics").table()};
  }

  /** The chunk cut at up to {@code cuts} random times where no peak is in progress. */
  private static List<Chunk> rechunk(Chunk whole, long seed, int cuts) {
    SplittableRandom rnd = new SplittableRandom(seed);
    TreeSet<Long> at = new TreeSet<>();
    for (int i = 0; i < cuts; i++) {
      long t = whole.start() + (long) (rnd.nextDouble() * whole.duration());
      long safe = whole.safeSplitTime(t);
      if (safe > whole.start() && safe < whole.end()) {
        at.add(safe);
      }
    }
    List<Chunk> out = new ArrayList<>();
    Chunk rest = whole;
    for (long t : at) {
      Chunk.Split s = rest.split(t);
      out.add(s.before());
      rest = s.after();
    }
    out.add(rest);
    return out;
  }

  @Property(tries = 12)
  void events_anyChunkingOfThePeaks_areTheSame(@ForAll @IntRange(min = 1, max = 4) int runSeed, @ForAll long cutSeed,
      @ForAll @IntRange(min = 1, max = 40) int cuts) {
    Chunk whole = peakBasics(runSeed);
    Table[] reference = events(List.of(whole));
    assertTrue(reference[0].rows() > 20, "the run has events: " + reference[0].rows());
    List<Chunk> chunks = rechunk(whole, cutSeed, cuts);
    Table[] chunked = events(chunks);
    assertTrue(reference[0].contentEquals(chunked[0]),
        chunks.size() + " chunks: events differ from row " + reference[0].firstDifference(chunked[0]));
    assertTrue(reference[1].contentEquals(chunked[1]),
        chunks.size() + " chunks: event_basics differ from row " + reference[1].firstDifference(chunked[1]));
  }
}
