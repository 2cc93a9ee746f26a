package dev.taskbridge.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;
import software.amazon.awssdk.services.sfn.model.InvalidDefinitionException;
import software.amazon.awssdk.services.sfn.model.InvalidOutputException;
import software.amazon.awssdk.services.sfn.model.Tag;
import software.amazon.awssdk.services.sfn.model.TaskTimedOutException;
import software.amazon.awssdk.services.sfn.model.ValidateStateMachineDefinitionResultCode;

/** Callback tasks, task handlers, the control operations, and requests applied whole. */
class SfnCallbackAndControlTest {
  static LocalBackend backend;
  static ManualClock clock;
  static SfnClient sfn;
  static SfnFixture fx;

  static final String SQS = "arn:aws:states:::sqs:sendMessage.waitForTaskToken";
  static final String LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:double";

  @BeforeAll
  static void start() {
    clock = new ManualClock();
    backend = LocalBackend.builder().clock(clock).pollMaxWait(Duration.ofMillis(100)).start();
    backend.registerTaskHandler(
        LAMBDA,
        input -> {
          int n = Integer.parseInt(input.replaceAll("[^0-9]", ""));
          if (n > 100) {
            throw new TaskFailure("TooBig", "n > 100");
          }
          return "{\"doubled\":" + (2 * n) + "}";
        });
    sfn = TestClients.sfn(backend.endpoint());
    fx = new SfnFixture(sfn);
  }

  @AfterAll
  static void stop() {
    sfn.close();
    backend.close();
  }

  private static String callbackMachine(String extras) {
    return fx.machine(
        "{\"StartAt\":\"Send\",\"States\":{\"Send\":{\"Type\":\"Task\",\"Resource\":\""
            + SQS
            + "\",\"Parameters\":{\"QueueUrl\":\"q\",\"MessageBody\":{\"Token.$\":\"$$.Task.Token\","
            + "\"Order.$\":\"$.order\"}},\"ResultPath\":\"$.reply\""
            + extras
            + ",\"End\":true}}}");
  }

