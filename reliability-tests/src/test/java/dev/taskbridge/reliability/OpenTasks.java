package dev.taskbridge.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskbridge.api.Backend;
import dev.taskbridge.emulator.LocalBackend;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
  static final String ROLE = "arn:aws:iam::123456789012:role/reliability";

  private final LocalBackend backend;
  private final Backend kind;
  private final List<String> tokens;
  private final List<String> executions;
  private final String swfDomain;
  private final Duration setup;

  private OpenTasks(
      LocalBackend backend,
      Backend kind,
      List<String> tokens,
      List<String> executions,
      String swfDomain,
      Duration setup) {
    this.backend = backend;
    this.kind = kind;
    this.tokens = tokens;
    this.executions = executions;
    this.swfDomain = swfDomain;
    this.setup = setup;
  }

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
      List<String> tokens =
          parallel(
              n,
              i -> {
                String token =
                    sfn.getActivityTask(b -> b.activityArn(activity).workerName("soak"))
                        .taskToken();
                if (token == null) {
                  throw new AssertionError("no task delivered");
                }
                return token;
              });
      return new OpenTasks(
          backend,
          Backend.SFN,
          tokens,
          executions,
          "",
          Duration.ofNanos(System.nanoTime() - start));
    }
  }

  /**
   * SWF: one domain; each workflow's first decision schedules {@value #SWF_ACTIVITIES_PER_WORKFLOW}
   * activities; {@code n} PollForActivityTask calls take them.
   */
  static OpenTasks swf(LocalBackend backend, int n) {
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
                  .defaultTaskList(t -> t.name("activities"))
                  .defaultTaskScheduleToStartTimeout("NONE")
                  .defaultTaskScheduleToCloseTimeout("NONE")
                  .defaultTaskStartToCloseTimeout("NONE")
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
      List<String> tokens =
          parallel(
              n,
              i -> {
                String token =
                    swf.pollForActivityTask(
                            b ->
                                b.domain(domain)
                                    .taskList(t -> t.name("activities"))
                                    .identity("soak"))
                        .taskToken();
                if (token == null || token.isEmpty()) {
                  throw new AssertionError("no activity task delivered");
                }
                return token;
              });
      return new OpenTasks(
          backend, Backend.SWF, tokens, runs, domain, Duration.ofNanos(System.nanoTime() - start));
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
