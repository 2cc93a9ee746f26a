package dev.taskbridge.conformance;

import dev.taskbridge.api.Backend;
import dev.taskbridge.api.TaskSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.swf.SwfClient;
import software.amazon.awssdk.services.swf.model.ActivityType;
import software.amazon.awssdk.services.swf.model.ChildPolicy;
import software.amazon.awssdk.services.swf.model.Decision;
import software.amazon.awssdk.services.swf.model.DecisionType;
import software.amazon.awssdk.services.swf.model.DomainAlreadyExistsException;
import software.amazon.awssdk.services.swf.model.DomainInfo;
import software.amazon.awssdk.services.swf.model.EventType;
import software.amazon.awssdk.services.swf.model.HistoryEvent;
import software.amazon.awssdk.services.swf.model.PollForActivityTaskResponse;
import software.amazon.awssdk.services.swf.model.PollForDecisionTaskResponse;
import software.amazon.awssdk.services.swf.model.RegistrationStatus;
import software.amazon.awssdk.services.swf.model.TaskList;
import software.amazon.awssdk.services.swf.model.TypeAlreadyExistsException;
import software.amazon.awssdk.services.swf.model.UnknownResourceException;
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

  /** The kit's run, in every workflow id (not SWF's runId of an execution). */
  private final String kitRun;

  SwfDriver(SwfClient swf, String domain, String kitRun) {
    this.swf = swf;
    this.domain = domain;
    this.kitRun = kitRun;
  }

  @Override
  public Backend backend() {
    return Backend.SWF;
  }

  /**
   * Finds the domain and registers it only if it is absent (DescribeDomain, then RegisterDomain; a
   * concurrent registration is fine), then registers the two types unless they exist. Every run
   * reuses the same domain and types: SWF domains cannot be deleted and an account holds at most
   * 100.
   */
  @Override
  public void prepare() {
    try {
      DomainInfo info = swf.describeDomain(b -> b.name(domain)).domainInfo();
      if (info != null && info.status() == RegistrationStatus.DEPRECATED) {
        throw new IllegalStateException(
            "SWF domain '" + domain + "' is deprecated; name another one (--swf-domain)");
      }
    } catch (UnknownResourceException absent) {
      try {
        swf.registerDomain(b -> b.name(domain).workflowExecutionRetentionPeriodInDays("1"));
      } catch (DomainAlreadyExistsException registeredMeanwhile) {
        // another run registered it between our two calls
      }
    }
    try {
      swf.registerWorkflowType(
          b ->
              b.domain(domain)
                  .name(workflowType.name())
                  .version(VERSION)
                  .defaultChildPolicy(ChildPolicy.TERMINATE)
                  .defaultExecutionStartToCloseTimeout("3600")
                  .defaultTaskStartToCloseTimeout("60"));
    } catch (TypeAlreadyExistsException registeredBefore) {
      // every start and schedule below names its own timeouts, so the defaults do not matter
    }
    try {
      swf.registerActivityType(
          b ->
              b.domain(domain)
                  .name(activityType.name())
                  .version(VERSION)
                  .defaultTaskHeartbeatTimeout("NONE")
                  .defaultTaskScheduleToStartTimeout("300")
                  .defaultTaskScheduleToCloseTimeout("600")
                  .defaultTaskStartToCloseTimeout("300"));
    } catch (TypeAlreadyExistsException registeredBefore) {
      // as above
    }
  }

  private static TaskList decisions(String workflowId) {
    return TaskList.builder().name(workflowId + "-decisions").build();
  }

  @Override
  public OpenTask open(TaskSpec spec) {
    ScheduledTask scheduled = schedule(spec);
    TaskList activities =
        TaskList.builder().name(scheduled.source().taskList().orElseThrow()).build();
    PollForActivityTaskResponse task =
        Waiting.firstTask(
            () ->
                swf.pollForActivityTask(
                    b -> b.domain(domain).taskList(activities).identity("conformance")),
            PollForActivityTaskResponse::taskToken);
    if (task == null) {
      throw new IllegalStateException(
          "no activity task for workflow "
              + scheduled.executionId()
              + " after "
              + Waiting.POLLS
              + " polls");
    }
    return scheduled.opened(Backend.SWF, task.taskToken());
  }

  @Override
  public ScheduledTask schedule(TaskSpec spec) {
    // Per run and per task: the domain is shared by every run, so are its task lists.
    String workflowId = "conformance-" + kitRun + "-" + counter.incrementAndGet();
    TaskList decisions = decisions(workflowId);
    TaskList activities = TaskList.builder().name(workflowId + "-activities").build();
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
    if (decision == null) {
      throw new IllegalStateException(
          "no decision task on " + decisions.name() + " after " + Waiting.POLLS + " polls");
    }
    String heartbeat =
        spec.heartbeatSeconds() > 0 ? Integer.toString(spec.heartbeatSeconds()) : "NONE";
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
                                    .heartbeatTimeout(heartbeat)
                                    .scheduleToStartTimeout("300")
                                    .scheduleToCloseTimeout(
                                        Integer.toString(spec.timeoutSeconds() + 300))
                                    .startToCloseTimeout(Integer.toString(spec.timeoutSeconds())))
                        .build()));
    return new ScheduledTask(TaskSource.swfTaskList(domain, activities.name()), workflowId, runId);
  }

  private @Nullable PollForDecisionTaskResponse pollDecision(TaskList decisions) {
    return Waiting.firstTask(
        () ->
            swf.pollForDecisionTask(
                b -> b.domain(domain).taskList(decisions).identity("conformance")),
        PollForDecisionTaskResponse::taskToken);
  }

  @Override
  public List<RecordedFailure> failures(OpenTask task) {
    List<RecordedFailure> result = new ArrayList<>();
    for (HistoryEvent e : events(task, EventType.ACTIVITY_TASK_FAILED)) {
      if (e.activityTaskFailedEventAttributes() != null) {
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

  /** The events of {@code type} in the task's history, in order. */
  private List<HistoryEvent> events(OpenTask task, EventType type) {
    List<HistoryEvent> result = new ArrayList<>();
    for (HistoryEvent e : history(task)) {
      if (e.eventType() == type) {
        result.add(e);
      }
    }
    return result;
  }

  @Override
  public int starts(OpenTask task) {
    return events(task, EventType.ACTIVITY_TASK_STARTED).size();
  }

  @Override
  public List<@Nullable String> timeouts(OpenTask task) {
    List<@Nullable String> result = new ArrayList<>();
    for (HistoryEvent e : events(task, EventType.ACTIVITY_TASK_TIMED_OUT)) {
      result.add(
          e.activityTaskTimedOutEventAttributes() == null
              ? null
              : e.activityTaskTimedOutEventAttributes().timeoutTypeAsString());
    }
    return result;
  }

  @Override
  public TaskSource idleSource() {
    return TaskSource.swfTaskList(
        domain, "conformance-" + kitRun + "-idle-" + counter.incrementAndGet());
  }

  @Override
  public List<@Nullable String> successes(OpenTask task) {
    List<@Nullable String> result = new ArrayList<>();
    for (HistoryEvent e : events(task, EventType.ACTIVITY_TASK_COMPLETED)) {
      result.add(
          e.activityTaskCompletedEventAttributes() == null
              ? null
              : e.activityTaskCompletedEventAttributes().result());
    }
    return result;
  }

  /** A signal wakes the decider, which answers RequestCancelActivityTask for the task. */
  @Override
  public void requestCancel(OpenTask task) {
    swf.signalWorkflowExecution(
        b ->
            b.domain(domain)
                .workflowId(task.executionId())
                .runId(task.runId())
                .signalName("cancel"));
    PollForDecisionTaskResponse d = pollDecision(decisions(task.executionId()));
    if (d == null) {
      throw new IllegalStateException("no decision task after the signal");
    }
    swf.respondDecisionTaskCompleted(
        b ->
            b.taskToken(d.taskToken())
                .decisions(
                    Decision.builder()
                        .decisionType(DecisionType.REQUEST_CANCEL_ACTIVITY_TASK)
                        .requestCancelActivityTaskDecisionAttributes(a -> a.activityId("work"))
                        .build()));
  }

  @Override
  public int cancellations(OpenTask task) {
    return events(task, EventType.ACTIVITY_TASK_CANCELED).size();
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

  /**
   * The reason of the ActivityTaskFailed event in the decision task the failure scheduled; the
   * polls are long polls, so this waits for the backend to schedule it.
   */
  @Override
  public @Nullable String routing(OpenTask task) {
    PollForDecisionTaskResponse d = pollDecision(decisions(task.executionId()));
    if (d == null) {
      return null;
    }
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
  public void close() {
    // The domain and types stay for the next run; the executions end or time out by themselves.
  }
}
