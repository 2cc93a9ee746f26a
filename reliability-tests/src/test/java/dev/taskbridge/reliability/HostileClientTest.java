package dev.taskbridge.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskbridge.emulator.LocalBackend;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * Clients on this machine that mean harm — unsent bodies, a slow-loris crowd, a web page driving
 * the control plane — cost the emulator bounded memory and no service, as an SDK client sees it.
 */
@Timeout(120)
class HostileClientTest {

  private static List<Socket> open(URI e, int n, String first) throws IOException {
    List<Socket> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Socket s = new Socket(e.getHost(), e.getPort());
      s.getOutputStream().write(first.getBytes(StandardCharsets.US_ASCII));
      out.add(s);
    }
    return out;
  }

  private static void closeAll(List<Socket> sockets) throws IOException {
    for (Socket s : sockets) {
      s.close();
    }
  }

  @Test
  void headsAnnouncingHugeBodies_holdNoMemory_andSdkCallsGoOn() throws Exception {
    try (LocalBackend backend = LocalBackend.start();
        SfnClient sfn = Clients.sfnSetup(backend.endpoint())) {
      List<Socket> heads =
          open(
              backend.endpoint(),
              550,
              "POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: AWSStepFunctions.CreateActivity\r\n"
                  + "Content-Length: 4194304\r\n\r\n{\"name\":");
      try {
        assertThat(sfn.createActivity(b -> b.name("during")).activityArn()).endsWith("during");
        // a few bytes each, never the announced 4 MiB
        assertThat(backend.bufferedRequestBytes()).isLessThan(550L * 64);
      } finally {
        closeAll(heads);
      }
      assertThat(sfn.createActivity(b -> b.name("after")).activityArn()).endsWith("after");
    }
  }

  @Test
  void slowLorisCrowd_pastTheConnectionLimit_doesNotLockOutAnSdkClient() throws Exception {
    try (LocalBackend backend = LocalBackend.builder().maxConnections(200).start();
        SfnClient sfn = Clients.sfnSetup(backend.endpoint())) {
      List<Socket> loris = open(backend.endpoint(), 300, "POST / HTTP/1.1\r\nX-Slow: ");
      try {
        for (int i = 0; i < 5; i++) {
          String name = "loris" + i;
          assertThat(sfn.createActivity(b -> b.name(name)).activityArn()).endsWith(name);
        }
        assertThat(backend.openConnections()).isLessThanOrEqualTo(200);
      } finally {
        closeAll(loris);
      }
    }
  }

  @Test
  void controlPlane_refusesCrossSiteAndRebindingRequests() throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    try (LocalBackend backend = LocalBackend.start()) {
      URI faults = backend.endpoint().resolve("/_taskbridge/faults");
      String body = "{\"selector\":\"*\",\"fault\":\"INTERNAL_FAILURE\",\"times\":1000}";
      // what a browser sends cross-site without a preflight: a text/plain POST with its Origin
      HttpResponse<String> textPlain =
          http.send(
              HttpRequest.newBuilder(faults)
                  .timeout(Duration.ofSeconds(10))
                  .header("Content-Type", "text/plain")
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> foreignOrigin =
          http.send(
              HttpRequest.newBuilder(faults)
                  .timeout(Duration.ofSeconds(10))
                  .header("Content-Type", "application/json")
                  .header("Origin", "http://attacker.example")
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      // DNS rebinding: the page's own host name resolving to 127.0.0.1
      String rebound;
      try (Socket s = new Socket(backend.endpoint().getHost(), backend.endpoint().getPort())) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        s.getOutputStream()
            .write(
                ("POST /_taskbridge/faults HTTP/1.1\r\nHost: attacker.example\r\n"
                        + "Content-Type: application/json\r\nConnection: close\r\nContent-Length: "
                        + b.length
                        + "\r\n\r\n"
                        + body)
                    .getBytes(StandardCharsets.UTF_8));
        rebound = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      }

      assertThat(textPlain.statusCode()).isEqualTo(415);
      assertThat(foreignOrigin.statusCode()).isEqualTo(403);
      assertThat(rebound).startsWith("HTTP/1.1 403");
      assertThat(backend.faults().rules()).isEmpty();
    }
  }
}
