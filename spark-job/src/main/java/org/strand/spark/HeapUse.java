package org.strand.spark;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * This JVM's peak heap use, for the job summary: the most heap the JVM held after a garbage
 * collection, i.e. the data it kept alive (plus old garbage a young collection had not reached).
 *
 * <p>Heap use just before a collection says how full the collector let the heap get, garbage
 * included, and is close to the whole heap whenever memory is short; it says nothing of what a
 * run needs. What survives a collection does, so the peak is taken from the collectors'
 * notifications: the heap pools' use after each collection, summed at that one moment (unlike
 * the pools' own peaks, which fall at different times and add up to more than was ever used).
 * Collections before {@link #install()} are not seen; with none seen the value is the heap in
 * use now.
 *
 * <p>Thread-safe; JVM-wide (in a Spark executor it covers every task of that executor).
 */
final class HeapUse {
  private static final AtomicLong PEAK = new AtomicLong();
  private static final AtomicLong COLLECTIONS = new AtomicLong();
  private static volatile boolean installed;

  private HeapUse() {}

  /** Starts listening to the collectors (once per JVM; later calls do nothing). */
  static void install() {
    if (installed) {
      return;
    }
    synchronized (HeapUse.class) {
      if (installed) {
        return;
      }
      Set<String> heapPools = new HashSet<>();
      for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
        if (p.getType() == MemoryType.HEAP) {
          heapPools.add(p.getName());
        }
      }
      NotificationListener listener = (Notification n, Object handback) -> {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
          return;
        }
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
        long after = 0;
        for (var e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
          if (heapPools.contains(e.getKey())) {
            after += e.getValue().getUsed();
          }
        }
        PEAK.accumulateAndGet(after, Math::max);
        COLLECTIONS.incrementAndGet();
      };
      for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
        if (gc instanceof NotificationEmitter emitter) {
          emitter.addNotificationListener(listener, null, null);
        }
      }
      installed = true;
    }
  }

  /**
   * The most heap in use after a collection since {@link #install()}, in bytes; the heap in use
   * now if no collection was seen; 0 if never installed.
   */
  static long peak() {
    if (!installed) {
      return 0;
    }
    return COLLECTIONS.get() == 0 ? used() : PEAK.get();
  }

  private static long used() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
