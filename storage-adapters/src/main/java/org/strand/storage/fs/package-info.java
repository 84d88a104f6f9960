/**
 * File-system mechanics shared by the storage formats, over any Hadoop file system: bounded
 * metadata reads, the root's format marker, per-attempt staging with leases, and publishing a
 * finished key in one step, first attempt winning ({@link org.strand.storage.fs.Publisher}).
 * Only {@link org.strand.storage.fs.PublishMode} is meant for users; the rest serves this module.
 */
package org.strand.storage.fs;
