package dev.taskbridge.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.swf.SwfClient;
import software.amazon.awssdk.services.swf.model.CloseStatus;
import software.amazon.awssdk.services.swf.model.Decision;
import software.amazon.awssdk.services.swf.model.DecisionType;
import software.amazon.awssdk.services.swf.model.EventType;
import software.amazon.awssdk.services.swf.model.HistoryEvent;
import software.amazon.awssdk.services.swf.model.PollForActivityTaskResponse;
import software.amazon.awssdk.services.swf.model.PollForDecisionTaskResponse;
import software.amazon.awssdk.services.swf.model.SwfException;
import software.amazon.awssdk.services.swf.model.UnknownResourceException;

/** SWF decision and execution timeouts, cancellation, markers and unsupported decisions. */
class SwfTimeoutsAndDecisionsTest {
  static LocalBackend backend;
  static ManualClock clock;
  static SwfClient swf;
  SwfFixture fx;

  @BeforeAll
  static void start() {
    clock = new ManualClock();
    backend = LocalBackend.builder().clock(clock).pollMaxWait(Duration.ofMillis(100)).start();
    swf = TestClients.swfNoRetry(backend.endpoint());
  }

  @AfterAll
  static void stop() {
    swf.close();
    backend.close();
  }

  @BeforeEach
  void freshDomain() {
    fx = new SwfFixture(swf);
  }

  private void respond(String token, Decision... decisions) {
    swf.respondDecisionTaskCompleted(b -> b.taskToken(token).decisions(decisions));
  }

  @Test
  void decisionTask_timesOutOnTheClock_andIsRescheduled() {
    SwfFixture.Run run = fx.start();
    PollForDecisionTaskResponse d1 = fx.pollDecision();
    clock.advance(Duration.ofSeconds(60));
    assertThatThrownBy(() -> respond(d1.taskToken()))
        .isInstanceOf(UnknownResourceException.class)
        .hasMessageStartingWith("Unknown decision task");
    assertThat(fx.types(run))
        .containsExactly(
            "WorkflowExecutionStarted",
            "DecisionTaskScheduled",
            "DecisionTaskStarted",
            "DecisionTaskTimedOut",
            "DecisionTaskScheduled");
    PollForDecisionTaskResponse d2 = fx.pollDecision();
    assertThat(d2.taskToken()).isNotEmpty();
    respond(d2.taskToken());
  }

  @Test
  void execution_timesOutOnTheClock_andItsTasksAreGone() {
    SwfFixture.Run run = fx.startAndSchedule("");
    PollForActivityTaskResponse task = fx.pollActivity();
    clock.advance(Duration.ofHours(1));
    var info =
        swf.describeWorkflowExecution(
                b ->
                    b.domain(fx.domain)
                        .execution(e -> e.workflowId(run.workflowId).runId(run.runId)))
            .executionInfo();
    assertThat(info.closeStatus()).isEqualTo(CloseStatus.TIMED_OUT);
    List<HistoryEvent> h = fx.history(run);
    assertThat(h.get(h.size() - 1).eventType()).isEqualTo(EventType.WORKFLOW_EXECUTION_TIMED_OUT);
    assertThatThrownBy(() -> swf.respondActivityTaskFailed(b -> b.taskToken(task.taskToken())))
        .isInstanceOf(UnknownResourceException.class)
        .hasMessageStartingWith(
            "Unknown execution: WorkflowExecution=[workflowId=" + run.workflowId);
  }

  @Test
  void canceledMarkerAndCancelOfUnknownActivity_areRecorded() {
    SwfFixture.Run run = fx.startAndSchedule("");
    PollForActivityTaskResponse task = fx.pollActivity();
    PollForDecisionTaskResponse d = fx.pollDecision();
    assertThat(d.taskToken()).isEmpty();
    // no decision is pending while the activity runs
    assertThat(
            swf.recordActivityTaskHeartbeat(b -> b.taskToken(task.taskToken())).cancelRequested())
        .isFalse();
    swf.respondActivityTaskCanceled(b -> b.taskToken(task.taskToken()).details("stopped"));
    PollForDecisionTaskResponse d2 = fx.pollDecision();
    respond(
        d2.taskToken(),
        SwfFixture.schedule("a2", ""),
        Decision.builder()
            .decisionType(DecisionType.RECORD_MARKER)
            .recordMarkerDecisionAttributes(a -> a.markerName("m").details("x"))
            .build());
    PollForActivityTaskResponse t2 = fx.pollActivity();
    swf.respondActivityTaskCompleted(b -> b.taskToken(t2.taskToken()).result("r"));
    PollForDecisionTaskResponse d3 = fx.pollDecision();
    respond(
        d3.taskToken(),
        Decision.builder()
            .decisionType(DecisionType.REQUEST_CANCEL_ACTIVITY_TASK)
            .requestCancelActivityTaskDecisionAttributes(a -> a.activityId("nope"))
            .build());
    assertThat(fx.types(run))
        .contains(
            "ActivityTaskCanceled",
            "MarkerRecorded",
            "ActivityTaskCompleted",
            "RequestCancelActivityTaskFailed");
  }

  @Test
  void requestCancel_ofAStartedTask_isSeenByTheHeartbeat() {
    SwfFixture.Run run = fx.start();
    PollForDecisionTaskResponse d1 = fx.pollDecision();
    respond(d1.taskToken(), SwfFixture.schedule("slow", ""), SwfFixture.schedule("fast", ""));
    PollForActivityTaskResponse slow = fx.pollActivity();
    PollForActivityTaskResponse fast = fx.pollActivity();
    assertThat(slow.activityId()).isEqualTo("slow");
    swf.respondActivityTaskCompleted(b -> b.taskToken(fast.taskToken()));
    PollForDecisionTaskResponse d2 = fx.pollDecision();
    respond(
        d2.taskToken(),
        Decision.builder()
            .decisionType(DecisionType.REQUEST_CANCEL_ACTIVITY_TASK)
            .requestCancelActivityTaskDecisionAttributes(a -> a.activityId("slow"))
            .build());
    assertThat(
            swf.recordActivityTaskHeartbeat(b -> b.taskToken(slow.taskToken())).cancelRequested())
        .isTrue();
    swf.respondActivityTaskCanceled(b -> b.taskToken(slow.taskToken()));
    assertThat(fx.types(run)).contains("ActivityTaskCancelRequested", "ActivityTaskCanceled");
  }

  @Test
  void unsupportedDecision_isRefusedNotIgnored() {
    fx.start();
    PollForDecisionTaskResponse d = fx.pollDecision();
    assertThatThrownBy(
            () ->
                respond(
                    d.taskToken(),
                    Decision.builder()
                        .decisionType(DecisionType.START_TIMER)
                        .startTimerDecisionAttributes(a -> a.timerId("t").startToFireTimeout("5"))
                        .build()))
        .isExactlyInstanceOf(SwfException.class)
        .hasMessageContaining("StartTimer");
    assertThatThrownBy(
            () ->
                respond(
                    d.taskToken(),
                    Decision.builder().decisionType(DecisionType.SCHEDULE_ACTIVITY_TASK).build()))
        .hasMessageContaining(
            "Value null at 'decisions.1.member.scheduleActivityTaskDecisionAttributes' failed to"
                + " satisfy constraint: Member must not be null");
    respond(d.taskToken());
  }
}
