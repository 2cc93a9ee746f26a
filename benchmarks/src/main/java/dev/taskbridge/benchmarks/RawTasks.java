package dev.taskbridge.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Opens real activity tasks in bulk on an emulator, through the services' public APIs over raw
 * keep-alive sockets ({@link RawHttp}, several in parallel): several times faster than through the
 * SDK, so that benchmarks can afford a fresh open task for every report they measure (the success
 * path, as in production). Step Functions: one execution of a one-Task state machine per task. SWF:
 * one workflow execution per 500 tasks, whose first decision schedules them all.
 */
final class RawTasks {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int CREATE_CONNECTIONS = 8;

  /** The SWF task list every SWF task is scheduled on. */
  static final String SWF_TASK_LIST = "activities";

  private final URI endpoint;
  private final String domain = "bench-" + UUID.randomUUID();
  private final AtomicInteger workflows = new AtomicInteger();
  private final String activityArn;
  private final String stateMachineArn;

  RawTasks(URI endpoint) throws IOException {
    this.endpoint = endpoint;
    try (RawHttp http = new RawHttp(endpoint)) {
      call(
          http,
          "SimpleWorkflowService.RegisterDomain",
          obj().put("name", domain).put("workflowExecutionRetentionPeriodInDays", "1"));
      ObjectNode wf = obj().put("domain", domain).put("name", "wf").put("version", "1");
      wf.put("defaultChildPolicy", "TERMINATE")
          .put("defaultExecutionStartToCloseTimeout", "86400")
          .put("defaultTaskStartToCloseTimeout", "600");
      call(http, "SimpleWorkflowService.RegisterWorkflowType", wf);
      ObjectNode at = obj().put("domain", domain).put("name", "work").put("version", "1");
      at.put("defaultTaskHeartbeatTimeout", "NONE")
          .put("defaultTaskScheduleToStartTimeout", "NONE")
          .put("defaultTaskScheduleToCloseTimeout", "NONE")
          .put("defaultTaskStartToCloseTimeout", "NONE");
      call(http, "SimpleWorkflowService.RegisterActivityType", at);
      activityArn =
          call(http, "AWSStepFunctions.CreateActivity", obj().put("name", domain))
              .path("activityArn")
              .asText();
      String definition =
          "{\"StartAt\":\"Work\",\"States\":{\"Work\":{\"Type\":\"Task\",\"Resource\":\""
              + activityArn
              + "\",\"End\":true}}}";
      stateMachineArn =
          call(
                  http,
                  "AWSStepFunctions.CreateStateMachine",
                  obj()
                      .put("name", domain)
                      .put("definition", definition)
                      .put("roleArn", "arn:aws:iam::123456789012:role/load"))
              .path("stateMachineArn")
              .asText();
    }
  }

  /** The endpoint tasks are opened on. */
  URI endpoint() {
    return endpoint;
  }

  static ObjectNode obj() {
    return JSON.createObjectNode();
  }

  private static JsonNode call(RawHttp http, String target, ObjectNode body) throws IOException {
    RawHttp.Response r = http.post(target, JSON.writeValueAsBytes(body));
    if (r.status() != 200) {
      throw new IllegalStateException(target + " answered " + r.status() + ": " + r.text());
    }
    return r.body().length == 0 ? obj() : JSON.readTree(r.body());
  }

  /** Opens {@code n} SWF tasks: workflows of 500 scheduled activities, then parallel polls. */
  List<String> openSwf(int n) throws IOException, InterruptedException {
    scheduleSwf(n);
    ObjectNode poll = obj().put("domain", domain).put("identity", "load");
    poll.putObject("taskList").put("name", SWF_TASK_LIST);
    byte[] pollBody = JSON.writeValueAsBytes(poll);
    return parallel(
        n,
        (http, i) ->
            JSON.readTree(http.post("SimpleWorkflowService.PollForActivityTask", pollBody).body())
                .path("taskToken")
                .asText());
  }

