package dev.taskbridge.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskbridge.aws.internal.AttemptRecorder.Attachment;
import dev.taskbridge.contract.StubBackend;
import dev.taskbridge.contract.StubBackend.Reply;
import dev.taskbridge.contract.TestClients;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.sfn.SfnAsyncClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.SendTaskFailureRequest;
import software.amazon.awssdk.services.sfn.model.SendTaskFailureResponse;

/**
 * The {@link AttemptRecorder} on real SDK clients: it sees every attempt the SDK makes on its own,
 * with its status, code and request id, over both client kinds and both ways it reaches a request
 * (the client's service-interceptor instance, or the per-request plugin), each attempt once.
 */
class AttemptRecorderTest {

  private static SendTaskFailureRequest request(AttemptLog log, Attachment attachment) {
    return SendTaskFailureRequest.builder()
        .taskToken("tok")
        .overrideConfiguration(log.override(attachment, null))
        .build();
  }

  /** Sends through {@code client} as a binding does: handing the log off if the way says so. */
  private static <T> T send(AttemptLog log, Attachment attachment, Supplier<T> call) {
    return attachment == Attachment.HAND_OFF ? log.handOff(call) : call.get();
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

  /**
   * A client the application wrote around an SDK client: it does not expose its configuration, so
   * the recorder cannot tell whether the client underneath has its service-interceptor instance.
   */
  private static final class Decorated implements SfnClient {
    private final SfnClient delegate;

    Decorated(SfnClient delegate) {
      this.delegate = delegate;
    }

    @Override
    public SendTaskFailureResponse sendTaskFailure(SendTaskFailureRequest request) {
      return delegate.sendTaskFailure(request);
    }

    @Override
    public String serviceName() {
      return delegate.serviceName();
    }

    @Override
    public void close() {
      delegate.close();
    }
  }

  @ParameterizedTest
  @EnumSource(Attachment.class)
  void blockingClient_recordsEverySdkAttempt_once(Attachment attachment) {
    try (StubBackend stub = StubBackend.start();
        SfnClient client =
            TestClients.blocking(
                SfnClient.builder(), stub.endpoint(), TestClients.Settings.SDK_RETRIES)) {
      enqueue(stub);
      AttemptLog log = new AttemptLog();
      send(log, attachment, () -> client.sendTaskFailure(request(log, attachment)));
      assertThat(log.attempts())
          .usingRecursiveFieldByFieldElementComparatorIgnoringFields("requestId")
          .containsExactly(EXPECTED);
      assertThat(log.attempts()).allMatch(a -> a.requestId() != null);
    }
  }

  @ParameterizedTest
  @EnumSource(Attachment.class)
  void asyncClient_recordsEverySdkAttempt_once(Attachment attachment) {
    try (StubBackend stub = StubBackend.start();
        SfnAsyncClient client =
            TestClients.nonBlocking(
                SfnAsyncClient.builder(), stub.endpoint(), TestClients.Settings.SDK_RETRIES)) {
      enqueue(stub);
      AttemptLog log = new AttemptLog();
      send(log, attachment, () -> client.sendTaskFailure(request(log, attachment))).join();
      assertThat(log.attempts())
          .usingRecursiveFieldByFieldElementComparatorIgnoringFields("requestId")
          .containsExactly(EXPECTED);
    }
  }

  @Test
  void sfnClientsBuiltWithThisJarOnTheClasspath_haveTheServiceRecorder() {
    try (StubBackend stub = StubBackend.start();
        SfnClient blocking =
            TestClients.blocking(
                SfnClient.builder(), stub.endpoint(), TestClients.Settings.NO_SDK_RETRIES);
        SfnAsyncClient async =
            TestClients.nonBlocking(
                SfnAsyncClient.builder(), stub.endpoint(), TestClients.Settings.NO_SDK_RETRIES)) {
      assertThat(Attachment.of(blocking)).isEqualTo(Attachment.HAND_OFF);
      assertThat(Attachment.of(async)).isEqualTo(Attachment.HAND_OFF);
    }
  }

  @Test
  void aHandedOffLog_isTakenByOneCallOnly_andNeedsNoOverride() {
    try (StubBackend stub = StubBackend.start();
        SfnClient client =
            TestClients.blocking(
                SfnClient.builder(), stub.endpoint(), TestClients.Settings.NO_SDK_RETRIES)) {
      AttemptLog log = new AttemptLog();
      assertThat(log.override(Attachment.HAND_OFF, null)).isNull();
      log.handOff(() -> client.sendTaskFailure(request(log, Attachment.HAND_OFF)));
      client.sendTaskFailure(SendTaskFailureRequest.builder().taskToken("t2").build());
      assertThat(log.attempts()).hasSize(1);
      assertThat(AttemptLog.takeHandedOff()).isNull();
    }
  }

  @Test
  void aClientThatHidesItsConfiguration_getsThePlugin_andIsRecordedOnce() {
    try (StubBackend stub = StubBackend.start();
        SfnClient client =
            new Decorated(
                TestClients.blocking(
                    SfnClient.builder(), stub.endpoint(), TestClients.Settings.SDK_RETRIES))) {
      Attachment attachment = Attachment.of(client);
      assertThat(attachment).isEqualTo(Attachment.PER_REQUEST);
      enqueue(stub);
      AttemptLog log = new AttemptLog();
      client.sendTaskFailure(request(log, attachment));
      assertThat(log.attempts())
          .usingRecursiveFieldByFieldElementComparatorIgnoringFields("requestId")
          .containsExactly(EXPECTED);
    }
  }

  @ParameterizedTest
  @EnumSource(Attachment.class)
  void aRequestWithoutTheLog_isNotRecorded_andTheClientIsUnchanged(Attachment attachment) {
    try (StubBackend stub = StubBackend.start();
        SfnClient client =
            TestClients.blocking(
                SfnClient.builder(), stub.endpoint(), TestClients.Settings.NO_SDK_RETRIES)) {
      AttemptLog log = new AttemptLog();
      send(log, attachment, () -> client.sendTaskFailure(request(log, attachment)));
      client.sendTaskFailure(SendTaskFailureRequest.builder().taskToken("t2").build());
      assertThat(log.attempts()).hasSize(1);
      assertThat(
              client.serviceClientConfiguration().overrideConfiguration().executionInterceptors())
          .doesNotContain(AttemptRecorder.PLUGIN_INSTANCE);
    }
  }
}
