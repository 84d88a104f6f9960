/**
 * Composing storages and sources: each data type to a storage of its own
 * ({@link org.strand.storage.routing.RoutingStorage}), each run from the first of several sources
 * that holds it ({@link org.strand.storage.routing.FirstFoundSource}).
 */
package org.strand.storage.routing;
