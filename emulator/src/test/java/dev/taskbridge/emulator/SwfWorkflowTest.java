package dev.taskbridge.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.swf.SwfAsyncClient;
import software.amazon.awssdk.services.swf.SwfClient;
import software.amazon.awssdk.services.swf.model.CloseStatus;
import software.amazon.awssdk.services.swf.model.Decision;
import software.amazon.awssdk.services.swf.model.DecisionType;
import software.amazon.awssdk.services.swf.model.DomainAlreadyExistsException;
import software.amazon.awssdk.services.swf.model.EventType;
import software.amazon.awssdk.services.swf.model.ExecutionStatus;
import software.amazon.awssdk.services.swf.model.HistoryEvent;
import software.amazon.awssdk.services.swf.model.PollForActivityTaskResponse;
import software.amazon.awssdk.services.swf.model.PollForDecisionTaskResponse;
import software.amazon.awssdk.services.swf.model.TypeAlreadyExistsException;
import software.amazon.awssdk.services.swf.model.UnknownResourceException;
import software.amazon.awssdk.services.swf.model.WorkflowExecutionAlreadyStartedException;

/** A full SWF workflow and the lifecycle rows of wire.md §4.1, with the sync and async clients. */
class SwfWorkflowTest {
  static LocalBackend backend;
  static ManualClock clock;
  static SwfClient swf;
  SwfFixture fx;

  @BeforeAll
  static void start() {
    clock = new ManualClock();
    backend = LocalBackend.builder().clock(clock).pollMaxWait(Duration.ofMillis(100)).start();
    swf = TestClients.swf(backend.endpoint());
  }

  @BeforeEach
  void freshDomain() {
    fx = new SwfFixture(swf);
  }

  @AfterAll
  static void stop() {
    swf.close();
    backend.close();
  }

  @Test
  void fullWorkflow_workerFails_deciderSeesActivityTaskFailedWithSameReasonAndDetails() {
    SwfFixture.Run run = fx.start();
    PollForDecisionTaskResponse d1 = fx.pollDecision();
    assertThat(d1.taskToken()).isNotEmpty();
    assertThat(d1.workflowExecution().runId()).isEqualTo(run.runId);
    assertThat(d1.events())
        .extracting(HistoryEvent::eventType)
        .containsExactly(
            EventType.WORKFLOW_EXECUTION_STARTED,
            EventType.DECISION_TASK_SCHEDULED,
            EventType.DECISION_TASK_STARTED);
    swf.respondDecisionTaskCompleted(
        b -> b.taskToken(d1.taskToken()).decisions(SwfFixture.schedule("a1", "")));

    PollForActivityTaskResponse task = fx.pollActivity();
    assertThat(task.activityId()).isEqualTo("a1");
    assertThat(task.input()).isEqualTo("in");
    assertThat(task.activityType().name()).isEqualTo("act");
    swf.respondActivityTaskFailed(
        b -> b.taskToken(task.taskToken()).reason("MyReason").details("long details"));

    PollForDecisionTaskResponse d2 = fx.pollDecision();
    HistoryEvent failed =
        d2.events().stream()
            .filter(e -> e.eventType() == EventType.ACTIVITY_TASK_FAILED)
            .findFirst()
            .orElseThrow();
    assertThat(failed.activityTaskFailedEventAttributes().reason()).isEqualTo("MyReason");
    assertThat(failed.activityTaskFailedEventAttributes().details()).isEqualTo("long details");
    HistoryEvent scheduled =
        d2.events().stream()
            .filter(e -> e.eventType() == EventType.ACTIVITY_TASK_SCHEDULED)
            .findFirst()
            .orElseThrow();
    assertThat(failed.activityTaskFailedEventAttributes().scheduledEventId())
        .isEqualTo(scheduled.eventId());
    assertThat(failed.activityTaskFailedEventAttributes().startedEventId())
        .isEqualTo(task.startedEventId());
    assertThat(d2.previousStartedEventId()).isEqualTo(d1.startedEventId());

    swf.respondDecisionTaskCompleted(
        b ->
            b.taskToken(d2.taskToken())
                .decisions(
                    Decision.builder()
                        .decisionType(DecisionType.FAIL_WORKFLOW_EXECUTION)
                        .failWorkflowExecutionDecisionAttributes(
                            a -> a.reason("MyReason").details("long details"))
                        .build()));
    List<HistoryEvent> history = fx.history(run);
    assertThat(history)
        .extracting(HistoryEvent::eventType)
        .containsExactly(
            EventType.WORKFLOW_EXECUTION_STARTED,
            EventType.DECISION_TASK_SCHEDULED,
            EventType.DECISION_TASK_STARTED,
            EventType.DECISION_TASK_COMPLETED,
            EventType.ACTIVITY_TASK_SCHEDULED,
            EventType.ACTIVITY_TASK_STARTED,
            EventType.ACTIVITY_TASK_FAILED,
            EventType.DECISION_TASK_SCHEDULED,
            EventType.DECISION_TASK_STARTED,
            EventType.DECISION_TASK_COMPLETED,
            EventType.WORKFLOW_EXECUTION_FAILED);
    assertThat(history.get(10).workflowExecutionFailedEventAttributes().reason())
        .isEqualTo("MyReason");
    assertThat(history.get(0).eventTimestamp()).isEqualTo(clock.now());
    var info =
        swf.describeWorkflowExecution(
                b ->
                    b.domain(fx.domain)
                        .execution(e -> e.workflowId(run.workflowId).runId(run.runId)))
            .executionInfo();
    assertThat(info.executionStatus()).isEqualTo(ExecutionStatus.CLOSED);
    assertThat(info.closeStatus()).isEqualTo(CloseStatus.FAILED);
  }

