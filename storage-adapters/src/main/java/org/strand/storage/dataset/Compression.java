package org.strand.storage.dataset;

import java.util.Locale;

/**
 * How dataset files are compressed. Parquet takes {@link #ZSTD}, {@link #SNAPPY},
 * {@link #LZ4_RAW} or {@link #NONE}; Arrow IPC takes {@link #ZSTD}, {@link #LZ4_FRAME} or
 * {@link #NONE} (the two buffer codecs the Arrow format defines).
 */
public enum Compression {
  ZSTD,
  SNAPPY,
  LZ4_RAW,
  LZ4_FRAME,
  NONE;

  /** The lower-case name used on command lines and in manifests, e.g. {@code lz4_raw}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether {@code format} can use this compression. */
  public boolean supports(DatasetFormat format) {
    return switch (format) {
      case PARQUET -> this != LZ4_FRAME;
      case ARROW -> this == ZSTD || this == LZ4_FRAME || this == NONE;
    };
  }

  /**
   * The compression called {@code label}.
   *
   * @throws IllegalArgumentException naming the label and the known ones
   */
  public static Compression fromLabel(String label) {
    for (Compression c : values()) {
      if (c.label().equals(label)) {
        return c;
      }
    }
    throw new IllegalArgumentException("unknown compression '" + label + "'; known: zstd, snappy, lz4_raw, lz4_frame, none");
  }
}
