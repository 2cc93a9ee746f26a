package dev.taskbridge.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.taskbridge.emulator.EmulatorClock;
import dev.taskbridge.emulator.LocalBackend;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.regions.Region;

/** The capability probe and the HTTP control, against the emulator and against other servers. */
class HttpTargetControlTest {

  @Test
  void probe_ofAnEmulator_declaresWhatItLists_andControlsItOverHttp() {
    try (LocalBackend backend = LocalBackend.start()) {
      HttpTargetControl control =
          HttpTargetControl.probe(URI.create(backend.endpoint() + "/"), Duration.ofSeconds(2))
              .orElseThrow();

      control.inject("AWSStepFunctions.SendTaskFailure", 2, InjectedFault.KMS_INVALID_STATE);
      control.advanceClock(Duration.ofSeconds(5));

      assertThat(control.capabilities()).isEqualTo(EnumSet.allOf(Capability.class));
      assertThat(backend.faults().rules()).hasSize(1);
      assertThat(backend.faults().rules().get(0).remaining()).isEqualTo(2);
      assertThat(backend.faults().rules().get(0).fault().toString()).contains("DISABLED");
      control.clearFaults();
      assertThat(backend.faults().rules()).isEmpty();
    }
  }

  @Test
  void everyInjectedFault_isAcceptedByTheEmulatorsControlPlane() {
    try (LocalBackend backend = LocalBackend.start()) {
      HttpTargetControl control =
          HttpTargetControl.probe(backend.endpoint(), Duration.ofSeconds(2)).orElseThrow();

      for (InjectedFault f : InjectedFault.values()) {
        control.inject("SimpleWorkflowService.RespondActivityTaskFailed", 1, f);
      }

      assertThat(backend.faults().rules()).hasSize(InjectedFault.values().length);
    }
  }

  @Test
  void probe_ofAnEmulatorOnTheBareSystemClock_hasNoClock_andAdvanceIsUnsupported() {
    try (LocalBackend backend = LocalBackend.builder().clock(EmulatorClock.system()).start()) {
      HttpTargetControl control =
          HttpTargetControl.probe(backend.endpoint(), Duration.ofSeconds(2)).orElseThrow();

      assertThat(control.capabilities()).containsExactly(Capability.FAULT_INJECTION);
      assertThatThrownBy(() -> control.advanceClock(Duration.ofSeconds(1)))
          .isInstanceOf(UnsupportedOperationException.class)
          .hasMessageContaining("CONTROLLABLE_CLOCK");
    }
  }

  @Test
  void control_whenTheEmulatorRefuses_throwsWithItsMessage() {
    try (LocalBackend backend = LocalBackend.start()) {
      HttpTargetControl control =
          HttpTargetControl.probe(backend.endpoint(), Duration.ofSeconds(2)).orElseThrow();

      assertThatThrownBy(() -> control.inject("AWSStepFunctions.Nope", 1, InjectedFault.THROTTLING))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("400")
          .hasMessageContaining("selector must be an emulated operation");
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "404|{\"message\":\"not found\"}",
        "400|{\"__type\":\"com.amazon.coral.service#UnknownOperationException\"}",
        "200|<html>hello</html>",
        "200|{\"capabilities\":\"FAULT_INJECTION\"}",
        "200|{\"capabilities\":[\"TIME_TRAVEL\"]}",
        "200|[]",
        "302|",
      })
  void probe_ofSomethingElse_findsNoCapabilities(int status, String body) throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        ex -> {
          byte[] b = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().set("Location", "http://127.0.0.1:1/");
          ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
          try (OutputStream os = ex.getResponseBody()) {
            os.write(b);
          }
        });
    server.start();
    try {
      URI endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
      assertThat(HttpTargetControl.probe(endpoint, Duration.ofSeconds(2))).isEmpty();
    } finally {
      server.stop(0);
    }
  }

  @Test
  void probe_ofAClosedPort_findsNoCapabilities() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    assertThat(
            HttpTargetControl.probe(URI.create("http://127.0.0.1:" + port), Duration.ofSeconds(2)))
        .isEmpty();
  }

  @Test
  void probe_ofAServerThatNeverAnswers_givesUpAfterItsTimeout() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        ex -> {
          try {
            release.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          ex.close();
        });
    server.start();
    try {
      URI endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
      long start = System.nanoTime();
      Target target =
          Targets.endpoint(
              "silent", endpoint, endpoint, Region.US_EAST_1, false, Targets.PLACEHOLDER_ROLE_ARN);

      assertThat(target.capabilities()).isEmpty();
      assertThat(target.control()).isEmpty();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    } finally {
      release.countDown();
      server.stop(0);
    }
  }
}
