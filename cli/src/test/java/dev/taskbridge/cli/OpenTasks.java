package dev.taskbridge.cli;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ActivityFailedEventDetails;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;
import software.amazon.awssdk.services.swf.SwfClient;
import software.amazon.awssdk.services.swf.model.ActivityTaskFailedEventAttributes;
import software.amazon.awssdk.services.swf.model.ActivityType;
import software.amazon.awssdk.services.swf.model.ChildPolicy;
import software.amazon.awssdk.services.swf.model.Decision;
import software.amazon.awssdk.services.swf.model.DecisionType;
import software.amazon.awssdk.services.swf.model.EventType;
import software.amazon.awssdk.services.swf.model.TaskList;
import software.amazon.awssdk.services.swf.model.WorkflowExecution;
import software.amazon.awssdk.services.swf.model.WorkflowType;

/**
 * Opens real activity tasks on an endpoint through the services' public APIs, and reads back what
 * the history recorded, for the end-to-end tests of {@code report}.
 */
final class OpenTasks implements AutoCloseable {

  /** An open SFN task. */
  record SfnTask(String token, String executionArn) {}

  /** An open SWF task. */
  record SwfTask(String token, String domain, String workflowId, String runId) {}

  private final SfnClient sfn;
  private final SwfClient swf;
  private final String domain = "cli-test-" + UUID.randomUUID();
  private final WorkflowType workflowType = WorkflowType.builder().name("wf").version("1").build();
  private final ActivityType activityType =
      ActivityType.builder().name("work").version("1").build();
  private boolean swfRegistered;
  private int counter;

  OpenTasks(URI endpoint) {
    var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "x"));
    this.sfn =
        SfnClient.builder()
            .endpointOverride(endpoint)
            .region(Region.US_EAST_1)
            .credentialsProvider(credentials)
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .build();
    this.swf =
        SwfClient.builder()
            .endpointOverride(endpoint)
            .region(Region.US_EAST_1)
            .credentialsProvider(credentials)
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .build();
  }

  SfnClient sfn() {
    return sfn;
  }

  /** CreateActivity, CreateStateMachine with a Task on it, StartExecution, GetActivityTask. */
  SfnTask openSfn() {
    String name = "cli-" + UUID.randomUUID();
    String activityArn = sfn.createActivity(b -> b.name(name)).activityArn();
    String definition =
        "{\"StartAt\":\"Work\",\"States\":{\"Work\":{\"Type\":\"Task\",\"Resource\":\""
            + activityArn
            + "\",\"TimeoutSeconds\":600,\"End\":true}}}";
    String stateMachineArn =
        sfn.createStateMachine(
                b ->
                    b.name(name)
                        .roleArn("arn:aws:iam::123456789012:role/cli-test")
                        .definition(definition))
            .stateMachineArn();
    String executionArn =
        sfn.startExecution(b -> b.stateMachineArn(stateMachineArn).input("{}")).executionArn();
    String token = sfn.getActivityTask(b -> b.activityArn(activityArn).workerName("t")).taskToken();
    return new SfnTask(Objects.requireNonNull(token, "no SFN task"), executionArn);
  }

  /** The ActivityFailed events of the execution. */
  List<ActivityFailedEventDetails> sfnFailures(SfnTask task) {
    return sfn.getExecutionHistory(b -> b.executionArn(task.executionArn())).events().stream()
        .filter(e -> e.type() == HistoryEventType.ACTIVITY_FAILED)
        .map(e -> e.activityFailedEventDetails())
        .toList();
  }

  /**
   * RegisterDomain/WorkflowType/ActivityType (once), StartWorkflowExecution, a decision that
   * schedules the activity, PollForActivityTask.
   */
  SwfTask openSwf() {
    if (!swfRegistered) {
      swf.registerDomain(b -> b.name(domain).workflowExecutionRetentionPeriodInDays("1"));
      swf.registerWorkflowType(
          b ->
              b.domain(domain)
                  .name(workflowType.name())
                  .version(workflowType.version())
                  .defaultChildPolicy(ChildPolicy.TERMINATE)
                  .defaultExecutionStartToCloseTimeout("3600")
                  .defaultTaskStartToCloseTimeout("60"));
      swf.registerActivityType(
          b ->
              b.domain(domain)
                  .name(activityType.name())
                  .version(activityType.version())
                  .defaultTaskHeartbeatTimeout("NONE")
                  .defaultTaskScheduleToStartTimeout("300")
                  .defaultTaskScheduleToCloseTimeout("600")
                  .defaultTaskStartToCloseTimeout("300"));
      swfRegistered = true;
    }
    int n = ++counter;
    String workflowId = "wf-" + n;
    TaskList decisions = TaskList.builder().name("decisions-" + n).build();
    TaskList activities = TaskList.builder().name("activities-" + n).build();
    String runId =
        swf.startWorkflowExecution(
                b ->
                    b.domain(domain)
                        .workflowId(workflowId)
                        .workflowType(workflowType)
                        .taskList(decisions))
            .runId();
    String decisionToken =
        swf.pollForDecisionTask(b -> b.domain(domain).taskList(decisions).identity("t"))
            .taskToken();
    swf.respondDecisionTaskCompleted(
        b ->
            b.taskToken(decisionToken)
                .decisions(
                    Decision.builder()
                        .decisionType(DecisionType.SCHEDULE_ACTIVITY_TASK)
                        .scheduleActivityTaskDecisionAttributes(
                            a ->
                                a.activityType(activityType)
                                    .activityId("work")
                                    .taskList(activities))
                        .build()));
    String token =
        swf.pollForActivityTask(b -> b.domain(domain).taskList(activities).identity("t"))
            .taskToken();
    return new SwfTask(Objects.requireNonNull(token, "no SWF task"), domain, workflowId, runId);
  }

  /** The ActivityTaskFailed events of the workflow execution. */
  List<ActivityTaskFailedEventAttributes> swfFailures(SwfTask task) {
    WorkflowExecution execution =
        WorkflowExecution.builder().workflowId(task.workflowId()).runId(task.runId()).build();
    return swf
        .getWorkflowExecutionHistory(b -> b.domain(task.domain()).execution(execution))
        .events()
        .stream()
        .filter(e -> e.eventType() == EventType.ACTIVITY_TASK_FAILED)
        .map(e -> e.activityTaskFailedEventAttributes())
        .toList();
  }

  @Override
  public void close() {
    sfn.close();
    swf.close();
  }
}
