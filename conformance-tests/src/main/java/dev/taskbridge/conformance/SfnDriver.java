package dev.taskbridge.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskbridge.api.Backend;
import dev.taskbridge.api.TaskSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.GetActivityTaskResponse;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;

/** Opens Step Functions activity tasks: activity, state machine, execution, GetActivityTask. */
final class SfnDriver implements BackendDriver {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final SfnClient sfn;
  private final String roleArn;
  private final String runId;
  private final AtomicInteger counter = new AtomicInteger();
  private final List<String> activities = new ArrayList<>();
  private final List<String> stateMachines = new ArrayList<>();

  SfnDriver(SfnClient sfn, String roleArn, String runId) {
    this.sfn = sfn;
    this.roleArn = roleArn;
    this.runId = runId;
  }

  @Override
  public Backend backend() {
    return Backend.SFN;
  }

  /** Creates this run's first activity: the first call of the run, through the public API. */
  @Override
  public void prepare() {
    activities.add(sfn.createActivity(b -> b.name("tb-" + runId + "-0")).activityArn());
  }

  @Override
  public OpenTask open(TaskSpec spec) {
    ScheduledTask scheduled = schedule(spec);
    String activityArn = scheduled.source().activityArn().orElseThrow();
    GetActivityTaskResponse task =
        Waiting.firstTask(
            () -> sfn.getActivityTask(b -> b.activityArn(activityArn).workerName("conformance")),
            GetActivityTaskResponse::taskToken);
    if (task == null) {
      throw new IllegalStateException(
          "no activity task for " + scheduled.executionId() + " after " + Waiting.POLLS + " polls");
    }
    return scheduled.opened(Backend.SFN, task.taskToken());
  }

  @Override
  public ScheduledTask schedule(TaskSpec spec) {
    String name = "tb-" + runId + "-" + counter.incrementAndGet();
    String activityArn = sfn.createActivity(b -> b.name(name)).activityArn();
    activities.add(activityArn);
    String stateMachineArn =
        sfn.createStateMachine(
                b -> b.name(name).roleArn(roleArn).definition(definition(activityArn, spec)))
            .stateMachineArn();
    stateMachines.add(stateMachineArn);
    String executionArn =
        sfn.startExecution(b -> b.stateMachineArn(stateMachineArn).name(name).input("{}"))
            .executionArn();
    return new ScheduledTask(TaskSource.sfnActivity(activityArn), executionArn, "");
  }

  static String definition(String activityArn, TaskSpec spec) {
    var root = JSON.createObjectNode();
    root.put("StartAt", "Work");
    var states = root.putObject("States");
    var work = states.putObject("Work");
    work.put("Type", "Task")
        .put("Resource", activityArn)
        .put("TimeoutSeconds", spec.timeoutSeconds());
    if (spec.heartbeatSeconds() > 0) {
      work.put("HeartbeatSeconds", spec.heartbeatSeconds());
    }
    if (spec.catchErrorName() == null) {
      work.put("End", true);
    } else {
      var catches = work.putArray("Catch");
      catches.addObject().put("Next", "caught").putArray("ErrorEquals").add(spec.catchErrorName());
      catches.addObject().put("Next", "fallback").putArray("ErrorEquals").add("States.ALL");
      work.put("End", true);
      states.putObject("caught").put("Type", "Pass").put("Result", "caught").put("End", true);
      states.putObject("fallback").put("Type", "Pass").put("Result", "fallback").put("End", true);
    }
    return root.toString();
  }

  @Override
  public List<RecordedFailure> failures(OpenTask task) {
    List<RecordedFailure> result = new ArrayList<>();
    for (HistoryEvent e : events(task, HistoryEventType.ACTIVITY_FAILED)) {
      if (e.activityFailedEventDetails() != null) {
        result.add(
            new RecordedFailure(
                e.activityFailedEventDetails().error(), e.activityFailedEventDetails().cause()));
      }
    }
    return result;
  }

  private List<HistoryEvent> history(OpenTask task) {
    List<HistoryEvent> events = new ArrayList<>();
    sfn.getExecutionHistoryPaginator(b -> b.executionArn(task.executionId()))
        .events()
        .forEach(events::add);
    return events;
  }

  /** The events of {@code type} in the task's history, in order. */
  private List<HistoryEvent> events(OpenTask task, HistoryEventType type) {
    List<HistoryEvent> result = new ArrayList<>();
    for (HistoryEvent e : history(task)) {
      if (e.type() == type) {
        result.add(e);
      }
    }
    return result;
  }

  @Override
  public int starts(OpenTask task) {
    return events(task, HistoryEventType.ACTIVITY_STARTED).size();
  }

  @Override
  public List<@Nullable String> timeouts(OpenTask task) {
    List<@Nullable String> result = new ArrayList<>();
    for (HistoryEvent e : events(task, HistoryEventType.ACTIVITY_TIMED_OUT)) {
      result.add(
          e.activityTimedOutEventDetails() == null
              ? null
              : e.activityTimedOutEventDetails().error());
    }
    return result;
  }

  @Override
  public TaskSource idleSource() {
    String name = "tb-" + runId + "-idle-" + counter.incrementAndGet();
    String activityArn = sfn.createActivity(b -> b.name(name)).activityArn();
    activities.add(activityArn);
    return TaskSource.sfnActivity(activityArn);
  }

  @Override
  public List<@Nullable String> successes(OpenTask task) {
    List<@Nullable String> result = new ArrayList<>();
    for (HistoryEvent e : events(task, HistoryEventType.ACTIVITY_SUCCEEDED)) {
      result.add(
          e.activitySucceededEventDetails() == null
              ? null
              : e.activitySucceededEventDetails().output());
    }
    return result;
  }

  @Override
  public void requestCancel(OpenTask task) {
    throw new ScenarioSkipped("not applicable: Step Functions has no activity cancel request");
  }

  @Override
  public int cancellations(OpenTask task) {
    return 0;
  }

  @Override
  public void complete(OpenTask task) {
    sfn.sendTaskSuccess(b -> b.taskToken(task.token()).output("{}"));
  }

  @Override
  public void stop(OpenTask task) {
    sfn.stopExecution(b -> b.executionArn(task.executionId()).error("Conformance.Stop"));
  }

  /** The output of the Pass state the execution ended in, once it has ended. */
  @Override
  public @Nullable String routing(OpenTask task) {
    DescribeExecutionResponse execution =
        Waiting.until(
            ROUTING_WAIT,
            () -> sfn.describeExecution(b -> b.executionArn(task.executionId())),
            e -> e.status() != ExecutionStatus.RUNNING);
    if (execution == null
        || execution.status() != ExecutionStatus.SUCCEEDED
        || execution.output() == null) {
      return null;
    }
    try {
      JsonNode output = JSON.readTree(execution.output());
      return output.isTextual() ? output.asText() : output.toString();
    } catch (java.io.IOException e) {
      return execution.output();
    }
  }

  @Override
  public void close() {
    for (String arn : stateMachines) {
      try {
        sfn.deleteStateMachine(b -> b.stateMachineArn(arn));
      } catch (RuntimeException ignored) {
        // best-effort cleanup
      }
    }
    for (String arn : activities) {
      try {
        sfn.deleteActivity(b -> b.activityArn(arn));
      } catch (RuntimeException ignored) {
        // best-effort cleanup
      }
    }
  }
}
