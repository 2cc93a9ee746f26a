package dev.taskbridge.contract;

import java.net.URI;
import java.util.List;
import java.util.UUID;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.swf.SwfClient;
import software.amazon.awssdk.services.swf.model.ActivityType;
import software.amazon.awssdk.services.swf.model.ChildPolicy;
import software.amazon.awssdk.services.swf.model.Decision;
import software.amazon.awssdk.services.swf.model.DecisionType;
import software.amazon.awssdk.services.swf.model.TaskList;
import software.amazon.awssdk.services.swf.model.WorkflowExecution;
import software.amazon.awssdk.services.swf.model.WorkflowType;

/**
 * Schedules real activity tasks through the services' public APIs, as a state machine or a decider
 * would, and reads back what the history recorded: the task-opening fixture of the bindings'
 * integration tests. Works against the emulator and any other endpoint of either service.
 */
public final class EmulatorTasks implements AutoCloseable {

  /** A Step Functions task waiting on its activity. */
  public record SfnScheduled(String activityArn, String executionArn) {}

  /** An SWF activity task waiting on its task list. */
  public record SwfScheduled(String domain, String taskList, String workflowId, String runId) {

    /** The workflow execution, as SWF names it. */
    public WorkflowExecution execution() {
      return WorkflowExecution.builder().workflowId(workflowId).runId(runId).build();
    }
  }

  private final SfnClient sfn;
  private final SwfClient swf;
  private final String domain = "contract-" + UUID.randomUUID();
  private final WorkflowType workflowType = WorkflowType.builder().name("wf").version("1").build();
  private final ActivityType activityType =
      ActivityType.builder().name("work").version("1").build();
  private boolean swfRegistered;
  private int counter;

  /** Fixtures over clients pointed at {@code endpoint}, with dummy credentials. */
  public EmulatorTasks(URI endpoint) {
    this.sfn =
        TestClients.local(SfnClient.builder(), endpoint, true)
            .httpClientBuilder(
                software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.builder())
            .build();
    this.swf =
        TestClients.local(SwfClient.builder(), endpoint, true)
            .httpClientBuilder(
                software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.builder())
            .build();
  }

  /** The Step Functions client the fixtures use. */
  public SfnClient sfn() {
    return sfn;
  }

  /** The SWF client the fixtures use. */
  public SwfClient swf() {
    return swf;
  }

  /**
   * CreateActivity, CreateStateMachine with one Task state on it, StartExecution: the task waits
   * for a {@code GetActivityTask} on the activity.
   *
   * @param heartbeatSeconds the Task state's {@code HeartbeatSeconds}, or 0 for none
   */
  public SfnScheduled scheduleSfn(int heartbeatSeconds) {
    String name = "contract-" + UUID.randomUUID();
    String activityArn = sfn.createActivity(b -> b.name(name)).activityArn();
    String definition =
        "{\"StartAt\":\"Work\",\"States\":{\"Work\":{\"Type\":\"Task\",\"Resource\":\""
            + activityArn
            + "\",\"TimeoutSeconds\":600"
            + (heartbeatSeconds > 0 ? ",\"HeartbeatSeconds\":" + heartbeatSeconds : "")
            + ",\"End\":true}}}";
    String stateMachineArn =
        sfn.createStateMachine(
                b ->
                    b.name(name)
                        .roleArn("arn:aws:iam::123456789012:role/contract-test")
                        .definition(definition))
            .stateMachineArn();
    String executionArn =
        sfn.startExecution(b -> b.stateMachineArn(stateMachineArn).input("{\"n\":1}"))
            .executionArn();
    return new SfnScheduled(activityArn, executionArn);
  }

  /** The execution's history, oldest first. */
  public List<HistoryEvent> sfnHistory(SfnScheduled task) {
    return sfn.getExecutionHistory(b -> b.executionArn(task.executionArn())).events();
  }

  /**
   * RegisterDomain, WorkflowType and ActivityType (once), StartWorkflowExecution, and a decision
   * that schedules the activity on a task list of its own: the task waits for a {@code
   * PollForActivityTask} there.
   */
  public SwfScheduled scheduleSwf() {
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
                        .taskList(decisions)
                        .input("input-" + n))
            .runId();
    String decisionToken =
        swf.pollForDecisionTask(b -> b.domain(domain).taskList(decisions).identity("decider"))
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
                                    .activityId("work-" + n)
                                    .input("activity-input-" + n)
                                    .taskList(activities))
                        .build()));
    return new SwfScheduled(domain, activities.name(), workflowId, runId);
  }

  /** The workflow execution's history, oldest first. */
  public List<software.amazon.awssdk.services.swf.model.HistoryEvent> swfHistory(
      SwfScheduled task) {
    return swf.getWorkflowExecutionHistory(b -> b.domain(task.domain()).execution(task.execution()))
        .events();
  }

  @Override
  public void close() {
    sfn.close();
    swf.close();
  }
}
