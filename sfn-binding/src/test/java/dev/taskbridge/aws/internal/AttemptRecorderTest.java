package dev.taskbridge.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskbridge.contract.StubBackend;
import dev.taskbridge.contract.StubBackend.Reply;
import dev.taskbridge.contract.TestClients;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnAsyncClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.SendTaskFailureRequest;

/**
 * The {@link AttemptRecorder} on real SDK clients: it sees every attempt the SDK makes on its own,
 * with its status, code and request id, over both client kinds.
 */
class AttemptRecorderTest {

  private static SendTaskFailureRequest request(AttemptLog log) {
    return SendTaskFailureRequest.builder()
        .taskToken("tok")
        .overrideConfiguration(log.override(null))
        .build();
  }

  private static void enqueue(StubBackend stub) {
    stub.enqueue(
        Reply.error(400, "com.amazon.coral.availability#ThrottlingException", "Rate exceeded"),
        Reply.error(503, "ServiceUnavailable", "down"),
        Reply.ok());
  }

  private static final SdkAttempt[] EXPECTED = {
    new SdkAttempt(true, 400, "ThrottlingException", null),
    new SdkAttempt(true, 503, "ServiceUnavailable", null),
    new SdkAttempt(true, 200, null, null)
  };

  @Test
  void blockingClient_recordsEverySdkAttempt() {
    try (StubBackend stub = StubBackend.start();
        SfnClient client =
            TestClients.blocking(
                SfnClient.builder(), stub.endpoint(), TestClients.Settings.SDK_RETRIES)) {
      enqueue(stub);
      AttemptLog log = new AttemptLog();
      client.sendTaskFailure(request(log));
      assertThat(log.attempts())
          .usingRecursiveFieldByFieldElementComparatorIgnoringFields("requestId")
          .containsExactly(EXPECTED);
      assertThat(log.attempts()).allMatch(a -> a.requestId() != null);
    }
  }

  @Test
  void asyncClient_recordsEverySdkAttempt() {
    try (StubBackend stub = StubBackend.start();
        SfnAsyncClient client =
            TestClients.nonBlocking(
                SfnAsyncClient.builder(), stub.endpoint(), TestClients.Settings.SDK_RETRIES)) {
      enqueue(stub);
      AttemptLog log = new AttemptLog();
      client.sendTaskFailure(request(log)).join();
      assertThat(log.attempts())
          .usingRecursiveFieldByFieldElementComparatorIgnoringFields("requestId")
          .containsExactly(EXPECTED);
    }
  }

  @Test
  void aRequestWithoutTheLog_isNotRecorded_andTheClientIsUnchanged() {
    try (StubBackend stub = StubBackend.start();
        SfnClient client =
            TestClients.blocking(
                SfnClient.builder(), stub.endpoint(), TestClients.Settings.NO_SDK_RETRIES)) {
      AttemptLog log = new AttemptLog();
      client.sendTaskFailure(request(log));
      client.sendTaskFailure(SendTaskFailureRequest.builder().taskToken("t2").build());
      assertThat(log.attempts()).hasSize(1);
      assertThat(
              client.serviceClientConfiguration().overrideConfiguration().executionInterceptors())
          .doesNotContain(AttemptRecorder.INSTANCE);
    }
  }
}
