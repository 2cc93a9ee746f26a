package dev.taskbridge.emulator.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import org.jspecify.annotations.Nullable;

/** The Step Functions engine: activities, state machines, executions and activity tasks. */
final class SfnEngine {
  private static final int T_TASK_TIMEOUT = 1;
  private static final int T_HEARTBEAT = 2;
  private static final int T_RETRY = 3;
  private static final int T_EXEC_TIMEOUT = 4;

  private static final int SCHEDULED = 0;
  private static final int STARTED = 1;
  private static final int CLOSED = 2;

  private static final String INVALID_TOKEN = "Invalid Token: 'Invalid token'";
  private static final String TIMED_OUT = "Task Timed Out: 'Provided task does not exist anymore'";

  static final Set<String> OPS =
      Set.of(
          "CreateActivity",
          "DescribeActivity",
          "DeleteActivity",
          "CreateStateMachine",
          "DescribeStateMachine",
          "DeleteStateMachine",
          "StartExecution",
          "DescribeExecution",
          "StopExecution",
          "GetExecutionHistory",
          "GetActivityTask",
          "SendTaskFailure",
          "SendTaskSuccess",
          "SendTaskHeartbeat");

  private final Config cfg;
  private final Tokens tokens;
  private final LongPolls polls;
  private final String arnPrefix;

  private final Map<String, Activity> activities = new HashMap<>();
  private final Map<String, LongPolls.Queue<Task>> queues = new HashMap<>();
  private final Map<String, Machine> machines = new HashMap<>();
  private final Map<String, Execution> executions = new HashMap<>();
  private final ConcurrentHashMap<String, Task> openTasks = new ConcurrentHashMap<>();
  private final TimerQueue timers = new TimerQueue();
  private long nextExecId = 1;
  private long nextTaskSeq = 1;
  private boolean closed;

  private static final class Activity {
    final String arn;
    final String name;
    final long created;

    Activity(String arn, String name, long created) {
      this.arn = arn;
      this.name = name;
      this.created = created;
    }
  }

  private static final class Machine {
    final String arn;
    final String name;
    final String definition;
    final String roleArn;
    final long created;
    final Asl.Machine asl;

    Machine(
        String arn, String name, String definition, String roleArn, long created, Asl.Machine asl) {
      this.arn = arn;
      this.name = name;
      this.definition = definition;
      this.roleArn = roleArn;
      this.created = created;
      this.asl = asl;
    }
  }

  private static final class Execution {
    final long id;
    final String arn;
    final String name;
    final String machineArn;
    final Asl.Machine asl;
    final String input;
    final long start;
    String status = "RUNNING";
    long stop;
    @Nullable String output;
    @Nullable String error;
    @Nullable String cause;
    final List<Event> events = new ArrayList<>(8);
    @Nullable Task current;

    Execution(long id, String arn, String name, Machine m, String input, long start) {
      this.id = id;
      this.arn = arn;
      this.name = name;
      this.machineArn = m.arn;
      this.asl = m.asl;
      this.input = input;
      this.start = start;
    }
  }

  private static final class Task {
    final Execution ex;
    final long seq;
    final Asl.State state;
    final String stateInput;
    final String input;
    final int[] retries;
    int status = SCHEDULED;
    @Nullable String token;
    long heartbeatDue;

    Task(Execution ex, long seq, Asl.State state, String stateInput, String input, int[] retries) {
      this.ex = ex;
      this.seq = seq;
      this.state = state;
      this.stateInput = stateInput;
      this.input = input;
      this.retries = retries;
    }
  }

  /** Identifies the state visit whose retry is due. */
  private static final class RetryVisit {
    final Execution ex;
    final Asl.State state;
    final String stateInput;
    final int[] retries;

    RetryVisit(Execution ex, Asl.State state, String stateInput, int[] retries) {
      this.ex = ex;
      this.state = state;
      this.stateInput = stateInput;
      this.retries = retries;
    }
  }

