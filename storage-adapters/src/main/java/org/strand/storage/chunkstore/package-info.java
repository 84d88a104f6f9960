/**
 * strand's native store for intermediate types: one LZ4 columnar, checksummed file per chunk,
 * stateless savers, lazy and time-range loaders. Entry point:
 * {@link org.strand.storage.chunkstore.ChunkStore}.
 */
package org.strand.storage.chunkstore;
