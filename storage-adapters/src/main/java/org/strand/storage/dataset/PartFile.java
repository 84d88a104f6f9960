package org.strand.storage.dataset;

/**
 * One part file of a published run: it holds the consecutive chunks
 * {@code [firstChunk, firstChunk + chunks)}.
 *
 * @param name the file name, e.g. {@code part-00000.parquet}
 * @param rows rows in the file
 * @param bytes the file's size on disk
 * @param firstChunk index of its first chunk
 * @param chunks how many chunks it holds
 */
public record PartFile(String name, long rows, long bytes, int firstChunk, int chunks) {}