  @Test
  void respondActivityTaskFailed_secondTime_returnsUnknownResourceUnknownActivity() {
    SwfFixture.Run run = fx.startAndSchedule("");
    PollForActivityTaskResponse task = fx.pollActivity();
    swf.respondActivityTaskFailed(b -> b.taskToken(task.taskToken()).reason("R"));
    long scheduledId =
        fx.history(run).stream()
            .filter(e -> e.eventType() == EventType.ACTIVITY_TASK_SCHEDULED)
            .findFirst()
            .orElseThrow()
            .eventId();

    assertThatThrownBy(
            () -> swf.respondActivityTaskFailed(b -> b.taskToken(task.taskToken()).reason("R")))
        .isInstanceOf(UnknownResourceException.class)
        .satisfies(
            e -> {
              UnknownResourceException u = (UnknownResourceException) e;
              assertThat(u.statusCode()).isEqualTo(400);
              assertThat(u.awsErrorDetails().errorCode()).isEqualTo("UnknownResourceFault");
              assertThat(u.awsErrorDetails().errorMessage())
                  .isEqualTo("Unknown activity, scheduledEventId = " + scheduledId);
            });
    assertThatThrownBy(() -> swf.respondActivityTaskCompleted(b -> b.taskToken(task.taskToken())))
        .isInstanceOf(UnknownResourceException.class);
    assertThatThrownBy(() -> swf.respondActivityTaskCanceled(b -> b.taskToken(task.taskToken())))
        .isInstanceOf(UnknownResourceException.class);
    assertThatThrownBy(() -> swf.recordActivityTaskHeartbeat(b -> b.taskToken(task.taskToken())))
        .isInstanceOf(UnknownResourceException.class);
  }

  @Test
  void respondActivityTaskFailed_afterCompletedOrCanceled_returnsUnknownResource() {
    fx.startAndSchedule("");
    PollForActivityTaskResponse t1 = fx.pollActivity();
    swf.respondActivityTaskCompleted(b -> b.taskToken(t1.taskToken()).result("ok"));
    assertThatThrownBy(() -> swf.respondActivityTaskFailed(b -> b.taskToken(t1.taskToken())))
        .isInstanceOf(UnknownResourceException.class)
        .hasMessageStartingWith("Unknown activity, scheduledEventId = ");

    SwfFixture fx2 = new SwfFixture(swf);
    SwfFixture.Run run = fx2.startAndSchedule("");
    PollForActivityTaskResponse t2 = fx2.pollActivity();
    swf.respondActivityTaskCanceled(b -> b.taskToken(t2.taskToken()).details("bye"));
    assertThatThrownBy(() -> swf.respondActivityTaskFailed(b -> b.taskToken(t2.taskToken())))
        .isInstanceOf(UnknownResourceException.class)
        .hasMessageStartingWith("Unknown activity, scheduledEventId = ");
    assertThat(fx2.types(run)).contains("ActivityTaskCanceled");
  }

