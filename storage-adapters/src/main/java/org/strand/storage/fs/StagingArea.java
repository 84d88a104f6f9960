package org.strand.storage.fs;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strand.core.StorageException;

/**
 * Per-attempt scratch space under {@code <root>/_staging/<attempt>/}, where writers build data
 * before it is published, and the lease that protects it.
 *
 * <p>An attempt (a Spark task attempt, a process) owns one directory; each writer gets an entry
 * inside it. Nothing in staging is ever named {@code run_id=...}, and staging lies outside every
 * {@code <root>/<type>/} tree, so no reader or glob over the data ever sees it.
 *
 * <p><b>Leases.</b> A crashed attempt leaves its directory behind. {@link #removeStale} deletes
 * an attempt's directory only when nothing in it has been touched for longer than the lease. A
 * live writer keeps its lease by calling {@link #keepAlive()} as it writes (cheap: it rewrites a
 * small {@code _lease} file at most every lease/8), because a data file being written does not
 * always show a fresh modification time (HDFS updates it on close).
 *
 * <p>Thread-safe.
 */
public final class StagingArea {
  /** The directory, relative to a storage root, that holds every attempt's staging. */
  public static final String DIRECTORY = "_staging";

  private static final Logger LOG = LoggerFactory.getLogger(StagingArea.class);
  private static final Pattern ATTEMPT = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}");
  private static final String LEASE_FILE = "_lease";
  private static final ConcurrentHashMap<String, Object> LEASE_LOCKS = new ConcurrentHashMap<>();

  private final FileSystem fs;
  private final Path stagingRoot;
  private final String attempt;
  private final Path attemptDir;
  private final Duration lease;
  private final Clock clock;
  private final AtomicLong lastTouch = new AtomicLong(Long.MIN_VALUE);

  /**
   * The staging area of one attempt.
   *
   * @param fs the file system to write with
   * @param root the storage root; staging is {@code <root>/_staging}
   * @param attempt this attempt's id: letters, digits, {@code _ . -}, at most 100 characters
   * @param lease how long an untouched attempt directory is presumed alive
   * @throws IllegalArgumentException for an invalid attempt id or a non-positive lease
   */
  public StagingArea(FileSystem fs, Path root, String attempt, Duration lease, Clock clock) {
    this.fs = Objects.requireNonNull(fs, "fs");
    if (attempt == null || !ATTEMPT.matcher(attempt).matches()) {
      throw new IllegalArgumentException("invalid attempt id '" + attempt
          + "': 1 to 100 letters, digits, '_', '.' or '-', not starting with '.' or '-'");
    }
    if (lease.isNegative() || lease.isZero()) {
      throw new IllegalArgumentException("staging lease must be positive, got " + lease);
    }
    this.stagingRoot = new Path(root, DIRECTORY);
    this.attempt = attempt;
    this.attemptDir = new Path(stagingRoot, attempt);
    this.lease = lease;
    this.clock = clock;
  }

  /** A fresh attempt id: unique enough that two processes never share one. */
  public static String randomAttemptId() {
    return "a-" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
  }

  public String attempt() {
    return attempt;
  }

  public Duration lease() {
    return lease;
  }

  /**
   * A new, empty entry directory {@code <attempt>/<label>.<nonce>} for one writer, with the
   * lease taken.
   *
   * @param label names what is staged, e.g. {@code peaks.abc123.000001}: letters, digits, '_' and '.'
   */
  public Path newEntry(String label) {
    Path entry = new Path(attemptDir, label + "." + UUID.randomUUID().toString().substring(0, 8));
    try {
      if (!fs.mkdirs(entry)) {
        throw new StorageException(entry + ": cannot create staging directory");
      }
    } catch (IOException e) {
      throw new StorageException(entry + ": cannot create staging directory: " + e.getMessage(), e);
    }
    touch();
    return entry;
  }

  /** A scratch file path for one small file (not created). */
  public Path scratchFile(String label) {
    return new Path(attemptDir, "_tmp." + label + "." + UUID.randomUUID().toString().substring(0, 8));
  }

  /** Keeps this attempt's lease: rewrites the lease file if it is older than lease/8. */
  public void keepAlive() {
    long now = clock.millis();
    long last = lastTouch.get();
    if (now - last >= lease.toMillis() / 8 && lastTouch.compareAndSet(last, now)) {
      touch();
    }
  }

  private void touch() {
    lastTouch.set(clock.millis());
    Path leaseFile = new Path(attemptDir, LEASE_FILE);
    String text = "attempt=" + attempt + "\nprocess=" + ManagementFactory.getRuntimeMXBean().getName()
        + "\ntouched=" + Instant.ofEpochMilli(clock.millis()) + "\n";
    // Writers of one attempt share the lease file; on HDFS a create that overwrites a file
    // another thread is still writing breaks that write, so refreshes are serialized.
    synchronized (LEASE_LOCKS.computeIfAbsent(leaseFile.toString(), k -> new Object())) {
      try (FSDataOutputStream out = fs.create(leaseFile, true)) {
        out.write(text.getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        // The lease only delays cleanup; data is never lost because a refresh failed.
        LOG.warn("cannot refresh the staging lease {}: {}", leaseFile, e.getMessage());
      }
    }
  }

  /**
   * Deletes a writer's entry, and this attempt's directory if nothing else is in it. Best
   * effort: a failure is logged, since the lease will clean up later.
   */
  public void release(Path entry) {
    try {
      fs.delete(entry, true);
      Path leaseFile = new Path(attemptDir, LEASE_FILE);
      synchronized (LEASE_LOCKS.computeIfAbsent(leaseFile.toString(), k -> new Object())) {
        FileStatus[] left = fs.listStatus(attemptDir);
        if (left.length == 1 && left[0].getPath().getName().equals(LEASE_FILE)) {
          // Non-recursive: if another writer of this attempt made an entry meanwhile, this fails
          // harmlessly and that writer's lease file is rewritten on its next keepAlive.
          fs.delete(leaseFile, false);
          fs.delete(attemptDir, false);
          lastTouch.set(Long.MIN_VALUE);
        }
      }
    } catch (FileNotFoundException e) {
      // Already gone.
    } catch (IOException e) {
      LOG.debug("cannot fully release staging entry {}: {}", entry, e.getMessage());
    }
  }

  /**
   * Deletes the staging of every other attempt that has been untouched for longer than the
   * lease. Never touches this attempt's own directory.
   *
   * @return the attempt directories deleted
   * @throws StorageException if staging cannot be listed
   */
  public int removeStale() {
    FileStatus[] attempts;
    try {
      attempts = fs.listStatus(stagingRoot);
    } catch (FileNotFoundException e) {
      return 0;
    } catch (IOException e) {
      throw new StorageException(stagingRoot + ": cannot list staging: " + e.getMessage(), e);
    }
    long cutoff = clock.millis() - lease.toMillis();
    int removed = 0;
    for (FileStatus st : attempts) {
      if (!st.isDirectory() || st.getPath().getName().equals(attempt)) {
        continue;
      }
      try {
        long newest = newestModification(st);
        if (newest < cutoff) {
          LOG.info("removing stale staging {} (untouched since {}, lease {})", st.getPath(), Instant.ofEpochMilli(newest), lease);
          fs.delete(st.getPath(), true);
          removed++;
        }
      } catch (FileNotFoundException e) {
        // Deleted meanwhile by its owner or another cleaner.
      } catch (IOException | RuntimeException e) {
        // Housekeeping of other attempts' staging never fails the job that does it.
        LOG.warn("cannot inspect or remove staging {}: {}", st.getPath(), e.getMessage());
      }
    }
    return removed;
  }

  /**
   * The newest modification time in an attempt's directory tree. Another job may publish (move
   * away) or release its files meanwhile; what has gone is skipped (see {@link FileTrees}).
   */
  private long newestModification(FileStatus dir) throws IOException {
    long newest = dir.getModificationTime();
    for (FileStatus st : FileTrees.walk(fs, dir.getPath())) {
      newest = Math.max(newest, st.getModificationTime());
    }
    return newest;
  }
}
