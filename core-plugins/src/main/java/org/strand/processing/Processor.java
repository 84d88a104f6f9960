package org.strand.processing;

/**
 * Carries out a {@link RunPlan}. Two implementations give identical output: the single-threaded
 * reference and the threaded one. Chosen per run by configuration.
 */
public interface Processor {
  /** The processor's name in reports: {@code single} or {@code threaded}. */
  String name();

  /**
   * Streams the chunks of {@code type}, computing and saving what the plan says along the way.
   * Saved data is published when its stream completes.
   */
  ChunkStream stream(RunPlan plan, String type);

  /**
   * Produces every target of the plan (saving what the plan says) and returns the report.
   *
   * @throws org.strand.core.ProcessingException on the first failure
   */
  RunReport run(RunPlan plan);
}
