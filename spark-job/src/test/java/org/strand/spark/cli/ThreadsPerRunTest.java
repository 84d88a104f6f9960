package org.strand.spark.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.strand.core.ConfigurationException;
import picocli.CommandLine;

class ThreadsPerRunTest {
  private static int threads(String value) {
    SelectionOptions s = new SelectionOptions();
    ExecutionOptions e = new ExecutionOptions();
    new CommandLine(CommandLine.Model.CommandSpec.create()).addMixin("s", s).addMixin("e", e)
        .parseArgs("--output", "out", "--generate", "1", "--threads-per-run", value);
    return RequestValidation.spec(s, e).threadsPerRun();
  }

  @Test
  void threadsPerRun_fromOneToTheCap_isTaken_aboveIsRefusedWithTheRange() {
    assertEquals(1, threads("1"));
    assertEquals(RequestValidation.MAX_THREADS_PER_RUN, threads(String.valueOf(RequestValidation.MAX_THREADS_PER_RUN)));
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> threads(String.valueOf(RequestValidation.MAX_THREADS_PER_RUN + 1)));
    assertThat(e.getMessage()).isEqualTo("--threads-per-run must be between 1 and 256, got 257");
  }
}
