package dev.taskbridge.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnAsyncClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ActivityDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.GetExecutionHistoryResponse;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.InvalidArnException;
import software.amazon.awssdk.services.sfn.model.InvalidDefinitionException;
import software.amazon.awssdk.services.sfn.model.InvalidNameException;
import software.amazon.awssdk.services.sfn.model.InvalidOutputException;
import software.amazon.awssdk.services.sfn.model.InvalidTokenException;
import software.amazon.awssdk.services.sfn.model.StateMachineDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.TaskTimedOutException;

/** State machines, the ASL subset, control operations, and the async client. */
class SfnStateMachineTest {
  static LocalBackend backend;
  static ManualClock clock;
  static SfnClient sfn;
  static SfnFixture fx;

  @BeforeAll
  static void start() {
    clock = new ManualClock();
    backend = LocalBackend.builder().clock(clock).pollMaxWait(Duration.ofMillis(100)).start();
    sfn = TestClients.sfn(backend.endpoint());
    fx = new SfnFixture(sfn);
  }

  @AfterAll
  static void stop() {
    sfn.close();
    backend.close();
  }

  private String catchMachine() {
    String a = fx.activityArn;
    return fx.machine(
        "{\"StartAt\":\"Work\",\"States\":{"
            + "\"Work\":{\"Type\":\"Task\",\"Resource\":\""
            + a
            + "\",\"Next\":\"Done\","
            + "\"Catch\":["
            + "{\"ErrorEquals\":[\"Recoverable\"],\"ResultPath\":\"$.error\",\"Next\":\"Recover\"},"
            + "{\"ErrorEquals\":[\"States.Timeout\"],\"Next\":\"TimedOut\"},"
            + "{\"ErrorEquals\":[\"States.ALL\"],\"Next\":\"Other\"}]},"
            + "\"Recover\":{\"Type\":\"Pass\",\"Result\":\"recovered\",\"ResultPath\":\"$.r\","
            + "\"Next\":\"Done\"},"
            + "\"TimedOut\":{\"Type\":\"Fail\",\"Error\":\"Late\",\"Cause\":\"too slow\"},"
            + "\"Other\":{\"Type\":\"Fail\",\"Error\":\"Unrecoverable\"},"
            + "\"Done\":{\"Type\":\"Succeed\"}}}");
  }

