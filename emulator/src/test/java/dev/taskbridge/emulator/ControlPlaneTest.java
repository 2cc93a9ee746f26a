package dev.taskbridge.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.KmsInvalidStateException;
import software.amazon.awssdk.services.sfn.model.SfnException;
import software.amazon.awssdk.services.sfn.model.TaskTimedOutException;

/**
 * The HTTP control plane under {@code /_taskbridge/}, driven over raw HTTP as a client without a
 * Java handle would, with the effects checked through unmodified SDK clients.
 */
class ControlPlaneTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  record Answer(int status, String contentType, JsonNode body) {}

  static Answer call(URI endpoint, String method, String path, String body)
      throws IOException, InterruptedException {
    HttpRequest.BodyPublisher pub =
        body.isEmpty()
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body);
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(endpoint.resolve(path))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .method(method, pub)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return new Answer(
        r.statusCode(),
        r.headers().firstValue("Content-Type").orElse(""),
        r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body()));
  }

  @Test
  void capabilities_onTheDefaultOffsetClock_listsClockAndFaults() throws Exception {
    try (LocalBackend backend = LocalBackend.start()) {
      Answer a = call(backend.endpoint(), "GET", "/_taskbridge/capabilities", "");

      assertThat(a.status()).isEqualTo(200);
      assertThat(a.contentType()).isEqualTo("application/json");
      assertThat(a.body().toString())
          .isEqualTo("{\"capabilities\":[\"CONTROLLABLE_CLOCK\",\"FAULT_INJECTION\"]}");
    }
  }

  @Test
  void capabilities_onThePlainSystemClock_listsFaultsOnly_andAdvanceIsRefused() throws Exception {
    try (LocalBackend backend = LocalBackend.builder().clock(EmulatorClock.system()).start()) {
      Answer caps = call(backend.endpoint(), "GET", "/_taskbridge/capabilities", "");
      Answer advance =
          call(backend.endpoint(), "POST", "/_taskbridge/clock/advance", "{\"millis\":1000}");

      assertThat(caps.body().toString()).isEqualTo("{\"capabilities\":[\"FAULT_INJECTION\"]}");
      assertThat(advance.status()).isEqualTo(400);
      assertThat(advance.body().path("message").asText()).contains("cannot be advanced");
    }
  }

  @Test
  void faults_injectedOverHttp_areSeenBySdkCalls_inFifoOrder_thenClearStopsThem() throws Exception {
    try (LocalBackend backend = LocalBackend.start();
        SfnClient sfn = TestClients.sfnNoRetry(backend.endpoint())) {
      URI e = backend.endpoint();
      Answer first =
          call(
              e,
              "POST",
              "/_taskbridge/faults",
              "{\"selector\":\"AWSStepFunctions.SendTaskFailure\",\"times\":2,"
                  + "\"fault\":\"THROTTLING\"}");
      Answer second =
          call(
              e,
              "POST",
              "/_taskbridge/faults",
              "{\"selector\":\"AWSStepFunctions.SendTaskFailure\","
                  + "\"fault\":\"KMS_INVALID_STATE\",\"keyState\":\"PENDING_DELETION\"}");
      call(
          e,
          "POST",
          "/_taskbridge/faults",
          "{\"selector\":\"AWSStepFunctions.SendTaskFailure\",\"fault\":\"INTERNAL_FAILURE\"}");

      assertThat(first.status()).isEqualTo(200);
      assertThat(first.body().path("rule").asText()).isNotBlank();
      assertThat(second.body().path("rule").asText())
          .isNotEqualTo(first.body().path("rule").asText());
      for (int i = 0; i < 2; i++) {
        assertThatThrownBy(() -> sfn.sendTaskFailure(b -> b.taskToken("t").error("E")))
            .isInstanceOfSatisfying(
                SfnException.class, x -> assertThat(x.isThrottlingException()).isTrue());
      }
      assertThatThrownBy(() -> sfn.sendTaskFailure(b -> b.taskToken("t").error("E")))
          .isInstanceOfSatisfying(
              KmsInvalidStateException.class,
              x -> assertThat(x.kmsKeyStateAsString()).isEqualTo("PENDING_DELETION"));
      JsonNode listed = call(e, "GET", "/_taskbridge/faults", "").body().path("rules");
      assertThat(listed).hasSize(3);
      assertThat(listed.get(0).path("applied").asInt()).isEqualTo(2);
      assertThat(listed.get(2).path("remaining").asInt()).isEqualTo(1);

      Answer cleared = call(e, "DELETE", "/_taskbridge/faults", "");

      assertThat(cleared.status()).isEqualTo(200);
      assertThat(backend.faults().rules()).isEmpty();
      assertThatThrownBy(() -> sfn.sendTaskFailure(b -> b.taskToken("t").error("E")))
          .isInstanceOfSatisfying(
              SfnException.class,
              x -> assertThat(x.awsErrorDetails().errorCode()).isEqualTo("InvalidToken"));
    }
  }

  @Test
  void faults_dropAfterApply_overHttp_appliesTheCallAndDropsTheAnswer() throws Exception {
    try (LocalBackend backend = LocalBackend.start();
        SfnClient sfn = TestClients.sfnNoRetry(backend.endpoint())) {
      SfnFixture fx = new SfnFixture(sfn);
      String token = fx.startAndTake("");
      call(
          backend.endpoint(),
          "POST",
          "/_taskbridge/faults",
          "{\"selector\":\"AWSStepFunctions.*\",\"fault\":\"DROP_AFTER_APPLY\"}");

      assertThatThrownBy(() -> sfn.sendTaskFailure(b -> b.taskToken(token).error("E")))
          .isInstanceOf(SdkClientException.class);
      assertThatThrownBy(() -> sfn.sendTaskFailure(b -> b.taskToken(token).error("E")))
          .isInstanceOf(TaskTimedOutException.class);
    }
  }

  @Test
  void advance_onAStandaloneOffsetClock_timesOutAnSfnTaskWithoutWaiting() throws Exception {
    try (LocalBackend backend = LocalBackend.start();
        SfnClient sfn = TestClients.sfnNoRetry(backend.endpoint())) {
      SfnFixture fx = new SfnFixture(sfn);
      String exec = fx.start(",\"TimeoutSeconds\":3600");
      String token = fx.poll().taskToken();
      Instant before = backend.clock().now();

      Answer a =
          call(backend.endpoint(), "POST", "/_taskbridge/clock/advance", "{\"millis\":3600000}");

      assertThat(a.status()).isEqualTo(200);
      assertThat(Instant.parse(a.body().path("now").asText()))
          .isAfterOrEqualTo(before.plusSeconds(3600));
      assertThat(((OffsetClock) backend.clock()).offset()).isEqualTo(Duration.ofHours(1));
      assertThatThrownBy(() -> sfn.sendTaskFailure(b -> b.taskToken(token).error("E")))
          .isInstanceOf(TaskTimedOutException.class);
      assertThat(fx.types(exec)).contains("ActivityTimedOut", "ExecutionFailed");
    }
  }

  @Test
  void advance_onAnEmbeddedManualClock_movesThatClock() throws Exception {
    ManualClock clock = new ManualClock();
    try (LocalBackend backend = LocalBackend.builder().clock(clock).start();
        SfnClient sfn = TestClients.sfnNoRetry(backend.endpoint())) {
      SfnFixture fx = new SfnFixture(sfn);
      fx.start(",\"TimeoutSeconds\":5");
      String token = fx.poll().taskToken();
      Instant before = clock.now();

      Answer a =
          call(backend.endpoint(), "POST", "/_taskbridge/clock/advance", "{\"millis\":5000}");

      assertThat(a.body().path("now").asText()).isEqualTo(before.plusSeconds(5).toString());
      assertThat(clock.now()).isEqualTo(before.plusSeconds(5));
      assertThatThrownBy(() -> sfn.sendTaskFailure(b -> b.taskToken(token).error("E")))
          .isInstanceOf(TaskTimedOutException.class);
    }
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "POST|/_taskbridge/clock/advance|''|JSON object",
        "POST|/_taskbridge/clock/advance|not json|JSON object",
        "POST|/_taskbridge/clock/advance|[1]|JSON object",
        "POST|/_taskbridge/clock/advance|{}|'millis' is required",
        "POST|/_taskbridge/clock/advance|{\"millis\":-1}|between 0 and",
        "POST|/_taskbridge/clock/advance|{\"millis\":1.5}|must be an integer",
        "POST|/_taskbridge/clock/advance|{\"millis\":\"5\"}|must be an integer",
        "POST|/_taskbridge/clock/advance|{\"millis\":99999999999999999999}|must be an integer",
        "POST|/_taskbridge/clock/advance|{\"millis\":1,\"x\":2}|unknown member 'x'",
        "POST|/_taskbridge/faults|{\"fault\":\"THROTTLING\"}|'selector' is required",
        "POST|/_taskbridge/faults|{\"selector\":\"AWSStepFunctions.SendTaskFailure\"}|'fault' is"
            + " required",
        "POST|/_taskbridge/faults|{\"selector\":\"AWSStepFunction.SendTaskFailure\",\"fault\":"
            + "\"THROTTLING\"}|selector must be an emulated operation",
        "POST|/_taskbridge/faults|{\"selector\":\"*\",\"fault\":\"NOPE\"}|unknown fault 'NOPE'",
        "POST|/_taskbridge/faults|{\"selector\":\"*\",\"fault\":\"THROTTLING\",\"times\":0}|between"
            + " 1 and",
        "POST|/_taskbridge/faults|{\"selector\":\"*\",\"fault\":\"THROTTLING\",\"keyState\":"
            + "\"DISABLED\"}|only applies to KMS_INVALID_STATE",
        "POST|/_taskbridge/faults|{\"selector\":\"*\",\"fault\":\"KMS_INVALID_STATE\",\"keyState\":"
            + "\"MELTED\"}|'keyState' must be one of",
        "POST|/_taskbridge/faults|{\"selector\":\"*\",\"fault\":\"DELAY\"}|DELAY needs 'millis'",
        "POST|/_taskbridge/faults|{\"selector\":\"*\",\"fault\":\"THROTTLING\",\"millis\":5}|only"
            + " applies to DELAY",
        "POST|/_taskbridge/faults|{\"selector\":7,\"fault\":\"THROTTLING\"}|must be a non-empty"
            + " string",
      })
  void badRequest_isAnswered400WithAMessage_andChangesNothing(
      String method, String path, String body, String fragment) throws Exception {
    try (LocalBackend backend = LocalBackend.start()) {
      Answer a = call(backend.endpoint(), method, path, body);

      assertThat(a.status()).as(a.body().toString()).isEqualTo(400);
      assertThat(a.contentType()).isEqualTo("application/json");
      assertThat(a.body().path("message").asText()).contains(fragment);
      assertThat(backend.faults().rules()).isEmpty();
      assertThat(((OffsetClock) backend.clock()).offset()).isEqualTo(Duration.ZERO);
    }
  }

  /**
   * Sends {@code head} (request line and headers, without the final blank line) with {@code body}
   * over a plain socket, so that any Host and Origin can be sent; returns the status line and body.
   */
  private static String raw(URI endpoint, String head, String body) throws IOException {
    try (java.net.Socket s = new java.net.Socket(endpoint.getHost(), endpoint.getPort())) {
      s.setSoTimeout(10_000);
      byte[] b = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      s.getOutputStream()
          .write(
              (head + "Connection: close\r\nContent-Length: " + b.length + "\r\n\r\n" + body)
                  .getBytes(java.nio.charset.StandardCharsets.UTF_8));
      String answer =
          new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      int eol = answer.indexOf("\r\n");
      return answer.substring(0, eol) + " " + answer.substring(answer.indexOf("\r\n\r\n") + 4);
    }
  }

  private static final String FAULT = "{\"selector\":\"*\",\"fault\":\"THROTTLING\"}";

  @Test
  void foreignHost_isRefused403_andChangesNothing() throws Exception {
    try (LocalBackend backend = LocalBackend.start()) {
      URI e = backend.endpoint();
      String json = "Content-Type: application/json\r\n";
      for (String host :
          new String[] {"evil.example", "evil.example:" + e.getPort(), "127.0.0.2", ""}) {
        String hostLine = host.isEmpty() ? "" : "Host: " + host + "\r\n";
        String a = raw(e, "POST /_taskbridge/faults HTTP/1.1\r\n" + hostLine + json, FAULT);
        assertThat(a).as(host).startsWith("HTTP/1.1 403").contains("is not this emulator");
      }
      String wrongPort =
          raw(e, "POST /_taskbridge/faults HTTP/1.1\r\nHost: localhost:1\r\n" + json, FAULT);
      assertThat(wrongPort).startsWith("HTTP/1.1 403");
      assertThat(backend.faults().rules()).isEmpty();

      for (String host : new String[] {"localhost", "LOCALHOST:" + e.getPort(), e.getAuthority()}) {
        String a = raw(e, "GET /_taskbridge/capabilities HTTP/1.1\r\nHost: " + host + "\r\n", "");
        assertThat(a).as(host).startsWith("HTTP/1.1 200");
      }
    }
  }

  @Test
  void nonJsonContentType_isRefused415_andChangesNothing() throws Exception {
    try (LocalBackend backend = LocalBackend.start()) {
      URI e = backend.endpoint();
      String host = "Host: " + e.getAuthority() + "\r\n";
      for (String type :
          new String[] {
            "Content-Type: text/plain\r\n",
            "Content-Type: application/x-www-form-urlencoded\r\n",
            "Content-Type: multipart/form-data; boundary=x\r\n",
            ""
          }) {
        assertThat(raw(e, "POST /_taskbridge/faults HTTP/1.1\r\n" + host + type, FAULT))
            .as(type)
            .startsWith("HTTP/1.1 415")
            .contains("application/json");
        assertThat(
                raw(
                    e,
                    "POST /_taskbridge/clock/advance HTTP/1.1\r\n" + host + type,
                    "{\"millis\":100000}"))
            .startsWith("HTTP/1.1 415");
      }
      assertThat(backend.faults().rules()).isEmpty();
      assertThat(((OffsetClock) backend.clock()).offset()).isEqualTo(Duration.ZERO);
      assertThat(
              raw(
                  e,
                  "POST /_taskbridge/faults HTTP/1.1\r\n"
                      + host
                      + "Content-Type: Application/JSON; charset=utf-8\r\n",
                  FAULT))
          .startsWith("HTTP/1.1 200");
    }
  }

  @Test
  void foreignOrigin_isRefused403_andChangesNothing() throws Exception {
    try (LocalBackend backend = LocalBackend.start()) {
      URI e = backend.endpoint();
      String head =
          "POST /_taskbridge/faults HTTP/1.1\r\nHost: "
              + e.getAuthority()
              + "\r\nContent-Type: application/json\r\n";
      for (String origin :
          new String[] {
            "http://evil.example", "null", "https://" + e.getAuthority(), "http://localhost:1"
          }) {
        assertThat(raw(e, head + "Origin: " + origin + "\r\n", FAULT))
            .as(origin)
            .startsWith("HTTP/1.1 403")
            .contains("Origin");
      }
      assertThat(backend.faults().rules()).isEmpty();
      assertThat(raw(e, head + "Origin: http://" + e.getAuthority() + "\r\n", FAULT))
          .startsWith("HTTP/1.1 200");
      assertThat(backend.faults().rules()).hasSize(1);
    }
  }

  @Test
  void unknownControlPath_is404_andWrongMethod_is405WithAllow() throws Exception {
    try (LocalBackend backend = LocalBackend.start()) {
      Answer unknown = call(backend.endpoint(), "GET", "/_taskbridge/nope", "");
      HttpResponse<String> wrong =
          HTTP.send(
              HttpRequest.newBuilder(backend.endpoint().resolve("/_taskbridge/clock/advance"))
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());

      assertThat(unknown.status()).isEqualTo(404);
      assertThat(unknown.body().path("message").asText()).contains("/_taskbridge/nope");
      assertThat(wrong.statusCode()).isEqualTo(405);
      assertThat(wrong.headers().firstValue("Allow")).contains("POST");
    }
  }

  @Test
  void controlPlaneOff_controlPathsAreAnsweredLikeAnyNonAwsRequest() throws Exception {
    try (LocalBackend backend = LocalBackend.builder().controlPlane(false).start()) {
      Answer a = call(backend.endpoint(), "GET", "/_taskbridge/capabilities", "");
      Answer f =
          call(
              backend.endpoint(),
              "POST",
              "/_taskbridge/faults",
              "{\"selector\":\"*\",\"fault\":\"THROTTLING\"}");

      assertThat(backend.controlPlaneEnabled()).isFalse();
      assertThat(a.status()).isEqualTo(400);
      assertThat(a.body().path("__type").asText()).endsWith("UnknownOperationException");
      assertThat(f.status()).isEqualTo(400);
      assertThat(backend.faults().rules()).isEmpty();
    }
  }

  @Test
  void controlPlane_onANonLoopbackBind_isOffUnlessAskedFor() throws Exception {
    Optional<InetAddress> external = nonLoopbackAddress();
    InetAddress bind = external.orElse(InetAddress.getByName("0.0.0.0"));
    try (LocalBackend dflt = LocalBackend.builder().bindAddress(bind).start();
        LocalBackend asked = LocalBackend.builder().bindAddress(bind).controlPlane(true).start()) {
      assertThat(dflt.controlPlaneEnabled()).isFalse();
      assertThat(asked.controlPlaneEnabled()).isTrue();
      if (external.isPresent()) {
        assertThat(call(dflt.endpoint(), "GET", "/_taskbridge/capabilities", "").status())
            .isEqualTo(400);
        assertThat(call(asked.endpoint(), "GET", "/_taskbridge/capabilities", "").status())
            .isEqualTo(200);
      }
    }
    try (LocalBackend loopback =
        LocalBackend.builder().bindAddress(InetAddress.getLoopbackAddress()).start()) {
      assertThat(loopback.controlPlaneEnabled()).isTrue();
    }
  }

  private static Optional<InetAddress> nonLoopbackAddress() throws SocketException {
    for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (!ni.isUp() || ni.isLoopback()) {
        continue;
      }
      for (InetAddress a : Collections.list(ni.getInetAddresses())) {
        if (a instanceof java.net.Inet4Address) {
          return Optional.of(a);
        }
      }
    }
    return Optional.empty();
  }
}
