package org.strand.storage.fs;

/**
 * How finished data is made visible.
 *
 * <ul>
 *   <li>{@link #DIRECTORY}: the run's files are written in a staging directory, which is then
 *       renamed into place in one step. Atomic (readers see all files or none) where a directory
 *       rename is atomic: local file systems and HDFS.
 *   <li>{@link #SINGLE_FILE}: each (run, type) is written as one file, renamed into place. On
 *       object stores (s3a, gs, abfs, ...) a rename is a copy, not atomic for directories, but a
 *       single object appears atomically when its copy or upload completes.
 *   <li>{@link #AUTO} (default): {@code DIRECTORY} on {@code file}, {@code hdfs}, {@code viewfs},
 *       {@code webhdfs} and {@code swebhdfs}; {@code SINGLE_FILE} elsewhere.
 * </ul>
 */
public enum PublishMode {
  AUTO,
  DIRECTORY,
  SINGLE_FILE
}
