package dev.taskbridge.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The exact bytes of answers whose shape the SDK hides: void ops, idle polls, errors. */
class WireShapeTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static LocalBackend backend;
  static HttpClient http;

  @BeforeAll
  static void start() {
    backend = LocalBackend.builder().pollMaxWait(Duration.ofMillis(50)).start();
    http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  }

  @AfterAll
  static void stop() {
    backend.close();
  }

  static HttpResponse<String> post(String target, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(backend.endpoint() + "/"))
            .header("X-Amz-Target", target)
            .header("Content-Type", "application/x-amz-json-1.0")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void swfVoidOperation_is200WithEmptyBody_andIdlePollHasEmptyToken() throws Exception {
    HttpResponse<String> reg =
        post(
            "SimpleWorkflowService.RegisterDomain",
            "{\"name\":\"wire\",\"workflowExecutionRetentionPeriodInDays\":\"1\"}");
    assertThat(reg.statusCode()).isEqualTo(200);
    assertThat(reg.body()).isEmpty();
    assertThat(reg.headers().firstValue("x-amzn-RequestId")).isPresent();
    assertThat(reg.headers().firstValue("Content-Type")).contains("application/x-amz-json-1.0");

    HttpResponse<String> poll =
        post(
            "SimpleWorkflowService.PollForActivityTask",
            "{\"domain\":\"wire\",\"taskList\":{\"name\":\"tl\"}}");
    assertThat(poll.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(poll.body());
    assertThat(body.get("taskToken").isTextual()).isTrue();
    assertThat(body.get("taskToken").asText()).isEmpty();
  }

  @Test
  void sfnIdlePoll_hasNoToken_andSendTaskErrorsAreNamespaced() throws Exception {
    post("AWSStepFunctions.CreateActivity", "{\"name\":\"wire\"}");
    HttpResponse<String> poll =
        post(
            "AWSStepFunctions.GetActivityTask",
            "{\"activityArn\":\"arn:aws:states:us-east-1:123456789012:activity:wire\"}");
    assertThat(poll.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(poll.body()).has("taskToken")).isFalse();

    HttpResponse<String> err = post("AWSStepFunctions.SendTaskHeartbeat", "{\"taskToken\":\"x\"}");
    assertThat(err.statusCode()).isEqualTo(400);
    assertThat(err.headers().firstValue("x-amzn-ErrorType")).isEmpty();
    assertThat(JSON.readTree(err.body()).get("__type").asText())
        .isEqualTo("com.amazonaws.swf.service.v2.model#InvalidToken");

    HttpResponse<String> swfErr =
        post("SimpleWorkflowService.RespondActivityTaskFailed", "{\"taskToken\":\"x\"}");
    assertThat(JSON.readTree(swfErr.body()).get("__type").asText())
        .isEqualTo("com.amazonaws.swf.base.model#UnknownResourceFault");
  }

  @Test
  void timestamps_areEpochSecondNumbers() throws Exception {
    HttpResponse<String> r = post("AWSStepFunctions.CreateActivity", "{\"name\":\"ts\"}");
    JsonNode date = JSON.readTree(r.body()).get("creationDate");
    assertThat(date.isNumber()).isTrue();
    assertThat(r.body()).doesNotContain("E9");
    assertThat(date.asDouble()).isGreaterThan(1.7e9);
  }
}
