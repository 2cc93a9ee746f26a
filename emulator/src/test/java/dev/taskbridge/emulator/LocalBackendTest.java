package dev.taskbridge.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnAsyncClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.GetActivityTaskResponse;

/** Starting, stopping and long-poll behaviour of the embedded emulator. */
class LocalBackendTest {

  @Test
  void start_bindsLoopbackOnAFreePort_andCloseIsIdempotentAndReleasesThePort() throws Exception {
    LocalBackend backend = LocalBackend.start();
    assertThat(backend.endpoint().getHost()).isEqualTo("127.0.0.1");
    int port = backend.endpoint().getPort();
    assertThat(port).isPositive();
    assertThat(backend.clock()).isInstanceOf(OffsetClock.class);
    assertThat(backend.controlPlaneEnabled()).isTrue();
    assertThatThrownBy(backend::manualClock).isInstanceOf(IllegalStateException.class);
    backend.close();
    backend.close();
    try (ServerSocket s = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
      assertThat(s.getLocalPort()).isEqualTo(port);
    }
    try (LocalBackend again = LocalBackend.builder().port(port).start()) {
      assertThat(again.endpoint().getPort()).isEqualTo(port);
    }
  }

  @Test
  void close_wakesWaitingPollersWithAnEmptyAnswer() throws Exception {
    LocalBackend backend = LocalBackend.builder().pollMaxWait(Duration.ofSeconds(30)).start();
    try (SfnAsyncClient async = TestClients.sfnAsync(backend.endpoint())) {
      String arn = async.createActivity(b -> b.name("waiting")).join().activityArn();
      CompletableFuture<GetActivityTaskResponse> poll =
          async.getActivityTask(b -> b.activityArn(arn));
      awaitParked(backend);
      assertThat(poll).isNotDone();
      long t0 = System.nanoTime();
      backend.close();
      GetActivityTaskResponse r = poll.get(5, TimeUnit.SECONDS);
      assertThat(r.taskToken()).isNull();
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
    }
  }

  @Test
  void waitingPoller_receivesATaskAsSoonAsItIsScheduled() throws Exception {
    try (LocalBackend backend = LocalBackend.builder().pollMaxWait(Duration.ofSeconds(30)).start();
        SfnAsyncClient async = TestClients.sfnAsync(backend.endpoint());
        SfnClient sfn = TestClients.sfn(backend.endpoint())) {
      SfnFixture fx = new SfnFixture(sfn);
      CompletableFuture<GetActivityTaskResponse> poll =
          async.getActivityTask(b -> b.activityArn(fx.activityArn));
      awaitParked(backend);
      assertThat(poll).isNotDone();
      // a long poll must not starve other calls
      sfn.describeActivity(b -> b.activityArn(fx.activityArn));
      String exec = fx.start("");
      GetActivityTaskResponse r = poll.get(5, TimeUnit.SECONDS);
      assertThat(r.taskToken()).isNotNull();
      sfn.sendTaskFailure(b -> b.taskToken(r.taskToken()).error("E"));
      assertThat(backend.sfnHistory(exec)).hasSize(6);
    }
  }

  @Test
  void idlePoll_answersAfterPollMaxWait() {
    try (LocalBackend backend = LocalBackend.builder().pollMaxWait(Duration.ofMillis(300)).start();
        SfnClient sfn = TestClients.sfn(backend.endpoint())) {
      String arn = sfn.createActivity(b -> b.name("idle")).activityArn();
      long t0 = System.nanoTime();
      assertThat(sfn.getActivityTask(b -> b.activityArn(arn)).taskToken()).isNull();
      assertThat(Duration.ofNanos(System.nanoTime() - t0))
          .isBetween(Duration.ofMillis(250), Duration.ofSeconds(5));
    }
  }

  @Test
  void manualClock_firesTimeoutsOnAdvance_andRefusesToGoBack() {
    ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
    try (LocalBackend backend = LocalBackend.builder().clock(clock).start();
        SfnClient sfn = TestClients.sfn(backend.endpoint())) {
      assertThat(backend.manualClock()).isSameAs(clock);
      SfnFixture fx = new SfnFixture(sfn);
      String exec = fx.start(",\"TimeoutSeconds\":60");
      clock.set(Instant.parse("2030-01-01T00:01:00Z"));
      assertThat(backend.sfnHistory(exec).get(3).get("type").asText())
          .isEqualTo("ActivityTimedOut");
      assertThat(backend.sfnHistory(exec).get(3).get("timestamp").decimalValue())
          .isEqualByComparingTo("1893456060.000");
      assertThatThrownBy(() -> clock.set(Instant.parse("2029-01-01T00:00:00Z")))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1)))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void systemClock_firesTimeoutsWithoutRequests() throws Exception {
    try (LocalBackend backend = LocalBackend.start();
        SfnClient sfn = TestClients.sfn(backend.endpoint())) {
      SfnFixture fx = new SfnFixture(sfn);
      String exec = fx.start(",\"TimeoutSeconds\":1");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (backend.sfnHistory(exec).size() < 5 && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(backend.sfnHistory(exec).get(3).get("type").asText())
          .isEqualTo("ActivityTimedOut");
    }
  }

  /** Waits (real time, bounded) until the server has received the long poll. */
  private static void awaitParked(LocalBackend backend) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (backend.requestCount("AWSStepFunctions.GetActivityTask") == 0
        && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    Thread.sleep(50); // from counted to parked is a few microseconds of server work
  }
}
