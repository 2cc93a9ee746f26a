package dev.taskbridge.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskbridge.api.Backend;
import dev.taskbridge.api.TaskSource;
import dev.taskbridge.emulator.LocalBackend;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.swf.SwfClient;
import software.amazon.awssdk.services.swf.model.ChildPolicy;
import software.amazon.awssdk.services.swf.model.Decision;
import software.amazon.awssdk.services.swf.model.DecisionType;
import software.amazon.awssdk.services.swf.model.PollForDecisionTaskResponse;

/**
 * Many open activity tasks on an emulator, taken by a worker through the public API, and what the
 * emulator then recorded about their failures.
 */
final class OpenTasks {

  private static final int SETUP_THREADS = 4;
  private static final int SWF_ACTIVITIES_PER_WORKFLOW = 100;
  static final String SWF_TASK_LIST = "activities";
  static final String ROLE = "arn:aws:iam::123456789012:role/reliability";

  private final LocalBackend backend;
  private final Backend kind;
  private final List<String> tokens;
  private final List<String> executions;
  private final String swfDomain;
  private final String sfnActivity;
  private final Duration setup;

  private OpenTasks(
      LocalBackend backend,
      Backend kind,
      List<String> tokens,
      List<String> executions,
      String swfDomain,
      String sfnActivity,
      Duration setup) {
    this.backend = backend;
    this.kind = kind;
    this.tokens = tokens;
    this.executions = executions;
    this.swfDomain = swfDomain;
    this.sfnActivity = sfnActivity;
    this.setup = setup;
  }

  /** The tasks taken by a worker through the public API (empty for {@link #scheduled}). */
  List<String> tokens() {
    return tokens;
  }

  Duration setupTime() {
    return setup;
  }

  /**
   * Step Functions: one activity and one state machine, {@code n} executions each waiting on the
   * activity, and {@code n} GetActivityTask calls that take their tasks.
   */
  static OpenTasks sfn(LocalBackend backend, int n) {
    return take(scheduled(backend, Backend.SFN, n));
  }

  /**
   * SWF: one domain; each workflow's first decision schedules {@value #SWF_ACTIVITIES_PER_WORKFLOW}
   * activities; {@code n} PollForActivityTask calls take them.
   */
  static OpenTasks swf(LocalBackend backend, int n) {
    return take(scheduled(backend, Backend.SWF, n));
  }

  /**
   * {@code n} activity tasks scheduled and not taken: on Step Functions {@code n} executions of one
   * state machine waiting on one activity; on SWF {@code n / }{@value #SWF_ACTIVITIES_PER_WORKFLOW}
   * workflows in one domain, each of whose first decision schedules that many activities on task
   * list {@value #SWF_TASK_LIST}. Every task times out 3600 s (emulator clock) after it starts.
   */
  static OpenTasks scheduled(LocalBackend backend, Backend kind, int n) {
    return kind == Backend.SFN ? scheduleSfn(backend, n) : scheduleSwf(backend, n);
  }

  /** Where a worker takes the tasks of {@link #scheduled} from. */
  TaskSource source() {
    return kind == Backend.SFN
        ? TaskSource.sfnActivity(sfnActivity)
        : TaskSource.swfTaskList(swfDomain, SWF_TASK_LIST);
  }

  private static OpenTasks take(OpenTasks s) {
    long start = System.nanoTime();
    int n = s.executions.size() * (s.kind == Backend.SFN ? 1 : SWF_ACTIVITIES_PER_WORKFLOW);
    List<String> tokens;
    if (s.kind == Backend.SFN) {
      try (SfnClient sfn = Clients.sfnSetup(s.backend.endpoint())) {
        tokens =
            parallel(
                n,
                i -> {
                  String token =
                      sfn.getActivityTask(b -> b.activityArn(s.sfnActivity).workerName("soak"))
                          .taskToken();
                  if (token == null) {
                    throw new AssertionError("no task delivered");
                  }
                  return token;
                });
      }
    } else {
      try (SwfClient swf = Clients.swfSetup(s.backend.endpoint())) {
        tokens =
            parallel(
                n,
                i -> {
                  String token =
                      swf.pollForActivityTask(
                              b ->
                                  b.domain(s.swfDomain)
                                      .taskList(t -> t.name(SWF_TASK_LIST))
                                      .identity("soak"))
                          .taskToken();
                  if (token == null || token.isEmpty()) {
                    throw new AssertionError("no activity task delivered");
                  }
                  return token;
                });
      }
    }
    return new OpenTasks(
        s.backend,
        s.kind,
        tokens,
        s.executions,
        s.swfDomain,
        s.sfnActivity,
        s.setup.plus(Duration.ofNanos(System.nanoTime() - start)));
  }

