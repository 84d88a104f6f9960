package org.strand.processing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.strand.context.Context;
import org.strand.core.Chunk;
import org.strand.core.Table;
import org.strand.testing.GraphToys;
import org.strand.testing.ToyPlugins;

/**
 * Channel-parallel plugins: splitting a chunk by channel and merging the groups' outputs gives
 * the unsplit output, row order included.
 */
class ChannelParallelTest {
  private static final String RUN = "000007";

  /** A table sorted by (time, channel) with many equal times across channels and repeated keys. */
  private static Table denseTable(SplittableRandom rnd, int rows) {
    Table t = Table.allocate(ToyPlugins.PULSES, rows);
    long time = 1000;
    short channel = 0;
    for (int r = 0; r < rows; r++) {
      if (rnd.nextInt(3) == 0) {
        time += rnd.nextInt(1, 4);
        channel = 0;
      } else if (rnd.nextBoolean()) {
        channel += (short) rnd.nextInt(0, 3);
      }
      t.longs("time")[r] = time;
      t.shorts("channel")[r] = channel;
      t.ints("length")[r] = 1;
      t.shorts("dt")[r] = 1;
      t.floats("value")[r] = r;
    }
    return t;
  }

  @Property(tries = 200)
  void merge_ofSplit_restoresRowsInOrder(@ForAll long seed, @ForAll @IntRange(min = 0, max = 300) int rows,
      @ForAll @IntRange(min = 1, max = 9) int groups) {
    Table t = denseTable(new SplittableRandom(seed), rows);
    List<Table> parts = ChannelSplit.split(t, "channel", groups);
    assertTrue(parts.size() <= groups);
    for (Table p : parts) {
      assertEquals(-1, ChannelSplit.firstUnordered(p, "channel"));
    }
    Table merged = ChannelSplit.merge(parts, "channel");
    assertTrue(t.contentEquals(merged), "differs at row " + t.firstDifference(merged));
  }

  @Test
  void split_keepsEachChannelInOneGroup() {
    Table t = denseTable(new SplittableRandom(3), 500);
    List<Table> parts = ChannelSplit.split(t, "channel", 4);
    assertEquals(4, parts.size());
    for (int g = 0; g < parts.size(); g++) {
      short[] ch = parts.get(g).shorts("channel");
      for (int r = 0; r < parts.get(g).rows(); r++) {
        assertEquals(Math.floorMod(ch[r], 4), Math.floorMod(ch[0], 4), "group " + g + " row " + r);
      }
    }
  }

  @Test
  void firstUnordered_findsRowsOutOfTimeOrChannelOrder() {
    assertEquals(-1, ChannelSplit.firstUnordered(rows(new long[] {5, 5, 6}, new short[] {0, 1, 0}), "channel"));
    assertEquals(1, ChannelSplit.firstUnordered(rows(new long[] {5, 5, 6}, new short[] {1, 0, 0}), "channel"));
    assertEquals(2, ChannelSplit.firstUnordered(rows(new long[] {5, 6, 5}, new short[] {0, 0, 1}), "channel"));
  }

  private static Table rows(long[] time, short[] channel) {
    Table t = Table.allocate(ToyPlugins.PULSES, time.length);
    System.arraycopy(time, 0, t.longs("time"), 0, time.length);
    System.arraycopy(channel, 0, t.shorts("channel"), 0, time.length);
    return t;
  }

  /**
   * End to end: a map computed by channel on 4 threads (rows doubled, times on a coarse grid so
   * that many rows of different channels share a time) equals the single-threaded unsplit map.
   */
  @Test
  void channelParallelMap_onFourThreads_equalsUnsplitRowForRow() {
    Context unsplit = Context.of(new ToyPlugins.Source(), new GraphToys.MapNode("m", "pulses", 5, false, 2, 2000),
        new GraphToys.MapNode("byc", "m", 11, false, 2, 0)).withOptions(Map.of("toy_rows", 400, "toy_chunks", 8));
    Context split = unsplit.withPlugins(new GraphToys.MapNode("byc", "m", 11, true, 2, 0))
        .withProcessor(new ThreadedProcessor(4));
    List<Chunk> expected = ProcessorEquivalenceTest.drain(unsplit.stream(RUN, "byc"));
    List<Chunk> actual = ProcessorEquivalenceTest.drain(split.stream(RUN, "byc"));
    int ties = 0;
    for (Chunk c : expected) {
      long[] t = c.data().longs("time");
      short[] ch = c.data().shorts("channel");
      for (int r = 1; r < c.rows(); r++) {
        ties += t[r] == t[r - 1] && ch[r] != ch[r - 1] ? 1 : 0;
      }
    }
    assertTrue(ties > 100, "the data must have many rows of different channels at one time, has " + ties);
    ProcessorEquivalenceTest.assertSameChunks(expected, actual, "channel-parallel map");
  }

  /** A plugin that breaks the (time, channel) contract is reported, not silently merged. */
  @Test
  void channelParallelPlugin_outOfChannelOrder_failsNamingThePlugin() {
    Context ctx = Context.of(new ToyPlugins.Source(), new GraphToys.MapNode("m", "pulses", 5, false, 1, 2000),
        new ReverseByChannel()).withOptions(Map.of("toy_rows", 400, "toy_chunks", 2)).withProcessor(new ThreadedProcessor(2));
    org.strand.core.ProcessingException e = org.junit.jupiter.api.Assertions.assertThrows(
        org.strand.core.ProcessingException.class, () -> ProcessorEquivalenceTest.drain(ctx.stream(RUN, "rev")));
    assertEquals("plugin 'Reverse'", e.stage());
    assertTrue(e.getMessage().contains("(time, channel) order"), e.getMessage());
  }

  /** Sorts rows by (time, channel descending): valid as a chunk, not as a channel-parallel output. */
  private static final class ReverseByChannel extends org.strand.plugin.ChunkPlugin {
    ReverseByChannel() {
      super(org.strand.plugin.PluginSpec.builder("Reverse").version("1").dependsOn("m").provides("rev", ToyPlugins.PULSES)
          .channelParallel("channel").build());
    }

    @Override
    public org.strand.plugin.Outputs compute(org.strand.plugin.ChunkInput in) {
      Table p = in.table("m");
      long[] t = p.longs("time");
      short[] ch = p.shorts("channel");
      List<Integer> order = new ArrayList<>();
      for (int r = 0; r < p.rows(); r++) {
        order.add(r);
      }
      order.sort((a, b) -> t[a] != t[b] ? Long.compare(t[a], t[b]) : Short.compare(ch[b], ch[a]));
      return org.strand.plugin.Outputs.of("rev", p.gather(order.stream().mapToInt(Integer::intValue).toArray()));
    }
  }
}
