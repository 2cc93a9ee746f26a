package dev.taskbridge.emulator.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskbridge.emulator.EmulatorClock;
import dev.taskbridge.emulator.LengthUnit;
import dev.taskbridge.emulator.SwfInvalidTokenResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The emulator's own HTTP/1.1 server, driven with exact bytes over plain sockets: keep-alive,
 * pipelining, 100-continue, chunked bodies, refusals, and the timeouts that close stalled and idle
 * connections.
 */
@Timeout(60)
class EmulatorServerHttpTest {
  static final String CREATE = "AWSStepFunctions.CreateActivity";
  static final String DESCRIBE = "AWSStepFunctions.DescribeActivity";
  static final String ARN = "arn:aws:states:us-east-1:123456789012:activity:";

  private final List<EmulatorServer> servers = new ArrayList<>();

  @AfterEach
  void closeServers() {
    servers.forEach(EmulatorServer::close);
  }

  private URI start(int threads, long readTimeoutMillis, long idleTimeoutMillis, int maxBytes)
      throws IOException {
    Config cfg =
        new Config(
            EmulatorClock.system(),
            200,
            maxBytes,
            false,
            LengthUnit.UTF16_CODE_UNITS,
            SwfInvalidTokenResponse.UNKNOWN_RESOURCE_FAULT,
            "us-east-1",
            "123456789012");
    ServerLimits limits =
        new ServerLimits(
            ServerLimits.DEFAULT_MAX_CONNECTIONS,
            readTimeoutMillis,
            readTimeoutMillis,
            idleTimeoutMillis,
            ServerLimits.DEFAULT_MAX_HEAD_BYTES,
            64L * 1024 * 1024);
    EmulatorServer s =
        new EmulatorServer(
            cfg,
            limits,
            target -> null,
            null,
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            threads);
    servers.add(s);
    return s.endpoint();
  }

  private URI start() throws IOException {
    return start(2, 60_000, 60_000, 64 * 1024);
  }

  private static String createBody(String name) {
    return "{\"name\":\"" + name + "\"}";
  }

