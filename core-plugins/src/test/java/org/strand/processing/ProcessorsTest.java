package org.strand.processing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.strand.core.ConfigurationException;

class ProcessorsTest {
  @Test
  void create_single_isTheReferenceProcessor() {
    Processor p = Processors.create("single", 1);
    assertInstanceOf(SingleThreadProcessor.class, p);
    assertEquals("single", p.name());
  }

  @Test
  void create_threaded_takesThreadsLimitAndTimeout() {
    ThreadedProcessor p = (ThreadedProcessor) Processors.create("threaded", 3, 5, Duration.ofMinutes(10));
    assertEquals("threaded", p.name());
    assertEquals(3, p.threads());
    assertEquals(5, p.maxInFlight());
    assertEquals(Duration.ofMinutes(10), p.timeout());
  }

  @Test
  void create_threadedWithDefaults_allowsTwoChunksPerThreadAndNoTimeout() {
    ThreadedProcessor p = (ThreadedProcessor) Processors.create("threaded", 4);
    assertEquals(8, p.maxInFlight());
    assertNull(p.timeout());
  }

  @Test
  void create_unknownName_failsListingTheKnownOnes() {
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> Processors.create("mailbox", 2));
    assertTrue(e.getMessage().contains("'mailbox'") && e.getMessage().contains("[single, threaded]"), e.getMessage());
  }

  @Test
  void create_threadsBelowOne_failsNamingTheValue() {
    for (String name : Processors.NAMES) {
      ConfigurationException e = assertThrows(ConfigurationException.class, () -> Processors.create(name, 0));
      assertTrue(e.getMessage().contains("threads must be at least 1, got 0"), e.getMessage());
    }
  }

  @Test
  void create_badLimitOrTimeout_failsNamingTheValue() {
    ConfigurationException limit = assertThrows(ConfigurationException.class, () -> Processors.create("threaded", 2, -1, null));
    assertTrue(limit.getMessage().contains("got -1"), limit.getMessage());
    ConfigurationException timeout = assertThrows(ConfigurationException.class,
        () -> Processors.create("threaded", 2, 0, Duration.ZERO));
    assertTrue(timeout.getMessage().contains("PT0S"), timeout.getMessage());
  }
}
