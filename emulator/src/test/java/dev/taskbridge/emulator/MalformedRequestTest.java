package dev.taskbridge.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ValidationException;
import software.amazon.awssdk.services.swf.SwfClient;
import software.amazon.awssdk.services.swf.model.SwfException;

/** Malformed and invalid requests get AWS-shaped 4xx answers and never kill the server. */
class MalformedRequestTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static LocalBackend backend;
  static HttpClient http;
  static SfnClient sfn;
  static SwfClient swf;

  @BeforeAll
  static void start() {
    backend = LocalBackend.builder().pollMaxWait(Duration.ofMillis(100)).start();
    http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    sfn = TestClients.sfnNoRetry(backend.endpoint());
    swf = TestClients.swfNoRetry(backend.endpoint());
  }

  @AfterAll
  static void stop() {
    sfn.close();
    swf.close();
    backend.close();
  }

  static HttpResponse<String> post(@Nullable String target, String body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(backend.endpoint() + "/"))
            .header("Content-Type", "application/x-amz-json-1.0")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (target != null) {
      b.header("X-Amz-Target", target);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode assertAwsError(HttpResponse<String> r, int status, String type) throws Exception {
    assertThat(r.statusCode()).isEqualTo(status);
    assertThat(r.headers().firstValue("x-amzn-RequestId")).isPresent();
    assertThat(r.headers().firstValue("Content-Type")).contains("application/x-amz-json-1.0");
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.get("__type").asText()).isEqualTo(type);
    assertThat(body.get("message").asText()).isNotEmpty();
    return body;
  }

  static void assertAlive() {
    assertThat(sfn.createActivity(b -> b.name("alive")).activityArn()).isNotEmpty();
  }

  @Test
  void badJson_isSerializationException() throws Exception {
    assertAwsError(
        post("AWSStepFunctions.SendTaskFailure", "{\"taskToken\":"),
        400,
        "com.amazon.coral.service#SerializationException");
    assertAwsError(
        post("AWSStepFunctions.SendTaskFailure", "[1,2]"),
        400,
        "com.amazon.coral.service#SerializationException");
    assertAwsError(
        post("SimpleWorkflowService.RespondActivityTaskFailed", "not json at all"),
        400,
        "com.amazon.coral.service#SerializationException");
    assertAlive();
  }

  @Test
  void missingOrUnknownTarget_isUnknownOperationException() throws Exception {
    assertAwsError(post(null, "{}"), 400, "com.amazon.coral.service#UnknownOperationException");
    assertAwsError(
        post("AWSStepFunctions.Frobnicate", "{}"),
        400,
        "com.amazon.coral.service#UnknownOperationException");
    assertAwsError(
        post("SimpleWorkflowService.ListDomains", "{}"),
        400,
        "com.amazon.coral.service#UnknownOperationException");
    assertAwsError(
        post("Nonsense", "{}"), 400, "com.amazon.coral.service#UnknownOperationException");
    HttpResponse<String> get =
        http.send(
            HttpRequest.newBuilder(backend.endpoint()).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertAwsError(get, 400, "com.amazon.coral.service#UnknownOperationException");
    assertAlive();
  }

  @Test
  void wrongJsonTypes_areSerializationException() throws Exception {
    for (String body :
        new String[] {
          "{\"taskToken\":5}",
          "{\"taskToken\":{\"a\":1}}",
          "{\"taskToken\":[\"x\"]}",
          "{\"taskToken\":\"t\",\"error\":true}"
        }) {
      assertAwsError(
          post("AWSStepFunctions.SendTaskFailure", body),
          400,
          "com.amazon.coral.service#SerializationException");
    }
    assertAwsError(
        post("SimpleWorkflowService.PollForActivityTask", "{\"domain\":\"d\",\"taskList\":\"x\"}"),
        400,
        "com.amazon.coral.service#SerializationException");
    assertAwsError(
        post(
            "AWSStepFunctions.GetExecutionHistory",
            "{\"executionArn\":\"a\",\"maxResults\":\"x\"}"),
        400,
        "com.amazon.coral.service#SerializationException");
    assertAlive();
  }

  @Test
  void hugeBody_is413AndServerStaysUp() throws Exception {
    String big =
        "{\"taskToken\":\"" + "x".repeat(LocalBackend.DEFAULT_MAX_REQUEST_BYTES + 10) + "\"}";
    assertAwsError(
        post("AWSStepFunctions.SendTaskFailure", big),
        413,
        "com.amazon.coral.service#RequestEntityTooLargeException");
    assertAlive();
  }

  @Test
  void unknownFields_areIgnored() throws Exception {
    JsonNode body =
        assertAwsError(
            post(
                "AWSStepFunctions.SendTaskFailure",
                "{\"taskToken\":\"nope\",\"extra\":{\"deep\":[1,2]},\"another\":null}"),
            400,
            "com.amazonaws.swf.service.v2.model#InvalidToken");
    assertThat(body.get("message").asText()).isEqualTo("Invalid Token: 'Invalid token'");
    HttpResponse<String> ok =
        post("AWSStepFunctions.CreateActivity", "{\"name\":\"with-extras\",\"unknown\":1}");
    assertThat(ok.statusCode()).isEqualTo(200);
  }

  @Test
  void requiredFields_areCoralValidationErrors() throws Exception {
    JsonNode body =
        assertAwsError(
            post("AWSStepFunctions.SendTaskSuccess", "{\"taskToken\":\"t\"}"),
            400,
            "com.amazon.coral.validate#ValidationException");
    assertThat(body.get("message").asText())
        .isEqualTo(
            "1 validation error detected: Value at 'output' failed to satisfy constraint: "
                + "Member must not be null");
    JsonNode two =
        assertAwsError(
            post("SimpleWorkflowService.PollForActivityTask", "{}"),
            400,
            "com.amazon.coral.validate#ValidationException");
    assertThat(two.get("message").asText())
        .isEqualTo(
            "2 validation errors detected: Value null at 'domain' failed to satisfy constraint: "
                + "Member must not be null; Value null at 'taskList' failed to satisfy constraint: "
                + "Member must not be null");
    assertAwsError(
        post("AWSStepFunctions.SendTaskFailure", ""),
        400,
        "com.amazon.coral.validate#ValidationException");
  }

  @Test
  void sfnLengthLimits_areValidationExceptions_withoutEchoingSensitiveValues() {
    assertThatThrownBy(() -> sfn.sendTaskFailure(b -> b.taskToken("t").error("e".repeat(257))))
        .isInstanceOf(ValidationException.class)
        .satisfies(
            e ->
                assertThat(((ValidationException) e).awsErrorDetails().errorMessage())
                    .isEqualTo(
                        "1 validation error detected: Value at 'error' failed to satisfy "
                            + "constraint: Member must have length less than or equal to 256"));
    assertThatThrownBy(
            () ->
                sfn.sendTaskFailure(
                    b -> b.taskToken("t").error("e".repeat(257)).cause("c".repeat(32769))))
        .isInstanceOf(ValidationException.class)
        .satisfies(
            e ->
                assertThat(((ValidationException) e).awsErrorDetails().errorMessage())
                    .isEqualTo(
                        "2 validation errors detected: Value at 'error' failed to satisfy "
                            + "constraint: Member must have length less than or equal to 256; "
                            + "Value at 'cause' failed to satisfy constraint: Member must have "
                            + "length less than or equal to 32768"));
    assertThatThrownBy(() -> sfn.sendTaskFailure(b -> b.taskToken("t".repeat(2049))))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("at 'taskToken' failed to satisfy constraint");
    assertThatThrownBy(
            () ->
                sfn.sendTaskSuccess(b -> b.taskToken("t").output("\"" + "é".repeat(131072) + "\"")))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("Value at 'output'");
    assertThatThrownBy(() -> sfn.sendTaskFailure(b -> b.taskToken("")))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("Member must have length greater than or equal to 1");
    // exactly at the limits: accepted by validation, then rejected as an unknown token
    assertThatThrownBy(
            () ->
                sfn.sendTaskFailure(
                    b -> b.taskToken("t").error("e".repeat(256)).cause("c".repeat(32768))))
        .isInstanceOf(software.amazon.awssdk.services.sfn.model.InvalidTokenException.class);
  }

  @Test
  void swfLengthLimits_areValidationExceptions() {
    assertThatThrownBy(
            () -> swf.respondActivityTaskFailed(b -> b.taskToken("t").reason("r".repeat(257))))
        .isExactlyInstanceOf(SwfException.class)
        .satisfies(
            e -> {
              SwfException s = (SwfException) e;
              assertThat(s.statusCode()).isEqualTo(400);
              assertThat(s.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
              assertThat(s.awsErrorDetails().errorMessage())
                  .isEqualTo(
                      "1 validation error detected: Value '"
                          + "r".repeat(257)
                          + "' at 'reason' failed to satisfy constraint: Member must have length"
                          + " less than or equal to 256");
            });
    assertThatThrownBy(
            () -> swf.respondActivityTaskFailed(b -> b.taskToken("t").details("d".repeat(32769))))
        .isExactlyInstanceOf(SwfException.class)
        .hasMessageContaining("Member must have length less than or equal to 32768");
    assertThatThrownBy(
            () -> swf.respondActivityTaskCompleted(b -> b.taskToken("t").result("d".repeat(32769))))
        .hasMessageContaining("at 'result'");
    assertThatThrownBy(
            () -> swf.recordActivityTaskHeartbeat(b -> b.taskToken("t").details("d".repeat(2049))))
        .hasMessageContaining("less than or equal to 2048");
    assertThatThrownBy(() -> swf.respondActivityTaskFailed(b -> b.taskToken("t".repeat(1025))))
        .hasMessageContaining("at 'taskToken'");
  }

  @Test
  void lengthUnit_isUtf16CodeUnitsByDefault_andCodePointsWhenConfigured() {
    String emoji = "\uD83D\uDE00".repeat(200); // 200 code points, 400 UTF-16 units
    assertThatThrownBy(() -> sfn.sendTaskFailure(b -> b.taskToken("t").error(emoji)))
        .isInstanceOf(ValidationException.class);
    try (LocalBackend cp = LocalBackend.builder().lengthUnit(LengthUnit.CODE_POINTS).start();
        SfnClient client = TestClients.sfnNoRetry(cp.endpoint())) {
      assertThatThrownBy(() -> client.sendTaskFailure(b -> b.taskToken("t").error(emoji)))
          .isInstanceOf(software.amazon.awssdk.services.sfn.model.InvalidTokenException.class);
    }
  }

  @Test
  void swfGarbageToken_canBeConfiguredAsValidationException() {
    try (LocalBackend v =
            LocalBackend.builder()
                .swfInvalidTokenResponse(SwfInvalidTokenResponse.VALIDATION_EXCEPTION)
                .start();
        SwfClient client = TestClients.swfNoRetry(v.endpoint())) {
      assertThatThrownBy(() -> client.respondActivityTaskFailed(b -> b.taskToken("garbage")))
          .isExactlyInstanceOf(SwfException.class)
          .satisfies(
              e ->
                  assertThat(((SwfException) e).awsErrorDetails().errorCode())
                      .isEqualTo("ValidationException"));
    }
  }

  @Test
  void crossServiceTokens_areGarbage() {
    SfnFixture sfx = new SfnFixture(sfn);
    String sfnToken = sfx.startAndTake("");
    assertThatThrownBy(() -> swf.respondActivityTaskFailed(b -> b.taskToken(sfnToken)))
        .isInstanceOf(software.amazon.awssdk.services.swf.model.UnknownResourceException.class)
        .hasMessageStartingWith("Unknown or expired task token");
    SwfFixture wfx = new SwfFixture(swf);
    wfx.startAndSchedule("");
    String swfToken = wfx.pollActivity().taskToken();
    assertThatThrownBy(() -> sfn.sendTaskFailure(b -> b.taskToken(swfToken)))
        .isInstanceOf(software.amazon.awssdk.services.sfn.model.InvalidTokenException.class);
    sfn.sendTaskFailure(b -> b.taskToken(sfnToken));
    swf.respondActivityTaskFailed(b -> b.taskToken(swfToken));
  }

  @Test
  void brokenConnections_andNonHttpBytes_doNotHurtTheServer() throws Exception {
    java.net.URI e = backend.endpoint();
    try (java.net.Socket s = new java.net.Socket(e.getHost(), e.getPort())) {
      s.getOutputStream()
          .write(
              ("POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: AWSStepFunctions.SendTaskFailure\r\n"
                      + "Content-Length: 100\r\n\r\n{\"taskT")
                  .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
    }
    try (java.net.Socket s = new java.net.Socket(e.getHost(), e.getPort())) {
      s.getOutputStream()
          .write("HELLO THERE\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
      s.setSoTimeout(5000);
      try {
        s.getInputStream().readAllBytes();
      } catch (java.io.IOException ignored) {
        // the server may reset the connection: either way it must stay up
      }
    }
    assertAlive();
  }
}