  SfnEngine(Config cfg, Tokens tokens, Executor completer, ScheduledExecutorService scheduler) {
    this.cfg = cfg;
    this.tokens = tokens;
    this.polls = new LongPolls(this, cfg, completer, scheduler);
    this.arnPrefix = "arn:aws:states:" + cfg.region + ":" + cfg.accountId + ":";
  }

  private long now() {
    return cfg.clock.millis();
  }

  CompletableFuture<Reply> dispatch(String op, Req r) {
    switch (op) {
      case "GetActivityTask":
        return getActivityTask(r);
      case "SendTaskFailure":
        return done(sendTaskFailure(r));
      case "SendTaskSuccess":
        return done(sendTaskSuccess(r));
      case "SendTaskHeartbeat":
        return done(sendTaskHeartbeat(r));
      case "CreateActivity":
        return done(createActivity(r));
      case "DescribeActivity":
        return done(describeActivity(r));
      case "DeleteActivity":
        return done(deleteActivity(r));
      case "CreateStateMachine":
        return done(createStateMachine(r));
      case "DescribeStateMachine":
        return done(describeStateMachine(r));
      case "DeleteStateMachine":
        return done(deleteStateMachine(r));
      case "StartExecution":
        return done(startExecution(r));
      case "DescribeExecution":
        return done(describeExecution(r));
      case "StopExecution":
        return done(stopExecution(r));
      case "GetExecutionHistory":
        return done(getExecutionHistory(r));
      default:
        throw new ApiException(
            400, ApiException.UNKNOWN_OPERATION, "Unknown operation AWSStepFunctions." + op);
    }
  }

  private static CompletableFuture<Reply> done(Reply r) {
    return CompletableFuture.completedFuture(r);
  }

  private static Reply ok(ObjectNode o) {
    return Reply.ok(Json.write(o));
  }

  // ---------------------------------------------------------------- validation helpers

  private static final String FORBIDDEN_NAME_CHARS = " <>{}[]?*\"#%\\^|~`$&,;:/";

