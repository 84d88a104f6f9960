package org.strand.storage.strax;

import org.strand.core.InvalidDataException;

/**
 * Compressed or packed bytes that cannot be decoded. Raised by the decoders, which do not know
 * where the bytes came from; the reader rethrows it as a
 * {@link org.strand.core.StorageException} naming the file.
 */
final class CorruptDataException extends InvalidDataException {
  private static final long serialVersionUID = 1L;

  CorruptDataException(String message) {
    super(message);
  }
}
