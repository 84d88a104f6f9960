package org.strand.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.strand.chain.RawRecordsGenerator;
import org.strand.chain.StandardChain;
import org.strand.context.Context;
import org.strand.context.SavePolicy;
import org.strand.core.Chunk;
import org.strand.processing.ChunkStream;
import org.strand.processing.Processors;
import org.strand.storage.dataset.DatasetFormat;
import org.strand.storage.dataset.DatasetOptions;
import org.strand.storage.dataset.DatasetStorage;
import org.strand.storage.strax.StraxWarmup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compiles strand's hot code while Spark starts: once per JVM, a background thread runs the
 * standard chain on a small generated run (raw_records to peak_basics and event_basics, saved as a
 * dataset in a temporary directory that is deleted afterwards) and decodes its first chunk the way
 * a strax chunk is read. A JVM's first run then starts with compiled code instead of paying the
 * JIT's warm-up itself; on a machine with a free core the warm-up costs no wall time, since Spark's
 * own start-up leaves that core idle.
 *
 * <p>It starts on the driver for local masters (the driver is the executor) and on every executor
 * through {@link WarmupPlugin}. {@code --conf spark.strand.warmup=false} turns it off. A failing
 * warm-up is logged and otherwise ignored: it never affects a job's results.
 */
public final class Warmup {
  /** Spark setting turning the warm-up on or off (default on). */
  public static final String ENABLED = "spark.strand.warmup";
  /** Spark setting naming the job's output format and processor, as "format,processor". */
  static final String KIND = "spark.strand.warmup.kind";

  private static final Logger LOG = LoggerFactory.getLogger(Warmup.class);
  /** Size of the generated warm-up run: enough for every hot loop to be compiled. */
  private static final double RUN_SIZE_MB = 12;
  private static final double CHUNK_SIZE_MB = 3;
  private static final Object LOCK = new Object();
  private static Thread thread; // guarded by LOCK

  private Warmup() {}

  /** The value of {@link #KIND} for a job. */
  static String kind(JobSpec spec) {
    return spec.format() + "," + spec.processor();
  }

  /**
   * Starts the warm-up in this JVM unless it has started before.
   *
   * @param kind the job's output format and processor, as {@link #kind(JobSpec)} gives them
   */
  public static void start(String kind) {
    synchronized (LOCK) {
      if (thread != null) {
        return;
      }
      String[] parts = kind.split(",", 2);
      DatasetFormat format = DatasetFormat.fromLabel(parts[0]);
      String processor = parts.length > 1 ? parts[1] : "single";
      thread = new Thread(() -> run(format, processor), "strand-warmup");
      thread.setDaemon(true);
      thread.setPriority(Thread.MIN_PRIORITY);
      thread.start();
    }
  }

  private static void run(DatasetFormat format, String processor) {
    long t0 = System.nanoTime();
    Path dir = null;
    try {
      dir = Files.createTempDirectory("strand-warmup");
      exercise(dir, format, processor);
      LOG.info("warm-up done in {} s", String.format("%.2f", (System.nanoTime() - t0) / 1e9));
    } catch (IOException | RuntimeException | LinkageError e) {
      LOG.warn("warm-up failed (results are not affected): {}", RunResult.oneLine(e));
    } finally {
      if (dir != null) {
        deleteTree(dir);
      }
    }
  }

  /** Runs the chain on a generated run into a dataset under {@code dir}, and the strax decoding. */
  static void exercise(Path dir, DatasetFormat format, String processor) {
    List<String> targets = List.of("peak_basics", "event_basics");
    Configuration conf = Components.hadoopConfiguration(Map.of());
    DatasetStorage output = DatasetStorage.open(new org.apache.hadoop.fs.Path(dir.toUri()), conf, DatasetOptions.defaults(format));
    Context ctx = Context.of(StandardChain.plugins())
        .withOptions(Map.of(RawRecordsGenerator.RUN_SIZE_MB.name(), RUN_SIZE_MB,
            RawRecordsGenerator.CHUNK_SIZE_MB.name(), CHUNK_SIZE_MB))
        .withStorage(output)
        .withSavePolicy(SavePolicy.listed(targets))
        .withProcessor(Processors.create(processor, 2, 0, null));
    ctx.make("000000", targets);
    try (ChunkStream raw = ctx.stream("000000", RawRecordsGenerator.TYPE)) {
      Chunk first = raw.next();
      StraxWarmup.decodeRoundTrip(first.data());
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      LOG.warn("could not delete the warm-up directory {}: {}", dir, e.getMessage());
    }
  }
}
