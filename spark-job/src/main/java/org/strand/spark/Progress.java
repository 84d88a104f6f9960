package org.strand.spark;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The progress line on stderr while a job runs: runs done of total, MB processed, MB/s and the
 * estimated time left. Updated from Spark's listener thread; printed at most a few times a
 * second, overwriting itself ({@code \r}).
 */
public final class Progress {
  private final PrintWriter out;
  private final int totalRuns;
  private final long totalBytes;
  private final long started = System.nanoTime();
  private final AtomicInteger runs = new AtomicInteger();
  private final AtomicLong bytes = new AtomicLong();
  private volatile long lastPrint;
  private final boolean enabled;

  public Progress(PrintWriter out, int totalRuns, long totalBytes, boolean enabled) {
    this.out = out;
    this.totalRuns = totalRuns;
    this.totalBytes = totalBytes;
    this.enabled = enabled;
  }

  /** Records finished runs and their raw bytes. */
  public void add(int finishedRuns, long finishedBytes) {
    runs.addAndGet(finishedRuns);
    bytes.addAndGet(finishedBytes);
    long now = System.nanoTime();
    if (enabled && (now - lastPrint > 250_000_000L || runs.get() == totalRuns)) {
      lastPrint = now;
      synchronized (out) {
        out.print("\r" + line() + "   ");
        out.flush();
      }
    }
  }

  /** Ends the progress line. */
  public void finish() {
    if (enabled) {
      synchronized (out) {
        out.print("\r" + line() + "   \n");
        out.flush();
      }
    }
  }

  /** The progress text, e.g. {@code runs 3/10, 420.0/1400.0 MB, 95.1 MB/s, ETA 10s}. */
  public String line() {
    double seconds = (System.nanoTime() - started) / 1e9;
    long b = bytes.get();
    double mbs = seconds > 0 ? b / 1e6 / seconds : 0;
    String eta = mbs > 0 && b < totalBytes ? formatSeconds((totalBytes - b) / 1e6 / mbs) : "-";
    return String.format(Locale.ROOT, "runs %d/%d, %.1f/%.1f MB, %.1f MB/s, ETA %s", runs.get(), totalRuns, b / 1e6, totalBytes / 1e6, mbs, eta);
  }

  static String formatSeconds(double s) {
    long sec = Math.round(s);
    if (sec < 60) {
      return sec + "s";
    }
    if (sec < 3600) {
      return sec / 60 + "m" + String.format(Locale.ROOT, "%02d", sec % 60) + "s";
    }
    return sec / 3600 + "h" + String.format(Locale.ROOT, "%02d", sec % 3600 / 60) + "m";
  }
}
