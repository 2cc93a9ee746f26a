package dev.taskbridge.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskbridge.api.TaskClient;
import dev.taskbridge.api.TaskSource;
import dev.taskbridge.contract.EmulatorTasks;
import dev.taskbridge.contract.EmulatorTasks.SfnScheduled;
import dev.taskbridge.contract.EmulatorTasks.SwfScheduled;
import dev.taskbridge.emulator.LocalBackend;
import dev.taskbridge.emulator.ManualClock;
import dev.taskbridge.sfn.SfnTaskClient;
import dev.taskbridge.swf.SwfTaskClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;
import software.amazon.awssdk.services.swf.model.ActivityType;
import software.amazon.awssdk.services.swf.model.Decision;
import software.amazon.awssdk.services.swf.model.DecisionType;
import software.amazon.awssdk.services.swf.model.EventType;
import software.amazon.awssdk.services.swf.model.TaskList;
import software.amazon.awssdk.services.swf.model.WorkflowType;

/**
 * The worker over the real bindings, through real SDK v2 clients over HTTP, against the emulator,
 * on both backends. The emulator's clock is manual and the worker's timer virtual where a test is
 * about time (heartbeat timeouts); long polls are held 1 s of real time.
 */
class WorkerEmulatorIT {

  private static final Duration POLL_HOLD = Duration.ofSeconds(1);

  private static LocalBackend backend;
  private static EmulatorTasks tasks;
  private static TaskClient sfn;
  private static TaskClient swf;

  private final VirtualTimer timer = new VirtualTimer();
  private final List<ActivityWorker> workers = new ArrayList<>();

  @BeforeAll
  static void startEmulator() {
    backend = LocalBackend.builder().clock(new ManualClock()).pollMaxWait(POLL_HOLD).start();
    tasks = new EmulatorTasks(backend.endpoint());
    sfn = SfnTaskClient.create(tasks.sfn());
    swf = SwfTaskClient.create(tasks.swf());
  }

  @AfterAll
  static void stopEmulator() {
    tasks.close();
    backend.close();
  }

