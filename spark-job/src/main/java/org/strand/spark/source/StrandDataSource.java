package org.strand.spark.source;

import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableProvider;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.sources.DataSourceRegister;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * The {@code strand} Spark data source: one data type of a strand chunk store, of a strand Arrow
 * dataset root or of a strax data directory (detected) as a table, with a {@code run_id} column
 * (and, for Arrow roots, a {@code lineage} column, so their columns are those of a Parquet root).
 *
 * <pre>{@code
 * spark.read().format("strand").option("path", root).option("type", "peaks").load();
 * // SQL:
 * CREATE TEMPORARY VIEW p USING strand OPTIONS (path '/data/strax_data', type 'raw_records', runs '000001,000002')
 * }</pre>
 *
 * <p>Options ({@link SourceOptions}): {@code path} and {@code type} (required), {@code runs}
 * (comma-separated run ids) and {@code lineage} (a lineage hash; strax's for strax data). Of an
 * Arrow dataset root, only the runs its manifest lists as published are read. The
 * schema is the type's (fixed-size arrays as arrays, strax titles as column comments, see
 * {@link SparkSchemas}); a user-given schema is not accepted. Reads are columnar, one input
 * partition per chunk, with column pruning, and filters on {@code run_id}, {@code time} and
 * {@code endtime} skip whole runs and chunks by their metadata ({@link ChunkPruning}).
 *
 * <p>Spark makes a new instance for each use; an instance keeps the input it resolved for
 * {@link #inferSchema} so that {@link #getTable} need not read the metadata again.
 */
public final class StrandDataSource implements TableProvider, DataSourceRegister {
  /** The name in {@code format("strand")} and {@code USING strand}. */
  public static final String SHORT_NAME = "strand";
  /** Option: the root to read. */
  public static final String PATH = SourceOptions.PATH;
  /** Option: the data type to read. */
  public static final String TYPE = SourceOptions.TYPE;
  /** Option: comma-separated run ids to read (default: all). */
  public static final String RUNS = SourceOptions.RUNS;
  /** Option: the lineage hash to read. */
  public static final String LINEAGE = SourceOptions.LINEAGE;

  private Map<String, String> resolvedFor;
  private StrandInput resolved;

  @Override
  public String shortName() {
    return SHORT_NAME;
  }

  @Override
  public StructType inferSchema(CaseInsensitiveStringMap options) {
    return SparkSchemas.of(input(options.asCaseSensitiveMap()));
  }

  @Override
  public Table getTable(StructType schema, Transform[] partitioning, Map<String, String> properties) {
    StrandInput input = input(properties);
    return new StrandTable(input, SparkSchemas.of(input));
  }

  private synchronized StrandInput input(Map<String, String> options) {
    if (resolved == null || !options.equals(resolvedFor)) {
      SparkSession spark = SparkSession.active();
      resolved = StrandInput.resolve(SourceOptions.parse(options), spark.sessionState().newHadoopConf());
      resolvedFor = Map.copyOf(options);
    }
    return resolved;
  }
}