  @Test
  void respondActivityTaskFailed_afterWorkflowClosed_returnsUnknownExecution() {
    SwfFixture.Run run = fx.startAndSchedule("");
    PollForActivityTaskResponse task = fx.pollActivity();
    swf.terminateWorkflowExecution(
        b -> b.domain(fx.domain).workflowId(run.workflowId).reason("stop").details("now"));

    assertThatThrownBy(() -> swf.respondActivityTaskFailed(b -> b.taskToken(task.taskToken())))
        .isInstanceOf(UnknownResourceException.class)
        .satisfies(
            e ->
                assertThat(((UnknownResourceException) e).awsErrorDetails().errorMessage())
                    .isEqualTo(
                        "Unknown execution: WorkflowExecution=[workflowId="
                            + run.workflowId
                            + ", runId="
                            + run.runId
                            + "]"));
    HistoryEvent last = fx.history(run).get(fx.history(run).size() - 1);
    assertThat(last.eventType()).isEqualTo(EventType.WORKFLOW_EXECUTION_TERMINATED);
    assertThat(last.workflowExecutionTerminatedEventAttributes().reason()).isEqualTo("stop");
    assertThatThrownBy(
            () ->
                swf.terminateWorkflowExecution(b -> b.domain(fx.domain).workflowId(run.workflowId)))
        .isInstanceOf(UnknownResourceException.class)
        .hasMessageStartingWith("Unknown execution: ");
  }

