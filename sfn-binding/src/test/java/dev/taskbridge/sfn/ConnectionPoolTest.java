package dev.taskbridge.sfn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.taskbridge.api.BackendUnavailableException;
import dev.taskbridge.api.ReporterOptions;
import dev.taskbridge.api.TaskClient;
import dev.taskbridge.api.TaskFailure;
import dev.taskbridge.api.TaskReportException;
import dev.taskbridge.api.TaskToken;
import dev.taskbridge.contract.StubBackend;
import dev.taskbridge.contract.StubBackend.Reply;
import dev.taskbridge.contract.TestClients;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.sfn.SfnAsyncClient;

/**
 * An async client whose connection pool gives no connection in time: the Netty client never wrote
 * the request, so the report did not land. (Under load the same shape ends a connect that outlasts
 * the acquire timeout, which is how a refused connection once read as "may have landed".)
 */
class ConnectionPoolTest {

  private static final String TOKEN =
      "AAAAKgAAAAIAAAAAAAAAAQ-pool-0123456789abcdefghijklmnopqrstuvwxyz";

  @Test
  @Timeout(30)
  void report_whenThePoolGivesNoConnectionInTime_throwsUnavailableThatDidNotLand()
      throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (StubBackend stub = StubBackend.start();
        SfnAsyncClient sdk =
            TestClients.local(
                    SfnAsyncClient.builder(), stub.endpoint(), TestClients.Settings.NO_SDK_RETRIES)
                .httpClientBuilder(
                    TestClients.netty()
                        .maxConcurrency(1)
                        .connectionAcquisitionTimeout(Duration.ofMillis(300)))
                .build()) {
      stub.enqueue(Reply.ok(), Reply.ok().heldUntil(release), Reply.ok());
      TaskClient client =
          SfnTaskClient.create(
              sdk,
              ReporterOptions.builder().maxAttempts(1).deadline(Duration.ofSeconds(20)).build());
      TaskFailure failure = TaskFailure.of("com.example.Declined", "card ending 4242");
      // A first connect on a cold JVM can itself outlast the acquire timeout: open the pool's one
      // connection with a report that gets its answer first.
      client.report(TaskToken.of(TOKEN), failure);
      // The next report holds that connection until released.
      CompletableFuture<Void> held = client.reportAsync(TaskToken.of(TOKEN), failure);
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (stub.requests().size() < 2 && System.nanoTime() < until) {
        Thread.sleep(5);
      }
      assertThat(stub.requests()).as("the held report is on the wire").hasSize(2);

      Throwable thrown = catchThrowable(() -> client.report(TaskToken.of(TOKEN), failure));
      release.countDown();
      held.get(10, TimeUnit.SECONDS);

      assertThat(thrown).isInstanceOf(BackendUnavailableException.class);
      TaskReportException e = (TaskReportException) thrown;
      assertThat(e.mayHaveLanded()).as("the third request never had a connection").isFalse();
      assertThat(e.diagnostics().sdkAttempts()).isEqualTo(1);
      assertThat(stub.requests()).as("the third report never reached the server").hasSize(2);
    } finally {
      release.countDown();
    }
  }
}