  private static PendingCallback pendingFor(String exec) {
    return backend.pendingCallbacks().stream()
        .filter(p -> p.executionArn().equals(exec))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void callback_handsOutTheTokenInTaskScheduledAndTheJavaApi_andResumesOnSendTaskSuccess()
      throws Exception {
    String sm = callbackMachine("");
    String exec =
        sfn.startExecution(b -> b.stateMachineArn(sm).input("{\"order\":7}")).executionArn();

    PendingCallback p = pendingFor(exec);
    assertThat(p.resource()).isEqualTo(SQS);
    assertThat(p.stateName()).isEqualTo("Send");
    assertThat(p.parameters()).contains(p.taskToken()).contains("\"Order\":7");
    assertThat(p.toString()).doesNotContain(p.taskToken());
    HistoryEvent scheduled =
        fx.history(exec).stream()
            .filter(e -> e.type() == HistoryEventType.TASK_SCHEDULED)
            .findFirst()
            .orElseThrow();
    assertThat(scheduled.taskScheduledEventDetails().resourceType()).isEqualTo("sqs");
    assertThat(scheduled.taskScheduledEventDetails().resource())
        .isEqualTo("sendMessage.waitForTaskToken");
    assertThat(scheduled.taskScheduledEventDetails().parameters()).isEqualTo(p.parameters());

    ControlPlaneTest.Answer listed =
        ControlPlaneTest.call(backend.endpoint(), "GET", "/_taskbridge/sfn/callbacks", "");
    assertThat(listed.status()).isEqualTo(200);
    assertThat(listed.body().get("callbacks").findValuesAsText("taskToken"))
        .contains(p.taskToken());

    sfn.sendTaskHeartbeat(b -> b.taskToken(p.taskToken()));
    sfn.sendTaskSuccess(b -> b.taskToken(p.taskToken()).output("{\"ok\":true}"));

    var d = sfn.describeExecution(b -> b.executionArn(exec));
    assertThat(d.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(d.output()).isEqualTo("{\"order\":7,\"reply\":{\"ok\":true}}");
    assertThat(backend.pendingCallbacks()).noneMatch(x -> x.executionArn().equals(exec));
    assertThatThrownBy(() -> sfn.sendTaskSuccess(b -> b.taskToken(p.taskToken()).output("{}")))
        .isInstanceOf(TaskTimedOutException.class);
  }

  @Test
  void callback_heartbeatSecondsExpire_withStatesTimeout_caughtByHeartbeatTimeout() {
    String sm =
        fx.machine(
            "{\"StartAt\":\"Send\",\"States\":{\"Send\":{\"Type\":\"Task\",\"Resource\":\""
                + SQS
                + "\",\"HeartbeatSeconds\":5,\"TimeoutSeconds\":60,"
                + "\"Parameters\":{\"T.$\":\"$$.Task.Token\"},\"End\":true,"
                + "\"Catch\":[{\"ErrorEquals\":[\"States.HeartbeatTimeout\"],\"Next\":\"Late\"}]},"
                + "\"Late\":{\"Type\":\"Pass\",\"End\":true}}}");
    String exec = sfn.startExecution(b -> b.stateMachineArn(sm)).executionArn();
    PendingCallback p = pendingFor(exec);
    clock.advance(Duration.ofSeconds(4));
    sfn.sendTaskHeartbeat(b -> b.taskToken(p.taskToken()));
    clock.advance(Duration.ofSeconds(4));
    assertThat(sfn.describeExecution(b -> b.executionArn(exec)).status())
        .isEqualTo(ExecutionStatus.RUNNING);
    clock.advance(Duration.ofSeconds(2));
    var d = sfn.describeExecution(b -> b.executionArn(exec));
    assertThat(d.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(d.output()).contains("States.Timeout");
  }

  @Test
  void taskHandler_servesItsResource_andItsFailureIsCaught() {
    String def =
        "{\"StartAt\":\"Double\",\"States\":{\"Double\":{\"Type\":\"Task\",\"Resource\":\""
            + LAMBDA
            + "\",\"ResultSelector\":{\"v.$\":\"$.doubled\"},\"End\":true,"
            + "\"Catch\":[{\"ErrorEquals\":[\"TooBig\"],\"Next\":\"Big\"}]},"
            + "\"Big\":{\"Type\":\"Pass\",\"Result\":\"big\",\"End\":true}}}";
    String sm = fx.machine(def);
    String e1 = sfn.startExecution(b -> b.stateMachineArn(sm).input("{\"n\":21}")).executionArn();
    assertThat(sfn.describeExecution(b -> b.executionArn(e1)).output()).isEqualTo("{\"v\":42}");
    String e2 = sfn.startExecution(b -> b.stateMachineArn(sm).input("{\"n\":101}")).executionArn();
    assertThat(sfn.describeExecution(b -> b.executionArn(e2)).output()).isEqualTo("\"big\"");
  }

  @Test
  void resourceWithoutHandler_isRefusedNamingIt() {
    String other = "arn:aws:lambda:us-east-1:123456789012:function:unregistered";
    assertThatThrownBy(
            () ->
                fx.machine(
                    "{\"StartAt\":\"X\",\"States\":{\"X\":{\"Type\":\"Task\",\"Resource\":\""
                        + other
                        + "\",\"End\":true}}}"))
        .isInstanceOf(InvalidDefinitionException.class)
        .hasMessageContaining(other)
        .hasMessageContaining("register a task handler");
  }

  @Test
  void deeplyNestedOutputWithResultPath_isRefusedWhole_withInvalidOutput() {
    String token = fx.startAndTake(",\"ResultPath\":\"$.a.b\"");
    String deep = "[".repeat(1001) + "]".repeat(1001);
    assertThatThrownBy(() -> sfn.sendTaskSuccess(b -> b.taskToken(token).output(deep)))
        .isInstanceOf(InvalidOutputException.class);
    // nothing was applied: the task is still open and takes a good output
    String ok = "[".repeat(999) + "]".repeat(999);
    sfn.sendTaskSuccess(b -> b.taskToken(token).output(ok));
    assertThat(backend.openActivityTasks()).isZero();
  }

  @Test
  void deeplyNestedOutputWithinTheLimit_placedAtResultPath_succeedsTheExecution() {
    String exec = fx.start(",\"ResultPath\":\"$.a.b\"");
    String token = fx.poll().taskToken();
    String deep = "[".repeat(1000) + "]".repeat(1000);
    sfn.sendTaskSuccess(b -> b.taskToken(token).output(deep));
    var d = sfn.describeExecution(b -> b.executionArn(exec));
    assertThat(d.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(d.output()).startsWith("{\"n\":1,\"a\":{\"b\":[[[");
  }

  @Test
  void sendTaskSuccess_outputIsMeasuredInUtf8Bytes() {
    String token = fx.startAndTake("");
    String tooBig = "\"" + "é".repeat(131072) + "\"";
    assertThatThrownBy(() -> sfn.sendTaskSuccess(b -> b.taskToken(token).output(tooBig)))
        .hasMessageContaining("262144");
    String fits = "\"" + "é".repeat(131070) + "\"";
    sfn.sendTaskSuccess(b -> b.taskToken(token).output(fits));
  }

  @Test
  void listsTagsAndValidate() {
    String name = "listed-" + UUID.randomUUID();
    String sm =
        sfn.createStateMachine(
                b ->
                    b.name(name)
                        .roleArn(SfnFixture.ROLE)
                        .definition(
                            "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}")
                        .tags(Tag.builder().key("team").value("a").build()))
            .stateMachineArn();
    assertThat(sfn.listStateMachinesPaginator(b -> b.maxResults(1)).stateMachines().stream())
        .anyMatch(m -> m.stateMachineArn().equals(sm));
    String exec = sfn.startExecution(b -> b.stateMachineArn(sm)).executionArn();
    assertThat(
            sfn.listExecutions(b -> b.stateMachineArn(sm).statusFilter("SUCCEEDED")).executions())
        .extracting(e -> e.executionArn())
        .containsExactly(exec);
    assertThat(sfn.listExecutions(b -> b.stateMachineArn(sm).statusFilter("RUNNING")).executions())
        .isEmpty();
    assertThat(sfn.listActivities(b -> b.maxResults(1000)).activities())
        .anyMatch(a -> a.activityArn().equals(fx.activityArn));

    sfn.tagResource(b -> b.resourceArn(sm).tags(Tag.builder().key("env").value("x").build()));
    sfn.untagResource(b -> b.resourceArn(sm).tagKeys("team"));
    assertThat(sfn.listTagsForResource(b -> b.resourceArn(sm)).tags())
        .extracting(Tag::key)
        .containsExactly("env");

    var ok =
        sfn.validateStateMachineDefinition(
            b ->
                b.definition(
                    "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}"));
    assertThat(ok.result()).isEqualTo(ValidateStateMachineDefinitionResultCode.OK);
    var bad =
        sfn.validateStateMachineDefinition(
            b ->
                b.definition(
                    "{\"StartAt\":\"Q\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}"));
    assertThat(bad.result()).isEqualTo(ValidateStateMachineDefinitionResultCode.FAIL);
    assertThat(bad.diagnostics().get(0).code()).isEqualTo("MISSING_TRANSITION_TARGET");
    assertThat(bad.diagnostics().get(0).location()).isEqualTo("/StartAt");
  }

  @Test
  void mapOverActivities_respectsMaxConcurrency_andCollectsResultsInOrder() {
    String sm =
        fx.machine(
            "{\"StartAt\":\"M\",\"States\":{\"M\":{\"Type\":\"Map\",\"MaxConcurrency\":2,"
                + "\"ItemsPath\":\"$.items\",\"ItemSelector\":{\"i.$\":\"$$.Map.Item.Index\","
                + "\"v.$\":\"$$.Map.Item.Value\"},\"ItemProcessor\":{\"StartAt\":\"W\",\"States\":{"
                + "\"W\":{\"Type\":\"Task\",\"Resource\":\""
                + fx.activityArn
                + "\",\"End\":true}}},\"End\":true}}}");
    String exec =
        sfn.startExecution(b -> b.stateMachineArn(sm).input("{\"items\":[\"a\",\"b\",\"c\"]}"))
            .executionArn();
    var t1 = fx.poll();
    var t2 = fx.poll();
    assertThat(fx.poll().taskToken()).as("MaxConcurrency 2").isNull();
    sfn.sendTaskSuccess(b -> b.taskToken(t2.taskToken()).output(t2.input()));
    var t3 = fx.poll();
    sfn.sendTaskSuccess(b -> b.taskToken(t3.taskToken()).output(t3.input()));
    sfn.sendTaskSuccess(b -> b.taskToken(t1.taskToken()).output(t1.input()));
    var d = sfn.describeExecution(b -> b.executionArn(exec));
    assertThat(d.output())
        .isEqualTo("[{\"i\":0,\"v\":\"a\"},{\"i\":1,\"v\":\"b\"},{\"i\":2,\"v\":\"c\"}]");
    List<String> types = fx.types(exec);
    assertThat(types).contains("MapStateStarted", "MapIterationStarted", "MapStateSucceeded");
  }

  @Test
  void waitOnTheEmulatorClock() {
    String sm =
        fx.machine(
            "{\"StartAt\":\"W\",\"States\":{\"W\":{\"Type\":\"Wait\",\"SecondsPath\":\"$.s\","
                + "\"Next\":\"D\"},\"D\":{\"Type\":\"Succeed\"}}}");
    String exec = sfn.startExecution(b -> b.stateMachineArn(sm).input("{\"s\":30}")).executionArn();
    clock.advance(Duration.ofSeconds(29));
    assertThat(sfn.describeExecution(b -> b.executionArn(exec)).status())
        .isEqualTo(ExecutionStatus.RUNNING);
    clock.advance(Duration.ofSeconds(1));
    assertThat(sfn.describeExecution(b -> b.executionArn(exec)).status())
        .isEqualTo(ExecutionStatus.SUCCEEDED);
  }
}