  /**
   * Schedules {@code n} SWF activity tasks on {@link #SWF_TASK_LIST} of {@link #swfDomain()}: one
   * workflow execution per 500, whose first decision schedules them all.
   */
  void scheduleSwf(int n) throws IOException {
    try (RawHttp http = new RawHttp(endpoint)) {
      for (int done = 0; done < n; done += 500) {
        int batch = Math.min(500, n - done);
        String id = "wf-" + workflows.incrementAndGet();
        ObjectNode start = obj().put("domain", domain).put("workflowId", id);
        start.putObject("workflowType").put("name", "wf").put("version", "1");
        start.putObject("taskList").put("name", "d-" + id);
        call(http, "SimpleWorkflowService.StartWorkflowExecution", start);
        ObjectNode poll = obj().put("domain", domain).put("identity", "load");
        poll.putObject("taskList").put("name", "d-" + id);
        String decisionToken =
            call(http, "SimpleWorkflowService.PollForDecisionTask", poll)
                .path("taskToken")
                .asText();
        ObjectNode respond = obj().put("taskToken", decisionToken);
        ArrayNode decisions = respond.putArray("decisions");
        for (int i = 0; i < batch; i++) {
          ObjectNode attrs =
              decisions
                  .addObject()
                  .put("decisionType", "ScheduleActivityTask")
                  .putObject("scheduleActivityTaskDecisionAttributes");
          attrs.putObject("activityType").put("name", "work").put("version", "1");
          attrs.put("activityId", "a" + i);
          attrs.putObject("taskList").put("name", SWF_TASK_LIST);
        }
        call(http, "SimpleWorkflowService.RespondDecisionTaskCompleted", respond);
      }
    }
  }

  /** The SWF domain every SWF task is scheduled in. */
  String swfDomain() {
    return domain;
  }

  /** Opens {@code n} Step Functions tasks: parallel StartExecution, then parallel polls. */
  List<String> openSfn(int n) throws IOException, InterruptedException {
    scheduleSfn(n);
    byte[] poll =
        JSON.writeValueAsBytes(obj().put("activityArn", activityArn).put("workerName", "load"));
    return parallel(
        n,
        (http, i) ->
            JSON.readTree(ok(http.post("AWSStepFunctions.GetActivityTask", poll)).body())
                .path("taskToken")
                .asText());
  }

  /**
   * Schedules {@code n} Step Functions tasks on {@link #activityArn()} (parallel StartExecution).
   */
  void scheduleSfn(int n) throws IOException, InterruptedException {
    byte[] start =
        JSON.writeValueAsBytes(obj().put("stateMachineArn", stateMachineArn).put("input", "{}"));
    parallel(n, (http, i) -> ok(http.post("AWSStepFunctions.StartExecution", start)).text());
  }

  /** The Step Functions activity every task is scheduled on. */
  String activityArn() {
    return activityArn;
  }

  static RawHttp.Response ok(RawHttp.Response r) {
    if (r.status() != 200) {
      throw new IllegalStateException("answered " + r.status() + ": " + r.text());
    }
    return r;
  }

  private interface Call {
    String apply(RawHttp http, int i) throws IOException;
  }

  /** Runs {@code n} calls over {@link #CREATE_CONNECTIONS} sockets; returns non-empty answers. */
  private List<String> parallel(int n, Call call) throws InterruptedException {
    ConcurrentLinkedQueue<String> out = new ConcurrentLinkedQueue<>();
    AtomicInteger next = new AtomicInteger();
    runOn(
        CREATE_CONNECTIONS,
        http -> {
          for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
            String s = call.apply(http, i);
            if (!s.isEmpty()) {
              out.add(s);
            }
          }
        });
    return new ArrayList<>(out);
  }

  interface Work {
    void run(RawHttp http) throws IOException;
  }

  void runOn(int connections, Work work) throws InterruptedException {
    CountDownLatch done = new CountDownLatch(connections);
    ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
    for (int c = 0; c < connections; c++) {
      Thread t =
          new Thread(
              () -> {
                try (RawHttp http = new RawHttp(endpoint)) {
                  work.run(http);
                } catch (IOException | RuntimeException e) {
                  errors.add(e);
                } finally {
                  done.countDown();
                }
              });
      t.start();
    }
    done.await();
    if (!errors.isEmpty()) {
      throw new IllegalStateException("load connection failed", errors.peek());
    }
  }
}
