package org.strand.plugin;

import java.util.Arrays;
import org.strand.core.Schema;
import org.strand.core.Table;

/**
 * A plugin that computes one output row per container row (an event, say) from the rows of
 * another type fully inside the container's {@code [time, endtime)} (strax's
 * {@code LoopPlugin}). Its first input is the container type, its second the contained type.
 *
 * <p>Inputs are aligned at times where no row of either is in progress, so a container and every
 * row inside it are always in the same chunk and the result does not depend on the chunking.
 * Chunk-parallel.
 */
public abstract class LoopPlugin extends ChunkPlugin {
  protected LoopPlugin(PluginSpec spec) {
    super(spec);
    if (spec.dependsOn().size() != 2) {
      throw new IllegalArgumentException(
          "loop plugin '" + spec.name() + "' depends on (container, contained), not " + spec.dependsOn());
    }
    if (spec.schemas().size() != 1) {
      throw new IllegalArgumentException("loop plugin '" + spec.name() + "' provides one type, not " + spec.provides());
    }
  }

  @Override
  public final Kind kind() {
    return Kind.LOOP;
  }

  /** The container type (first input). */
  public final String containerType() {
    return dependsOn().get(0);
  }

  /** The contained type (second input). */
  public final String containedType() {
    return dependsOn().get(1);
  }

  /**
   * Fills output row {@code row.index()} from container row {@code row.index()} and the
   * contained rows {@code row.inside()}. The output's {@code time} and {@code endtime} are
   * already copied from the container where both schemas have them.
   */
  protected abstract void computeRow(LoopRow row);

  @Override
  public final Outputs compute(ChunkInput in) {
    Table containers = in.table(containerType());
    Table contained = in.table(containedType());
    String outType = provides().get(0);
    Schema outSchema = schema(outType);
    Table out = Table.allocate(outSchema, containers.rows());
    copyTimes(containers, out);

    long[] cTime = containers.rows() == 0 ? new long[0] : containers.longs("time");
    long[] cEnd = containers.endtimes();
    long[] time = contained.rows() == 0 ? new long[0] : contained.longs("time");
    long[] end = contained.endtimes();
    int[] inside = new int[contained.rows()];
    LoopRow row = new LoopRow(in, containers, contained, out, inside);
    for (int i = 0; i < containers.rows(); i++) {
      int from = lowerBound(time, contained.rows(), cTime[i]);
      int n = 0;
      for (int j = from; j < contained.rows() && time[j] < cEnd[i]; j++) {
        if (end[j] <= cEnd[i]) {
          inside[n++] = j;
        }
      }
      row.moveTo(i, n);
      computeRow(row);
    }
    return Outputs.of(outType, out);
  }

  private static void copyTimes(Table containers, Table out) {
    Schema cs = containers.schema();
    Schema os = out.schema();
    if (os.has("time") && cs.has("time")) {
      System.arraycopy(containers.longs("time"), 0, out.longs("time"), 0, containers.rows());
    }
    if (os.timeLayout() == Schema.TimeLayout.ENDTIME && cs.timeLayout() != Schema.TimeLayout.NONE) {
      System.arraycopy(containers.endtimes(), 0, out.longs("endtime"), 0, containers.rows());
    }
  }

  private static int lowerBound(long[] time, int n, long t) {
    int lo = 0;
    int hi = n;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (time[mid] < t) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /**
   * One container row and what is inside it. The same object is reused for every row of a
   * chunk: read it inside {@link #computeRow} only.
   */
  public static final class LoopRow {
    private final ChunkInput input;
    private final Table containers;
    private final Table contained;
    private final Table output;
    private final int[] inside;
    private int index;
    private int count;

    LoopRow(ChunkInput input, Table containers, Table contained, Table output, int[] inside) {
      this.input = input;
      this.containers = containers;
      this.contained = contained;
      this.output = output;
      this.inside = inside;
    }

    void moveTo(int index, int count) {
      this.index = index;
      this.count = count;
    }

    /** The container row's index, which is also the output row's. */
    public int index() {
      return index;
    }

    public Table containers() {
      return containers;
    }

    public Table contained() {
      return contained;
    }

    /** The output table; fill row {@link #index()}. */
    public Table output() {
      return output;
    }

    /** How many contained rows are inside this container. */
    public int count() {
      return count;
    }

    /** The {@code k}-th contained row inside this container (a row index into {@link #contained()}). */
    public int inside(int k) {
      if (k < 0 || k >= count) {
        throw new IndexOutOfBoundsException("inside(" + k + ") of " + count);
      }
      return inside[k];
    }

    /** A copy of the contained rows' indices, in time order. */
    public int[] insideRows() {
      return Arrays.copyOf(inside, count);
    }

    public ChunkInput input() {
      return input;
    }

    public <T> T option(Option<T> option) {
      return input.option(option);
    }
  }
}
