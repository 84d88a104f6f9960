package org.strand.spark.source;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.SupportsPushDownFilters;
import org.apache.spark.sql.connector.read.SupportsPushDownRequiredColumns;
import org.apache.spark.sql.sources.Filter;
import org.apache.spark.sql.types.StructType;

/**
 * Builds a {@link StrandScan}: takes the columns Spark needs (the others are never turned into
 * vectors) and the filters it pushes ({@link ChunkPruning}). Not thread-safe; Spark uses one
 * builder per query planning.
 */
final class StrandScanBuilder implements SupportsPushDownRequiredColumns, SupportsPushDownFilters {
  private final StrandInput input;
  private StructType required;
  private Filter[] pushed = new Filter[0];
  private ChunkPruning pruning = ChunkPruning.none();

  StrandScanBuilder(StrandInput input, StructType schema) {
    this.input = input;
    this.required = schema;
  }

  @Override
  public void pruneColumns(StructType requiredSchema) {
    this.required = requiredSchema;
  }

  /** Keeps the filters usable for pruning; returns those Spark must still apply to the rows. */
  @Override
  public Filter[] pushFilters(Filter[] filters) {
    pruning = ChunkPruning.of(filters, input.schema(), input.hasLineageColumn());
    pushed = pruning.used().toArray(new Filter[0]);
    List<Filter> after = new ArrayList<>();
    for (Filter f : filters) {
      if (!pruning.used().contains(f) || ChunkPruning.needsRowCheck(f)) {
        after.add(f);
      }
    }
    return after.toArray(new Filter[0]);
  }

  @Override
  public Filter[] pushedFilters() {
    return pushed.clone();
  }

  @Override
  public Scan build() {
    return new StrandScan(input, required, pruning);
  }
}
