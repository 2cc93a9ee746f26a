package dev.taskbridge.conformance;

import dev.taskbridge.api.Backend;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.swf.SwfClient;
import software.amazon.awssdk.services.swf.model.ActivityType;
import software.amazon.awssdk.services.swf.model.ChildPolicy;
import software.amazon.awssdk.services.swf.model.Decision;
import software.amazon.awssdk.services.swf.model.DecisionType;
import software.amazon.awssdk.services.swf.model.EventType;
import software.amazon.awssdk.services.swf.model.HistoryEvent;
import software.amazon.awssdk.services.swf.model.PollForActivityTaskResponse;
import software.amazon.awssdk.services.swf.model.PollForDecisionTaskResponse;
import software.amazon.awssdk.services.swf.model.TaskList;
import software.amazon.awssdk.services.swf.model.WorkflowExecution;
import software.amazon.awssdk.services.swf.model.WorkflowType;

/**
 * Opens SWF activity tasks: a workflow execution, a decider that schedules the activity, and a poll
 * for it.
 */
final class SwfDriver implements BackendDriver {

  private static final String VERSION = "1";

  private final SwfClient swf;
  private final String domain;
  private final AtomicInteger counter = new AtomicInteger();
  private final WorkflowType workflowType =
      WorkflowType.builder().name("conformance").version(VERSION).build();
  private final ActivityType activityType =
      ActivityType.builder().name("fail-me").version(VERSION).build();
  private boolean registered;

  SwfDriver(SwfClient swf, String runId) {
    this.swf = swf;
    this.domain = "taskbridge-conformance-" + runId;
  }

  @Override
  public Backend backend() {
    return Backend.SWF;
  }

  private synchronized void register() {
    if (registered) {
      return;
    }
    swf.registerDomain(b -> b.name(domain).workflowExecutionRetentionPeriodInDays("1"));
    swf.registerWorkflowType(
        b ->
            b.domain(domain)
                .name(workflowType.name())
                .version(VERSION)
                .defaultChildPolicy(ChildPolicy.TERMINATE)
                .defaultExecutionStartToCloseTimeout("3600")
                .defaultTaskStartToCloseTimeout("60"));
    swf.registerActivityType(
        b ->
            b.domain(domain)
                .name(activityType.name())
                .version(VERSION)
                .defaultTaskHeartbeatTimeout("NONE")
                .defaultTaskScheduleToStartTimeout("300")
                .defaultTaskScheduleToCloseTimeout("600")
                .defaultTaskStartToCloseTimeout("300"));
    registered = true;
  }

  @Override
  public OpenTask open(TaskSpec spec) {
    register();
    int n = counter.incrementAndGet();
    String workflowId = "conformance-" + n;
    TaskList decisions = TaskList.builder().name("decisions-" + n).build();
    TaskList activities = TaskList.builder().name("activities-" + n).build();
    String runId =
        swf.startWorkflowExecution(
                b ->
                    b.domain(domain)
                        .workflowId(workflowId)
                        .workflowType(workflowType)
                        .taskList(decisions)
                        .childPolicy(ChildPolicy.TERMINATE)
                        .executionStartToCloseTimeout("3600")
                        .taskStartToCloseTimeout("60"))
            .runId();
    PollForDecisionTaskResponse decision = pollDecision(decisions);
    swf.respondDecisionTaskCompleted(
        b ->
            b.taskToken(decision.taskToken())
                .decisions(
                    Decision.builder()
                        .decisionType(DecisionType.SCHEDULE_ACTIVITY_TASK)
                        .scheduleActivityTaskDecisionAttributes(
                            a ->
                                a.activityType(activityType)
                                    .activityId("work")
                                    .taskList(activities)
                                    .heartbeatTimeout("NONE")
                                    .scheduleToStartTimeout("300")
                                    .scheduleToCloseTimeout(
                                        Integer.toString(spec.timeoutSeconds() + 300))
                                    .startToCloseTimeout(Integer.toString(spec.timeoutSeconds())))
                        .build()));
    for (int i = 0; i < 5; i++) {
      PollForActivityTaskResponse task =
          swf.pollForActivityTask(
              b -> b.domain(domain).taskList(activities).identity("conformance"));
      if (task.taskToken() != null && !task.taskToken().isEmpty()) {
        return new OpenTask(Backend.SWF, task.taskToken(), workflowId, runId);
      }
    }
    throw new IllegalStateException(
        "no activity task for workflow " + workflowId + " after 5 polls");
  }

  private PollForDecisionTaskResponse pollDecision(TaskList decisions) {
    for (int i = 0; i < 5; i++) {
      PollForDecisionTaskResponse d =
          swf.pollForDecisionTask(
              b -> b.domain(domain).taskList(decisions).identity("conformance"));
      if (d.taskToken() != null && !d.taskToken().isEmpty()) {
        return d;
      }
    }
    throw new IllegalStateException("no decision task on " + decisions.name() + " after 5 polls");
  }

  @Override
  public List<RecordedFailure> failures(OpenTask task) {
    List<RecordedFailure> result = new ArrayList<>();
    for (HistoryEvent e : history(task)) {
      if (e.eventType() == EventType.ACTIVITY_TASK_FAILED
          && e.activityTaskFailedEventAttributes() != null) {
        result.add(
            new RecordedFailure(
                e.activityTaskFailedEventAttributes().reason(),
                e.activityTaskFailedEventAttributes().details()));
      }
    }
    return result;
  }

  private List<HistoryEvent> history(OpenTask task) {
    List<HistoryEvent> events = new ArrayList<>();
    swf.getWorkflowExecutionHistoryPaginator(b -> b.domain(domain).execution(execution(task)))
        .events()
        .forEach(events::add);
    return events;
  }

  private static WorkflowExecution execution(OpenTask task) {
    return WorkflowExecution.builder().workflowId(task.executionId()).runId(task.runId()).build();
  }

  @Override
  public void complete(OpenTask task) {
    swf.respondActivityTaskCompleted(b -> b.taskToken(task.token()).result("ok"));
  }

  @Override
  public void stop(OpenTask task) {
    swf.terminateWorkflowExecution(
        b -> b.domain(domain).workflowId(task.executionId()).runId(task.runId()).reason("stop"));
  }

  /** The reason of the ActivityTaskFailed event in the decision task the failure scheduled. */
  @Override
  public @Nullable String routing(OpenTask task) {
    TaskList decisions =
        TaskList.builder()
            .name("decisions-" + task.executionId().substring("conformance-".length()))
            .build();
    PollForDecisionTaskResponse d = pollDecision(decisions);
    String reason = null;
    for (HistoryEvent e : d.events()) {
      if (e.eventType() == EventType.ACTIVITY_TASK_FAILED) {
        reason = e.activityTaskFailedEventAttributes().reason();
      }
    }
    swf.respondDecisionTaskCompleted(
        b ->
            b.taskToken(d.taskToken())
                .decisions(
                    Decision.builder()
                        .decisionType(DecisionType.FAIL_WORKFLOW_EXECUTION)
                        .failWorkflowExecutionDecisionAttributes(a -> a.reason("activity failed"))
                        .build()));
    return reason;
  }

  @Override
  public String garbageToken() {
    return "AAAAKgAAAAIAAAAAAAAAAconformance-garbage-token-that-no-task-was-issued";
  }

  @Override
  public void close() {
    // Domains cannot be deleted; the emulator forgets them, AWS keeps them (deprecate by hand).
  }
}
