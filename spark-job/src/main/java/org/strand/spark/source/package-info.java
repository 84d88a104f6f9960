/**
 * The {@code strand} Spark data source: a data type of a strand chunk store, of a strand Arrow
 * dataset root or of a strax data directory as a read-only table ({@link org.strand.spark.source.StrandDataSource}). The driver
 * resolves the root's metadata ({@code StrandInput}), prunes runs and chunks with the pushed
 * filters ({@code ChunkPruning}) and plans one partition per chunk ({@code StrandScan}); each
 * executor reads its chunk through the storage adapters and hands Spark the chunk's primitive
 * arrays as a columnar batch ({@code ChunkBatchReader}, {@code ArrayVectors}).
 */
package org.strand.spark.source;
