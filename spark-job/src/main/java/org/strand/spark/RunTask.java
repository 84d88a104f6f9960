package org.strand.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.deploy.SparkHadoopUtil;

/**
 * The function inside {@code mapPartitions}: processes the partition's runs one after another,
 * each with the task's cores ({@code spark.task.cpus}, or {@code --threads-per-run}), and
 * returns one small {@link RunResult} per run. What is shipped is the broadcast job spec only.
 */
final class RunTask implements FlatMapFunction<Iterator<List<WorkItem>>, RunResult> {
  private static final long serialVersionUID = 1L;

  private static final Object CONF_LOCK = new Object();
  private static SparkConf confMadeFrom; // guarded by CONF_LOCK
  private static Configuration conf; // guarded by CONF_LOCK

  private final Broadcast<JobSpec> spec;

  RunTask(Broadcast<JobSpec> spec) {
    this.spec = spec;
  }

  @Override
  public Iterator<RunResult> call(Iterator<List<WorkItem>> partition) {
    JobSpec s = spec.value();
    Configuration conf = hadoopConfiguration(SparkEnv.get().conf());
    TaskContext task = TaskContext.get();
    int threads = s.threadsPerRun() > 0 ? s.threadsPerRun() : Math.max(1, task == null ? 1 : task.cpus());
    List<RunResult> out = new ArrayList<>();
    while (partition.hasNext()) {
      for (WorkItem item : partition.next()) {
        out.add(RunProcessor.process(s, conf, item, threads));
      }
    }
    return out.iterator();
  }

  /**
   * The Hadoop configuration of this executor's Spark settings, made once per Spark environment
   * and shared by its tasks, which only read it: making one reads Hadoop's default files and
   * goes through every Spark setting, about 10 ms, which with runs of a second or less was a
   * tenth of each task's time.
   */
  static Configuration hadoopConfiguration(SparkConf sparkConf) {
    synchronized (CONF_LOCK) {
      if (confMadeFrom != sparkConf) {
        conf = SparkHadoopUtil.get().newConfiguration(sparkConf);
        confMadeFrom = sparkConf;
      }
      return conf;
    }
  }
}
