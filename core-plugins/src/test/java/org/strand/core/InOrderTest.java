package org.strand.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A function applied on several threads at once, its results in the items' order. */
class InOrderTest {
  @Test
  void results_keepTheItemsOrder_andSeveralRunAtOnce() {
    List<Integer> items = IntStream.range(0, 200).boxed().toList();
    Set<String> threads = ConcurrentHashMap.newKeySet();
    CountDownLatch twoAtOnce = new CountDownLatch(2);
    List<Integer> out = InOrder.map(items, 4, "strand-test", i -> {
      threads.add(Thread.currentThread().getName());
      twoAtOnce.countDown();
      try {
        // Each waits (a little) for a second one to be running: the work is concurrent.
        twoAtOnce.await(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return i * 2;
    });
    assertEquals(items.stream().map(i -> i * 2).toList(), out);
    assertEquals(0, twoAtOnce.getCount(), "two items were being worked on at the same time");
    assertTrue(threads.stream().allMatch(n -> n.equals("strand-test")), threads.toString());
  }

  @Test
  void anExceptionEscapingF_isThrownAsItIs() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> InOrder.map(List.of(1, 2, 3), 4, "strand-test", i -> {
      if (i == 2) {
        throw new IllegalStateException("item 2");
      }
      return i;
    }));
    assertEquals("item 2", e.getMessage());
  }

  @Test
  void aCheckedExceptionThrownUndeclared_isKeptAsTheCause() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> InOrder.map(List.of(1, 2, 3), 4, "strand-test", i -> {
      if (i == 3) {
        throwUndeclared(new java.io.IOException("disk gone"));
      }
      return i;
    }));
    assertTrue(e.getCause() instanceof java.io.IOException, String.valueOf(e.getCause()));
    assertTrue(e.getMessage().contains("disk gone"), e.getMessage());
  }

  /** Throws {@code t}, checked or not, without declaring it (as code from other JVM languages may). */
  @SuppressWarnings("unchecked")
  private static <T extends Throwable> void throwUndeclared(Throwable t) throws T {
    throw (T) t;
  }

  @Test
  void oneItemOrOneThread_runsHere() {
    assertEquals(List.of("main"), InOrder.map(List.of(1), 8, "strand-test", i -> Thread.currentThread().getName()).stream()
        .map(n -> n.equals(Thread.currentThread().getName()) ? "main" : n).toList());
  }
}
