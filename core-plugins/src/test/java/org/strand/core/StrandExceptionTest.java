package org.strand.core;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class StrandExceptionTest {
  @Test
  void explainsItself_strandsOwnAndIoErrors_butNotABugAnywhereInTheChain() {
    assertTrue(StrandException.explainsItself(new InvalidDataException("row 3 has length -1")));
    assertTrue(StrandException.explainsItself(
        new ProcessingException("000001", "source 'StraxReader'", 0, new StorageException("f: unreadable", new IOException("disk")))));
    assertFalse(StrandException.explainsItself(new ProcessingException("000001", "plugin 'Hits'", 2, new NullPointerException())));
    assertFalse(StrandException.explainsItself(new StorageException("f", new IllegalStateException("bug"))));
    assertFalse(StrandException.explainsItself(new OutOfMemoryError()));
  }
}
