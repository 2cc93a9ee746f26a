package com.example.emulatortest;

import dev.taskbridge.api.Backend;
import dev.taskbridge.api.TaskFailureReporter;
import dev.taskbridge.api.TaskToken;
import dev.taskbridge.emulator.LocalBackend;
import dev.taskbridge.sfn.SfnTaskFailureReporter;
import dev.taskbridge.swf.SwfTaskFailureReporter;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.swf.SwfClient;
import software.amazon.awssdk.services.swf.model.ChildPolicy;
import software.amazon.awssdk.services.swf.model.Decision;
import software.amazon.awssdk.services.swf.model.DecisionType;
import software.amazon.awssdk.services.swf.model.PollForDecisionTaskResponse;

/**
 * SDK clients for both backends of one emulator, and open activity tasks taken through the
 * services' public APIs, as a worker takes them.
 */
final class TwoBackends implements AutoCloseable {

  static final String SEND_TASK_FAILURE = "AWSStepFunctions.SendTaskFailure";
  static final String RESPOND_ACTIVITY_TASK_FAILED =
      "SimpleWorkflowService.RespondActivityTaskFailed";

  private final SfnClient sfn;
  private final SwfClient swf;

  TwoBackends(LocalBackend backend) {
    StaticCredentialsProvider credentials =
        StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "secret"));
    sfn =
        SfnClient.builder()
            .endpointOverride(backend.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(credentials)
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .build();
    swf =
        SwfClient.builder()
            .endpointOverride(backend.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(credentials)
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .build();
  }

  TaskFailureReporter reporter(Backend kind) {
    return kind == Backend.SFN
        ? SfnTaskFailureReporter.create(sfn)
        : SwfTaskFailureReporter.create(swf);
  }

  /** The wire operation that reports a failure on {@code kind}. */
  static String reportOperation(Backend kind) {
    return kind == Backend.SFN ? SEND_TASK_FAILURE : RESPOND_ACTIVITY_TASK_FAILED;
  }

  /** Opens one activity task that times out without a heartbeat for {@code heartbeatSeconds}. */
  TaskToken openTask(Backend kind, int heartbeatSeconds) {
    String name = "t-" + UUID.randomUUID();
    String token =
        kind == Backend.SFN ? openSfn(name, heartbeatSeconds) : openSwf(name, heartbeatSeconds);
    return TaskToken.of(kind, token);
  }

  private String openSfn(String name, int heartbeatSeconds) {
    String activity = sfn.createActivity(b -> b.name(name)).activityArn();
    String definition =
        "{\"StartAt\":\"Work\",\"States\":{\"Work\":{\"Type\":\"Task\",\"Resource\":\""
            + activity
            + "\",\"TimeoutSeconds\":3600,\"HeartbeatSeconds\":"
            + heartbeatSeconds
            + ",\"End\":true}}}";
    String machine =
        sfn.createStateMachine(
                b ->
                    b.name(name)
                        .definition(definition)
                        .roleArn("arn:aws:iam::123456789012:role/example"))
            .stateMachineArn();
    sfn.startExecution(b -> b.stateMachineArn(machine).input("{}"));
    return present(sfn.getActivityTask(b -> b.activityArn(activity)).taskToken());
  }

  private String openSwf(String domain, int heartbeatSeconds) {
    swf.registerDomain(b -> b.name(domain).workflowExecutionRetentionPeriodInDays("1"));
    swf.registerWorkflowType(
        b ->
            b.domain(domain)
                .name("wf")
                .version("1")
                .defaultTaskList(t -> t.name("decisions"))
                .defaultExecutionStartToCloseTimeout("3600")
                .defaultTaskStartToCloseTimeout("60")
                .defaultChildPolicy(ChildPolicy.TERMINATE));
    swf.registerActivityType(
        b ->
            b.domain(domain)
                .name("work")
                .version("1")
                .defaultTaskList(t -> t.name("activities"))
                .defaultTaskScheduleToStartTimeout("NONE")
                .defaultTaskScheduleToCloseTimeout("NONE")
                .defaultTaskStartToCloseTimeout("NONE")
                .defaultTaskHeartbeatTimeout(Integer.toString(heartbeatSeconds)));
    swf.startWorkflowExecution(
        b -> b.domain(domain).workflowId("wf-1").workflowType(t -> t.name("wf").version("1")));
    PollForDecisionTaskResponse decision =
        swf.pollForDecisionTask(b -> b.domain(domain).taskList(t -> t.name("decisions")));
    Decision schedule =
        Decision.builder()
            .decisionType(DecisionType.SCHEDULE_ACTIVITY_TASK)
            .scheduleActivityTaskDecisionAttributes(
                a -> a.activityType(t -> t.name("work").version("1")).activityId("a1"))
            .build();
    swf.respondDecisionTaskCompleted(b -> b.taskToken(decision.taskToken()).decisions(schedule));
    return present(
        swf.pollForActivityTask(b -> b.domain(domain).taskList(t -> t.name("activities")))
            .taskToken());
  }

  private static String present(String token) {
    if (token == null || token.isEmpty()) {
      throw new AssertionError("the emulator delivered no task");
    }
    return token;
  }

  @Override
  public void close() {
    sfn.close();
    swf.close();
  }
}
