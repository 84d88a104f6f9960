package org.strand.core;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class StrandExceptionTest {
  @Test
  void explainsItself_strandsOwnIoAndStorageErrors_butNotABugAboveThem() {
    assertTrue(StrandException.explainsItself(new InvalidDataException("row 3 has length -1")));
    assertTrue(StrandException.explainsItself(
        new ProcessingException("000001", "source 'StraxReader'", 0, new StorageException("f: unreadable", new IOException("disk")))));
    assertFalse(StrandException.explainsItself(new ProcessingException("000001", "plugin 'Hits'", 2, new NullPointerException())));
    // A file that cannot be decoded: the storage message names it and says why.
    assertTrue(StrandException.explainsItself(new ProcessingException("000001", "saver", 0,
        new StorageException("f: header checksum does not match", new IllegalArgumentException("header checksum does not match")))));
    assertFalse(StrandException.explainsItself(new ProcessingException("000001", "plugin 'Peaks'", 2,
        new InvalidDataException("bad", new ArrayIndexOutOfBoundsException(3)))));
    assertFalse(StrandException.explainsItself(new OutOfMemoryError()));
  }
}