  @Test
  void keepAlive_servesManyRequestsOnOneConnection() throws Exception {
    URI e = start();
    try (RawConnection c = new RawConnection(e)) {
      for (int i = 0; i < 20; i++) {
        RawConnection.Answer a = c.send(RawConnection.post(CREATE, createBody("k" + i))).read();
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.body()).contains(ARN + "k" + i);
        assertThat(a.header("Content-Type")).isEqualTo("application/x-amz-json-1.0");
        assertThat(a.header("x-amzn-RequestId")).hasSize(36);
        assertThat(a.header("Date")).endsWith(" GMT");
        assertThat(a.header("Connection")).isEmpty();
      }
      assertThat(c.closedWithin(100)).isFalse();
    }
  }

  @Test
  void pipelinedRequests_areAnsweredInOrder_evenBehindALongPoll() throws Exception {
    URI e = start();
    try (RawConnection c = new RawConnection(e)) {
      c.send(RawConnection.post(CREATE, createBody("pipe")));
      assertThat(c.read().status()).isEqualTo(200);
      // a poll that waits (200 ms: no task), then two more requests in the same write
      c.send(
          RawConnection.post(
                  "AWSStepFunctions.GetActivityTask", "{\"activityArn\":\"" + ARN + "pipe\"}")
              + RawConnection.post(DESCRIBE, "{\"activityArn\":\"" + ARN + "pipe\"}")
              + RawConnection.post(CREATE, createBody("pipe2")));
      RawConnection.Answer poll = c.read();
      assertThat(poll.status()).isEqualTo(200);
      assertThat(poll.body()).isEqualTo("{}");
      assertThat(c.read().body()).contains("\"name\":\"pipe\"");
      assertThat(c.read().body()).contains(ARN + "pipe2");
    }
  }

  @Test
  void expectContinue_gets100ThenTheAnswer() throws Exception {
    URI e = start();
    String body = createBody("cont");
    try (RawConnection c = new RawConnection(e)) {
      c.send(
          "POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: "
              + CREATE
              + "\r\nExpect: 100-continue\r\nContent-Length: "
              + body.length()
              + "\r\n\r\n");
      RawConnection.Answer interim = c.read();
      assertThat(interim.status()).isEqualTo(100);
      assertThat(c.send(body).read().body()).contains(ARN + "cont");
    }
  }

  @Test
  void expectContinue_overTheLimit_isRefusedWithoutWaitingForTheBody() throws Exception {
    URI e = start();
    try (RawConnection c = new RawConnection(e)) {
      c.send(
          "POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: "
              + CREATE
              + "\r\nExpect: 100-continue\r\nContent-Length: 100000000\r\n\r\n");
      RawConnection.Answer a = c.read();
      assertThat(a.status()).isEqualTo(413);
      assertThat(a.header("Connection")).isEqualTo("close");
      assertThat(a.body()).contains("RequestEntityTooLargeException");
      assertThat(c.closedWithin(10_000)).isTrue();
    }
  }

  @Test
  void chunkedBody_isDecoded() throws Exception {
    URI e = start();
    try (RawConnection c = new RawConnection(e)) {
      c.send(
          "POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: "
              + CREATE
              + "\r\nTransfer-Encoding: chunked\r\n\r\n"
              + "5\r\n{\"nam\r\n"
              + "A;ext=1\r\ne\":\"chunk\"\r\n"
              + "1\r\n}\r\n"
              + "0\r\nX-Trailer: t\r\n\r\n");
      RawConnection.Answer a = c.read();
      assertThat(a.status()).isEqualTo(200);
      assertThat(a.body()).contains(ARN + "chunk");
      // and the connection goes on
      assertThat(
              c.send(RawConnection.post(DESCRIBE, "{\"activityArn\":\"" + ARN + "chunk\"}"))
                  .read()
                  .status())
          .isEqualTo(200);
    }
  }

  @Test
  void chunkedBody_overTheLimit_is413AndClose() throws Exception {
    URI e = start(2, 60_000, 60_000, 2048);
    String chunk = "x".repeat(1000);
    try (RawConnection c = new RawConnection(e)) {
      c.send(
          "POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: "
              + CREATE
              + "\r\nTransfer-Encoding: chunked\r\n\r\n"
              + ("3E8\r\n" + chunk + "\r\n").repeat(3)
              + "0\r\n\r\n");
      RawConnection.Answer a = c.read();
      assertThat(a.status()).isEqualTo(413);
      assertThat(a.body()).contains("Request entity of more than 2048 bytes");
      assertThat(c.closedWithin(10_000)).isTrue();
    }
  }

  @Test
  void bodyOverTheLimit_isReadThenRefusedWith413AndClose() throws Exception {
    URI e = start(2, 60_000, 60_000, 2048);
    try (RawConnection c = new RawConnection(e)) {
      RawConnection.Answer a =
          c.send(RawConnection.post(CREATE, createBody("y".repeat(5000)))).read();
      assertThat(a.status()).isEqualTo(413);
      assertThat(a.header("Connection")).isEqualTo("close");
      assertThat(a.header("x-amzn-RequestId")).isNotEmpty();
      assertThat(c.closedWithin(10_000)).isTrue();
    }
    try (RawConnection c = new RawConnection(e)) {
      assertThat(c.send(RawConnection.post(CREATE, createBody("after"))).read().status())
          .isEqualTo(200);
    }
  }

  @Test
  void malformedRequestLine_is400AndClose() throws Exception {
    URI e = start();
    List<String> unanswered = new ArrayList<>();
    for (String bad :
        new String[] {
          "HELLO THERE\r\n\r\n",
          "POST /\r\n\r\n",
          "POST / HTTP/1.1 extra\r\n\r\n",
          "PO(ST / HTTP/1.1\r\n\r\n",
          "POST / HTTP/1.1\r\nNo colon here\r\n\r\n",
          "POST / HTTP/1.1\r\nContent-Length: 12x\r\n\r\n",
          "POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
          // bare line feeds: Netty's decoder takes only CRLF, closing a request-smuggling gap
          "POST / HTTP/1.1\nX-Amz-Target: x\nContent-Length: 2\n\n{}",
        }) {
      try (RawConnection c = new RawConnection(e)) {
        RawConnection.Answer a;
        try {
          a = c.send(bad).read();
        } catch (java.net.SocketTimeoutException timeout) {
          unanswered.add(bad);
          continue;
        }
        assertThat(a.status()).as(bad).isEqualTo(400);
        assertThat(a.header("Connection")).as(bad + a.body()).isEqualTo("close");
        assertThat(a.body()).startsWith("{\"__type\":\"BadRequest\",\"message\":");
        assertThat(c.closedWithin(10_000)).as(bad).isTrue();
      }
    }
    assertThat(unanswered).isEmpty();
  }

  @Test
  void otherHttpVersionsAndEncodings_areRefusedByName() throws Exception {
    URI e = start();
    try (RawConnection c = new RawConnection(e)) {
      assertThat(c.send("POST / HTTP/2.0\r\n\r\n").read().status()).isEqualTo(505);
    }
    try (RawConnection c = new RawConnection(e)) {
      assertThat(c.send("POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n").read().status())
          .isEqualTo(501);
    }
  }

  @Test
  void headTooLarge_is431AndClose() throws Exception {
    URI e = start();
    try (RawConnection c = new RawConnection(e)) {
      RawConnection.Answer a =
          c.send(
                  "POST / HTTP/1.1\r\nX-Big: "
                      + "b".repeat(ServerLimits.DEFAULT_MAX_HEAD_BYTES)
                      + "\r\n\r\n{}")
              .read();
      assertThat(a.status()).isEqualTo(431);
      assertThat(c.closedWithin(10_000)).isTrue();
    }
  }

  @Test
  void headerNames_areCaseInsensitive() throws Exception {
    URI e = start();
    String body = createBody("case");
    try (RawConnection c = new RawConnection(e)) {
      RawConnection.Answer a =
          c.send(
                  "POST / HTTP/1.1\r\nx-amz-TARGET:  "
                      + CREATE
                      + " \r\ncontent-LENGTH: "
                      + body.length()
                      + "\r\n\r\n"
                      + body)
              .read();
      assertThat(a.status()).as(a.body()).isEqualTo(200);
      assertThat(a.body()).contains(ARN + "case");
    }
  }

  @Test
  void connectionClose_andHttp10_getConnectionCloseAndEndOfStream() throws Exception {
    URI e = start();
    String body = createBody("bye");
    try (RawConnection c = new RawConnection(e)) {
      RawConnection.Answer a =
          c.send(RawConnection.request("POST / HTTP/1.1\r\nConnection: close\r\n", CREATE, body))
              .read();
      assertThat(a.status()).isEqualTo(200);
      assertThat(a.header("Connection")).isEqualTo("close");
      assertThat(c.closedWithin(10_000)).isTrue();
    }
    try (RawConnection c = new RawConnection(e)) {
      RawConnection.Answer a =
          c.send(RawConnection.request("POST / HTTP/1.0\r\n", DESCRIBE, "{}")).read();
      assertThat(a.status()).isEqualTo(400);
      assertThat(a.header("Connection")).isEqualTo("close");
      assertThat(c.closedWithin(10_000)).isTrue();
    }
    try (RawConnection c = new RawConnection(e)) {
      RawConnection.Answer a =
          c.send(
                  RawConnection.request(
                      "POST / HTTP/1.0\r\nConnection: keep-alive\r\n", CREATE, body))
              .read();
      assertThat(a.header("Connection")).isEqualTo("keep-alive");
      assertThat(c.closedWithin(100)).isFalse();
    }
  }

  @Test
  void headRequest_getsHeadersWithoutABody() throws Exception {
    URI e = start();
    try (RawConnection c = new RawConnection(e)) {
      c.send("HEAD / HTTP/1.1\r\nHost: x\r\n\r\n");
      // the answer to HEAD announces the error body's length but carries no body
      RawConnection.Answer a = c.readHeadOnly();
      assertThat(a.status()).isEqualTo(400);
      assertThat(a.header("Content-Length")).isNotEqualTo("0");
      assertThat(c.send(RawConnection.post(CREATE, createBody("h"))).read().status())
          .isEqualTo(200);
    }
  }

  @Test
  void stalledRequests_doNotHoldUpOtherClients() throws Exception {
    // one selector thread, read timeout far longer than the test: stalled clients stay open
    URI e = start(1, 60_000, 60_000, 64 * 1024);
    List<RawConnection> stalled = openStalled(e, 12);
    try {
      for (int i = 0; i < 5; i++) {
        try (RawConnection c = new RawConnection(e)) {
          assertThat(c.send(RawConnection.post(CREATE, createBody("busy" + i))).read().status())
              .isEqualTo(200);
        }
      }
      for (RawConnection s : stalled) {
        assertThat(s.closedWithin(1)).isFalse();
      }
    } finally {
      for (RawConnection s : stalled) {
        s.close();
      }
    }
  }

  @Test
  void stalledRequests_areClosedAfterTheReadTimeout_andIdleConnectionsAfterTheIdleTimeout()
      throws Exception {
    URI e = start(1, 300, 300, 64 * 1024);
    List<RawConnection> stalled = openStalled(e, 6);
    try (RawConnection idle = new RawConnection(e);
        RawConnection silent = new RawConnection(e)) {
      assertThat(idle.send(RawConnection.post(CREATE, createBody("idle"))).read().status())
          .isEqualTo(200);
      for (RawConnection s : stalled) {
        assertThat(s.closedWithin(10_000)).isTrue();
      }
      assertThat(idle.closedWithin(10_000)).isTrue();
      assertThat(silent.closedWithin(10_000)).isTrue();
      try (RawConnection fresh = new RawConnection(e)) {
        assertThat(fresh.send(RawConnection.post(CREATE, createBody("fresh"))).read().status())
            .isEqualTo(200);
      }
    } finally {
      for (RawConnection s : stalled) {
        s.close();
      }
    }
  }

  /** Connections stopped in the middle of a head, a fixed body or a chunked body. */
  private static List<RawConnection> openStalled(URI e, int n) throws IOException {
    String[] partial = {
      "POST / HTTP/1.1\r\nX-Amz-Tar",
      "POST / HTTP/1.1\r\nX-Amz-Target: " + CREATE + "\r\nContent-Length: 100\r\n\r\n{\"nam",
      "POST / HTTP/1.1\r\nX-Amz-Target: " + CREATE + "\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n{"
    };
    List<RawConnection> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new RawConnection(e).send(partial[i % partial.length]));
    }
    return out;
  }

  @Test
  void close_stopsAccepting_closesConnections_andEndsItsDaemonThreads() throws Exception {
    Set<Thread> before = emulatorThreads();
    URI e = start(3, 60_000, 60_000, 64 * 1024);
    Set<Thread> ours;
    try (RawConnection c = new RawConnection(e)) {
      assertThat(c.send(RawConnection.post(CREATE, createBody("c"))).read().status())
          .isEqualTo(200);
      ours = emulatorThreads();
      ours.removeAll(before);
      assertThat(ours)
          .extracting(Thread::getName)
          .anyMatch(n -> n.startsWith("taskbridge-emulator-io-"))
          .anyMatch(n -> n.startsWith("taskbridge-emulator-engine-"))
          .anyMatch(n -> n.startsWith("taskbridge-emulator-accept-"));
      assertThat(ours).allMatch(Thread::isDaemon);
      servers.get(0).close();
      assertThat(c.closedWithin(10_000)).isTrue();
    }
    assertThat(ours.stream().filter(t -> !t.getName().contains("-timer")))
        .noneMatch(Thread::isAlive);
    assertThatThrownBy(() -> new Socket(e.getHost(), e.getPort()).close())
        .isInstanceOf(IOException.class);
  }

  private static Set<Thread> emulatorThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("taskbridge-emulator-"))
        .collect(Collectors.toCollection(HashSet::new));
  }
}
