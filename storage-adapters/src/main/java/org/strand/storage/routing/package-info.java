/** Composing storages: each data type to a storage of its own ({@link org.strand.storage.routing.RoutingStorage}). */
package org.strand.storage.routing;
