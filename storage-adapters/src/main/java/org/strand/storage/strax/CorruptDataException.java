package org.strand.storage.strax;

/**
 * Compressed or packed bytes that cannot be decoded. Raised by the decoders, which do not know
 * where the bytes came from; the reader rethrows it as a
 * {@link org.strand.core.StorageException} naming the file.
 */
final class CorruptDataException extends org.strand.core.InvalidDataException {
  private static final long serialVersionUID = 1L;

  CorruptDataException(String message) {
    super(message);
  }
}
