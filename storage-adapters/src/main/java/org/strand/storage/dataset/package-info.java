/**
 * The analysis output: partitioned Parquet or Arrow IPC datasets
 * ({@code <root>/<type>/lineage=<hash>/run_id=<run>/part-NNNNN.*}) with a manifest, published
 * one run at a time, first attempt winning. Entry point: {@link org.strand.storage.dataset.DatasetStorage}.
 */
package org.strand.storage.dataset;