  private static boolean validName(String name) {
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (FORBIDDEN_NAME_CHARS.indexOf(c) >= 0
          || Character.isWhitespace(c)
          || c <= 0x1f
          || (c >= 0x7f && c <= 0x9f)) {
        return false;
      }
    }
    return true;
  }

  private static void checkName(String name) {
    if (!validName(name)) {
      throw ApiException.sfn("InvalidName", "Invalid Name: '" + name + "'");
    }
  }

  private static ApiException invalidArn(String arn) {
    return ApiException.sfn("InvalidArn", "Invalid Arn: '" + arn + "'");
  }

  private static boolean hasType(String arn, String type) {
    String[] parts = arn.split(":", 7);
    return parts.length >= 7
        && parts[0].equals("arn")
        && parts[2].equals("states")
        && parts[5].equals(type);
  }

  /**
   * The resource at {@code arn}; InvalidArn if the ARN cannot name a resource of the type, else
   * {@code code} ("... Does Not Exist") if there is none.
   */
  private static <T> T existing(
      Map<String, T> byArn, String arn, String type, String code, String what) {
    T found = byArn.get(arn);
    if (found == null) {
      if (!hasType(arn, type)) {
        throw invalidArn(arn);
      }
      throw ApiException.sfn(code, what + " Does Not Exist: '" + arn + "'");
    }
    return found;
  }

  /** Deletes the resource at the ARN in {@code field}; deleting one that is gone succeeds. */
  private Reply delete(Req r, String field, Map<String, ?> byArn, String type) {
    String arn = r.need(field, 0, 1, 256);
    r.done();
    if (!hasType(arn, type)) {
      throw invalidArn(arn);
    }
    synchronized (this) {
      byArn.remove(arn);
    }
    return Reply.EMPTY_JSON_OK;
  }

  // ---------------------------------------------------------------- activities

  private Reply createActivity(Req r) {
    String name = r.need("name", 0, 1, 80);
    r.tags("tags");
    Req enc = r.obj("encryptionConfiguration", 0);
    if (enc != null) {
      enc.enumStr("type", Req.REQUIRED, List.of("AWS_OWNED_KEY", "CUSTOMER_MANAGED_KMS_KEY"));
      enc.str("kmsKeyId", 0, 1, 2048);
      enc.num("kmsDataKeyReusePeriodSeconds", 0, 60, 900);
    }
    r.done();
    checkName(name);
    synchronized (this) {
      String arn = arnPrefix + "activity:" + name;
      Activity a = activities.get(arn);
      if (a == null) {
        a = new Activity(arn, name, now());
        activities.put(arn, a);
      }
      ObjectNode o = Json.obj();
      o.put("activityArn", a.arn);
      o.put("creationDate", Json.ts(a.created));
      return ok(o);
    }
  }

  private Activity activity(String arn) {
    return existing(activities, arn, "activity", "ActivityDoesNotExist", "Activity");
  }

  private Reply describeActivity(Req r) {
    String arn = r.need("activityArn", 0, 1, 256);
    r.done();
    synchronized (this) {
      Activity a = activity(arn);
      ObjectNode o = Json.obj();
      o.put("activityArn", a.arn);
      o.put("name", a.name);
      o.put("creationDate", Json.ts(a.created));
      return ok(o);
    }
  }

  private Reply deleteActivity(Req r) {
    return delete(r, "activityArn", activities, "activity");
  }

  // ---------------------------------------------------------------- state machines

  private Reply createStateMachine(Req r) {
    String name = r.need("name", 0, 1, 80);
    String definition = r.need("definition", Req.SENSITIVE, 1, 1048576);
    String roleArn = r.need("roleArn", 0, 1, 256);
    String type = r.enumStr("type", 0, List.of("STANDARD", "EXPRESS"));
    r.tags("tags");
    r.obj("loggingConfiguration", 0);
    r.obj("tracingConfiguration", 0);
    r.bool("publish", false);
    r.str("versionDescription", Req.SENSITIVE, 0, 256);
    r.obj("encryptionConfiguration", 0);
    r.done();
    checkName(name);
    if (!roleArn.startsWith("arn:")) {
      throw invalidArn(roleArn);
    }
    if ("EXPRESS".equals(type)) {
      throw ApiException.sfn(
          "StateMachineTypeNotSupported",
          "Express state machines are not supported by the taskbridge emulator");
    }
    Asl.Machine asl = Asl.parse(definition);
    synchronized (this) {
      String arn = arnPrefix + "stateMachine:" + name;
      Machine existing = machines.get(arn);
      if (existing != null) {
        if (!existing.definition.equals(definition) || !existing.roleArn.equals(roleArn)) {
          throw ApiException.sfn(
              "StateMachineAlreadyExists", "State Machine Already Exists: '" + arn + "'");
        }
      } else {
        existing = new Machine(arn, name, definition, roleArn, now(), asl);
        machines.put(arn, existing);
      }
      ObjectNode o = Json.obj();
      o.put("stateMachineArn", arn);
      o.put("creationDate", Json.ts(existing.created));
      return ok(o);
    }
  }

  private Machine machine(String arn) {
    return existing(machines, arn, "stateMachine", "StateMachineDoesNotExist", "State Machine");
  }

  private Reply describeStateMachine(Req r) {
    String arn = r.need("stateMachineArn", 0, 1, 256);
    r.str("includedData", 0, 0, 64);
    r.done();
    synchronized (this) {
      Machine m = machine(arn);
      ObjectNode o = Json.obj();
      o.put("stateMachineArn", m.arn);
      o.put("name", m.name);
      o.put("status", "ACTIVE");
      o.put("definition", m.definition);
      o.put("roleArn", m.roleArn);
      o.put("type", "STANDARD");
      o.put("creationDate", Json.ts(m.created));
      return ok(o);
    }
  }

  private Reply deleteStateMachine(Req r) {
    return delete(r, "stateMachineArn", machines, "stateMachine");
  }

  // ---------------------------------------------------------------- executions

  private Reply startExecution(Req r) {
    String smArn = r.need("stateMachineArn", 0, 1, 256);
    String name = r.str("name", 0, 1, 80);
    String input = r.strBytes("input", Req.SENSITIVE, 262144);
    String trace = r.str("traceHeader", 0, 0, 256);
    if (trace != null) {
      for (int i = 0; i < trace.length(); i++) {
        if (trace.charAt(i) > 0x7f) {
          r.str("traceHeader", Req.SENSITIVE, 0, -1);
          break;
        }
      }
    }
    r.done();
    if (name != null) {
      checkName(name);
    }
    String in = input == null ? "{}" : input;
    JsonNode inputNode = Json.tryParse(in);
    if (inputNode == null) {
      throw ApiException.sfn(
          "InvalidExecutionInput", "Invalid Execution Input: 'the input is not valid JSON'");
    }
    String execName = name == null ? UUID.randomUUID().toString() : name;
    synchronized (this) {
      tick();
      Machine m = machine(smArn);
      String arn = arnPrefix + "execution:" + m.name + ":" + execName;
      Execution existing = executions.get(arn);
      if (existing != null) {
        if (existing.status.equals("RUNNING") && existing.input.equals(in)) {
          return startReply(existing);
        }
        throw ApiException.sfn("ExecutionAlreadyExists", "Execution Already Exists: '" + arn + "'");
      }
      long now = now();
      Execution ex = new Execution(nextExecId++, arn, execName, m, in, now);
      executions.put(arn, ex);
      event(
          ex,
          "ExecutionStarted",
          "executionStartedEventDetails",
          kv("input", in, "inputDetails", NOT_TRUNCATED, "roleArn", m.roleArn));
      if (m.asl.timeoutSeconds > 0) {
        timers.add(now + m.asl.timeoutSeconds * 1000, T_EXEC_TIMEOUT, ex, 0);
      }
      runState(ex, m.asl.startAt, inputNode, in);
      return startReply(ex);
    }
  }

  private static Reply startReply(Execution ex) {
    ObjectNode o = Json.obj();
    o.put("executionArn", ex.arn);
    o.put("startDate", Json.ts(ex.start));
    return ok(o);
  }

  private Execution execution(String arn) {
    return existing(executions, arn, "execution", "ExecutionDoesNotExist", "Execution");
  }

  private Reply describeExecution(Req r) {
    String arn = r.need("executionArn", 0, 1, 256);
    r.str("includedData", 0, 0, 64);
    r.done();
    synchronized (this) {
      tick();
      Execution ex = execution(arn);
      ObjectNode o = Json.obj();
      o.put("executionArn", ex.arn);
      o.put("stateMachineArn", ex.machineArn);
      o.put("name", ex.name);
      o.put("status", ex.status);
      o.put("startDate", Json.ts(ex.start));
      if (!ex.status.equals("RUNNING")) {
        o.put("stopDate", Json.ts(ex.stop));
      }
      o.put("input", ex.input);
      o.putObject("inputDetails").put("included", true);
      if (ex.output != null) {
        o.put("output", ex.output);
        o.putObject("outputDetails").put("included", true);
      }
      if (ex.error != null) {
        o.put("error", ex.error);
      }
      if (ex.cause != null) {
        o.put("cause", ex.cause);
      }
      return ok(o);
    }
  }

  private Reply stopExecution(Req r) {
    String arn = r.need("executionArn", 0, 1, 256);
    String error = r.str("error", Req.SENSITIVE, 0, 256);
    String cause = r.str("cause", Req.SENSITIVE, 0, 32768);
    r.done();
    synchronized (this) {
      tick();
      Execution ex = execution(arn);
      if (ex.status.equals("RUNNING")) {
        event(
            ex,
            "ExecutionAborted",
            "executionAbortedEventDetails",
            kv("error", error, "cause", cause));
        finish(ex, "ABORTED", null, error, cause);
      }
      ObjectNode o = Json.obj();
      o.put("stopDate", Json.ts(ex.stop));
      return ok(o);
    }
  }

  private Reply getExecutionHistory(Req r) {
    String arn = r.need("executionArn", 0, 1, 256);
    Long max = r.num("maxResults", 0, 0, 1000);
    String next = r.str("nextToken", 0, 1, 1024);
    boolean reverse = r.bool("reverseOrder", false);
    boolean data = r.bool("includeExecutionData", true);
    r.done();
    int pageSize = max == null || max == 0 ? 100 : max.intValue();
    synchronized (this) {
      tick();
      Execution ex = execution(arn);
      int offset = 0;
      if (next != null) {
        offset = decodePageToken(next, ex.arn);
      }
      int n = ex.events.size();
      ObjectNode o = Json.obj();
      ArrayNode arr = o.putArray("events");
      int end = Math.min(n, offset + pageSize);
      for (int i = offset; i < end; i++) {
        Event e = ex.events.get(reverse ? n - 1 - i : i);
        arr.add(renderEvent(e, data));
      }
      if (end < n) {
        o.put("nextToken", pageToken(ex.arn, end));
      }
      return ok(o);
    }
  }

  static String pageToken(String key, int offset) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((offset + "|" + key).getBytes(StandardCharsets.UTF_8));
  }

  static int decodePageToken(String token, String key) {
    try {
      String s = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      int bar = s.indexOf('|');
      if (bar > 0 && s.substring(bar + 1).equals(key)) {
        return Integer.parseInt(s.substring(0, bar));
      }
    } catch (IllegalArgumentException e) {
      // falls through to the error below
    }
    throw ApiException.sfn("InvalidToken", "Invalid Token: 'Invalid pagination token'");
  }

  private static ObjectNode renderEvent(Event e, boolean data) {
    ObjectNode o = Json.obj();
    o.put("timestamp", Json.ts(e.millis));
    o.put("type", e.type);
    o.put("id", e.id);
    o.put("previousEventId", e.id - 1);
    Object details = e.attrs.length == 2 ? e.attrs[1] : null;
    if (details instanceof Object[] && e.attrs[0] != null) {
      o.set(String.valueOf(e.attrs[0]), Event.render((@Nullable Object[]) details, data));
    }
    return o;
  }

  private static @Nullable Object[] kv(@Nullable Object... xs) {
    return xs;
  }

  /** Shared by every event: {"truncated": false}. Never mutated. */
  private static final int[] NO_RETRIES = new int[0];

  private static final @Nullable Object[] NOT_TRUNCATED = kv("truncated", false);

  private void event(
      Execution ex, String type, @Nullable String detailsKey, @Nullable Object[] details) {
    long id = ex.events.size() + 1L;
    @Nullable Object[] attrs = detailsKey == null ? new Object[0] : kv(detailsKey, details);
    ex.events.add(new Event(now(), type, id, attrs));
  }

  // ---------------------------------------------------------------- interpreter

  private void runState(Execution ex, String name, JsonNode input) {
    runState(ex, name, input, null);
  }

  private void runState(Execution ex, String name, JsonNode input, @Nullable String sameText) {
    while (true) {
      String inputText = Json.toText(input);
      if (sameText != null && inputText.equals(sameText)) {
        inputText = sameText;
      }
      sameText = null;
      Asl.State s = ex.asl.states.get(name);
      if (s == null) {
        failExecution(ex, "States.Runtime", "Unknown state '" + name + "'");
        return;
      }
      event(
          ex,
          s.type + "StateEntered",
          "stateEnteredEventDetails",
          kv("name", s.name, "input", inputText, "inputDetails", NOT_TRUNCATED));
      switch (s.type) {
        case "Pass":
          {
            JsonNode effective = Asl.select(s.inputPath, input);
            if (effective == null) {
              pathError(ex, s, s.inputPath);
              return;
            }
            JsonNode result = s.result != null ? s.result : effective;
            JsonNode placed = Asl.place(s.resultPath, input, result);
            if (placed == null) {
              pathError(ex, s, s.resultPath);
              return;
            }
            JsonNode out = Asl.select(s.outputPath, placed);
            if (out == null) {
              pathError(ex, s, s.outputPath);
              return;
            }
            exitState(ex, s, out);
            if (s.next == null) {
              succeed(ex, out);
              return;
            }
            name = s.next;
            input = out;
            continue;
          }
        case "Succeed":
          {
            JsonNode effective = Asl.select(s.inputPath, input);
            JsonNode out = effective == null ? null : Asl.select(s.outputPath, effective);
            if (out == null) {
              pathError(ex, s, s.inputPath);
              return;
            }
            exitState(ex, s, out);
            succeed(ex, out);
            return;
          }
        case "Fail":
          event(
              ex,
              "ExecutionFailed",
              "executionFailedEventDetails",
              kv("error", s.error, "cause", s.cause));
          finish(ex, "FAILED", null, s.error, s.cause);
          return;
        default:
          scheduleTask(ex, s, inputText, s.retry.isEmpty() ? NO_RETRIES : new int[s.retry.size()]);
          return;
      }
    }
  }

  private void exitState(Execution ex, Asl.State s, JsonNode out) {
    event(
        ex,
        s.type + "StateExited",
        "stateExitedEventDetails",
        kv("name", s.name, "output", Json.toText(out), "outputDetails", NOT_TRUNCATED));
  }

  private void pathError(Execution ex, Asl.State s, Asl.@Nullable Path p) {
    failExecution(
        ex,
        "States.Runtime",
        "An error occurred while executing the state '"
            + s.name
            + "'. Invalid path '"
            + (p == null ? "null" : p.text)
            + "' : No results for path");
  }

  private void failExecution(Execution ex, String error, String cause) {
    event(ex, "ExecutionFailed", "executionFailedEventDetails", kv("error", error, "cause", cause));
    finish(ex, "FAILED", null, error, cause);
  }

  private void succeed(Execution ex, JsonNode out) {
    String text = Json.toText(out);
    event(
        ex,
        "ExecutionSucceeded",
        "executionSucceededEventDetails",
        kv("output", text, "outputDetails", NOT_TRUNCATED));
    finish(ex, "SUCCEEDED", text, null, null);
  }

  private void finish(
      Execution ex,
      String status,
      @Nullable String output,
      @Nullable String error,
      @Nullable String cause) {
    ex.status = status;
    ex.stop = now();
    ex.output = output;
    ex.error = error;
    ex.cause = cause;
    Task t = ex.current;
    if (t != null) {
      closeTask(t);
    }
  }

  private void closeTask(Task t) {
    t.status = CLOSED;
    String token = t.token;
    if (token != null) {
      openTasks.remove(token);
    }
    if (t.ex.current == t) {
      t.ex.current = null;
    }
  }

  private void scheduleTask(Execution ex, Asl.State s, String stateInput, int[] retries) {
    String input;
    if (s.inputPath == Asl.ROOT) {
      input = stateInput;
    } else {
      JsonNode effective = Asl.select(s.inputPath, Json.parseTrusted(stateInput));
      if (effective == null) {
        pathError(ex, s, s.inputPath);
        return;
      }
      input = Json.toText(effective);
    }
    String resource = s.resource == null ? "" : s.resource;
    Task t = new Task(ex, nextTaskSeq++, s, stateInput, input, retries);
    ex.current = t;
    event(
        ex,
        "ActivityScheduled",
        "activityScheduledEventDetails",
        kv(
            "resource",
            resource,
            "input",
            input,
            "inputDetails",
            NOT_TRUNCATED,
            "timeoutInSeconds",
            s.timeoutSeconds > 0 ? (Object) s.timeoutSeconds : null,
            "heartbeatInSeconds",
            s.heartbeatSeconds > 0 ? (Object) s.heartbeatSeconds : null));
    if (s.timeoutSeconds > 0) {
      timers.add(now() + s.timeoutSeconds * 1000, T_TASK_TIMEOUT, t, 0);
    }
    LongPolls.Queue<Task> q = queues.computeIfAbsent(resource, k -> new LongPolls.Queue<>());
    LongPolls.Waiter w = q.waiters.poll();
    if (w != null) {
      polls.hand(w, start(t, w.identity));
    } else {
      q.pending.add(t);
    }
  }

  private Reply start(Task t, @Nullable String worker) {
    String token = tokens.issue(Tokens.SFN_ACTIVITY, t.ex.id, t.seq);
    t.token = token;
    t.status = STARTED;
    openTasks.put(token, t);
    event(t.ex, "ActivityStarted", "activityStartedEventDetails", kv("workerName", worker));
    if (t.state.heartbeatSeconds > 0) {
      t.heartbeatDue = now() + t.state.heartbeatSeconds * 1000;
      timers.add(t.heartbeatDue, T_HEARTBEAT, t, 0);
    }
    ObjectNode o = Json.obj();
    o.put("taskToken", token);
    o.put("input", t.input);
    return ok(o);
  }

  private void taskFailed(
      Task t, @Nullable String error, @Nullable String cause, boolean timedOut) {
    Execution ex = t.ex;
    if (timedOut) {
      event(
          ex,
          "ActivityTimedOut",
          "activityTimedOutEventDetails",
          kv("error", error, "cause", cause));
    } else {
      event(ex, "ActivityFailed", "activityFailedEventDetails", kv("error", error, "cause", cause));
    }
    closeTask(t);
    Asl.State s = t.state;
    for (int i = 0; i < s.retry.size(); i++) {
      Asl.Retrier rt = s.retry.get(i);
      if (Asl.matches(rt.errorEquals, error)) {
        if (t.retries[i] < rt.maxAttempts) {
          t.retries[i]++;
          double delay = rt.intervalSeconds * Math.pow(rt.backoffRate, t.retries[i] - 1.0);
          long delayMillis = (long) Math.min(delay * 1000.0, 99999999000.0);
          RetryVisit v = new RetryVisit(ex, s, t.stateInput, t.retries);
          timers.add(now() + delayMillis, T_RETRY, v, 0);
          return;
        }
        break;
      }
    }
    for (Asl.Catcher c : s.catches) {
      if (Asl.matches(c.errorEquals, error)) {
        ObjectNode err = Json.obj();
        if (error != null) {
          err.put("Error", error);
        }
        if (cause != null) {
          err.put("Cause", cause);
        }
        JsonNode placed = Asl.place(c.resultPath, Json.parseTrusted(t.stateInput), err);
        if (placed == null) {
          pathError(ex, s, c.resultPath);
          return;
        }
        exitState(ex, s, placed);
        runState(ex, c.next, placed);
        return;
      }
    }
    event(ex, "ExecutionFailed", "executionFailedEventDetails", kv("error", error, "cause", cause));
    finish(ex, "FAILED", null, error, cause);
  }

  private void taskSucceeded(Task t, String output, JsonNode result) {
    Execution ex = t.ex;
    event(
        ex,
        "ActivitySucceeded",
        "activitySucceededEventDetails",
        kv("output", output, "outputDetails", NOT_TRUNCATED));
    closeTask(t);
    Asl.State s = t.state;
    JsonNode placed = Asl.place(s.resultPath, Json.parseTrusted(t.stateInput), result);
    if (placed == null) {
      pathError(ex, s, s.resultPath);
      return;
    }
    JsonNode out = Asl.select(s.outputPath, placed);
    if (out == null) {
      pathError(ex, s, s.outputPath);
      return;
    }
    exitState(ex, s, out);
    if (s.next == null) {
      succeed(ex, out);
    } else {
      runState(ex, s.next, out);
    }
  }

  // ---------------------------------------------------------------- timers

  /** Applies every timeout and retry that is due on the clock. */
  synchronized void tick() {
    long now = now();
    TimerQueue.Timer timer;
    while ((timer = timers.poll(now)) != null) {
      switch (timer.kind) {
        case T_TASK_TIMEOUT:
          {
            Task t = (Task) timer.subject;
            if (t.status != CLOSED) {
              taskFailed(t, Asl.TIMEOUT, null, true);
            }
            break;
          }
        case T_HEARTBEAT:
          {
            Task t = (Task) timer.subject;
            if (t.status == STARTED) {
              if (t.heartbeatDue <= timer.due) {
                taskFailed(t, Asl.TIMEOUT, null, true);
              } else {
                timers.add(t.heartbeatDue, T_HEARTBEAT, t, 0);
              }
            }
            break;
          }
        case T_RETRY:
          {
            RetryVisit v = (RetryVisit) timer.subject;
            if (v.ex.status.equals("RUNNING") && v.ex.current == null) {
              scheduleTask(v.ex, v.state, v.stateInput, v.retries);
            }
            break;
          }
        case T_EXEC_TIMEOUT:
          {
            Execution ex = (Execution) timer.subject;
            if (ex.status.equals("RUNNING")) {
              event(
                  ex,
                  "ExecutionTimedOut",
                  "executionTimedOutEventDetails",
                  kv("error", Asl.TIMEOUT, "cause", null));
              finish(ex, "TIMED_OUT", null, Asl.TIMEOUT, null);
            }
            break;
          }
        default:
          break;
      }
    }
  }

  // ---------------------------------------------------------------- worker API

  private CompletableFuture<Reply> getActivityTask(Req r) {
    String arn = r.need("activityArn", 0, 1, 256);
    String worker = r.str("workerName", 0, 1, 80);
    r.done();
    synchronized (this) {
      tick();
      activity(arn);
      if (closed) {
        return done(Reply.EMPTY_JSON_OK);
      }
      LongPolls.Queue<Task> q = queues.computeIfAbsent(arn, k -> new LongPolls.Queue<>());
      Task t;
      while ((t = q.pending.poll()) != null) {
        if (t.status == SCHEDULED) {
          return done(start(t, worker));
        }
      }
      return polls.park(q, worker, () -> Reply.EMPTY_JSON_OK);
    }
  }

  private Task openTask(String token) {
    Task t = openTasks.get(token);
    if (t != null && t.status == STARTED) {
      return t;
    }
    if (tokens.decode(Tokens.SFN_ACTIVITY, token) == null) {
      throw ApiException.sfn("InvalidToken", INVALID_TOKEN);
    }
    throw ApiException.sfn("TaskTimedOut", TIMED_OUT);
  }

  private Reply sendTaskFailure(Req r) {
    String token = r.need("taskToken", 0, 1, 2048);
    String error = r.str("error", Req.SENSITIVE, 0, 256);
    String cause = r.str("cause", Req.SENSITIVE, 0, 32768);
    r.done();
    synchronized (this) {
      tick();
      Task t = openTask(token);
      taskFailed(t, error, cause, false);
    }
    return Reply.EMPTY_JSON_OK;
  }

  private Reply sendTaskSuccess(Req r) {
    String token = r.need("taskToken", 0, 1, 2048);
    String output = r.needBytes("output", Req.SENSITIVE, 262144);
    r.done();
    if (output == null) {
      throw new IllegalStateException("validated");
    }
    synchronized (this) {
      tick();
      Task t = openTask(token);
      JsonNode result = Json.tryParse(output);
      if (result == null) {
        throw ApiException.sfn("InvalidOutput", "Invalid Output: 'the output is not valid JSON'");
      }
      taskSucceeded(t, output, result);
    }
    return Reply.EMPTY_JSON_OK;
  }

  private Reply sendTaskHeartbeat(Req r) {
    String token = r.need("taskToken", 0, 1, 2048);
    r.done();
    synchronized (this) {
      tick();
      Task t = openTask(token);
      if (t.state.heartbeatSeconds > 0) {
        t.heartbeatDue = now() + t.state.heartbeatSeconds * 1000;
      }
    }
    return Reply.EMPTY_JSON_OK;
  }

  // ---------------------------------------------------------------- control

  /** Answers every waiting poller with an empty task and refuses new waits. */
  void shutdown() {
    List<LongPolls.Waiter> all;
    synchronized (this) {
      closed = true;
      all = LongPolls.takeWaiters(queues.values());
    }
    LongPolls.release(all, Reply.EMPTY_JSON_OK);
  }

  /** The recorded history of an execution, rendered as GetExecutionHistory would. */
  synchronized List<JsonNode> history(String executionArn) {
    tick();
    Execution ex = executions.get(executionArn);
    if (ex == null) {
      throw new IllegalArgumentException("no such execution: " + executionArn);
    }
    List<JsonNode> out = new ArrayList<>(ex.events.size());
    for (Event e : ex.events) {
      out.add(renderEvent(e, true));
    }
    return out;
  }

  int openTaskCount() {
    return openTasks.size();
  }
}