  @Test
  void signalWorkflowExecution_recordsTheSignal_andWakesTheDecider() {
    SwfFixture.Run run = fx.startAndSchedule("");
    PollForActivityTaskResponse task = fx.pollActivity();

    swf.signalWorkflowExecution(
        b ->
            b.domain(fx.domain)
                .workflowId(run.workflowId)
                .runId(run.runId)
                .signalName("cancel")
                .input("please"));

    PollForDecisionTaskResponse d = fx.pollDecision();
    assertThat(d.taskToken()).as("the signal scheduled a decision task").isNotEmpty();
    assertThat(d.events())
        .filteredOn(e -> e.eventType() == EventType.WORKFLOW_EXECUTION_SIGNALED)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.workflowExecutionSignaledEventAttributes().signalName())
                  .isEqualTo("cancel");
              assertThat(e.workflowExecutionSignaledEventAttributes().input()).isEqualTo("please");
            });
    // The decider can now ask for the running activity's cancel, which its heartbeat reports.
    swf.respondDecisionTaskCompleted(
        b ->
            b.taskToken(d.taskToken())
                .decisions(
                    Decision.builder()
                        .decisionType(DecisionType.REQUEST_CANCEL_ACTIVITY_TASK)
                        .requestCancelActivityTaskDecisionAttributes(a -> a.activityId("a1"))
                        .build()));
    assertThat(
            swf.recordActivityTaskHeartbeat(b -> b.taskToken(task.taskToken())).cancelRequested())
        .isTrue();

    swf.terminateWorkflowExecution(b -> b.domain(fx.domain).workflowId(run.workflowId));
    assertThatThrownBy(
            () ->
                swf.signalWorkflowExecution(
                    b -> b.domain(fx.domain).workflowId(run.workflowId).signalName("late")))
        .isInstanceOf(UnknownResourceException.class)
        .hasMessageStartingWith("Unknown execution: ");
  }

  @Test
  void respondActivityTaskFailed_garbageToken_returnsUnknownResource() {
    assertThatThrownBy(() -> swf.respondActivityTaskFailed(b -> b.taskToken("garbage").reason("R")))
        .isInstanceOf(UnknownResourceException.class)
        .hasMessageStartingWith("Unknown or expired task token");
  }

  @Test
  void activityTimeouts_startToClose_firedByTheClock() {
    SwfFixture.Run run = fx.startAndSchedule("st2c=30");
    PollForActivityTaskResponse task = fx.pollActivity();
    clock.advance(Duration.ofSeconds(30));
    assertThatThrownBy(() -> swf.respondActivityTaskFailed(b -> b.taskToken(task.taskToken())))
        .isInstanceOf(UnknownResourceException.class)
        .hasMessageStartingWith("Unknown activity, scheduledEventId = ");
    assertTimedOut(run, "START_TO_CLOSE");
  }

  @Test
  void activityTimeouts_heartbeat_resetByRecordActivityTaskHeartbeat() {
    SwfFixture.Run run = fx.startAndSchedule("hb=10");
    PollForActivityTaskResponse task = fx.pollActivity();
    clock.advance(Duration.ofSeconds(9));
    assertThat(
            swf.recordActivityTaskHeartbeat(b -> b.taskToken(task.taskToken()).details("50%"))
                .cancelRequested())
        .isFalse();
    clock.advance(Duration.ofSeconds(9));
    swf.recordActivityTaskHeartbeat(b -> b.taskToken(task.taskToken()).details("90%"));
    clock.advance(Duration.ofSeconds(10));
    assertThatThrownBy(() -> swf.respondActivityTaskCompleted(b -> b.taskToken(task.taskToken())))
        .isInstanceOf(UnknownResourceException.class);
    HistoryEvent timedOut = assertTimedOut(run, "HEARTBEAT");
    assertThat(timedOut.activityTaskTimedOutEventAttributes().details()).isEqualTo("90%");
  }

  @Test
  void activityTimeouts_scheduleToStart_firesWhenNoWorkerPolls() {
    SwfFixture.Run run = fx.startAndSchedule("s2s=5");
    clock.advance(Duration.ofSeconds(5));
    HistoryEvent e = assertTimedOut(run, "SCHEDULE_TO_START");
    assertThat(e.activityTaskTimedOutEventAttributes().startedEventId()).isZero();
    assertThat(fx.pollActivity().taskToken()).isEmpty();
  }

  @Test
  void activityTimeouts_scheduleToClose_coversQueueAndRunTime() {
    SwfFixture.Run run = fx.startAndSchedule("s2c=20");
    clock.advance(Duration.ofSeconds(15));
    PollForActivityTaskResponse task = fx.pollActivity();
    clock.advance(Duration.ofSeconds(5));
    assertThatThrownBy(() -> swf.respondActivityTaskFailed(b -> b.taskToken(task.taskToken())))
        .isInstanceOf(UnknownResourceException.class);
    assertTimedOut(run, "SCHEDULE_TO_CLOSE");
  }

  private HistoryEvent assertTimedOut(SwfFixture.Run run, String timeoutType) {
    HistoryEvent e =
        fx.history(run).stream()
            .filter(x -> x.eventType() == EventType.ACTIVITY_TASK_TIMED_OUT)
            .findFirst()
            .orElseThrow();
    assertThat(e.activityTaskTimedOutEventAttributes().timeoutTypeAsString())
        .isEqualTo(timeoutType);
    assertThat(fx.types(run)).endsWith("ActivityTaskTimedOut", "DecisionTaskScheduled");
    return e;
  }

  @Test
  void idlePolls_returnEmptyTaskToken() {
    PollForActivityTaskResponse a =
        swf.pollForActivityTask(b -> b.domain(fx.domain).taskList(t -> t.name("nobody")));
    assertThat(a.taskToken()).isEmpty();
    PollForDecisionTaskResponse d =
        swf.pollForDecisionTask(b -> b.domain(fx.domain).taskList(t -> t.name("nobody")));
    assertThat(d.taskToken()).isEmpty();
  }

  @Test
  void registrationAndStart_errors() {
    assertThatThrownBy(
            () ->
                swf.registerDomain(
                    b -> b.name(fx.domain).workflowExecutionRetentionPeriodInDays("1")))
        .isInstanceOf(DomainAlreadyExistsException.class);
    assertThatThrownBy(
            () -> swf.registerActivityType(b -> b.domain(fx.domain).name("act").version("1")))
        .isInstanceOf(TypeAlreadyExistsException.class)
        .hasMessageStartingWith("ActivityType=[name=act, version=1]");
    assertThatThrownBy(() -> swf.describeDomain(b -> b.name("no-such-domain")))
        .isInstanceOf(UnknownResourceException.class);
    var dd = swf.describeDomain(b -> b.name(fx.domain));
    assertThat(dd.domainInfo().name()).isEqualTo(fx.domain);
    assertThat(dd.configuration().workflowExecutionRetentionPeriodInDays()).isEqualTo("1");
    SwfFixture.Run run = fx.start();
    assertThatThrownBy(
            () ->
                swf.startWorkflowExecution(
                    b ->
                        b.domain(fx.domain)
                            .workflowId(run.workflowId)
                            .workflowType(t -> t.name("wf").version("1"))))
        .isInstanceOf(WorkflowExecutionAlreadyStartedException.class);
    assertThatThrownBy(
            () ->
                swf.startWorkflowExecution(
                    b ->
                        b.domain(fx.domain)
                            .workflowId("x")
                            .workflowType(t -> t.name("no").version("1"))))
        .isInstanceOf(UnknownResourceException.class)
        .hasMessageStartingWith("Unknown type: WorkflowType=[name=no, version=1]");
  }

  @Test
  void decisions_completeWorkflow_unknownActivityType_andDecisionTokenReuse() {
    SwfFixture.Run run = fx.start();
    PollForDecisionTaskResponse d1 = fx.pollDecision();
    swf.respondDecisionTaskCompleted(
        b ->
            b.taskToken(d1.taskToken())
                .decisions(
                    Decision.builder()
                        .decisionType(DecisionType.SCHEDULE_ACTIVITY_TASK)
                        .scheduleActivityTaskDecisionAttributes(
                            a -> a.activityType(t -> t.name("nope").version("9")).activityId("x"))
                        .build()));
    assertThatThrownBy(() -> swf.respondDecisionTaskCompleted(b -> b.taskToken(d1.taskToken())))
        .isInstanceOf(UnknownResourceException.class);
    PollForDecisionTaskResponse d2 = fx.pollDecision();
    HistoryEvent failed = d2.events().get(d2.events().size() - 3);
    assertThat(failed.eventType()).isEqualTo(EventType.SCHEDULE_ACTIVITY_TASK_FAILED);
    assertThat(failed.scheduleActivityTaskFailedEventAttributes().causeAsString())
        .isEqualTo("ACTIVITY_TYPE_DOES_NOT_EXIST");
    swf.respondDecisionTaskCompleted(
        b ->
            b.taskToken(d2.taskToken())
                .decisions(
                    Decision.builder()
                        .decisionType(DecisionType.COMPLETE_WORKFLOW_EXECUTION)
                        .completeWorkflowExecutionDecisionAttributes(a -> a.result("done"))
                        .build()));
    List<HistoryEvent> h = fx.history(run);
    assertThat(h.get(h.size() - 1).workflowExecutionCompletedEventAttributes().result())
        .isEqualTo("done");
    assertThatThrownBy(() -> swf.respondDecisionTaskCompleted(b -> b.taskToken(d2.taskToken())))
        .isInstanceOf(UnknownResourceException.class)
        .hasMessageStartingWith("Unknown execution: ");
    var page =
        swf.getWorkflowExecutionHistory(
            b ->
                b.domain(fx.domain)
                    .execution(e -> e.workflowId(run.workflowId).runId(run.runId))
                    .maximumPageSize(3));
    assertThat(page.events()).hasSize(3);
    assertThat(page.nextPageToken()).isNotNull();
    assertThat(
            swf
                .getWorkflowExecutionHistoryPaginator(
                    b ->
                        b.domain(fx.domain)
                            .execution(e -> e.workflowId(run.workflowId).runId(run.runId))
                            .maximumPageSize(2))
                .events()
                .stream())
        .hasSize(h.size());
  }

  @Test
  void legacyTargetPrefix_isAccepted() throws Exception {
    var http = java.net.http.HttpClient.newHttpClient();
    var resp =
        http.send(
            java.net.http.HttpRequest.newBuilder(backend.endpoint())
                .header(
                    "X-Amz-Target",
                    "com.amazonaws.swf.service.model.SimpleWorkflowService.DescribeDomain")
                .header("Content-Type", "application/json; charset=UTF-8")
                .POST(
                    java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"name\":\"" + fx.domain + "\"}"))
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(resp.statusCode()).isEqualTo(200);
    assertThat(resp.body()).contains("\"REGISTERED\"");
    assertThat(backend.requestCount("SimpleWorkflowService.DescribeDomain")).isPositive();
  }

  @Test
  void asyncClient_runsTheWorkerSide() {
    try (SwfAsyncClient async = TestClients.swfAsync(backend.endpoint())) {
      SwfFixture.Run run = fx.startAndSchedule("");
      PollForActivityTaskResponse task =
          async
              .pollForActivityTask(
                  b -> b.domain(fx.domain).taskList(t -> t.name(SwfFixture.ACTIVITIES)))
              .join();
      async.recordActivityTaskHeartbeat(b -> b.taskToken(task.taskToken())).join();
      async
          .respondActivityTaskFailed(b -> b.taskToken(task.taskToken()).reason("AsyncReason"))
          .join();
      assertThatThrownBy(
              () -> async.respondActivityTaskFailed(b -> b.taskToken(task.taskToken())).join())
          .hasCauseInstanceOf(UnknownResourceException.class);
      var history =
          async
              .getWorkflowExecutionHistory(
                  b ->
                      b.domain(fx.domain)
                          .execution(e -> e.workflowId(run.workflowId).runId(run.runId)))
              .join()
              .events();
      assertThat(history)
          .filteredOn(e -> e.eventType() == EventType.ACTIVITY_TASK_FAILED)
          .singleElement()
          .satisfies(
              e ->
                  assertThat(e.activityTaskFailedEventAttributes().reason())
                      .isEqualTo("AsyncReason"));
      async
          .describeWorkflowExecution(
              b ->
                  b.domain(fx.domain).execution(e -> e.workflowId(run.workflowId).runId(run.runId)))
          .join();
      var d =
          async
              .pollForDecisionTask(
                  b -> b.domain(fx.domain).taskList(t -> t.name(SwfFixture.DECISIONS)))
              .join();
      async.respondDecisionTaskCompleted(b -> b.taskToken(d.taskToken())).join();
      async.terminateWorkflowExecution(b -> b.domain(fx.domain).workflowId(run.workflowId)).join();
    }
  }

  @Test
  void asyncClient_runsRegistrationAndEveryWorkerReply() {
    try (SwfAsyncClient async = TestClients.swfAsync(backend.endpoint())) {
      String domain = "async-domain";
      async.registerDomain(b -> b.name(domain).workflowExecutionRetentionPeriodInDays("1")).join();
      assertThat(async.describeDomain(b -> b.name(domain)).join().domainInfo().name())
          .isEqualTo(domain);
      async
          .registerWorkflowType(
              b ->
                  b.domain(domain)
                      .name("wf")
                      .version("1")
                      .defaultTaskList(t -> t.name("d"))
                      .defaultExecutionStartToCloseTimeout("600")
                      .defaultTaskStartToCloseTimeout("60")
                      .defaultChildPolicy("TERMINATE"))
          .join();
      async
          .registerActivityType(
              b -> b.domain(domain).name("act").version("1").defaultTaskList(t -> t.name("a")))
          .join();
      String runId =
          async
              .startWorkflowExecution(
                  b ->
                      b.domain(domain).workflowId("w").workflowType(t -> t.name("wf").version("1")))
              .join()
              .runId();
      for (String outcome : new String[] {"completed", "canceled"}) {
        var d = async.pollForDecisionTask(b -> b.domain(domain).taskList(t -> t.name("d"))).join();
        async
            .respondDecisionTaskCompleted(
                b -> b.taskToken(d.taskToken()).decisions(SwfFixture.schedule(outcome, "")))
            .join();
        var task =
            async.pollForActivityTask(b -> b.domain(domain).taskList(t -> t.name("a"))).join();
        if (outcome.equals("completed")) {
          async.respondActivityTaskCompleted(b -> b.taskToken(task.taskToken()).result("r")).join();
        } else {
          async.respondActivityTaskCanceled(b -> b.taskToken(task.taskToken()).details("c")).join();
        }
      }
      var events =
          async
              .getWorkflowExecutionHistory(
                  b -> b.domain(domain).execution(e -> e.workflowId("w").runId(runId)))
              .join()
              .events();
      assertThat(events)
          .extracting(HistoryEvent::eventTypeAsString)
          .contains("ActivityTaskCompleted", "ActivityTaskCanceled");
    }
  }
}
