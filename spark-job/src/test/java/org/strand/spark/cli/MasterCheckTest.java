package org.strand.spark.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The up-front check of a standalone master: a port that answers HTTP (the master's web UI given
 * for its RPC port) is refused at once; a port that closes the connection, as Spark's RPC port
 * does after the probe, passes at once, and one that accepts and says nothing passes without
 * waiting much longer than the probe's time limit.
 */
class MasterCheckTest {
  @TempDir
  Path dir;

  @Test
  void masterPortAnsweringHttp_exits2_withOneLineNamingTheWebUi_writingNothing() throws Exception {
    // Answers as Spark's web UI (Jetty) answers bytes that are no request line: 400 Bad Request.
    try (ServerSocket web = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread server = new Thread(() -> {
        try {
          while (true) {
            try (Socket s = web.accept()) {
              s.getInputStream().read(new byte[64]);
              s.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            }
          }
        } catch (IOException closed) {
          // The server socket was closed at the end of the test.
        }
      }, "web-ui");
      server.setDaemon(true);
      server.start();
      String hostPort = "127.0.0.1:" + web.getLocalPort();
      Path out = dir.resolve("out");
      Cli.Result r = assertTimeoutPreemptively(Duration.ofSeconds(30),
          () -> Cli.run("run", "--output", out.toString(), "--generate", "1", "--master", "spark://" + hostPort));
      assertEquals(2, r.code(), r.toString());
      CommandLineErrorsTest.Fixtures.assertOneLineNaming(r.err(), hostPort + " answers HTTP (a web UI?)", r.toString());
      assertThat(r.err()).contains("spark://HOST:PORT (port 7077 by default)");
      assertEquals("", r.out(), r.toString());
      assertFalse(Files.exists(out), "nothing written under --output");
    }
  }

  @Test
  void silentListeningPort_passes_withinAboutTheProbeTimeout() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      List<Socket> accepted = new ArrayList<>();
      Thread acceptor = new Thread(() -> {
        try {
          while (true) {
            accepted.add(silent.accept());
          }
        } catch (IOException closed) {
          // The server socket was closed at the end of the test.
        }
      }, "silent-master");
      acceptor.setDaemon(true);
      acceptor.start();
      long start = System.nanoTime();
      assertTimeoutPreemptively(Duration.ofMillis(RequestValidation.HTTP_PROBE_MS + 3000),
          () -> RequestValidation.master("spark://127.0.0.1:" + silent.getLocalPort()));
      long tookMs = (System.nanoTime() - start) / 1_000_000;
      assertThat(tookMs).as("the probe gives up at its time limit").isLessThan(RequestValidation.HTTP_PROBE_MS + 2000L);
      silent.close();
      acceptor.join(5000);
      for (Socket s : accepted) {
        s.close();
      }
    }
  }

  @Test
  void masterFromConfNotAnswering_exits2_beforeSparkStarts_writingNothing() throws Exception {
    Path out = dir.resolve("out-conf");
    // Spark would retry an absent master for about a minute before failing the job.
    Cli.Result r = assertTimeoutPreemptively(Duration.ofSeconds(30),
        () -> Cli.run("run", "--output", out.toString(), "--generate", "1", "--conf", "spark.master=spark://127.0.0.1:1"));
    assertEquals(2, r.code(), r.toString());
    CommandLineErrorsTest.Fixtures.assertOneLineNaming(r.err(), "--conf spark.master=spark://127.0.0.1:1: no Spark master answers at 127.0.0.1:1",
        r.toString());
    assertFalse(Files.exists(out), "nothing written under --output");
  }

  @Test
  void sqlWithAMasterFromConfNotAnswering_exits2_beforeSparkStarts() throws Exception {
    Cli.Result r = assertTimeoutPreemptively(Duration.ofSeconds(30),
        () -> Cli.run("sql", "--output", dir.toString(), "--conf", "spark.master=spark://127.0.0.1:1", "SELECT 1"));
    assertEquals(2, r.code(), r.toString());
    CommandLineErrorsTest.Fixtures.assertOneLineNaming(r.err(), "--conf spark.master=spark://127.0.0.1:1: no Spark master answers at 127.0.0.1:1",
        r.toString());
  }

  @Test
  void masterOfSparkSubmit_isCheckedWhenNoneIsGiven_andTheOptionsWin() {
    String jvm = "spark://127.0.0.1:1";
    assertThat(org.junit.jupiter.api.Assertions.assertThrows(org.strand.core.ConfigurationException.class,
        () -> RequestValidation.impliedMaster(null, jvm)).getMessage())
        .contains("spark.master spark://127.0.0.1:1 (spark-submit's --master", "no Spark master answers at 127.0.0.1:1");
    // A --conf spark.master wins over the JVM's, as it does when Spark starts; local masters need no check.
    RequestValidation.impliedMaster("local[2]", jvm);
    RequestValidation.impliedMaster(null, "local[*]");
    RequestValidation.impliedMaster(null, "yarn");
  }

  @Test
  void portThatClosesTheConnection_passes() throws Exception {
    // Spark's RPC port, given the probe's incomplete frame and then its end, drops the connection.
    try (ServerSocket closing = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread acceptor = new Thread(() -> {
        try {
          while (true) {
            closing.accept().close();
          }
        } catch (IOException closed) {
          // The server socket was closed at the end of the test.
        }
      }, "closing-master");
      acceptor.setDaemon(true);
      acceptor.start();
      assertTimeoutPreemptively(Duration.ofMillis(RequestValidation.HTTP_PROBE_MS),
          () -> RequestValidation.master("spark://127.0.0.1:" + closing.getLocalPort()));
    }
  }
}