  @AfterEach
  void stopWorkers() {
    for (ActivityWorker w : workers) {
      Thread t = new Thread(() -> w.shutdown(Duration.ZERO));
      t.start();
      while (t.isAlive()) {
        timer.advance(Duration.ofSeconds(1));
        try {
          t.join(5);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private ActivityWorker start(
      TaskClient client, TaskSource source, ActivityHandler handler, HandlerOptions options) {
    ActivityWorker w =
        ActivityWorker.builder(client)
            .handle(source, handler, options)
            .identity("worker-it")
            .concurrency(4)
            .timer(timer)
            .build();
    w.start();
    workers.add(w);
    return w;
  }

  private ActivityWorker start(TaskClient client, TaskSource source, ActivityHandler handler) {
    return start(client, source, handler, HandlerOptions.defaults().withPollers(1));
  }

  private static TaskSource source(SfnScheduled t) {
    return TaskSource.sfnActivity(t.activityArn());
  }

  private static TaskSource source(SwfScheduled t) {
    return TaskSource.swfTaskList(t.domain(), t.taskList());
  }

  private static HistoryEvent awaitSfn(SfnScheduled t, HistoryEventType type) {
    return awaitFirst(
        type + " in " + t.executionArn(), () -> tasks.sfnHistory(t), e -> e.type() == type);
  }

  private static software.amazon.awssdk.services.swf.model.HistoryEvent awaitSwf(
      SwfScheduled t, EventType type) {
    return awaitFirst(
        type + " in " + t.workflowId(), () -> tasks.swfHistory(t), e -> e.eventType() == type);
  }

  /** Waits, bounded, for an event of a history read again and again, and returns it. */
  private static <E> E awaitFirst(String what, Supplier<List<E>> history, Predicate<E> match) {
    AtomicReference<@Nullable E> found = new AtomicReference<>();
    Await.until(
        what,
        () -> {
          history.get().stream().filter(match).findFirst().ifPresent(found::set);
          return found.get() != null;
        });
    return Objects.requireNonNull(found.get());
  }

  private static long terminalSfn(SfnScheduled t) {
    return tasks.sfnHistory(t).stream()
        .filter(
            e ->
                e.type() == HistoryEventType.ACTIVITY_SUCCEEDED
                    || e.type() == HistoryEventType.ACTIVITY_FAILED
                    || e.type() == HistoryEventType.ACTIVITY_TIMED_OUT)
        .count();
  }

  private static boolean startedSfn(SfnScheduled t) {
    return tasks.sfnHistory(t).stream()
        .anyMatch(e -> e.type() == HistoryEventType.ACTIVITY_STARTED);
  }

  // ---- success and failure ------------------------------------------------------------------

  @Test
  void sfn_handlerResult_isTheActivityOutput() {
    SfnScheduled t = tasks.scheduleSfn(0);
    start(sfn, source(t), (task, ctx) -> "{\"echo\":" + task.input() + "}");

    HistoryEvent e = awaitSfn(t, HistoryEventType.ACTIVITY_SUCCEEDED);
    assertThat(e.activitySucceededEventDetails().output()).isEqualTo("{\"echo\":{\"n\":1}}");
  }

  @Test
  void swf_handlerResult_isTheActivityResult() {
    SwfScheduled t = tasks.scheduleSwf();
    start(swf, source(t), (task, ctx) -> "done:" + task.input());

    var e = awaitSwf(t, EventType.ACTIVITY_TASK_COMPLETED);
    assertThat(e.activityTaskCompletedEventAttributes().result())
        .startsWith("done:activity-input-");
  }

  @Test
  void sfn_handlerException_failsTheTaskWithItsClassName() {
    SfnScheduled t = tasks.scheduleSfn(0);
    start(
        sfn,
        source(t),
        (task, ctx) -> {
          throw new IllegalStateException("declined");
        });

    HistoryEvent e = awaitSfn(t, HistoryEventType.ACTIVITY_FAILED);
    assertThat(e.activityFailedEventDetails().error()).isEqualTo("java.lang.IllegalStateException");
    assertThat(e.activityFailedEventDetails().cause()).contains("declined");
  }

  @Test
  void swf_handlerException_failsTheTaskWithItsClassName() {
    SwfScheduled t = tasks.scheduleSwf();
    start(
        swf,
        source(t),
        (task, ctx) -> {
          throw new UnsupportedOperationException("nope");
        });

    var e = awaitSwf(t, EventType.ACTIVITY_TASK_FAILED);
    assertThat(e.activityTaskFailedEventAttributes().reason())
        .isEqualTo("java.lang.UnsupportedOperationException");
  }

  // ---- results that break a rule -------------------------------------------------------------

  @Test
  void sfn_outputOverTheLimit_failsAtOnceWithResultRejected() {
    SfnScheduled t = tasks.scheduleSfn(0);
    start(sfn, source(t), (task, ctx) -> "\"" + "x".repeat(262_144) + "\"");

    HistoryEvent e = awaitSfn(t, HistoryEventType.ACTIVITY_FAILED);
    assertThat(e.activityFailedEventDetails().error()).isEqualTo(ActivityWorker.RESULT_REJECTED);
    assertThat(e.activityFailedEventDetails().cause()).contains("output").contains("262144");
  }

  @Test
  void sfn_outputNotJson_failsAtOnceWithResultRejected() {
    SfnScheduled t = tasks.scheduleSfn(0);
    start(sfn, source(t), (task, ctx) -> "not json");

    HistoryEvent e = awaitSfn(t, HistoryEventType.ACTIVITY_FAILED);
    assertThat(e.activityFailedEventDetails().error()).isEqualTo(ActivityWorker.RESULT_REJECTED);
    assertThat(e.activityFailedEventDetails().cause()).containsIgnoringCase("json");
  }

  @Test
  void swf_resultOverTheLimit_failsAtOnceWithResultRejected() {
    SwfScheduled t = tasks.scheduleSwf();
    start(swf, source(t), (task, ctx) -> "x".repeat(32_769));

    var e = awaitSwf(t, EventType.ACTIVITY_TASK_FAILED);
    assertThat(e.activityTaskFailedEventAttributes().reason())
        .isEqualTo(ActivityWorker.RESULT_REJECTED);
    assertThat(e.activityTaskFailedEventAttributes().details()).contains("32768");
  }

  // ---- heartbeats, stop and cancel -----------------------------------------------------------

  @Test
  void sfn_automaticHeartbeats_keepATaskAlivePastItsHeartbeatTimeout() throws Exception {
    SfnScheduled t = tasks.scheduleSfn(3);
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    start(
        sfn,
        source(t),
        (task, ctx) -> {
          started.countDown();
          release.await();
          return "{\"alive\":true}";
        },
        HandlerOptions.defaults().withHeartbeatTimeout(Duration.ofSeconds(3)).withPollers(1));
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    long before = backend.requestCount("AWSStepFunctions.SendTaskHeartbeat");
    for (int i = 1; i <= 6; i++) { // 6 s of emulator time against HeartbeatSeconds 3
      long expected = before + i;
      Await.until("heartbeat scheduled", () -> timer.pending() >= 1);
      timer.advance(Duration.ofSeconds(1));
      Await.until(
          "heartbeat " + expected,
          () -> backend.requestCount("AWSStepFunctions.SendTaskHeartbeat") == expected);
      backend.manualClock().advance(Duration.ofSeconds(1));
    }
    release.countDown();

    awaitSfn(t, HistoryEventType.ACTIVITY_SUCCEEDED);
    assertThat(terminalSfn(t)).isEqualTo(1);
  }

  @Test
  void sfn_stopExecution_tellsTheHandlerTheTaskIsGone_andNothingIsSent() throws Exception {
    SfnScheduled t = tasks.scheduleSfn(0);
    CountDownLatch started = new CountDownLatch(1);
    AtomicReference<ActivityStoppedException.@Nullable Reason> reason = new AtomicReference<>();
    long sentBefore =
        backend.requestCount("AWSStepFunctions.SendTaskSuccess")
            + backend.requestCount("AWSStepFunctions.SendTaskFailure");
    start(
        sfn,
        source(t),
        (task, ctx) -> {
          started.countDown();
          try {
            while (true) {
              ctx.heartbeat(null);
              Thread.sleep(2);
            }
          } catch (ActivityStoppedException e) {
            reason.set(e.reason());
            throw e;
          }
        },
        HandlerOptions.defaults().withHeartbeatTimeout(Duration.ofSeconds(30)).withPollers(1));
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    tasks.sfn().stopExecution(b -> b.executionArn(t.executionArn()).error("Test.Stop"));
    Await.until("heartbeat scheduled", () -> timer.pending() >= 1);
    timer.advance(Duration.ofSeconds(10));
    Await.until("the handler told", () -> reason.get() != null);

    assertThat(reason.get()).isEqualTo(ActivityStoppedException.Reason.TASK_GONE);
    assertThat(
            backend.requestCount("AWSStepFunctions.SendTaskSuccess")
                + backend.requestCount("AWSStepFunctions.SendTaskFailure"))
        .isEqualTo(sentBefore);
  }

  @Test
  void swf_cancelRequest_reachesTheHandler_andTheTaskIsAnsweredCanceled() throws Exception {
    SwfScheduled t = scheduleSwfBesideADecisionTrigger();
    CountDownLatch started = new CountDownLatch(1);
    start(
        swf,
        source(t),
        (task, ctx) -> {
          started.countDown();
          while (true) {
            ctx.heartbeat("working"); // throws once the cancel was requested
            Thread.sleep(2);
          }
        },
        HandlerOptions.defaults().withHeartbeatTimeout(Duration.ofSeconds(30)).withPollers(1));
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    requestCancel(t);
    Await.until("heartbeat scheduled", () -> timer.pending() >= 1);
    timer.advance(Duration.ofSeconds(10));

    awaitSwf(t, EventType.ACTIVITY_TASK_CANCELED);
    List<EventType> events = tasks.swfHistory(t).stream().map(e -> e.eventType()).toList();
    assertThat(events)
        .contains(EventType.ACTIVITY_TASK_CANCEL_REQUESTED)
        .doesNotContain(EventType.ACTIVITY_TASK_FAILED);
    // The one completion is the test's trigger activity, not the worker's.
    assertThat(events).filteredOn(e -> e == EventType.ACTIVITY_TASK_COMPLETED).hasSize(1);
  }

  /**
   * A workflow whose first decision schedules the worker's activity and a second one on a task list
   * of the test's: completing that one gives the test a decision task while the worker's runs.
   */
  private static SwfScheduled scheduleSwfBesideADecisionTrigger() {
    String n = Long.toString(System.nanoTime());
    String domain = domainOfRegisteredTypes();
    TaskList decisions = TaskList.builder().name("cancel-decisions-" + n).build();
    String runId =
        tasks
            .swf()
            .startWorkflowExecution(
                b ->
                    b.domain(domain)
                        .workflowId("cancel-" + n)
                        .workflowType(WorkflowType.builder().name("wf").version("1").build())
                        .taskList(decisions))
            .runId();
    String token =
        tasks.swf().pollForDecisionTask(b -> b.domain(domain).taskList(decisions)).taskToken();
    tasks
        .swf()
        .respondDecisionTaskCompleted(
            b ->
                b.taskToken(token)
                    .decisions(
                        schedule("work", "cancel-activities-" + n),
                        schedule("trigger", "cancel-trigger-" + n)));
    return new SwfScheduled(domain, "cancel-activities-" + n, "cancel-" + n, runId);
  }

  private static Decision schedule(String activityId, String taskList) {
    return Decision.builder()
        .decisionType(DecisionType.SCHEDULE_ACTIVITY_TASK)
        .scheduleActivityTaskDecisionAttributes(
            a ->
                a.activityType(ActivityType.builder().name("work").version("1").build())
                    .activityId(activityId)
                    .taskList(TaskList.builder().name(taskList).build()))
        .build();
  }

  private static @Nullable String swfDomain;

  private static synchronized String domainOfRegisteredTypes() {
    String d = swfDomain;
    if (d == null) {
      d = tasks.scheduleSwf().domain();
      swfDomain = d;
    }
    return d;
  }

  /** Completes the trigger activity, then answers the decision task it brings with a cancel. */
  private static void requestCancel(SwfScheduled t) {
    String n = t.workflowId().substring("cancel-".length());
    String trigger =
        tasks
            .swf()
            .pollForActivityTask(
                b ->
                    b.domain(t.domain())
                        .taskList(TaskList.builder().name("cancel-trigger-" + n).build()))
            .taskToken();
    tasks.swf().respondActivityTaskCompleted(b -> b.taskToken(trigger));
    String decision =
        tasks
            .swf()
            .pollForDecisionTask(
                b ->
                    b.domain(t.domain())
                        .taskList(TaskList.builder().name("cancel-decisions-" + n).build()))
            .taskToken();
    tasks
        .swf()
        .respondDecisionTaskCompleted(
            b ->
                b.taskToken(decision)
                    .decisions(
                        Decision.builder()
                            .decisionType(DecisionType.REQUEST_CANCEL_ACTIVITY_TASK)
                            .requestCancelActivityTaskDecisionAttributes(a -> a.activityId("work"))
                            .build()));
  }

  // ---- shutdown --------------------------------------------------------------------------------

  @Test
  void shutdown_withTasksInFlightAndPollsOutstanding_answersEveryTaskHandedOut() throws Exception {
    SfnScheduled a = tasks.scheduleSfn(0);
    SfnScheduled b = tasks.scheduleSfn(0);
    CountDownLatch bothStarted = new CountDownLatch(2);
    CountDownLatch release = new CountDownLatch(1);
    ActivityHandler handler =
        (task, ctx) -> {
          bothStarted.countDown();
          release.await();
          return "{\"done\":true}";
        };
    ActivityWorker w =
        ActivityWorker.builder(sfn)
            .handle(source(a), handler, HandlerOptions.defaults().withPollers(2))
            .handle(source(b), handler, HandlerOptions.defaults().withPollers(2))
            .concurrency(8)
            .timer(timer)
            .build();
    w.start();
    workers.add(w);
    assertThat(bothStarted.await(10, TimeUnit.SECONDS)).isTrue();
    // Tasks in flight on both sources; the other pollers hold polls open on the emulator.
    Thread shutdown = new Thread(() -> w.shutdown(Duration.ofSeconds(30)), "it-shutdown");
    shutdown.start();
    Await.until("draining", () -> w.state() == Lifecycle.State.DRAINING);
    // A task scheduled now may be handed out to a poll still open: it must then be run too.
    String late =
        tasks
            .sfn()
            .startExecution(r -> r.stateMachineArn(stateMachineOf(a)).input("{}"))
            .executionArn();
    release.countDown();
    shutdown.join(POLL_HOLD.toMillis() + 10_000);

    assertThat(shutdown.isAlive()).isFalse();
    assertThat(w.state()).isEqualTo(Lifecycle.State.TERMINATED);
    assertThat(terminalSfn(a)).isEqualTo(1);
    assertThat(terminalSfn(b)).isEqualTo(1);
    SfnScheduled lateTask = new SfnScheduled(a.activityArn(), late);
    assertThat(terminalSfn(lateTask)).isEqualTo(startedSfn(lateTask) ? 1 : 0);
    assertThat(
            Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith(w.name() + "-"))
                .toList())
        .isEmpty();
  }

  private static String stateMachineOf(SfnScheduled t) {
    return tasks.sfn().describeExecution(r -> r.executionArn(t.executionArn())).stateMachineArn();
  }
}