  @Test
  void catch_routesOnExactErrorName_andPlacesErrorAtResultPath() {
    String sm = catchMachine();
    String exec =
        sfn.startExecution(b -> b.stateMachineArn(sm).input("{\"k\":\"v\"}")).executionArn();
    String token = fx.poll().taskToken();

    sfn.sendTaskFailure(b -> b.taskToken(token).error("Recoverable").cause("try again"));

    var d = sfn.describeExecution(b -> b.executionArn(exec));
    assertThat(d.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(d.output())
        .isEqualTo(
            "{\"k\":\"v\",\"error\":{\"Error\":\"Recoverable\",\"Cause\":\"try again\"},"
                + "\"r\":\"recovered\"}");
    assertThat(fx.types(exec))
        .containsExactly(
            "ExecutionStarted",
            "TaskStateEntered",
            "ActivityScheduled",
            "ActivityStarted",
            "ActivityFailed",
            "TaskStateExited",
            "PassStateEntered",
            "PassStateExited",
            "SucceedStateEntered",
            "SucceedStateExited",
            "ExecutionSucceeded");
  }

  @Test
  void catch_statesAll_catchesOtherErrors_andFailStateSetsErrorAndCause() {
    String sm = catchMachine();
    String exec = sfn.startExecution(b -> b.stateMachineArn(sm)).executionArn();
    String token = fx.poll().taskToken();
    sfn.sendTaskFailure(b -> b.taskToken(token).error("recoverable").cause("case differs"));

    var d = sfn.describeExecution(b -> b.executionArn(exec));
    assertThat(d.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(d.error()).isEqualTo("Unrecoverable");
    assertThat(d.cause()).isNull();
    assertThat(fx.types(exec)).endsWith("FailStateEntered", "ExecutionFailed");
  }

  @Test
  void catch_statesTimeout_catchesActivityTimeout() {
    String a = fx.activityArn;
    String sm =
        fx.machine(
            "{\"StartAt\":\"Work\",\"States\":{\"Work\":{\"Type\":\"Task\",\"Resource\":\""
                + a
                + "\",\"TimeoutSeconds\":5,\"End\":true,\"Catch\":["
                + "{\"ErrorEquals\":[\"States.TaskFailed\"],\"Next\":\"Failed\"},"
                + "{\"ErrorEquals\":[\"States.Timeout\"],\"Next\":\"Late\"}]},"
                + "\"Failed\":{\"Type\":\"Fail\",\"Error\":\"TaskFailed\"},"
                + "\"Late\":{\"Type\":\"Fail\",\"Error\":\"Late\"}}}");
    String exec = sfn.startExecution(b -> b.stateMachineArn(sm)).executionArn();
    clock.advance(Duration.ofSeconds(5));
    assertThat(sfn.describeExecution(b -> b.executionArn(exec)).error()).isEqualTo("Late");

    String exec2 = sfn.startExecution(b -> b.stateMachineArn(sm)).executionArn();
    String token = fx.poll().taskToken();
    sfn.sendTaskFailure(b -> b.taskToken(token).error("Anything"));
    assertThat(sfn.describeExecution(b -> b.executionArn(exec2)).error()).isEqualTo("TaskFailed");
  }

  @Test
  void retry_reschedulesAfterIntervalOnTheClock_thenFailsWhenAttemptsAreUsed() {
    String a = fx.activityArn;
    String sm =
        fx.machine(
            "{\"StartAt\":\"Work\",\"States\":{\"Work\":{\"Type\":\"Task\",\"Resource\":\""
                + a
                + "\",\"End\":true,\"Retry\":[{\"ErrorEquals\":[\"Flaky\"],"
                + "\"IntervalSeconds\":2,\"MaxAttempts\":2,\"BackoffRate\":3.0}]}}}");
    String exec = sfn.startExecution(b -> b.stateMachineArn(sm)).executionArn();

    String t1 = fx.poll().taskToken();
    sfn.sendTaskFailure(b -> b.taskToken(t1).error("Flaky").cause("1"));
    assertThat(fx.poll().taskToken()).as("retry waits for the interval").isNull();
    clock.advance(Duration.ofSeconds(2));
    String t2 = fx.poll().taskToken();
    assertThat(t2).isNotNull().isNotEqualTo(t1);
    sfn.sendTaskFailure(b -> b.taskToken(t2).error("Flaky").cause("2"));
    clock.advance(Duration.ofSeconds(5));
    assertThat(fx.poll().taskToken()).as("backoff 2 s x 3").isNull();
    clock.advance(Duration.ofSeconds(1));
    String t3 = fx.poll().taskToken();
    sfn.sendTaskFailure(b -> b.taskToken(t3).error("Flaky").cause("3"));

    var d = sfn.describeExecution(b -> b.executionArn(exec));
    assertThat(d.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(d.cause()).isEqualTo("3");
    assertThat(fx.types(exec).stream().filter("ActivityScheduled"::equals)).hasSize(3);
    assertThatThrownBy(() -> sfn.sendTaskFailure(b -> b.taskToken(t1).error("Flaky")))
        .isInstanceOf(TaskTimedOutException.class);
  }

  @Test
  void createStateMachine_invalidDefinitions_areRefusedWithInvalidDefinition() {
    String a = fx.activityArn;
    List<String> bad =
        List.of(
            "not json",
            "{\"StartAt\":\"X\",\"States\":{\"X\":{\"Type\":\"Wait\",\"End\":true}}}",
            "{\"StartAt\":\"X\",\"States\":{\"X\":{\"Type\":\"Choice\",\"Choices\":[]}}}",
            "{\"StartAt\":\"X\",\"States\":{\"X\":{\"Type\":\"Task\",\"Resource\":"
                + "\"arn:aws:lambda:us-east-1:123456789012:function:f\",\"End\":true}}}",
            "{\"StartAt\":\"X\",\"States\":{\"X\":{\"Type\":\"Task\",\"Resource\":\""
                + a
                + "\",\"Parameters\":{\"a.$\":\"States.Nope()\"},\"End\":true}}}",
            "{\"StartAt\":\"X\",\"States\":{\"X\":{\"Type\":\"Task\",\"Resource\":\""
                + a
                + "\",\"Next\":\"Nowhere\"}}}",
            "{\"StartAt\":\"X\",\"States\":{\"X\":{\"Type\":\"Task\",\"Resource\":\""
                + a
                + "\",\"End\":true,\"Catch\":[{\"ErrorEquals\":[\"States.ALL\",\"E\"],"
                + "\"Next\":\"X\"}]}}}",
            "{\"StartAt\":\"X\",\"States\":{\"X\":{\"Type\":\"Task\",\"Resource\":\""
                + a
                + "\",\"End\":true,\"Retry\":[{\"ErrorEquals\":[\"States.ALL\"]},"
                + "{\"ErrorEquals\":[\"E\"]}]}}}",
            "{\"StartAt\":\"X\",\"States\":{\"X\":{\"Type\":\"Pass\",\"InputPath\":\"a[0]\","
                + "\"End\":true}}}",
            "{\"StartAt\":\"Y\",\"States\":{\"X\":{\"Type\":\"Succeed\"}}}");
    for (String def : bad) {
      assertThatThrownBy(
              () ->
                  sfn.createStateMachine(
                      b -> b.name("bad").definition(def).roleArn(SfnFixture.ROLE)))
          .as(def)
          .isInstanceOf(InvalidDefinitionException.class)
          .hasMessageStartingWith("Invalid State Machine Definition: '");
    }
  }

  @Test
  void controlOperations_describeDeleteAndErrors() {
    String name = "described-activity";
    String arn = sfn.createActivity(b -> b.name(name)).activityArn();
    assertThat(arn).isEqualTo("arn:aws:states:us-east-1:123456789012:activity:" + name);
    assertThat(sfn.createActivity(b -> b.name(name)).activityArn()).isEqualTo(arn);
    var d = sfn.describeActivity(b -> b.activityArn(arn));
    assertThat(d.name()).isEqualTo(name);
    assertThat(d.creationDate()).isEqualTo(clock.now());
    sfn.deleteActivity(b -> b.activityArn(arn));
    assertThatThrownBy(() -> sfn.describeActivity(b -> b.activityArn(arn)))
        .isInstanceOf(ActivityDoesNotExistException.class);
    assertThatThrownBy(() -> sfn.getActivityTask(b -> b.activityArn(arn)))
        .isInstanceOf(ActivityDoesNotExistException.class);
    assertThatThrownBy(() -> sfn.describeActivity(b -> b.activityArn("not-an-arn")))
        .isInstanceOf(InvalidArnException.class);
    assertThatThrownBy(() -> sfn.createActivity(b -> b.name("has space")))
        .isInstanceOf(InvalidNameException.class);

    String def = SfnFixture.taskDefinition(fx.activityArn, "");
    String sm =
        sfn.createStateMachine(b -> b.name("machine-x").definition(def).roleArn(SfnFixture.ROLE))
            .stateMachineArn();
    var dsm = sfn.describeStateMachine(b -> b.stateMachineArn(sm));
    assertThat(dsm.definition()).isEqualTo(def);
    assertThat(dsm.roleArn()).isEqualTo(SfnFixture.ROLE);
    assertThat(dsm.name()).isEqualTo("machine-x");

    String exec = sfn.startExecution(b -> b.stateMachineArn(sm).name("run-1")).executionArn();
    assertThat(exec).isEqualTo("arn:aws:states:us-east-1:123456789012:execution:machine-x:run-1");
    assertThat(sfn.startExecution(b -> b.stateMachineArn(sm).name("run-1")).executionArn())
        .isEqualTo(exec);
    assertThatThrownBy(
            () -> sfn.startExecution(b -> b.stateMachineArn(sm).name("run-1").input("{\"x\":1}")))
        .isInstanceOf(ExecutionAlreadyExistsException.class);
    sfn.deleteStateMachine(b -> b.stateMachineArn(sm));
    assertThatThrownBy(() -> sfn.describeStateMachine(b -> b.stateMachineArn(sm)))
        .isInstanceOf(StateMachineDoesNotExistException.class);
    assertThatThrownBy(() -> sfn.startExecution(b -> b.stateMachineArn(sm)))
        .isInstanceOf(StateMachineDoesNotExistException.class);
    assertThatThrownBy(
            () -> sfn.describeExecution(b -> b.executionArn(exec.replace("run-1", "run-2"))))
        .isInstanceOf(ExecutionDoesNotExistException.class);
    sfn.stopExecution(b -> b.executionArn(exec));
  }

  @Test
  void sendTaskSuccess_withInvalidJsonOutput_returnsInvalidOutput() {
    String token = fx.startAndTake("");
    assertThatThrownBy(() -> sfn.sendTaskSuccess(b -> b.taskToken(token).output("{not json")))
        .isInstanceOf(InvalidOutputException.class);
    sfn.sendTaskSuccess(b -> b.taskToken(token).output("[1,2]"));
  }

  @Test
  void getExecutionHistory_paginatesAndReverses() {
    String exec = fx.start("");
    String token = fx.poll().taskToken();
    sfn.sendTaskFailure(b -> b.taskToken(token).error("E"));

    GetExecutionHistoryResponse page1 =
        sfn.getExecutionHistory(b -> b.executionArn(exec).maxResults(4));
    assertThat(page1.events()).hasSize(4);
    assertThat(page1.nextToken()).isNotNull();
    GetExecutionHistoryResponse page2 =
        sfn.getExecutionHistory(
            b -> b.executionArn(exec).maxResults(4).nextToken(page1.nextToken()));
    assertThat(page2.events()).extracting(HistoryEvent::id).containsExactly(5L, 6L);
    assertThat(page2.nextToken()).isNull();
    assertThat(
            sfn
                .getExecutionHistoryPaginator(b -> b.executionArn(exec).maxResults(1))
                .events()
                .stream())
        .hasSize(6);
    assertThat(
            sfn.getExecutionHistory(b -> b.executionArn(exec).reverseOrder(true))
                .events()
                .get(0)
                .id())
        .isEqualTo(6L);
    var noData =
        sfn.getExecutionHistory(b -> b.executionArn(exec).includeExecutionData(false)).events();
    assertThat(noData.get(0).executionStartedEventDetails().input()).isNull();
    assertThatThrownBy(
            () -> sfn.getExecutionHistory(b -> b.executionArn(exec).nextToken("garbage")))
        .isInstanceOf(InvalidTokenException.class);
  }

  @Test
  void asyncClient_runsTheWholeLifecycle() {
    try (SfnAsyncClient async = TestClients.sfnAsync(backend.endpoint())) {
      String activity = async.createActivity(b -> b.name("async-activity")).join().activityArn();
      String sm =
          async
              .createStateMachine(
                  b ->
                      b.name("async-machine")
                          .definition(SfnFixture.taskDefinition(activity, ""))
                          .roleArn(SfnFixture.ROLE))
              .join()
              .stateMachineArn();
      String exec = async.startExecution(b -> b.stateMachineArn(sm)).join().executionArn();
      String token = async.getActivityTask(b -> b.activityArn(activity)).join().taskToken();
      async.sendTaskHeartbeat(b -> b.taskToken(token)).join();
      async
          .sendTaskFailure(b -> b.taskToken(token).error("AsyncError").cause("async cause"))
          .join();

      assertThatThrownBy(() -> async.sendTaskFailure(b -> b.taskToken(token).error("E")).join())
          .isInstanceOf(CompletionException.class)
          .hasCauseInstanceOf(TaskTimedOutException.class);
      assertThatThrownBy(() -> async.sendTaskFailure(b -> b.taskToken("bogus")).join())
          .hasCauseInstanceOf(InvalidTokenException.class);
      var d = async.describeExecution(b -> b.executionArn(exec)).join();
      assertThat(d.error()).isEqualTo("AsyncError");
      assertThat(d.cause()).isEqualTo("async cause");
      assertThat(async.getExecutionHistory(b -> b.executionArn(exec)).join().events()).hasSize(6);
      async.describeStateMachine(b -> b.stateMachineArn(sm)).join();
      async.describeActivity(b -> b.activityArn(activity)).join();
      async.stopExecution(b -> b.executionArn(exec)).join();
      async.deleteStateMachine(b -> b.stateMachineArn(sm)).join();
      async.deleteActivity(b -> b.activityArn(activity)).join();
    }
  }

  @Test
  void executionTimeoutSeconds_timesOutTheExecutionAndItsTask() {
    String a = fx.activityArn;
    String sm =
        fx.machine(
            "{\"TimeoutSeconds\":10,\"StartAt\":\"Work\",\"States\":{\"Work\":{\"Type\":"
                + "\"Task\",\"Resource\":\""
                + a
                + "\",\"End\":true}}}");
    String exec = sfn.startExecution(b -> b.stateMachineArn(sm)).executionArn();
    String token = fx.poll().taskToken();
    clock.advance(Duration.ofSeconds(10));
    var d = sfn.describeExecution(b -> b.executionArn(exec));
    assertThat(d.status()).isEqualTo(ExecutionStatus.TIMED_OUT);
    assertThat(fx.types(exec)).endsWith("ExecutionTimedOut");
    assertThatThrownBy(() -> sfn.sendTaskSuccess(b -> b.taskToken(token).output("{}")))
        .isInstanceOf(TaskTimedOutException.class);
  }

  @Test
  void passStatePaths_shapeTheTaskInput() {
    String a = fx.activityArn;
    String sm =
        fx.machine(
            "{\"StartAt\":\"Prep\",\"States\":{"
                + "\"Prep\":{\"Type\":\"Pass\",\"Result\":{\"x\":1},\"ResultPath\":\"$.p\","
                + "\"Next\":\"Work\"},"
                + "\"Work\":{\"Type\":\"Task\",\"Resource\":\""
                + a
                + "\",\"InputPath\":\"$.p\","
                + "\"ResultPath\":\"$.out\",\"OutputPath\":\"$.out\",\"End\":true}}}");
    String exec = sfn.startExecution(b -> b.stateMachineArn(sm).input("{\"k\":2}")).executionArn();
    var task = fx.poll();
    assertThat(task.input()).isEqualTo("{\"x\":1}");
    sfn.sendTaskSuccess(b -> b.taskToken(task.taskToken()).output("{\"r\":3}"));
    assertThat(sfn.describeExecution(b -> b.executionArn(exec)).output()).isEqualTo("{\"r\":3}");
  }
}
