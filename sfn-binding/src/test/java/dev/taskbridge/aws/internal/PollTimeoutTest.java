package dev.taskbridge.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskbridge.api.TaskSource;
import dev.taskbridge.contract.StubBackend;
import dev.taskbridge.contract.StubBackend.Reply;
import dev.taskbridge.contract.TestClients;
import dev.taskbridge.sfn.SfnTaskClient;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * The timeouts a poll carries over generated clients: every poll attempt outlasts the client's own
 * attempt timeout, and over a client without one the poll carries no attempt timeout of its own
 * (its API call timeout already ends every attempt).
 */
class PollTimeoutTest {

  private static final Duration POLL = Duration.ofSeconds(70);
  private static final String ARN = "arn:aws:states:us-east-1:123456789012:activity:a";

  private static SfnClient client(StubBackend stub, Duration ownAttemptTimeout) {
    return TestClients.local(SfnClient.builder(), stub.endpoint(), false)
        .overrideConfiguration(
            o ->
                o.retryStrategy(AwsRetryStrategy.doNotRetry())
                    .apiCallAttemptTimeout(ownAttemptTimeout))
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .build();
  }

  @Test
  void pollAttemptTimeout_onlyOverAClientWithOneOfItsOwn() {
    try (StubBackend stub = StubBackend.start();
        SfnClient without =
            TestClients.blocking(
                SfnClient.builder(), stub.endpoint(), TestClients.Settings.NO_SDK_RETRIES);
        SfnClient with = client(stub, Duration.ofMillis(200))) {
      assertThat(SdkTaskClient.pollAttemptTimeout(without, POLL)).isNull();
      assertThat(SdkTaskClient.pollAttemptTimeout(with, POLL)).isEqualTo(POLL);
    }
  }

  @Test
  void aPollHeldLongerThanTheClientsAttemptTimeout_isAnswered() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (StubBackend stub = StubBackend.start();
        SfnClient sfn = client(stub, Duration.ofMillis(200))) {
      stub.enqueue(Reply.ok().heldUntil(release));
      Thread releaser =
          new Thread(
              () -> {
                try {
                  Thread.sleep(800);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                release.countDown();
              });
      releaser.start();
      assertThat(SfnTaskClient.create(sfn).poll(TaskSource.sfnActivity(ARN), null)).isEmpty();
      releaser.join();
      assertThat(stub.requests()).hasSize(1);
    }
  }
}
