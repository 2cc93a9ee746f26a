package dev.taskbridge.swf;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.inject.AbstractModule;
import com.google.inject.Module;
import dev.taskbridge.api.Backend;
import dev.taskbridge.api.InvalidTaskTokenException;
import dev.taskbridge.api.ReportNotPermittedException;
import dev.taskbridge.api.ReportRejectedException;
import dev.taskbridge.api.ReporterOptions;
import dev.taskbridge.api.TaskFailure;
import dev.taskbridge.api.TaskFailureReporter;
import dev.taskbridge.api.TaskGoneException;
import dev.taskbridge.api.TaskToken;
import dev.taskbridge.contract.ReporterContractTest;
import dev.taskbridge.contract.StubBackend.Reply;
import dev.taskbridge.contract.TestClients;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.swf.SwfAsyncClient;
import software.amazon.awssdk.services.swf.SwfClient;
import software.amazon.awssdk.services.swf.model.ActivityTaskFailedEventAttributes;

/** The SWF binding against the shared contract. */
class SwfReporterTest extends ReporterContractTest {

  private static final String NS = "com.amazonaws.swf.base.model#";

  @Override
  protected Backend backend() {
    return Backend.SWF;
  }

  @Override
  protected String target() {
    return "SimpleWorkflowService.RespondActivityTaskFailed";
  }

  @Override
  protected TaskFailureReporter reporter(
      boolean asyncClient, URI endpoint, ReporterOptions options, TestClients.Settings settings) {
    return SwfTestClients.client(asyncClient, endpoint, options, settings, this::closeAfterTest);
  }

  @Override
  protected Module bindingModule(boolean asyncClient, ReporterOptions options) {
    return asyncClient
        ? SwfBindingModule.withAsyncClient(options)
        : SwfBindingModule.withSyncClient(options);
  }

  @Override
  protected Module clientModule(boolean asyncClient, URI endpoint) {
    return new AbstractModule() {
      @Override
      protected void configure() {
        if (asyncClient) {
          bind(SwfAsyncClient.class)
              .toInstance(
                  closeAfterTest(
                      TestClients.local(SwfAsyncClient.builder(), endpoint, false)
                          .httpClientBuilder(TestClients.netty())
                          .build()));
        } else {
          bind(SwfClient.class)
              .toInstance(
                  closeAfterTest(
                      TestClients.local(SwfClient.builder(), endpoint, false)
                          .httpClientBuilder(UrlConnectionHttpClient.builder())
                          .build()));
        }
      }
    };
  }

  @Override
  protected List<TerminalCase> terminalCases() {
    return List.of(
        new TerminalCase(
            "UnknownResourceFault (task closed)",
            Reply.error(400, NS + "UnknownResourceFault", "Unknown activity, scheduledEventId = 5"),
            TaskGoneException.class,
            "UnknownResourceFault"),
        new TerminalCase(
            "UnknownResourceFault (execution closed)",
            Reply.error(
                400,
                NS + "UnknownResourceFault",
                "Unknown execution: WorkflowExecution=[workflowId=w, runId=r]"),
            TaskGoneException.class,
            "UnknownResourceFault"),
        new TerminalCase(
            "ValidationException on the token",
            Reply.error(
                400,
                "com.amazon.coral.validate#ValidationException",
                "1 validation error detected: Value at 'taskToken' failed to satisfy constraint:"
                    + " Member must have length less than or equal to 1024"),
            InvalidTaskTokenException.class,
            "ValidationException"),
        new TerminalCase(
            "OperationNotPermittedFault",
            Reply.error(400, NS + "OperationNotPermittedFault", "not permitted"),
            ReportNotPermittedException.class,
            "OperationNotPermittedFault"),
        new TerminalCase(
            "AccessDeniedException",
            Reply.error(
                400,
                "com.amazon.coral.service#AccessDeniedException",
                "User: arn:aws:iam::123456789012:user/u is not authorized to perform:"
                    + " swf:RespondActivityTaskFailed"),
            ReportNotPermittedException.class,
            "AccessDeniedException"),
        new TerminalCase(
            "ValidationException",
            Reply.error(
                400,
                "com.amazon.coral.validate#ValidationException",
                "1 validation error detected: Value at 'details' failed to satisfy constraint"),
            ReportRejectedException.class,
            "ValidationException"),
        new TerminalCase(
            "unknown 4xx",
            Reply.error(400, "SomethingNew", "a code taskbridge has never seen"),
            ReportRejectedException.class,
            "SomethingNew"));
  }

  @Override
  protected List<Reply> retryableReplies() {
    return List.of(
        Reply.error(400, "com.amazon.coral.availability#ThrottlingException", "Rate exceeded"),
        Reply.error(400, NS + "LimitExceededFault", "limit exceeded"),
        Reply.error(429, "TooManyRequests", "slow down"),
        Reply.error(500, "com.amazon.coral.service#InternalFailure", "internal"),
        Reply.error(503, "ServiceUnavailable", "unavailable"));
  }

  @Override
  protected Reply taskGone() {
    return Reply.error(400, NS + "UnknownResourceFault", "Unknown activity, scheduledEventId = 5");
  }

  @Override
  protected Reply echoingValidationError(String token, String error, String cause) {
    return Reply.error(
        400,
        "com.amazon.coral.validate#ValidationException",
        "2 validation errors detected: Value '"
            + error
            + "' at 'reason' failed; Value '"
            + cause
            + "' at 'details' failed; request "
            + token);
  }

  @Test
  void vocabulary_readsAnActivityTaskFailedEventBackAsTheFailureSent() throws Exception {
    TaskFailure sent = TaskFailure.of(ERROR, CAUSE);
    reporter(false, stub.endpoint(), fast(), TestClients.Settings.NO_SDK_RETRIES)
        .report(TaskToken.of(TOKEN), sent);
    JsonNode body = new ObjectMapper().readTree(stub.onlyRequest().body());

    TaskFailure readBack =
        SwfVocabulary.failureOf(
            ActivityTaskFailedEventAttributes.builder()
                .reason(body.get("reason").asText())
                .details(body.get("details").asText())
                .scheduledEventId(5L)
                .startedEventId(6L)
                .build());

    assertThat(readBack).isEqualTo(sent);
    assertThat(SwfVocabulary.failureOf(ActivityTaskFailedEventAttributes.builder().build()))
        .isEqualTo(TaskFailure.of(null, null));
  }
}
