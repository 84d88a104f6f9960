package org.strand.processing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.strand.plugin.Plugin;

/** Collects {@link StageStats} for every stage of a plan and assembles the {@link RunReport}. Thread-safe. */
final class ReportRecorder {
  private final RunPlan plan;
  private final String processor;
  private final int threads;
  private final Map<String, StageStats> stages = new LinkedHashMap<>();
  private final long started = System.nanoTime();
  private volatile long finished = -1;
  private volatile boolean completed;

  ReportRecorder(RunPlan plan, String processor, int threads) {
    this.plan = plan;
    this.processor = processor;
    this.threads = threads;
    for (RunPlan.Step s : plan.steps()) {
      String kind = s.action() == RunPlan.Action.LOAD ? "loader" : s.plugin().kind() == Plugin.Kind.SOURCE ? "source" : "plugin";
      stages.put(s.label(), new StageStats(s.label(), kind));
    }
    for (RunPlan.Step s : plan.steps()) {
      for (String t : s.saved()) {
        String label = saverLabel(t);
        stages.put(label, new StageStats(label, "saver"));
      }
    }
  }

  static String saverLabel(String type) {
    return "saver of '" + type + "'";
  }

  StageStats stage(RunPlan.Step step) {
    return stages.get(step.label());
  }

  StageStats saver(String type) {
    return stages.get(saverLabel(type));
  }

  void finish(boolean complete) {
    if (finished < 0) {
      finished = System.nanoTime();
      completed = complete;
    }
  }

  RunReport report() {
    long end = finished >= 0 ? finished : System.nanoTime();
    List<StageReport> list = new ArrayList<>();
    long input = 0;
    for (StageStats s : stages.values()) {
      StageReport r = s.report();
      list.add(r);
      if (r.kind().equals("source") || r.kind().equals("loader")) {
        input += r.bytesOut();
      }
    }
    return new RunReport(plan.runId(), processor, threads, end - started, input, list, completed);
  }
}
