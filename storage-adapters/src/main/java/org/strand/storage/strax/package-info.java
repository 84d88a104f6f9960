/**
 * Reading data that strax wrote: {@link org.strand.storage.strax.StraxSource} (a source plugin
 * yielding a run's chunks, keeping strax's lineage hash) and
 * {@link org.strand.storage.strax.StraxDirectory} (the runs of a strax data directory, from
 * metadata only). NumPy dtypes are parsed, not evaluated; lz4, zstd and blosc chunks are decoded.
 */
package org.strand.storage.strax;
