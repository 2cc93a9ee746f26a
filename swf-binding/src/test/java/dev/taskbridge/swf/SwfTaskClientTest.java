package dev.taskbridge.swf;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskbridge.api.ActivityTask;
import dev.taskbridge.api.Backend;
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
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The SWF task client against the shared contract, plus what only SWF has. */
class SwfTaskClientTest extends TaskClientContractTest {

  private static final String NS = "com.amazonaws.swf.base.model#";

  @Override
  protected Backend backend() {
    return Backend.SWF;
  }

  @Override
  protected TaskClient client(
      boolean asyncClient, URI endpoint, ReporterOptions options, TestClients.Settings settings) {
    return SwfTestClients.client(asyncClient, endpoint, options, settings, this::closeAfterTest);
  }

  @Override
  protected TaskSource source() {
    return TaskSource.swfTaskList("payments", "charge-card");
  }

  @Override
  protected String target(TaskCall call) {
    return "SimpleWorkflowService."
        + switch (call) {
          case POLL -> "PollForActivityTask";
          case SUCCEED -> "RespondActivityTaskCompleted";
          case HEARTBEAT -> "RecordActivityTaskHeartbeat";
          case CANCEL -> "RespondActivityTaskCanceled";
          case REPORT -> "RespondActivityTaskFailed";
        };
  }

  @Override
  protected String resultField() {
    return "result";
  }

  @Override
  protected String identityField() {
    return "identity";
  }

  @Override
  protected Reply pollReply(String token, String input) {
    return ok(
        "{\"taskToken\":\""
            + token
            + "\",\"activityId\":\"act-1\",\"startedEventId\":7,"
            + "\"workflowExecution\":{\"workflowId\":\"wf-1\",\"runId\":\"run-1\"},"
            + "\"activityType\":{\"name\":\"charge\",\"version\":\"2\"},"
            + "\"input\":\""
            + input.replace("\\", "\\\\").replace("\"", "\\\"")
            + "\"}");
  }

  private static Reply ok(String body) {
    return new Reply(200, Map.of(), body, false, null);
  }

  @Override
  protected Reply emptyPollReply() {
    return ok("{\"taskToken\":\"\",\"startedEventId\":0}");
  }

  @Override
  protected List<TerminalCase> pollTerminalCases() {
    return List.of(
        new TerminalCase(
            "UnknownResourceFault (unknown domain)",
            Reply.error(400, NS + "UnknownResourceFault", "Unknown domain: payments"),
            ReportRejectedException.class,
            "UnknownResourceFault"),
        new TerminalCase(
            "OperationNotPermittedFault",
            Reply.error(400, NS + "OperationNotPermittedFault", "not permitted"),
            ReportNotPermittedException.class,
            "OperationNotPermittedFault"));
  }

  @Override
  protected Reply pollRetryable() {
    return Reply.error(400, NS + "LimitExceededFault", "too many pollers");
  }

  @Override
  protected Reply taskGone() {
    return Reply.error(400, NS + "UnknownResourceFault", "Unknown activity, scheduledEventId = 5");
  }

  @Override
  protected Reply heartbeatReply(boolean cancelRequested) {
    return ok("{\"cancelRequested\":" + cancelRequested + "}");
  }

  @Override
  protected boolean heartbeatCanRequestCancel() {
    return true;
  }

  @Override
  protected boolean sendsHeartbeatDetails() {
    return true;
  }

  @Override
  protected String noResultBody(String token) {
    return "{\"taskToken\":\"" + token + "\"}";
  }

  @Override
  protected OverLimit overLimitResult() {
    return new OverLimit("r".repeat(32_769), "32768");
  }

  @Override
  protected void assertCancelBody(JsonNode body, String details) {
    assertThat(body.get("details").asText()).isEqualTo(details);
    assertThat(body.size()).isEqualTo(2);
  }

  @Override
  protected Reply echoingValidationError(String echoed) {
    return Reply.error(
        400,
        "com.amazon.coral.validate#ValidationException",
        "1 validation error detected: Value '" + echoed + "' at 'result' failed");
  }

  @Test
  void poll_readsSwfsActivityTypeIdAndExecution() {
    stub.enqueue(pollReply(TOKEN, INPUT));

    Optional<ActivityTask> task =
        client(
                false,
                stub.endpoint(),
                ReporterOptions.defaults(),
                TestClients.Settings.NO_SDK_RETRIES)
            .poll(source(), "w");

    assertThat(task).isPresent();
    assertThat(task.get().activityId()).contains("act-1");
    assertThat(task.get().activityType()).contains(new ActivityTask.ActivityType("charge", "2"));
    assertThat(task.get().workflowExecution())
        .contains(new ActivityTask.WorkflowExecution("wf-1", "run-1"));
    assertThat(task.get().token()).isEqualTo(TaskToken.of(Backend.SWF, TOKEN));
  }

  @Test
  void succeed_sendsFreeTextOfExactlyTheLimit() {
    client(false, stub.endpoint(), ReporterOptions.defaults(), TestClients.Settings.NO_SDK_RETRIES)
        .succeed(TaskToken.of(Backend.SWF, TOKEN), "not json, " + "r".repeat(32_758));

    assertThat(stub.onlyRequest().body()).contains("not json, rrr");
  }
}
