package dev.taskbridge.emulator.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskbridge.emulator.EmulatorMain;
import dev.taskbridge.emulator.LocalBackend;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Clients that try to take the emulator down: heads that announce bodies they never send, bodies
 * that fill memory, and slow-loris connections. The server must stay bounded in memory and keep
 * answering a normal client.
 */
@Timeout(120)
class HostileClientsTest {
  static final String CREATE = "AWSStepFunctions.CreateActivity";

  private static String createBody(String name) {
    return "{\"name\":\"" + name + "\"}";
  }

  private static String headOnly(int contentLength) {
    return "POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: "
        + CREATE
        + "\r\nContent-Type: application/x-amz-json-1.0\r\nContent-Length: "
        + contentLength
        + "\r\n\r\n";
  }

  /** A normal client's call on a new connection; its answer's status, or -1 on no answer. */
  private static int normalCall(URI e, String name) {
    try (RawConnection c = new RawConnection(e)) {
      return c.send(RawConnection.post(CREATE, createBody(name))).read().status();
    } catch (IOException ex) {
      return -1;
    }
  }

  private static List<Socket> open(URI e, int n, String first) throws IOException {
    List<Socket> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Socket s = new Socket(e.getHost(), e.getPort());
      s.getOutputStream().write(first.getBytes(StandardCharsets.US_ASCII));
      out.add(s);
    }
    return out;
  }

  private static void closeAll(List<Socket> sockets) {
    for (Socket s : sockets) {
      try {
        s.close();
      } catch (IOException e) {
        // closing our own end; nothing to act on
      }
    }
  }

  @Test
  void headsAnnouncingLargeBodies_allocateNothing_evenOnASmallHeap() throws Exception {
    // In its own JVM with a 64 MiB heap: 550 heads announcing 4 MiB each would take 2.2 GB if the
    // server allocated bodies ahead of the bytes (the emulator once did, and never answered again).
    Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
    Process p =
        new ProcessBuilder(
                java.toString(),
                "-Xmx64m",
                "-cp",
                System.getProperty("java.class.path"),
                EmulatorMain.class.getName(),
                "--port",
                "0")
            .redirectErrorStream(true)
            .start();
    List<Socket> heads = new ArrayList<>();
    try {
      BufferedReader out =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String line = out.readLine();
      while (line != null && !line.startsWith("taskbridge emulator listening on ")) {
        line = out.readLine();
      }
      assertThat(line).startsWith("taskbridge emulator listening on ");
      URI e = URI.create(line.substring(line.lastIndexOf(' ') + 1));
      CompletableFuture<Void> drain =
          CompletableFuture.runAsync(
              () -> {
                try {
                  while (out.readLine() != null) {
                    // keep the child's output pipe from filling
                  }
                } catch (IOException ignored) {
                  // the child ended
                }
              });

      heads.addAll(open(e, 550, headOnly(4_194_304)));
      for (int i = 0; i < 3; i++) {
        assertThat(normalCall(e, "during" + i)).isEqualTo(200);
      }
      closeAll(heads);
      heads.clear();
      assertThat(normalCall(e, "after")).isEqualTo(200);
      assertThat(p.isAlive()).isTrue();
      drain.cancel(true);
    } finally {
      closeAll(heads);
      p.destroy();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
  }

  @Test
  void bodiesArrivingAtOnce_areBoundedInTotal_andTheOverflowIsRefused503() throws Exception {
    long budget = 1024 * 1024;
    try (LocalBackend backend = LocalBackend.builder().maxBufferedBytes(budget).start()) {
      URI e = backend.endpoint();
      String part = "x".repeat(200_000);
      List<RawConnection> uploads = new ArrayList<>();
      int answered503 = 0;
      int cutOff = 0;
      try {
        List<RawConnection> sent = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
          RawConnection c = new RawConnection(e);
          uploads.add(c);
          try {
            c.send(headOnly(3_000_000) + part);
            sent.add(c);
          } catch (IOException closedMidUpload) {
            // The backend answered 503 and closed before this upload's part was all written (a
            // slow machine writes it slower): refused too, with the answer lost to the reset.
            cutOff++;
          }
          assertThat(backend.bufferedRequestBytes()).isLessThanOrEqualTo(budget);
        }
        for (RawConnection c : sent) {
          // 1 MiB holds five 200 kB parts: the others were answered 503 and closed
          RawConnection.Answer a = c.answerWithin(500);
          if (a != null) {
            assertThat(a.status()).isEqualTo(503);
            answered503++;
          }
        }
        assertThat(answered503).as("refusals read as 503").isPositive();
        assertThat(answered503 + cutOff).isGreaterThanOrEqualTo(12 - 5);
        assertThat(backend.bufferedRequestBytes()).isLessThanOrEqualTo(budget);
      } finally {
        for (RawConnection c : uploads) {
          c.close();
        }
      }
      assertThat(normalCall(e, "afterUploads")).isEqualTo(200);
      awaitTrue(() -> backend.bufferedRequestBytes() == 0, "buffered bytes given back");
    }
  }

  @Test
  void theBudgetRefusal_isA503ServiceUnavailable() throws Exception {
    try (LocalBackend backend = LocalBackend.builder().maxBufferedBytes(4096).start();
        RawConnection c = new RawConnection(backend.endpoint())) {
      RawConnection.Answer a = c.send(headOnly(10_000) + "y".repeat(10_000)).read();
      assertThat(a.status()).isEqualTo(503);
      assertThat(a.body()).contains("ServiceUnavailableException");
      assertThat(normalCall(backend.endpoint(), "small")).isEqualTo(200);
    }
  }

  @Test
  void slowLoris_doesNotLockOutANormalClient() throws Exception {
    // 1,100 connections trickling a head one byte a second, past the 1,024 connection limit
    try (LocalBackend backend = LocalBackend.start()) {
      URI e = backend.endpoint();
      List<Socket> loris = open(e, 1100, "P");
      AtomicBoolean stop = new AtomicBoolean();
      Thread trickle =
          new Thread(
              () -> {
                while (!stop.get()) {
                  for (Socket s : loris) {
                    try {
                      OutputStream o = s.getOutputStream();
                      o.write('O');
                    } catch (IOException closed) {
                      // evicted: the attack goes on with the others
                    }
                  }
                  try {
                    Thread.sleep(1000);
                  } catch (InterruptedException ie) {
                    return;
                  }
                }
              },
              "slow-loris");
      trickle.setDaemon(true);
      trickle.start();
      try {
        // the attack in place: every slot held by a trickling connection
        awaitTrue(() -> backend.openConnections() >= 1000, "the attack's connections accepted");
        for (int i = 0; i < 5; i++) {
          CompletableFuture<Integer> call = callAsync(e, "loris" + i);
          assertThat(call.get(1, TimeUnit.SECONDS)).as("answer %d within 1 s", i).isEqualTo(200);
        }
        assertThat(backend.openConnections()).isLessThanOrEqualTo(1024);
      } finally {
        stop.set(true);
        trickle.interrupt();
        closeAll(loris);
      }
    }
  }

  @Test
  void aHeadTrickledByteByByte_isClosedAtTheHeadDeadline() throws Exception {
    try (LocalBackend backend =
            LocalBackend.builder().headDeadline(Duration.ofMillis(300)).start();
        RawConnection c = new RawConnection(backend.endpoint())) {
      // every byte comes well within any read timeout; the head as a whole never does
      boolean closed = false;
      String head = "POST / HTTP/1.1\r\nX-Padding: " + "p".repeat(200);
      for (int i = 0; i < head.length() && !closed; i++) {
        try {
          c.send(head.substring(i, i + 1));
        } catch (IOException reset) {
          closed = true;
          break;
        }
        closed = c.closedWithin(20);
      }
      assertThat(closed).as("closed before the head's %d bytes were sent", head.length()).isTrue();
      assertThat(normalCall(backend.endpoint(), "afterTrickle")).isEqualTo(200);
    }
  }

  private static CompletableFuture<Integer> callAsync(URI e, String name) {
    CompletableFuture<Integer> f = new CompletableFuture<>();
    Thread t = new Thread(() -> f.complete(normalCall(e, name)), "normal-client");
    t.setDaemon(true);
    t.start();
    return f;
  }

  private static void awaitTrue(java.util.function.BooleanSupplier condition, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime() - deadline).as(what).isNegative();
      Thread.sleep(10);
    }
  }
}
