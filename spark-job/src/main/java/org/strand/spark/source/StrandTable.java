package org.strand.spark.source;

import java.util.EnumSet;
import java.util.Set;
import org.apache.spark.sql.connector.catalog.SupportsRead;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/** One data type of a chunk store, Arrow dataset root or strax data directory, as a read-only Spark table. */
final class StrandTable implements SupportsRead {
  private final StrandInput input;
  private final StructType schema;

  StrandTable(StrandInput input, StructType schema) {
    this.input = input;
    this.schema = schema;
  }

  @Override
  public String name() {
    return "strand " + input.type() + " at " + input.root();
  }

  @Override
  public StructType schema() {
    return schema;
  }

  @Override
  public Set<TableCapability> capabilities() {
    return EnumSet.of(TableCapability.BATCH_READ);
  }

  @Override
  public ScanBuilder newScanBuilder(CaseInsensitiveStringMap options) {
    return new StrandScanBuilder(input, schema);
  }
}
