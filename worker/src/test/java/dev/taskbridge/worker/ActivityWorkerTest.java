package dev.taskbridge.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskbridge.api.Backend;
import dev.taskbridge.api.ReportOutcome;
import dev.taskbridge.api.TaskSource;
import dev.taskbridge.api.TaskToken;
import dev.taskbridge.worker.InMemoryTaskClient.Answer;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ActivityWorkerTest {

  /** A source declared with a 3 s heartbeat timeout: automatic heartbeats every second. */
  private static final HandlerOptions HEARTBEAT_3S =
      HandlerOptions.defaults().withHeartbeatTimeout(Duration.ofSeconds(3));

  private final VirtualTimer timer = new VirtualTimer();
  private final InMemoryTaskClient swf = new InMemoryTaskClient(Backend.SWF);
  private final InMemoryTaskClient sfn = new InMemoryTaskClient(Backend.SFN);
  private @Nullable ActivityWorker running;
  private @Nullable InMemoryTaskClient runningClient;

  @AfterEach
  void stop() throws InterruptedException {
    ActivityWorker w = running;
    InMemoryTaskClient c = runningClient;
    if (w != null && c != null) {
      Thread t = new Thread(() -> w.shutdown(Duration.ZERO));
      t.start();
      while (t.isAlive()) {
        c.releasePolls();
        timer.advance(Duration.ofSeconds(1));
        t.join(5);
      }
    }
  }

  private ActivityWorker start(
      InMemoryTaskClient client, ActivityHandler handler, HandlerOptions options, int concurrency) {
    ActivityWorker w =
        ActivityWorker.builder(client)
            .handle(client.source(), handler, options)
            .identity("worker-1")
            .concurrency(concurrency)
            .timer(timer)
            .random(() -> 0.5)
            .build();
    w.start();
    running = w;
    runningClient = client;
    return w;
  }

  private ActivityWorker start(InMemoryTaskClient client, ActivityHandler handler) {
    return start(client, handler, HandlerOptions.defaults(), 2);
  }

  /** What SWF's binding throws when the backend does not answer. */
  private static RuntimeException swfUnavailable() {
    return InMemoryTaskClient.refusal(
        ReportOutcome.UNAVAILABLE, Backend.SWF, TaskToken.of("p"), null);
  }

  private static List<Answer> awaitAnswer(InMemoryTaskClient client, TaskToken token) {
    Await.until("an answer for " + token, () -> !client.answers(token).isEmpty());
    return client.answers(token);
  }

  /** Shuts {@code w} down on a thread of its own, so the test can act while it drains. */
  private Thread shutdownInBackground(ActivityWorker w, Duration grace) {
    Thread t = new Thread(() -> w.shutdown(grace), "test-shutdown");
    t.start();
    Await.until("draining", () -> w.state() == Lifecycle.State.DRAINING);
    return t;
  }

  private void awaitEnd(Thread shutdown, InMemoryTaskClient client) throws InterruptedException {
    while (shutdown.isAlive()) {
      client.releasePolls();
      shutdown.join(5);
    }
    running = null;
  }

  @Test
  void handle_whenHandlerReturns_succeedsWithTheResult() {
    AtomicReference<@Nullable String> input = new AtomicReference<>();
    start(
        sfn,
        (task, ctx) -> {
          input.set(task.input());
          return "{\"ok\":true}";
        });
    TaskToken token = sfn.offer("{\"n\":1}");

    assertThat(awaitAnswer(sfn, token))
        .containsExactly(new Answer("succeed", "{\"ok\":true}", null));
    assertThat(input.get()).isEqualTo("{\"n\":1}");
    assertThat(sfn.identities()).contains("worker-1");
  }

  @Test
  void handle_whenHandlerThrows_reportsTaskFailureFromTheException() {
    start(
        swf,
        (task, ctx) -> {
          throw new IllegalStateException("declined");
        });
    TaskToken token = swf.offer("in");

    List<Answer> answers = awaitAnswer(swf, token);
    assertThat(answers).hasSize(1);
    assertThat(answers.get(0).kind()).isEqualTo("fail");
    assertThat(answers.get(0).value()).isEqualTo("java.lang.IllegalStateException");
  }

  @Test
  void handle_whenResultBreaksARule_failsAtOnceWithResultRejectedNamingTheLimit() {
    sfn.maxResultLength(5);
    start(sfn, (task, ctx) -> "\"far too long\"");
    TaskToken token = sfn.offer("{}");

    List<Answer> answers = awaitAnswer(sfn, token);
    assertThat(answers).hasSize(1);
    assertThat(answers.get(0).kind()).isEqualTo("fail");
    assertThat(answers.get(0).value()).isEqualTo(ActivityWorker.RESULT_REJECTED);
    assertThat(answers.get(0).detail()).contains("result must be at most 5 characters");
  }

  @Test
  void poll_isOnlyIssuedWithASlotReserved() throws InterruptedException {
    CountDownLatch release = new CountDownLatch(1);
    ActivityWorker w =
        start(
            swf,
            (task, ctx) -> {
              release.await();
              return null;
            },
            HandlerOptions.defaults().withPollers(3),
            1);
    Await.until("one poll waiting", () -> swf.pollsWaiting() == 1);
    TaskToken token = swf.offer("x");
    Await.until("the task to start", () -> w.slots().free() == 0 && swf.pollsStarted() == 1);

    // The one slot is held by the running task: three pollers wait for it, and not one polls.
    Await.until("every poller waiting for the slot", () -> w.slots().waiting() == 3);
    assertThat(swf.pollsWaiting()).isZero();
    release.countDown();
    assertThat(awaitAnswer(swf, token)).extracting(Answer::kind).containsExactly("succeed");
    Await.until("the next poll", () -> swf.pollsStarted() == 2);
  }

  @Test
  void poll_whenItFails_backsOffWithFullJitterAndKeepsPolling() {
    swf.failPolls(3, ActivityWorkerTest::swfUnavailable);
    start(swf, (task, ctx) -> "done", HandlerOptions.defaults().withPollers(1), 1);
    for (int i = 1; i <= 3; i++) {
      awaitBackoffAndWaitItOut(i);
    }

    // random() is 0.5: half of 100 ms, 200 ms, 400 ms.
    assertThat(timer.delays())
        .containsExactly(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(200));
    TaskToken token = swf.offer("x");
    assertThat(awaitAnswer(swf, token)).extracting(Answer::kind).containsExactly("succeed");
  }

  /** Waits for the {@code n}th backoff, then lets exactly that much virtual time pass. */
  private void awaitBackoffAndWaitItOut(int n) {
    Await.until("backoff " + n, () -> timer.delays().size() == n);
    timer.advance(timer.delays().get(n - 1));
  }

  @Test
  void poll_whenThrottledOrActivityWorkerLimitExceeded_slowsDownAndNeverStops() {
    sfn.failPolls(
        1,
        () ->
            InMemoryTaskClient.refusal(
                ReportOutcome.THROTTLED, Backend.SFN, TaskToken.of("p"), "ThrottlingException"));
    sfn.failPolls(
        40,
        () ->
            InMemoryTaskClient.refusal(
                ReportOutcome.REJECTED,
                Backend.SFN,
                TaskToken.of("p"),
                "ActivityWorkerLimitExceeded"));
    start(sfn, (task, ctx) -> "{}", HandlerOptions.defaults().withPollers(1), 1);
    for (int i = 1; i <= 41; i++) {
      awaitBackoffAndWaitItOut(i);
    }

    assertThat(timer.delays().subList(0, 3))
        .containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2));
    assertThat(timer.delays().get(40)).isEqualTo(Duration.ofSeconds(30)); // capped, never stopped
    TaskToken token = sfn.offer("{}");
    assertThat(awaitAnswer(sfn, token)).extracting(Answer::kind).containsExactly("succeed");
  }

  @Test
  void heartbeat_isAutomaticAtAThirdOfTheDeclaredTimeout_withTheHandlersDetails()
      throws InterruptedException {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch detailed = new CountDownLatch(1);
    start(
        swf,
        (task, ctx) -> {
          ctx.heartbeat("half way");
          detailed.countDown();
          release.await();
          return "done";
        },
        HEARTBEAT_3S,
        1);
    TaskToken token = swf.offer("x");
    assertThat(detailed.await(10, TimeUnit.SECONDS)).isTrue();
    timer.advance(Duration.ofMillis(999));
    assertThat(swf.heartbeats(token)).isEmpty();
    timer.advance(Duration.ofMillis(1));
    assertThat(swf.heartbeats(token)).containsExactly("half way");
    timer.advance(Duration.ofSeconds(2));
    assertThat(swf.heartbeats(token)).hasSize(3);

    release.countDown();
    assertThat(awaitAnswer(swf, token)).extracting(Answer::kind).containsExactly("succeed");
  }

  @Test
  void heartbeat_withoutDeclaredTimeout_isSentAtOnceThenThrottled() throws InterruptedException {
    CountDownLatch first = new CountDownLatch(1);
    CountDownLatch sendSecond = new CountDownLatch(1);
    CountDownLatch second = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    start(
        swf,
        (task, ctx) -> {
          ctx.heartbeat("1");
          first.countDown();
          sendSecond.await();
          ctx.heartbeat("2");
          second.countDown();
          release.await();
          return null;
        });
    TaskToken token = swf.offer("x");
    assertThat(first.await(10, TimeUnit.SECONDS)).isTrue();
    timer.advance(Duration.ZERO);
    assertThat(swf.heartbeats(token)).containsExactly("1");
    sendSecond.countDown();
    assertThat(second.await(10, TimeUnit.SECONDS)).isTrue();
    timer.advance(HandlerOptions.DEFAULT_HEARTBEAT_THROTTLE.minusMillis(1));
    assertThat(swf.heartbeats(token)).containsExactly("1");
    timer.advance(Duration.ofMillis(1));
    assertThat(swf.heartbeats(token)).containsExactly("1", "2");
    release.countDown();
    awaitAnswer(swf, token);
  }

  @Test
  void heartbeat_whenItFails_neverCrashesTheWorkerAndTheNextOneIsSent()
      throws InterruptedException {
    swf.failHeartbeats(2, ActivityWorkerTest::swfUnavailable);
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    start(
        swf,
        (task, ctx) -> {
          started.countDown();
          release.await();
          return "done";
        },
        HEARTBEAT_3S,
        1);
    TaskToken token = swf.offer("x");
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    timer.advance(Duration.ofSeconds(3));

    assertThat(swf.heartbeats(token)).hasSize(1); // two failed, the third went through
    release.countDown();
    assertThat(awaitAnswer(swf, token)).extracting(Answer::kind).containsExactly("succeed");
  }

  @Test
  void cancel_whenSwfRequestsIt_handlerSeesItAndTheTaskIsAnsweredCancelled()
      throws InterruptedException {
    CountDownLatch started = new CountDownLatch(1);
    AtomicReference<@Nullable ActivityStoppedException> stopped = new AtomicReference<>();
    AtomicBoolean sawCancel = new AtomicBoolean();
    start(
        swf,
        (task, ctx) -> {
          started.countDown();
          while (!ctx.cancelRequested()) {
            Thread.onSpinWait();
          }
          sawCancel.set(true);
          try {
            ctx.heartbeat(null);
          } catch (ActivityStoppedException e) {
            stopped.set(e);
          }
          return "ignored: a cancel was requested";
        },
        HEARTBEAT_3S,
        1);
    TaskToken token = swf.offer("x");
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    swf.requestCancel(token);
    timer.advance(Duration.ofSeconds(1));

    assertThat(awaitAnswer(swf, token)).containsExactly(new Answer("cancel", null, null));
    assertThat(sawCancel).isTrue();
    ActivityStoppedException e = Objects.requireNonNull(stopped.get(), "stopped");
    assertThat(e.reason()).isEqualTo(ActivityStoppedException.Reason.CANCEL_REQUESTED);
  }

  @Test
  void cancel_whenHandlerThrowsAfterTheRequest_isStillAnsweredCancelled()
      throws InterruptedException {
    CountDownLatch started = new CountDownLatch(1);
    start(
        swf,
        (task, ctx) -> {
          started.countDown();
          while (true) {
            ctx.heartbeat("working"); // throws ActivityStoppedException once cancelled
            Thread.sleep(1);
          }
        },
        HEARTBEAT_3S,
        1);
    TaskToken token = swf.offer("x");
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    swf.requestCancel(token);
    timer.advance(Duration.ofSeconds(1));

    assertThat(awaitAnswer(swf, token)).containsExactly(new Answer("cancel", null, null));
  }

  @Test
  void taskGone_whenAHeartbeatSaysSo_handlerIsToldAndNothingIsReported()
      throws InterruptedException {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch ended = new CountDownLatch(1);
    AtomicReference<ActivityStoppedException.@Nullable Reason> reason = new AtomicReference<>();
    start(
        sfn,
        (task, ctx) -> {
          started.countDown();
          try {
            while (!ctx.taskGone()) {
              Thread.onSpinWait();
            }
            ctx.heartbeat(null);
            return "{}";
          } catch (ActivityStoppedException e) {
            reason.set(e.reason());
            throw e;
          } finally {
            ended.countDown();
          }
        },
        HEARTBEAT_3S,
        1);
    TaskToken token = sfn.offer("{}");
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    sfn.expire(token); // TaskTimedOut after a timeout or StopExecution
    timer.advance(Duration.ofSeconds(1));
    assertThat(ended.await(10, TimeUnit.SECONDS)).isTrue();
    Await.until("the slot back and the next poll", () -> sfn.pollsStarted() == 2);

    assertThat(reason.get()).isEqualTo(ActivityStoppedException.Reason.TASK_GONE);
    assertThat(sfn.answers(token)).isEmpty();
  }

  @Test
  void shutdown_withPollsOutstanding_waitsForThemAndRunsTheTaskTheyReturn()
      throws InterruptedException {
    ActivityWorker w = start(swf, (task, ctx) -> "done:" + task.input());
    Await.until("two polls outstanding", () -> swf.pollsWaiting() == 2);
    Thread shutdown = shutdownInBackground(w, Duration.ofSeconds(30));
    shutdown.join(50);
    assertThat(shutdown.isAlive()).as("shutdown waits for the polls in flight").isTrue();

    TaskToken token = swf.offer("late");
    assertThat(awaitAnswer(swf, token)).containsExactly(new Answer("succeed", "done:late", null));
    awaitEnd(shutdown, swf);

    assertThat(swf.pollsStarted()).as("no poll issued after shutdown").isEqualTo(2);
    assertThat(w.state()).isEqualTo(Lifecycle.State.TERMINATED);
    assertNoThreadLeft(w);
  }

  @Test
  void shutdown_whenAPollReturnsATaskAfterTheGrace_failsItAtOnceRetryably()
      throws InterruptedException {
    AtomicInteger calls = new AtomicInteger();
    ActivityWorker w =
        start(
            sfn,
            (task, ctx) -> {
              calls.incrementAndGet();
              return "{}";
            });
    Await.until("two polls outstanding", () -> sfn.pollsWaiting() == 2);
    Thread shutdown = shutdownInBackground(w, Duration.ofSeconds(1));
    Await.until("the deadline scheduled", () -> timer.pending() == 1);
    timer.advance(Duration.ofSeconds(1));

    TaskToken token = sfn.offer("{}");
    List<Answer> answers = awaitAnswer(sfn, token);
    awaitEnd(shutdown, sfn);

    assertThat(answers)
        .containsExactly(
            new Answer("fail", ActivityWorker.WORKER_SHUTDOWN, TaskRun.SHUTDOWN_CAUSE));
    assertThat(calls).hasValue(0);
    assertNoThreadLeft(w);
  }

  @Test
  void shutdown_whenAHandlerOutlivesTheGrace_interruptsItAndFailsItsTaskOnce()
      throws InterruptedException {
    CountDownLatch started = new CountDownLatch(1);
    AtomicBoolean interrupted = new AtomicBoolean();
    ActivityWorker w =
        start(
            swf,
            (task, ctx) -> {
              started.countDown();
              try {
                new CountDownLatch(1).await();
              } catch (InterruptedException e) {
                interrupted.set(true);
                throw e;
              }
              return "never";
            },
            HandlerOptions.defaults(),
            1);
    TaskToken token = swf.offer("x");
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    Thread shutdown = shutdownInBackground(w, Duration.ofSeconds(5));
    Await.until("the deadline scheduled", () -> timer.pending() == 1);
    timer.advance(Duration.ofSeconds(5));
    awaitEnd(shutdown, swf);

    assertThat(swf.answers(token))
        .containsExactly(
            new Answer("fail", ActivityWorker.WORKER_SHUTDOWN, TaskRun.SHUTDOWN_CAUSE));
    assertThat(interrupted).isTrue();
    assertNoThreadLeft(w);
  }

  @Test
  void shutdown_beforeStart_endsAndStartIsThenRefused() {
    ActivityWorker w =
        ActivityWorker.builder(swf).handle(swf.source(), (t, c) -> null).timer(timer).build();
    w.shutdown(Duration.ofSeconds(1));

    assertThat(w.state()).isEqualTo(Lifecycle.State.TERMINATED);
    assertThatThrownBy(w::start)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("TERMINATED");
  }

  @Test
  void start_twice_isRefused() {
    ActivityWorker w = start(swf, (t, c) -> null);
    assertThatThrownBy(w::start)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("started once");
  }

  @Test
  void builder_refusesBadConfiguration() {
    ActivityWorker.Builder b = ActivityWorker.builder(swf);
    assertThatThrownBy(() -> b.handle(sfn.source(), (t, c) -> null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("belongs to SFN");
    b.handle(swf.source(), (t, c) -> null);
    assertThatThrownBy(() -> b.handle(swf.source(), (t, c) -> null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("already has a handler");
    assertThatThrownBy(() -> b.concurrency(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("concurrency must be 1 to 4096, was 0");
    assertThatThrownBy(() -> ActivityWorker.builder(swf).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("serves no source");
    assertThatThrownBy(
            () ->
                ActivityWorker.builder(swf)
                    .handle(TaskSource.swfTaskList("d", "l"), (t, c) -> null)
                    .build()
                    .shutdown(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("grace must not be negative");
  }

  @Test
  void toString_showsSourcesAndState_neverATask() {
    ActivityWorker w = ActivityWorker.builder(swf).handle(swf.source(), (t, c) -> null).build();
    assertThat(w.toString())
        .contains("backend=SWF")
        .contains("domain=domain, taskList=list")
        .contains("concurrency=10")
        .contains("state=NEW");
  }

  private static void assertNoThreadLeft(ActivityWorker w) {
    Await.until(
        "no thread of " + w.name() + " alive",
        () ->
            Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.isAlive() && t.getName().startsWith(w.name() + "-")));
  }
}
