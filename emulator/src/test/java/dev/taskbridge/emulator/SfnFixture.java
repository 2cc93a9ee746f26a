package dev.taskbridge.emulator;

import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.GetActivityTaskResponse;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

/** Creates activities, state machines and executions through the public API. */
final class SfnFixture {
  static final String ROLE = "arn:aws:iam::123456789012:role/emulator";

  final SfnClient sfn;
  final String activityArn;

  SfnFixture(SfnClient sfn) {
    this.sfn = sfn;
    this.activityArn = sfn.createActivity(b -> b.name("act-" + UUID.randomUUID())).activityArn();
  }

  static String taskDefinition(String activityArn, String taskExtras) {
    return "{\"StartAt\":\"Work\",\"States\":{\"Work\":{\"Type\":\"Task\",\"Resource\":\""
        + activityArn
        + "\""
        + taskExtras
        + ",\"End\":true}}}";
  }

  String machine(String definition) {
    return sfn.createStateMachine(
            b -> b.name("sm-" + UUID.randomUUID()).definition(definition).roleArn(ROLE))
        .stateMachineArn();
  }

  /** Starts an execution of a one-task machine (with extra Task fields) and returns its ARN. */
  String start(String taskExtras) {
    String sm = machine(taskDefinition(activityArn, taskExtras));
    return sfn.startExecution(b -> b.stateMachineArn(sm).input("{\"n\":1}")).executionArn();
  }

  GetActivityTaskResponse poll() {
    return sfn.getActivityTask(b -> b.activityArn(activityArn).workerName("worker-1"));
  }

  /** Starts a one-task execution and takes its task; returns the token. */
  String startAndTake(String taskExtras) {
    start(taskExtras);
    String token = poll().taskToken();
    if (token == null) {
      throw new AssertionError("no task delivered");
    }
    return token;
  }

  List<HistoryEvent> history(String executionArn) {
    return sfn.getExecutionHistory(b -> b.executionArn(executionArn)).events();
  }

  List<String> types(String executionArn) {
    return history(executionArn).stream()
        .map(HistoryEvent::typeAsString)
        .collect(Collectors.toList());
  }
}