  private static OpenTasks scheduleSfn(LocalBackend backend, int n) {
    long start = System.nanoTime();
    try (SfnClient sfn = Clients.sfnSetup(backend.endpoint())) {
      String activity = sfn.createActivity(b -> b.name("soak-" + UUID.randomUUID())).activityArn();
      String definition =
          "{\"StartAt\":\"Work\",\"States\":{\"Work\":{\"Type\":\"Task\",\"Resource\":\""
              + activity
              + "\",\"TimeoutSeconds\":3600,\"End\":true}}}";
      String machine =
          sfn.createStateMachine(
                  b -> b.name("soak-" + UUID.randomUUID()).definition(definition).roleArn(ROLE))
              .stateMachineArn();
      List<String> executions =
          parallel(
              n,
              i ->
                  sfn.startExecution(b -> b.stateMachineArn(machine).input("{\"i\":" + i + "}"))
                      .executionArn());
      return new OpenTasks(
          backend,
          Backend.SFN,
          List.of(),
          executions,
          "",
          activity,
          Duration.ofNanos(System.nanoTime() - start));
    }
  }

  private static OpenTasks scheduleSwf(LocalBackend backend, int n) {
    long start = System.nanoTime();
    try (SwfClient swf = Clients.swfSetup(backend.endpoint())) {
      String domain = "soak-" + UUID.randomUUID();
      swf.registerDomain(b -> b.name(domain).workflowExecutionRetentionPeriodInDays("1"));
      swf.registerWorkflowType(
          b ->
              b.domain(domain)
                  .name("wf")
                  .version("1")
                  .defaultTaskList(t -> t.name("decisions"))
                  .defaultExecutionStartToCloseTimeout("36000")
                  .defaultTaskStartToCloseTimeout("3600")
                  .defaultChildPolicy(ChildPolicy.TERMINATE));
      swf.registerActivityType(
          b ->
              b.domain(domain)
                  .name("act")
                  .version("1")
                  .defaultTaskList(t -> t.name(SWF_TASK_LIST))
                  .defaultTaskScheduleToStartTimeout("NONE")
                  .defaultTaskScheduleToCloseTimeout("NONE")
                  .defaultTaskStartToCloseTimeout("3600")
                  .defaultTaskHeartbeatTimeout("NONE"));
      int workflows = (n + SWF_ACTIVITIES_PER_WORKFLOW - 1) / SWF_ACTIVITIES_PER_WORKFLOW;
      List<String> runs =
          parallel(
              workflows,
              w -> {
                String id = "wf-" + w;
                String runId =
                    swf.startWorkflowExecution(
                            b ->
                                b.domain(domain)
                                    .workflowId(id)
                                    .workflowType(t -> t.name("wf").version("1")))
                        .runId();
                return id + " " + runId;
              });
      parallel(
          workflows,
          w -> {
            PollForDecisionTaskResponse d =
                swf.pollForDecisionTask(
                    b -> b.domain(domain).taskList(t -> t.name("decisions")).identity("decider"));
            String wf = d.workflowExecution().workflowId();
            List<Decision> decisions = new ArrayList<>();
            for (int k = 0; k < SWF_ACTIVITIES_PER_WORKFLOW; k++) {
              String activityId = wf + "-a" + k;
              decisions.add(
                  Decision.builder()
                      .decisionType(DecisionType.SCHEDULE_ACTIVITY_TASK)
                      .scheduleActivityTaskDecisionAttributes(
                          a ->
                              a.activityType(t -> t.name("act").version("1"))
                                  .activityId(activityId))
                      .build());
            }
            swf.respondDecisionTaskCompleted(b -> b.taskToken(d.taskToken()).decisions(decisions));
            return wf;
          });
      return new OpenTasks(
          backend,
          Backend.SWF,
          List.of(),
          runs,
          domain,
          "",
          Duration.ofNanos(System.nanoTime() - start));
    }
  }

  /** How many times each cause/details value was recorded in a failure event. */
  Map<String, Integer> recordedByCause() {
    Map<String, Integer> counts = new HashMap<>();
    for (String execution : executions) {
      List<JsonNode> events;
      String type;
      String details;
      String field;
      if (kind == Backend.SFN) {
        events = backend.sfnHistory(execution);
        type = "ActivityFailed";
        details = "activityFailedEventDetails";
        field = "cause";
      } else {
        String[] ids = execution.split(" ", 2);
        events = backend.swfHistory(swfDomain, ids[0], ids[1]);
        type = "ActivityTaskFailed";
        details = "activityTaskFailedEventAttributes";
        field = "details";
      }
      for (JsonNode e : events) {
        String t = kind == Backend.SFN ? e.path("type").asText() : e.path("eventType").asText();
        if (t.equals(type)) {
          JsonNode v = e.path(details).path(field);
          counts.merge(v.isMissingNode() ? "<none>" : v.asText(), 1, Integer::sum);
        }
      }
    }
    return counts;
  }

