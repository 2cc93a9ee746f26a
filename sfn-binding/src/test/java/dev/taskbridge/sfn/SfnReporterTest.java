package dev.taskbridge.sfn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import dev.taskbridge.api.Backend;
import dev.taskbridge.api.EncryptionKeyException;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sfn.SfnAsyncClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ActivityFailedEventDetails;
import software.amazon.awssdk.services.sfn.model.ExecutionFailedEventDetails;

/** The Step Functions binding against the shared contract, plus what only Step Functions has. */
class SfnReporterTest extends ReporterContractTest {

  private static final String NS = "com.amazonaws.swf.service.v2.model#";

  @Override
  protected Backend backend() {
    return Backend.SFN;
  }

  @Override
  protected String target() {
    return "AWSStepFunctions.SendTaskFailure";
  }

  @Override
  protected TaskFailureReporter reporter(
      boolean asyncClient, URI endpoint, ReporterOptions options, TestClients.Settings settings) {
    return SfnTestClients.client(asyncClient, endpoint, options, settings, this::closeAfterTest);
  }

  @Override
  protected Module bindingModule(boolean asyncClient, ReporterOptions options) {
    return asyncClient
        ? SfnBindingModule.withAsyncClient(options)
        : SfnBindingModule.withSyncClient(options);
  }

