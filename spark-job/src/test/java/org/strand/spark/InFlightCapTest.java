package org.strand.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Chunks in flight per stage fit in half the heap: the threaded processor's default where the
 * heap allows it, fewer (never none) where it does not. Regression: a two-thread run in a 1 GiB
 * JVM ran out of heap with the default (see the reliability suite's large-run test).
 */
class InFlightCapTest {
  private static final long GIB = 1L << 30;

  @Test
  void twoThreadsInOneGib_twoChunksInFlight() {
    assertEquals(2, Components.maxInFlight(2, GIB));
  }

  @Test
  void largeHeap_keepsTheProcessorsDefault() {
    assertEquals(4, Components.maxInFlight(2, 4 * GIB));
    assertEquals(16, Components.maxInFlight(8, 32 * GIB));
  }

  @Test
  void tinyHeap_stillOneChunkInFlight() {
    assertEquals(1, Components.maxInFlight(8, GIB / 4));
  }
}
