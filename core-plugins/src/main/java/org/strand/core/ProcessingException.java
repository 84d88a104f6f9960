package org.strand.core;

/**
 * A failure while processing a run, surfaced once with where it happened: the run id, the stage
 * (plugin, source or saver) and the chunk index, with the original exception as the cause.
 */
public class ProcessingException extends StrandException {
  private static final long serialVersionUID = 1L;

  private final String runId;
  private final String stage;
  private final long chunkIndex;

  /**
   * @param runId the run being processed
   * @param stage what failed, e.g. {@code plugin 'hits'} or {@code saver of 'peaks'}
   * @param chunkIndex the chunk being processed, or -1 when not tied to one chunk
   * @param cause the original exception
   */
  public ProcessingException(String runId, String stage, long chunkIndex, Throwable cause) {
    super(describe(runId, stage, chunkIndex, cause), cause);
    this.runId = runId;
    this.stage = stage;
    this.chunkIndex = chunkIndex;
  }

  /** For failures without an underlying exception, such as a timeout. */
  public ProcessingException(String runId, String stage, long chunkIndex, String problem) {
    super("run " + runId + ", " + stage + (chunkIndex >= 0 ? ", chunk " + chunkIndex : "") + ": " + problem);
    this.runId = runId;
    this.stage = stage;
    this.chunkIndex = chunkIndex;
  }

  public String runId() {
    return runId;
  }

  public String stage() {
    return stage;
  }

  /** The chunk index, or -1 when the failure is not tied to one chunk. */
  public long chunkIndex() {
    return chunkIndex;
  }

  private static String describe(String runId, String stage, long chunkIndex, Throwable cause) {
    String what = cause.getMessage() == null ? cause.getClass().getName() : cause.getClass().getSimpleName() + ": " + cause.getMessage();
    return "run " + runId + ", " + stage + (chunkIndex >= 0 ? ", chunk " + chunkIndex : "") + ": " + what;
  }
}