  @Override
  protected Module clientModule(boolean asyncClient, URI endpoint) {
    return new AbstractModule() {
      @Override
      protected void configure() {
        if (asyncClient) {
          bind(SfnAsyncClient.class)
              .toInstance(
                  closeAfterTest(
                      TestClients.local(SfnAsyncClient.builder(), endpoint, false)
                          .httpClientBuilder(TestClients.netty())
                          .build()));
        } else {
          bind(SfnClient.class)
              .toInstance(
                  closeAfterTest(
                      TestClients.local(SfnClient.builder(), endpoint, false)
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
            "TaskTimedOut",
            Reply.error(
                400, NS + "TaskTimedOut", "Task Timed Out: 'Provided task does not exist anymore'"),
            TaskGoneException.class,
            "TaskTimedOut"),
        new TerminalCase(
            "TaskDoesNotExist",
            Reply.error(400, NS + "TaskDoesNotExist", "The activity does not exist."),
            TaskGoneException.class,
            "TaskDoesNotExist"),
        new TerminalCase(
            "InvalidToken",
            Reply.error(400, NS + "InvalidToken", "Invalid Token: 'Invalid token'"),
            InvalidTaskTokenException.class,
            "InvalidToken"),
        new TerminalCase(
            "AccessDeniedException",
            Reply.error(
                400,
                "com.amazon.coral.service#AccessDeniedException",
                "User: arn:aws:sts::123456789012:assumed-role/worker/s is not authorized to perform:"
                    + " states:SendTaskFailure"),
            ReportNotPermittedException.class,
            "AccessDeniedException"),
        new TerminalCase(
            "KmsAccessDeniedException",
            Reply.error(400, NS + "KmsAccessDeniedException", "KMS access denied"),
            ReportNotPermittedException.class,
            "KmsAccessDeniedException"),
        new TerminalCase(
            "KmsInvalidStateException",
            Reply.error(
                400,
                NS + "KmsInvalidStateException",
                "key disabled",
                "\"kmsKeyState\":\"DISABLED\""),
            EncryptionKeyException.class,
            "KmsInvalidStateException"),
        new TerminalCase(
            "ValidationException",
            Reply.error(
                400,
                "com.amazon.coral.validate#ValidationException",
                "1 validation error detected: Value at 'cause' failed to satisfy constraint"),
            ReportRejectedException.class,
            "ValidationException"),
        new TerminalCase(
            "ValidationException on the token",
            Reply.error(
                400,
                "com.amazon.coral.validate#ValidationException",
                "1 validation error detected: Value at 'taskToken' failed to satisfy constraint:"
                    + " Member must have length less than or equal to 2048"),
            InvalidTaskTokenException.class,
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
        Reply.error(400, NS + "KmsThrottlingException", "KMS rate exceeded"),
        Reply.error(429, "TooManyRequests", "slow down"),
        Reply.error(500, "com.amazon.coral.service#InternalFailure", "internal"),
        Reply.error(503, "ServiceUnavailable", "unavailable"));
  }

  @Override
  protected Reply taskGone() {
    return Reply.error(
        400, NS + "TaskTimedOut", "Task Timed Out: 'Provided task does not exist anymore'");
  }

  @Override
  protected Reply echoingValidationError(String token, String error, String cause) {
    return Reply.error(
        400,
        "com.amazon.coral.validate#ValidationException",
        "2 validation errors detected: Value '"
            + error
            + "' at 'error' failed; Value '"
            + cause
            + "' at 'cause' failed; request "
            + token);
  }

  @Test
  void report_whenKmsKeyIsDisabled_exposesTheKeyState() {
    stub.enqueue(
        Reply.error(
            400, NS + "KmsInvalidStateException", "disabled", "\"kmsKeyState\":\"DISABLED\""));

    Throwable thrown =
        catchThrowable(
            () ->
                reporter(false, stub.endpoint(), fast(), TestClients.Settings.NO_SDK_RETRIES)
                    .report(TaskToken.of(TOKEN), TaskFailure.of(ERROR, CAUSE)));

    assertThat(thrown).isInstanceOf(EncryptionKeyException.class);
    assertThat(((EncryptionKeyException) thrown).keyState()).contains("DISABLED");
    assertThat(thrown.getMessage()).contains("kmsKeyState='DISABLED'");
  }

  @Test
  void vocabulary_readsActivityAndExecutionFailedEventsBackAsTheFailureSent() {
    TaskFailure sent = TaskFailure.of(ERROR, CAUSE);

    assertThat(
            SfnVocabulary.failureOf(
                ActivityFailedEventDetails.builder().error(ERROR).cause(CAUSE).build()))
        .isEqualTo(sent);
    assertThat(
            SfnVocabulary.failureOf(
                ExecutionFailedEventDetails.builder().error(ERROR).cause(CAUSE).build()))
        .isEqualTo(sent);
    assertThat(SfnVocabulary.failureOf(ActivityFailedEventDetails.builder().build()))
        .isEqualTo(TaskFailure.of(null, null));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void kmsFallback_whenKmsRefusesTheReport_failsTheTaskWithoutDetailsAndSaysSo(Mode mode) {
    stub.enqueue(Reply.error(400, NS + "KmsAccessDeniedException", "no kms:Decrypt"), Reply.ok());
    ReporterOptions options = fast().toBuilder().kmsFallback(true).build();

    Throwable thrown =
        catchThrowable(
            () ->
                call(
                    mode,
                    reporter(
                        mode.asyncClient(),
                        stub.endpoint(),
                        options,
                        TestClients.Settings.NO_SDK_RETRIES),
                    TaskToken.of(TOKEN),
                    TaskFailure.of(ERROR, CAUSE)));

    assertThat(thrown).isInstanceOf(ReportNotPermittedException.class);
    ReportNotPermittedException e = (ReportNotPermittedException) thrown;
    assertThat(e.failedWithoutDetails()).isTrue();
    assertThat(e.getMessage()).contains("failedWithoutDetails='true'");
    assertThat(e.failure()).as("what was not delivered").isEqualTo(TaskFailure.of(ERROR, CAUSE));
    assertThat(stub.requests()).hasSize(2);
    assertThat(stub.requests().get(1).body()).isEqualTo("{\"taskToken\":\"" + TOKEN + "\"}");
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void kmsFallback_whenTheFallbackIsRefusedToo_throwsTheFirstRefusalWithTheSecondSuppressed(
      Mode mode) {
    stub.enqueue(
        Reply.error(
            400, NS + "KmsInvalidStateException", "disabled", "\"kmsKeyState\":\"DISABLED\""),
        taskGone());
    ReporterOptions options = fast().toBuilder().kmsFallback(true).build();

    Throwable thrown =
        catchThrowable(
            () ->
                call(
                    mode,
                    reporter(
                        mode.asyncClient(),
                        stub.endpoint(),
                        options,
                        TestClients.Settings.NO_SDK_RETRIES),
                    TaskToken.of(TOKEN),
                    TaskFailure.of(ERROR, CAUSE)));

    assertThat(thrown).isInstanceOf(EncryptionKeyException.class);
    assertThat(((EncryptionKeyException) thrown).failedWithoutDetails()).isFalse();
    assertThat(thrown.getSuppressed()).anyMatch(s -> s instanceof TaskGoneException);
    assertThat(stub.requests()).hasSize(2);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void kmsFallback_isOffByDefault_andNeverResendsAFailureThatHadNoDetails(Mode mode) {
    stub.enqueue(4, Reply.error(400, NS + "KmsAccessDeniedException", "no kms:Decrypt"));

    Throwable off =
        catchThrowable(
            () ->
                call(
                    mode,
                    reporter(
                        mode.asyncClient(),
                        stub.endpoint(),
                        fast(),
                        TestClients.Settings.NO_SDK_RETRIES),
                    TaskToken.of(TOKEN),
                    TaskFailure.of(ERROR, CAUSE)));
    Throwable nothingToDrop =
        catchThrowable(
            () ->
                call(
                    mode,
                    reporter(
                        mode.asyncClient(),
                        stub.endpoint(),
                        fast().toBuilder().kmsFallback(true).build(),
                        TestClients.Settings.NO_SDK_RETRIES),
                    TaskToken.of(TOKEN),
                    TaskFailure.of(null, null)));

    assertThat(off).isInstanceOf(ReportNotPermittedException.class);
    assertThat(nothingToDrop).isInstanceOf(ReportNotPermittedException.class);
    assertThat(((ReportNotPermittedException) off).failedWithoutDetails()).isFalse();
    assertThat(stub.requests()).hasSize(2);
  }
}
