package org.strand.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * One run for a task to process: its id, raw size and the targets still to produce (those not
 * already published with the current lineage).
 */
public record WorkItem(String runId, long rawBytes, List<String> targets) implements Serializable {
  private static final long serialVersionUID = 1L;

  public WorkItem {
    targets = new ArrayList<>(targets);
  }
}
