package dev.taskbridge.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.GetActivityTaskResponse;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;
import software.amazon.awssdk.services.sfn.model.InvalidTokenException;
import software.amazon.awssdk.services.sfn.model.TaskTimedOutException;

/**
 * Step Functions activity tasks driven by the sync SDK client: the lifecycle rows of wire.md §4.2.
 */
class SfnActivityTaskTest {
  static LocalBackend backend;
  static ManualClock clock;
  static SfnClient sfn;
  static SfnFixture fx;

  @BeforeAll
  static void start() {
    clock = new ManualClock();
    backend = LocalBackend.builder().clock(clock).pollMaxWait(Duration.ofMillis(200)).start();
    sfn = TestClients.sfn(backend.endpoint());
    fx = new SfnFixture(sfn);
  }

  @AfterAll
  static void stop() {
    sfn.close();
    backend.close();
  }

  @Test
  void
      fullExecution_sendTaskFailure_recordsActivityFailedAndExecutionFailedWithSameErrorAndCause() {
    String exec = fx.start("");
    GetActivityTaskResponse task = fx.poll();
    assertThat(task.taskToken()).isNotBlank();
    assertThat(task.input()).isEqualTo("{\"n\":1}");

    sfn.sendTaskFailure(
        b -> b.taskToken(task.taskToken()).error("MyError").cause("it broke: details"));

    List<HistoryEvent> events = fx.history(exec);
    assertThat(events)
        .extracting(HistoryEvent::type)
        .containsExactly(
            HistoryEventType.EXECUTION_STARTED,
            HistoryEventType.TASK_STATE_ENTERED,
            HistoryEventType.ACTIVITY_SCHEDULED,
            HistoryEventType.ACTIVITY_STARTED,
            HistoryEventType.ACTIVITY_FAILED,
            HistoryEventType.EXECUTION_FAILED);
    HistoryEvent failed = events.get(4);
    assertThat(failed.activityFailedEventDetails().error()).isEqualTo("MyError");
    assertThat(failed.activityFailedEventDetails().cause()).isEqualTo("it broke: details");
    HistoryEvent execFailed = events.get(5);
    assertThat(execFailed.executionFailedEventDetails().error()).isEqualTo("MyError");
    assertThat(execFailed.executionFailedEventDetails().cause()).isEqualTo("it broke: details");
    assertThat(events.get(3).activityStartedEventDetails().workerName()).isEqualTo("worker-1");
    assertThat(events.get(2).activityScheduledEventDetails().resource()).isEqualTo(fx.activityArn);
    assertThat(events.get(0).timestamp()).isEqualTo(clock.now());

    var described = sfn.describeExecution(b -> b.executionArn(exec));
    assertThat(described.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(described.error()).isEqualTo("MyError");
    assertThat(described.cause()).isEqualTo("it broke: details");
    assertThat(described.stopDate()).isNotNull();
  }

  @Test
  void sendTaskFailure_withNeitherErrorNorCause_recordsEventsWithoutErrorAndCauseKeys() {
    String exec = fx.start("");
    String token = fx.poll().taskToken();

    sfn.sendTaskFailure(b -> b.taskToken(token));

    List<HistoryEvent> events = fx.history(exec);
    HistoryEvent failed = events.get(4);
    assertThat(failed.type()).isEqualTo(HistoryEventType.ACTIVITY_FAILED);
    assertThat(failed.activityFailedEventDetails().error()).isNull();
    assertThat(failed.activityFailedEventDetails().cause()).isNull();
    assertThat(events.get(5).executionFailedEventDetails().error()).isNull();
    assertThat(backend.sfnHistory(exec).get(4).get("activityFailedEventDetails").size()).isZero();
  }

  @Test
  void sendTaskFailure_secondTime_returnsTaskTimedOut() {
    String token = fx.startAndTake("");
    sfn.sendTaskFailure(b -> b.taskToken(token).error("E").cause("c"));

    assertThatThrownBy(() -> sfn.sendTaskFailure(b -> b.taskToken(token).error("E").cause("c")))
        .isInstanceOf(TaskTimedOutException.class)
        .satisfies(
            e -> {
              TaskTimedOutException t = (TaskTimedOutException) e;
              assertThat(t.statusCode()).isEqualTo(400);
              assertThat(t.awsErrorDetails().errorCode()).isEqualTo("TaskTimedOut");
              assertThat(t.awsErrorDetails().errorMessage())
                  .isEqualTo("Task Timed Out: 'Provided task does not exist anymore'");
              assertThat(t.requestId()).isNotBlank();
            });
  }

  @Test
  void sendTaskFailure_afterSuccess_returnsTaskTimedOut() {
    String exec = fx.start("");
    String token = fx.poll().taskToken();
    sfn.sendTaskSuccess(b -> b.taskToken(token).output("{\"ok\":true}"));

    assertThat(sfn.describeExecution(b -> b.executionArn(exec)).status())
        .isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(sfn.describeExecution(b -> b.executionArn(exec)).output())
        .isEqualTo("{\"ok\":true}");
    assertThat(fx.types(exec))
        .containsSubsequence("ActivitySucceeded", "TaskStateExited", "ExecutionSucceeded");
    assertThatThrownBy(() -> sfn.sendTaskFailure(b -> b.taskToken(token).error("E")))
        .isInstanceOf(TaskTimedOutException.class);
    assertThatThrownBy(() -> sfn.sendTaskSuccess(b -> b.taskToken(token).output("{}")))
        .isInstanceOf(TaskTimedOutException.class);
    assertThatThrownBy(() -> sfn.sendTaskHeartbeat(b -> b.taskToken(token)))
        .isInstanceOf(TaskTimedOutException.class);
  }

  @Test
  void sendTaskFailure_afterTimeout_returnsTaskTimedOut() {
    String exec = fx.start(",\"TimeoutSeconds\":30");
    String token = fx.poll().taskToken();

    clock.advance(Duration.ofSeconds(29));
    sfn.sendTaskHeartbeat(b -> b.taskToken(token));
    clock.advance(Duration.ofSeconds(1));

    assertThatThrownBy(() -> sfn.sendTaskFailure(b -> b.taskToken(token).error("E")))
        .isInstanceOf(TaskTimedOutException.class);
    List<HistoryEvent> events = fx.history(exec);
    HistoryEvent timedOut = events.get(4);
    assertThat(timedOut.type()).isEqualTo(HistoryEventType.ACTIVITY_TIMED_OUT);
    assertThat(timedOut.activityTimedOutEventDetails().error()).isEqualTo("States.Timeout");
    assertThat(events.get(5).executionFailedEventDetails().error()).isEqualTo("States.Timeout");
    assertThat(sfn.describeExecution(b -> b.executionArn(exec)).status())
        .isEqualTo(ExecutionStatus.FAILED);
  }

  @Test
  void sendTaskFailure_afterHeartbeatTimeout_returnsTaskTimedOut() {
    String exec = fx.start(",\"TimeoutSeconds\":100,\"HeartbeatSeconds\":10");
    String token = fx.poll().taskToken();

    clock.advance(Duration.ofSeconds(8));
    sfn.sendTaskHeartbeat(b -> b.taskToken(token));
    clock.advance(Duration.ofSeconds(8));
    sfn.sendTaskHeartbeat(b -> b.taskToken(token));
    clock.advance(Duration.ofSeconds(10));

    assertThatThrownBy(() -> sfn.sendTaskFailure(b -> b.taskToken(token).error("E")))
        .isInstanceOf(TaskTimedOutException.class);
    assertThat(fx.types(exec)).contains("ActivityTimedOut", "ExecutionFailed");
  }

  @Test
  void sendTaskFailure_afterStopExecution_returnsTaskTimedOut() {
    String exec = fx.start("");
    String token = fx.poll().taskToken();

    sfn.stopExecution(b -> b.executionArn(exec).error("Stopped").cause("by test"));

    assertThatThrownBy(() -> sfn.sendTaskFailure(b -> b.taskToken(token).error("E")))
        .isInstanceOf(TaskTimedOutException.class);
    var described = sfn.describeExecution(b -> b.executionArn(exec));
    assertThat(described.status()).isEqualTo(ExecutionStatus.ABORTED);
    HistoryEvent last = fx.history(exec).get(4);
    assertThat(last.type()).isEqualTo(HistoryEventType.EXECUTION_ABORTED);
    assertThat(last.executionAbortedEventDetails().error()).isEqualTo("Stopped");
    assertThat(last.executionAbortedEventDetails().cause()).isEqualTo("by test");
  }

  @Test
  void sendTaskFailure_garbageToken_returnsInvalidToken() {
    for (String garbage : List.of("NoSuchTaskToken", "x", "A".repeat(66), "A".repeat(2048))) {
      assertThatThrownBy(() -> sfn.sendTaskFailure(b -> b.taskToken(garbage).error("E")))
          .isInstanceOf(InvalidTokenException.class)
          .hasMessageStartingWith("Invalid Token: 'Invalid token'");
    }
    assertThatThrownBy(() -> sfn.sendTaskSuccess(b -> b.taskToken("NoSuchTaskToken").output("{}")))
        .isInstanceOf(InvalidTokenException.class);
    assertThatThrownBy(() -> sfn.sendTaskHeartbeat(b -> b.taskToken("NoSuchTaskToken")))
        .isInstanceOf(InvalidTokenException.class);
  }

  @Test
  void sendTaskFailure_tamperedToken_returnsInvalidToken() {
    String token = fx.startAndTake("");
    char mid = token.charAt(30);
    String tampered = token.substring(0, 30) + (mid == 'A' ? 'B' : 'A') + token.substring(31);
    char last = token.charAt(token.length() - 1);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    // the last character of a 49-byte token holds 2 data bits and 4 unused ones
    String paddingBitsChanged =
        token.substring(0, token.length() - 1) + alphabet.charAt(alphabet.indexOf(last) | 1);

    assertThatThrownBy(() -> sfn.sendTaskFailure(b -> b.taskToken(tampered).error("E")))
        .isInstanceOf(InvalidTokenException.class);
    assertThatThrownBy(() -> sfn.sendTaskFailure(b -> b.taskToken(paddingBitsChanged).error("E")))
        .isInstanceOf(InvalidTokenException.class);
    sfn.sendTaskFailure(b -> b.taskToken(token).error("E"));
  }

  @Test
  void getActivityTask_idle_returnsNoToken() {
    String idleActivity = sfn.createActivity(b -> b.name("idle-activity")).activityArn();
    GetActivityTaskResponse r = sfn.getActivityTask(b -> b.activityArn(idleActivity));
    assertThat(r.taskToken()).isNull();
    assertThat(r.input()).isNull();
  }

  @Test
  void sendTaskHeartbeat_keepsTaskAliveAndSuccessCompletesExecution() {
    String exec = fx.start(",\"HeartbeatSeconds\":5");
    String token = fx.poll().taskToken();
    for (int i = 0; i < 5; i++) {
      clock.advance(Duration.ofSeconds(4));
      sfn.sendTaskHeartbeat(b -> b.taskToken(token));
    }
    sfn.sendTaskSuccess(b -> b.taskToken(token).output("{\"done\":1}"));
    assertThat(sfn.describeExecution(b -> b.executionArn(exec)).status())
        .isEqualTo(ExecutionStatus.SUCCEEDED);
  }
}
