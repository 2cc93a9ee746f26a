package dev.taskbridge.sfn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskbridge.api.Backend;
import dev.taskbridge.api.BackendThrottledException;
import dev.taskbridge.api.EncryptionKeyException;
import dev.taskbridge.api.InvalidTaskFieldException;
import dev.taskbridge.api.ReportNotPermittedException;
import dev.taskbridge.api.ReportRejectedException;
import dev.taskbridge.api.ReporterOptions;
import dev.taskbridge.api.TaskCall;
import dev.taskbridge.api.TaskClient;
import dev.taskbridge.api.TaskSource;
import dev.taskbridge.api.TaskToken;
import dev.taskbridge.contract.ReporterContractTest.TerminalCase;
import dev.taskbridge.contract.StubBackend.Reply;
import dev.taskbridge.contract.TaskClientContractTest;
import dev.taskbridge.contract.TestClients;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Step Functions task client against the shared contract, plus what only Step Functions has.
 */
class SfnTaskClientTest extends TaskClientContractTest {

  private static final String NS = "com.amazonaws.swf.service.v2.model#";
  private static final String ARN = "arn:aws:states:us-east-1:123456789012:activity:charge";

  @Override
  protected Backend backend() {
    return Backend.SFN;
  }

  @Override
  protected TaskClient client(
      boolean asyncClient, URI endpoint, ReporterOptions options, TestClients.Settings settings) {
    return SfnTestClients.client(asyncClient, endpoint, options, settings, this::closeAfterTest);
  }

  @Override
  protected TaskSource source() {
    return TaskSource.sfnActivity(ARN);
  }

  @Override
  protected String target(TaskCall call) {
    return "AWSStepFunctions."
        + switch (call) {
          case POLL -> "GetActivityTask";
          case SUCCEED -> "SendTaskSuccess";
          case HEARTBEAT -> "SendTaskHeartbeat";
          case CANCEL, REPORT -> "SendTaskFailure";
        };
  }

  @Override
  protected String resultField() {
    return "output";
  }

  @Override
  protected String identityField() {
    return "workerName";
  }