  /**
   * What the emulator's histories say about every scheduled task: how many were scheduled and
   * started, the terminal events by kind, failures by error code (SFN {@code error}, SWF {@code
   * reason}), the tasks started and not yet closed, and the tasks whose events break "started at
   * most once, then at most one terminal event, none without a start".
   */
  record Ledger(
      int scheduled,
      int started,
      Map<String, Integer> terminal,
      Map<String, Integer> failuresByError,
      int open,
      List<String> broken) {}

  /** Reads every history (in-process, no HTTP) into a {@link Ledger}. */
  Ledger ledger() {
    int scheduled = 0;
    int started = 0;
    int open = 0;
    Map<String, Integer> terminal = new TreeMap<>();
    Map<String, Integer> failures = new TreeMap<>();
    List<String> broken = new ArrayList<>();
    for (String execution : executions) {
      // Per task (SFN: the execution's one task; SWF: by scheduledEventId): {started, terminal}.
      Map<Long, int[]> perTask = new HashMap<>();
      List<JsonNode> events;
      if (kind == Backend.SFN) {
        events = backend.sfnHistory(execution);
      } else {
        String[] ids = execution.split(" ", 2);
        events = backend.swfHistory(swfDomain, ids[0], ids[1]);
      }
      for (JsonNode e : events) {
        String type = kind == Backend.SFN ? e.path("type").asText() : e.path("eventType").asText();
        long task;
        boolean isStart;
        String error = null;
        switch (type) {
          case "ActivityScheduled", "ActivityTaskScheduled" -> {
            scheduled++;
            continue;
          }
          case "ActivityStarted" -> {
            task = 0;
            isStart = true;
          }
          case "ActivityTaskStarted" -> {
            task = e.path("activityTaskStartedEventAttributes").path("scheduledEventId").asLong();
            isStart = true;
          }
          case "ActivitySucceeded", "ActivityTimedOut" -> {
            task = 0;
            isStart = false;
          }
          case "ActivityFailed" -> {
            task = 0;
            isStart = false;
            error = e.path("activityFailedEventDetails").path("error").asText("<none>");
          }
          case "ActivityTaskCompleted", "ActivityTaskTimedOut", "ActivityTaskCanceled" -> {
            String attributes =
                Character.toLowerCase(type.charAt(0)) + type.substring(1) + "EventAttributes";
            task = e.path(attributes).path("scheduledEventId").asLong();
            isStart = false;
          }
          case "ActivityTaskFailed" -> {
            JsonNode a = e.path("activityTaskFailedEventAttributes");
            task = a.path("scheduledEventId").asLong();
            isStart = false;
            error = a.path("reason").asText("<none>");
          }
          default -> {
            continue;
          }
        }
        int[] counts = perTask.computeIfAbsent(task, k -> new int[2]);
        if (isStart) {
          counts[0]++;
          started++;
        } else {
          counts[1]++;
          terminal.merge(type, 1, Integer::sum);
          if (error != null) {
            failures.merge(error, 1, Integer::sum);
          }
        }
      }
      for (Map.Entry<Long, int[]> t : perTask.entrySet()) {
        int[] c = t.getValue();
        if (c[0] > 1 || c[1] > 1 || c[1] > c[0]) {
          broken.add(
              execution + " task " + t.getKey() + ": started " + c[0] + ", terminal " + c[1]);
        } else if (c[0] == 1 && c[1] == 0) {
          open++;
        }
      }
    }
    return new Ledger(scheduled, started, terminal, failures, open, broken);
  }

  private static <T> List<T> parallel(int n, IntFunction<T> task) {
    ExecutorService pool = Executors.newFixedThreadPool(SETUP_THREADS);
    try {
      List<Future<T>> futures = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        int index = i;
        futures.add(pool.submit(() -> task.apply(index)));
      }
      List<T> out = new ArrayList<>(n);
      for (Future<T> f : futures) {
        out.add(f.get());
      }
      return Collections.unmodifiableList(out);
    } catch (Exception e) {
      throw new IllegalStateException("setup failed", e);
    } finally {
      pool.shutdownNow();
    }
  }
}
