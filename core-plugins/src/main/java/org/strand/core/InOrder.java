package org.strand.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * A function applied to a list's items on a few threads, the results in the items' order: for
 * work that waits on a file system per item (checking published runs, planning runs), where one
 * item after another would wait on each round trip in turn.
 */
public final class InOrder {
  private InOrder() {}

  /**
   * {@code f} of each item, on up to {@code threads} daemon threads named {@code threadName}, in
   * the items' order; with one item or one thread, on the calling thread. What {@code f} throws
   * for the first item (in order) it fails on is thrown here, and the items not yet started are
   * not started. A checked exception {@code f} throws undeclared comes wrapped in an
   * {@link IllegalStateException}.
   *
   * @throws IllegalStateException if the calling thread is interrupted while it waits (its
   *     interrupt flag is set again)
   */
  public static <T, R> List<R> map(List<T> items, int threads, String threadName, Function<T, R> f) {
    if (items.size() <= 1 || threads <= 1) {
      return items.stream().map(f).toList();
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, items.size()), r -> {
      Thread t = new Thread(r, threadName);
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<R>> futures = new ArrayList<>();
      for (T item : items) {
        futures.add(pool.submit(() -> f.apply(item)));
      }
      List<R> out = new ArrayList<>(items.size());
      for (Future<R> future : futures) {
        out.add(future.get());
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + threadName + " threads", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Error error) {
        throw error;
      }
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      // A checked exception thrown without being declared (code compiled from other languages
      // can): kept as the cause rather than lost to a failed cast.
      throw new IllegalStateException(threadName + " thread failed: " + cause, cause);
    } finally {
      pool.shutdownNow();
    }
  }
}