  @Override
  protected Reply pollReply(String token, String input) {
    return new Reply(
        200,
        java.util.Map.of(),
        "{\"taskToken\":\"" + token + "\",\"input\":" + quote(input) + "}",
        false,
        null);
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  @Override
  protected Reply emptyPollReply() {
    return Reply.ok();
  }

  @Override
  protected List<TerminalCase> pollTerminalCases() {
    return List.of(
        new TerminalCase(
            "ActivityDoesNotExist",
            Reply.error(400, NS + "ActivityDoesNotExist", "Activity does not exist"),
            ReportRejectedException.class,
            "ActivityDoesNotExist"),
        new TerminalCase(
            "InvalidArn",
            Reply.error(400, NS + "InvalidArn", "Invalid Arn"),
            ReportRejectedException.class,
            "InvalidArn"),
        new TerminalCase(
            "KmsAccessDeniedException",
            Reply.error(400, NS + "KmsAccessDeniedException", "KMS access denied"),
            ReportNotPermittedException.class,
            "KmsAccessDeniedException"),
        new TerminalCase(
            "KmsInvalidStateException",
            Reply.error(
                400, NS + "KmsInvalidStateException", "disabled", "\"kmsKeyState\":\"DISABLED\""),
            EncryptionKeyException.class,
            "KmsInvalidStateException"));
  }

  @Override
  protected Reply pollRetryable() {
    return Reply.error(400, NS + "ActivityWorkerLimitExceeded", "too many workers");
  }

  @Override
  protected Reply taskGone() {
    return Reply.error(
        400, NS + "TaskTimedOut", "Task Timed Out: 'Provided task does not exist anymore'");
  }

  @Override
  protected Reply heartbeatReply(boolean cancelRequested) {
    // Step Functions answers {}; a stray flag must not be read as a cancellation request.
    return cancelRequested
        ? new Reply(200, java.util.Map.of(), "{\"cancelRequested\":true}", false, null)
        : Reply.ok();
  }

  @Override
  protected boolean heartbeatCanRequestCancel() {
    return false;
  }

  @Override
  protected boolean sendsHeartbeatDetails() {
    return false;
  }

  @Override
  protected String noResultBody(String token) {
    return "{\"taskToken\":\"" + token + "\",\"output\":\"null\"}";
  }

  @Override
  protected OverLimit overLimitResult() {
    return new OverLimit("\"" + "x".repeat(262_143) + "\"", "262144");
  }

  @Override
  protected void assertCancelBody(JsonNode body, String details) {
    assertThat(body.get("error").asText()).isEqualTo(TaskClient.CANCELED_ERROR);
    assertThat(body.get("cause").asText()).isEqualTo(details);
    assertThat(body.size()).isEqualTo(3);
  }

  @Override
  protected Reply echoingValidationError(String echoed) {
    return Reply.error(
        400,
        "com.amazon.coral.validate#ValidationException",
        "1 validation error detected: Value '" + echoed + "' at 'output' failed");
  }

  private TaskClient blocking(ReporterOptions options) {
    return client(false, stub.endpoint(), options, TestClients.Settings.NO_SDK_RETRIES);
  }

  @Test
  void succeed_countsTheOutputInUtf8Bytes_notCharacters() {
    // 131,072 two-byte characters: 131,074 characters with the quotes, 262,146 bytes.
    String output = "\"" + "\u00e9".repeat(131_072) + "\"";

    assertThatThrownBy(() -> blocking(ReporterOptions.defaults()).succeed(token(), output))
        .isInstanceOf(InvalidTaskFieldException.class)
        .hasMessageContaining("262144 UTF-8 bytes, was 262146");
    assertThat(stub.requests()).isEmpty();
  }

  @Test
  void succeed_withOutputOfExactlyTheLimit_sendsIt() {
    String output = "\"" + "x".repeat(262_142) + "\"";

    blocking(ReporterOptions.defaults()).succeed(token(), output);

    assertThat(stub.onlyRequest().body()).contains(output.substring(0, 40));
  }

  @Test
  void succeed_withOutputThatIsNotOneJsonValue_throwsNamingTheField_andSendsNothing() {
    TaskClient c = blocking(ReporterOptions.defaults());
    for (String notJson : List.of("done", "{\"a\":1", "{} {}", "   ", "{'a':1}", "NaN")) {
      assertThatThrownBy(() -> c.succeed(token(), notJson))
          .as(notJson)
          .isInstanceOf(InvalidTaskFieldException.class)
          .hasMessageContaining("output")
          .hasMessageContaining("JSON");
    }
    assertThat(stub.requests()).isEmpty();
  }

  @Test
  void succeed_withAnyJsonValue_sendsItAsItIs() {
    TaskClient c = blocking(ReporterOptions.defaults());
    List<String> values = List.of("{}", "[1,2]", "\"text\"", "42", "true", " null ", "{\"a\":{}}");
    for (String v : values) {
      c.succeed(token(), v);
    }
    assertThat(stub.requests()).hasSize(values.size());
  }

  @Test
  void poll_mapsALongIdentityToAWorkerNameOfAtMost80_deterministically() throws Exception {
    String longId = "w".repeat(100);
    String otherLongId = "w".repeat(99) + "x";
    stub.enqueue(Reply.ok(), Reply.ok(), Reply.ok());
    TaskClient c = blocking(ReporterOptions.defaults());

    c.poll(source(), longId);
    c.poll(source(), longId);
    c.poll(source(), otherLongId);

    List<String> names = stub.requests().stream().map(r -> workerName(r.body())).toList();
    assertThat(names.get(0)).hasSize(80).startsWith("w".repeat(71) + "-").isEqualTo(names.get(1));
    assertThat(names.get(2)).hasSize(80).isNotEqualTo(names.get(0));
    assertThat(SfnWire.workerName("short")).isEqualTo("short");
    assertThat(SfnWire.workerName("w".repeat(80))).isEqualTo("w".repeat(80));
  }

  @Test
  void workerName_neverCutsASurrogatePair() {
    String identity = "w".repeat(70) + "\uD83D\uDE00" + "x".repeat(20);

    String name = SfnWire.workerName(identity);

    assertThat(name).startsWith("w".repeat(70) + "-").hasSizeLessThanOrEqualTo(80);
  }

  private static String workerName(String body) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper()
          .readTree(body)
          .get("workerName")
          .asText();
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void poll_whenActivityWorkerLimitIsExceededToTheEnd_isThrottled() {
    stub.enqueue(5, pollRetryable());

    assertThatThrownBy(
            () -> blocking(ReporterOptions.builder().maxAttempts(1).build()).poll(source(), null))
        .isInstanceOf(BackendThrottledException.class);
  }

  private static TaskToken token() {
    return TaskToken.of(Backend.SFN, TOKEN);
  }
}
