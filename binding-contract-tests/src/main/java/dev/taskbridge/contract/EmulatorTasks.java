package dev.taskbridge.contract;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
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
 * integration tests, one task at a time or many at once. Works against the emulator and any other
 * endpoint of either service.
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

  /** Step Functions tasks waiting on one activity, one per execution. */
  public record SfnBatch(String activityArn, List<String> executionArns) {}

  /** SWF activity tasks waiting on one task list, scheduled by the workflow executions. */
  public record SwfBatch(String domain, String taskList, List<WorkflowExecution> executions) {}

  /**
   * The timeouts SWF tasks are opened with, in seconds; 0 is {@code NONE} (valid for the activity
   * timeouts only).
   *
   * @param execution each workflow execution's {@code executionStartToCloseTimeout}
   * @param decision its decision tasks' {@code taskStartToCloseTimeout}
   * @param scheduleToStart each activity task's {@code scheduleToStartTimeout}
   * @param scheduleToClose each activity task's {@code scheduleToCloseTimeout}
   * @param startToClose each activity task's {@code startToCloseTimeout}
   * @param heartbeat each activity task's {@code heartbeatTimeout}
   */
  public record SwfTimeouts(
      int execution,
      int decision,
      int scheduleToStart,
      int scheduleToClose,
      int startToClose,
      int heartbeat) {

    /**
     * What {@link #scheduleSwf()} opens with, and the registered types' defaults: execution 3600,
     * decision 60, activity 300 to start, 600 to close, 300 once started, no heartbeat.
     */
    public static final SwfTimeouts DEFAULT = new SwfTimeouts(3600, 60, 300, 600, 300, 0);
  }

  /** Calls the bulk operations make at once. */
  private static final int SETUP_THREADS = 4;

  private static final int SFN_TIMEOUT_SECONDS = 600;

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
        TestClients.blocking(SfnClient.builder(), endpoint, TestClients.Settings.SDK_RETRIES);
    this.swf =
        TestClients.blocking(SwfClient.builder(), endpoint, TestClients.Settings.SDK_RETRIES);
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
   * CreateActivity, CreateStateMachine with one Task state on it ({@code TimeoutSeconds} 600),
   * StartExecution: the task waits for a {@code GetActivityTask} on the activity.
   *
   * @param heartbeatSeconds the Task state's {@code HeartbeatSeconds}, or 0 for none
   */
  public SfnScheduled scheduleSfn(int heartbeatSeconds) {
    SfnBatch batch = scheduleSfnBatch(1, SFN_TIMEOUT_SECONDS, heartbeatSeconds);
    return new SfnScheduled(batch.activityArn(), batch.executionArns().get(0));
  }

  /**
   * CreateActivity, CreateStateMachine with one Task state on it, and {@code tasks} StartExecution
   * calls, a few at a time (input {@code {"n":1}}, {@code {"n":2}}, ...): the tasks wait for {@code
   * GetActivityTask} calls on the one activity.
   *
   * @param tasks how many executions to start
   * @param timeoutSeconds the Task state's {@code TimeoutSeconds}
   * @param heartbeatSeconds the Task state's {@code HeartbeatSeconds}, or 0 for none
   */
  public SfnBatch scheduleSfnBatch(int tasks, int timeoutSeconds, int heartbeatSeconds) {
    String name = "contract-" + UUID.randomUUID();
    String activityArn = sfn.createActivity(b -> b.name(name)).activityArn();
    String definition =
        "{\"StartAt\":\"Work\",\"States\":{\"Work\":{\"Type\":\"Task\",\"Resource\":\""
            + activityArn
            + "\",\"TimeoutSeconds\":"
            + timeoutSeconds
            + (heartbeatSeconds > 0 ? ",\"HeartbeatSeconds\":" + heartbeatSeconds : "")
            + ",\"End\":true}}}";
    String stateMachineArn =
        sfn.createStateMachine(
                b ->
                    b.name(name)
                        .roleArn("arn:aws:iam::123456789012:role/contract-test")
                        .definition(definition))
            .stateMachineArn();
    List<String> executionArns =
        parallel(
            tasks,
            i ->
                sfn.startExecution(
                        b -> b.stateMachineArn(stateMachineArn).input("{\"n\":" + (i + 1) + "}"))
                    .executionArn());
    return new SfnBatch(activityArn, executionArns);
  }

  /** The execution's history, oldest first. */
  public List<HistoryEvent> sfnHistory(SfnScheduled task) {
    return sfn.getExecutionHistory(b -> b.executionArn(task.executionArn())).events();
  }

  /**
   * RegisterDomain, WorkflowType and ActivityType (once), StartWorkflowExecution, and a decision
   * that schedules the activity on a task list of its own, with {@link SwfTimeouts#DEFAULT}: the
   * task waits for a {@code PollForActivityTask} there.
   */
  public SwfScheduled scheduleSwf() {
    SwfBatch batch = scheduleSwfBatch(1, 1, SwfTimeouts.DEFAULT);
    WorkflowExecution execution = batch.executions().get(0);
    return new SwfScheduled(
        batch.domain(), batch.taskList(), execution.workflowId(), execution.runId());
  }

  /**
   * RegisterDomain, WorkflowType and ActivityType (once), then, a few workflows at a time,
   * StartWorkflowExecution and a first decision that schedules {@code perWorkflow} activities (the
   * last workflow the rest), all {@code tasks} on one task list of their own: they wait for {@code
   * PollForActivityTask} calls there.
   *
   * @param tasks how many activities to schedule in all
   * @param perWorkflow how many each workflow's first decision schedules
   * @param timeouts the timeouts every workflow execution and activity task is opened with
   */
  public SwfBatch scheduleSwfBatch(int tasks, int perWorkflow, SwfTimeouts timeouts) {
    registerSwfTypes();
    int workflows = (tasks + perWorkflow - 1) / perWorkflow;
    int first = counter + 1;
    counter += workflows;
    TaskList activities = TaskList.builder().name("activities-" + first).build();
    List<WorkflowExecution> executions =
        parallel(
            workflows,
            w ->
                startWorkflow(
                    first + w,
                    Math.min(perWorkflow, tasks - w * perWorkflow),
                    activities,
                    timeouts));
    return new SwfBatch(domain, activities.name(), executions);
  }

  private void registerSwfTypes() {
    if (swfRegistered) {
      return;
    }
    SwfTimeouts t = SwfTimeouts.DEFAULT;
    swf.registerDomain(b -> b.name(domain).workflowExecutionRetentionPeriodInDays("1"));
    swf.registerWorkflowType(
        b ->
            b.domain(domain)
                .name(workflowType.name())
                .version(workflowType.version())
                .defaultChildPolicy(ChildPolicy.TERMINATE)
                .defaultExecutionStartToCloseTimeout(seconds(t.execution()))
                .defaultTaskStartToCloseTimeout(seconds(t.decision())));
    swf.registerActivityType(
        b ->
            b.domain(domain)
                .name(activityType.name())
                .version(activityType.version())
                .defaultTaskHeartbeatTimeout(seconds(t.heartbeat()))
                .defaultTaskScheduleToStartTimeout(seconds(t.scheduleToStart()))
                .defaultTaskScheduleToCloseTimeout(seconds(t.scheduleToClose()))
                .defaultTaskStartToCloseTimeout(seconds(t.startToClose())));
    swfRegistered = true;
  }

  /**
   * Starts workflow {@code n} on a decision task list of its own and answers its first decision
   * task by scheduling {@code count} activities on {@code activities}.
   */
  private WorkflowExecution startWorkflow(
      int n, int count, TaskList activities, SwfTimeouts timeouts) {
    String workflowId = "wf-" + n;
    TaskList decisions = TaskList.builder().name("decisions-" + n).build();
    String runId =
        swf.startWorkflowExecution(
                b ->
                    b.domain(domain)
                        .workflowId(workflowId)
                        .workflowType(workflowType)
                        .taskList(decisions)
                        .input("input-" + n)
                        .executionStartToCloseTimeout(seconds(timeouts.execution()))
                        .taskStartToCloseTimeout(seconds(timeouts.decision())))
            .runId();
    String decisionToken =
        swf.pollForDecisionTask(b -> b.domain(domain).taskList(decisions).identity("decider"))
            .taskToken();
    List<Decision> schedules = new ArrayList<>(count);
    for (int k = 0; k < count; k++) {
      // A workflow of one activity keeps the names scheduleSwf() has always given it.
      String id = count == 1 ? Integer.toString(n) : n + "-" + k;
      schedules.add(
          Decision.builder()
              .decisionType(DecisionType.SCHEDULE_ACTIVITY_TASK)
              .scheduleActivityTaskDecisionAttributes(
                  a ->
                      a.activityType(activityType)
                          .activityId("work-" + id)
                          .input("activity-input-" + id)
                          .taskList(activities)
                          .scheduleToStartTimeout(seconds(timeouts.scheduleToStart()))
                          .scheduleToCloseTimeout(seconds(timeouts.scheduleToClose()))
                          .startToCloseTimeout(seconds(timeouts.startToClose()))
                          .heartbeatTimeout(seconds(timeouts.heartbeat())))
              .build());
    }
    swf.respondDecisionTaskCompleted(b -> b.taskToken(decisionToken).decisions(schedules));
    return WorkflowExecution.builder().workflowId(workflowId).runId(runId).build();
  }

  private static String seconds(int seconds) {
    return seconds == 0 ? "NONE" : Integer.toString(seconds);
  }

  /** The workflow execution's history, oldest first. */
  public List<software.amazon.awssdk.services.swf.model.HistoryEvent> swfHistory(
      SwfScheduled task) {
    return swf.getWorkflowExecutionHistory(b -> b.domain(task.domain()).execution(task.execution()))
        .events();
  }

  /**
   * Calls {@code call} with 0 to {@code n - 1}, a few at a time on threads of its own, and returns
   * the results in that order; the first failure of a call, in that order, is thrown here. The bulk
   * operations open their tasks this way; a caller takes many tasks the same way.
   */
  public static <T> List<T> parallel(int n, IntFunction<T> call) {
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(n, SETUP_THREADS)));
    try {
      List<Future<T>> futures = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        int index = i;
        futures.add(pool.submit(() -> call.apply(index)));
      }
      List<T> results = new ArrayList<>(n);
      for (Future<T> f : futures) {
        results.add(f.get());
      }
      return Collections.unmodifiableList(results);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error r) {
        throw r;
      }
      throw new IllegalStateException("a call failed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } finally {
      pool.shutdownNow();
    }
  }

  @Override
  public void close() {
    sfn.close();
    swf.close();
  }
}
