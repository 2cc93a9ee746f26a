package dev.taskbridge.emulator.internal;

import static dev.taskbridge.emulator.internal.EngineOperation.sync;
import static dev.taskbridge.emulator.internal.Event.kv;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.taskbridge.emulator.PendingCallback;
import dev.taskbridge.emulator.TaskFailure;
import dev.taskbridge.emulator.TaskHandler;
import dev.taskbridge.emulator.internal.asl.AslError;
import dev.taskbridge.emulator.internal.asl.DefinitionException;
import dev.taskbridge.emulator.internal.asl.Errors;
import dev.taskbridge.emulator.internal.asl.Interpreter;
import dev.taskbridge.emulator.internal.asl.Model;
import dev.taskbridge.emulator.internal.asl.Nodes;
import dev.taskbridge.emulator.internal.asl.Parser;
import dev.taskbridge.emulator.internal.asl.Resources;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Step Functions engine: activities, state machines, executions (run by the {@link
 * Interpreter}), activity and callback tasks.
 */
final class SfnEngine {
  private static final Logger LOG = LoggerFactory.getLogger(SfnEngine.class);

  /** What a timer does when it fires. */
  private enum TimerKind {
    /** Checks a task's timeout. */
    TASK_TIMEOUT,
    /** Checks a task's heartbeat timeout. */
    HEARTBEAT,
    /** Resumes the interpreter (a retry or a Wait state). */
    RUN,
    /** Checks an execution's timeout. */
    EXEC_TIMEOUT
  }

  private static final String INVALID_TOKEN = "Invalid Token: 'Invalid token'";
  private static final String TIMED_OUT = "Task Timed Out: 'Provided task does not exist anymore'";

  /** Every operation this engine serves, by its wire name: the one list of them. */
  private static final Map<String, EngineOperation<SfnEngine>> OPERATIONS =
      Map.ofEntries(
          Map.entry("GetActivityTask", SfnEngine::getActivityTask),
          Map.entry("SendTaskFailure", sync(SfnEngine::sendTaskFailure)),
          Map.entry("SendTaskSuccess", sync(SfnEngine::sendTaskSuccess)),
          Map.entry("SendTaskHeartbeat", sync(SfnEngine::sendTaskHeartbeat)),
          Map.entry("CreateActivity", sync(SfnEngine::createActivity)),
          Map.entry("DescribeActivity", sync(SfnEngine::describeActivity)),
          Map.entry("DeleteActivity", sync(SfnEngine::deleteActivity)),
          Map.entry("CreateStateMachine", sync(SfnEngine::createStateMachine)),
          Map.entry("DescribeStateMachine", sync(SfnEngine::describeStateMachine)),
          Map.entry("DeleteStateMachine", sync(SfnEngine::deleteStateMachine)),
          Map.entry("StartExecution", sync(SfnEngine::startExecution)),
          Map.entry("DescribeExecution", sync(SfnEngine::describeExecution)),
          Map.entry("StopExecution", sync(SfnEngine::stopExecution)),
          Map.entry("GetExecutionHistory", sync(SfnEngine::getExecutionHistory)),
          Map.entry("ListActivities", sync(SfnEngine::listActivities)),
          Map.entry("ListStateMachines", sync(SfnEngine::listStateMachines)),
          Map.entry("ListExecutions", sync(SfnEngine::listExecutions)),
          Map.entry("ValidateStateMachineDefinition", sync(SfnEngine::validateDefinition)),
          Map.entry("TagResource", sync(SfnEngine::tagResource)),
          Map.entry("UntagResource", sync(SfnEngine::untagResource)),
          Map.entry("ListTagsForResource", sync(SfnEngine::listTags)));

  /** The names of the operations this engine serves. */
  static final Set<String> OPS = OPERATIONS.keySet();

  private final Config cfg;
  private final Tokens tokens;
  private final LongPolls polls;
  private final String arnPrefix;
  private final Interpreter interpreter;
  private final Parser parser;
  private final ConcurrentHashMap<String, TaskHandler> handlers = new ConcurrentHashMap<>();

  private final Map<String, Activity> activities = new LinkedHashMap<>();
  private final Map<String, LongPolls.Queue<Task>> queues = new HashMap<>();
  private final Map<String, Machine> machines = new LinkedHashMap<>();
  private final Map<String, Execution> executions = new LinkedHashMap<>();
  private final Map<String, Map<String, String>> tags = new HashMap<>();
  private final ConcurrentHashMap<String, Task> openTasks = new ConcurrentHashMap<>();
  private final TimerQueue<TimerKind> timers = new TimerQueue<>();
  private long nextExecId = 1;
  private long nextTaskSeq = 1;
  private boolean closed;

  private record Activity(String arn, String name, long created) {}

  private record Machine(
      String arn,
      String name,
      String definition,
      String roleArn,
      long created,
      Model.Machine asl) {}

  /** What a task is: an activity worker's, a callback's, or a registered handler's. */
  private enum TaskKind {
    ACTIVITY,
    CALLBACK
  }

  private static final class Execution {
    final long id;
    final String arn;
    final String name;
    final String machineArn;
    final String input;
    final long start;
    ExecutionStatus status = ExecutionStatus.RUNNING;
    long stop;
    @Nullable String output;
    @Nullable String error;
    @Nullable String cause;
    final List<Event> events = new ArrayList<>(8);
    Interpreter.@Nullable Run run;

    Execution(long id, String arn, String name, Machine m, String input, long start) {
      this.id = id;
      this.arn = arn;
      this.name = name;
      this.machineArn = m.arn;
      this.input = input;
      this.start = start;
    }
  }

  /** The statuses of an execution, as the API spells them. */
  private enum ExecutionStatus {
    RUNNING,
    SUCCEEDED,
    FAILED,
    TIMED_OUT,
    ABORTED
  }

  private static final class Task {
    final Execution ex;
    final long seq;
    final TaskKind kind;
    final Interpreter.TaskCall call;
    TaskStatus status = TaskStatus.SCHEDULED;
    @Nullable String token;
    long heartbeatDue;

    Task(Execution ex, long seq, TaskKind kind, Interpreter.TaskCall call) {
      this.ex = ex;
      this.seq = seq;
      this.kind = kind;
      this.call = call;
    }
  }

  SfnEngine(Config cfg, Tokens tokens, Executor completer, ScheduledExecutorService scheduler) {
    this.cfg = cfg;
    this.tokens = tokens;
    this.polls = new LongPolls(this, cfg, completer, scheduler);
    this.arnPrefix = "arn:aws:states:" + cfg.region + ":" + cfg.accountId + ":";
    this.interpreter = new Interpreter(new EngineHost());
    this.parser = new Parser(handlers::containsKey);
  }

  /** Serves Task states whose resource is {@code resource} with {@code handler}. */
  void registerTaskHandler(String resource, TaskHandler handler) {
    handlers.put(resource, handler);
  }

  /** Whether any task handler is registered: requests may then run user code. */
  boolean hasTaskHandlers() {
    return !handlers.isEmpty();
  }

  private long now() {
    return cfg.clock.millis();
  }

  CompletableFuture<Reply> dispatch(String op, Req r) {
    return EngineOperation.dispatch(OPERATIONS, this, "AWSStepFunctions.", op, r);
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
  private Reply delete(Req r, SfnLimits field, Map<String, ?> byArn, String type) {
    String arn = r.need(field);
    r.done();
    if (!hasType(arn, type)) {
      throw invalidArn(arn);
    }
    synchronized (this) {
      byArn.remove(arn);
      tags.remove(arn);
    }
    return Reply.EMPTY_JSON_OK;
  }

  // ---------------------------------------------------------------- activities

  private Reply createActivity(Req r) {
    String name = r.need(SfnLimits.NAME);
    Map<String, String> tagList = tagMap(r);
    Req enc = r.obj("encryptionConfiguration", 0);
    if (enc != null) {
      enc.enumStr("type", Req.REQUIRED, List.of("AWS_OWNED_KEY", "CUSTOMER_MANAGED_KMS_KEY"));
      enc.str(SfnLimits.KMS_KEY_ID);
      enc.num(SfnLimits.KMS_DATA_KEY_REUSE_PERIOD_SECONDS);
    }
    r.done();
    checkName(name);
    synchronized (this) {
      String arn = arnPrefix + "activity:" + name;
      Activity a = activities.get(arn);
      if (a == null) {
        a = new Activity(arn, name, now());
        activities.put(arn, a);
        tags.put(arn, tagList);
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
    String arn = r.need(SfnLimits.ACTIVITY_ARN);
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
    return delete(r, SfnLimits.ACTIVITY_ARN, activities, "activity");
  }

  private Reply listActivities(Req r) {
    return listAll(
        r, "activities", activities, a -> summary(a.arn(), "activityArn", a.name(), a.created()));
  }

  private Reply listStateMachines(Req r) {
    return listAll(
        r,
        "stateMachines",
        machines,
        m -> summary(m.arn(), "stateMachineArn", m.name(), m.created()).put("type", "STANDARD"));
  }

  private static ObjectNode summary(String arn, String arnMember, String name, long created) {
    ObjectNode o = Json.obj();
    o.put(arnMember, arn);
    o.put("name", name);
    o.put("creationDate", Json.ts(created));
    return o;
  }

  /** A List* operation over every resource of one kind, paginated. */
  private <T> Reply listAll(
      Req r, String member, Map<String, T> byArn, java.util.function.Function<T, ObjectNode> item) {
    Long max = r.num(SfnLimits.MAX_RESULTS);
    String next = r.str(SfnLimits.NEXT_TOKEN);
    r.done();
    synchronized (this) {
      List<ObjectNode> items = new ArrayList<>();
      for (T t : byArn.values()) {
        items.add(item.apply(t));
      }
      return page(items, member, max, next, member);
    }
  }

  private Reply listExecutions(Req r) {
    String smArn = r.str(SfnLimits.STATE_MACHINE_ARN);
    String filter =
        r.enumStr(
            "statusFilter",
            0,
            List.of("RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED", "PENDING_REDRIVE"));
    Long max = r.num(SfnLimits.MAX_RESULTS);
    String next = r.str(SfnLimits.LIST_EXECUTIONS_NEXT_TOKEN);
    r.str(SfnLimits.MAP_RUN_ARN);
    r.str(SfnLimits.REDRIVE_FILTER);
    r.done();
    synchronized (this) {
      tick();
      if (smArn == null) {
        throw ApiException.sfn(
            "InvalidArn", "Invalid Arn: 'Either stateMachineArn or mapRunArn must be given'");
      }
      machine(smArn);
      List<ObjectNode> items = new ArrayList<>();
      List<Execution> all = new ArrayList<>(executions.values());
      java.util.Collections.reverse(all);
      for (Execution ex : all) {
        if (!ex.machineArn.equals(smArn) || (filter != null && !filter.equals(ex.status.name()))) {
          continue;
        }
        items.add(executionSummary(ex));
      }
      return page(items, "executions", max, next, smArn);
    }
  }

  /** The members ListExecutions and DescribeExecution share: ARNs, name, status, dates. */
  private static ObjectNode executionSummary(Execution ex) {
    ObjectNode o = Json.obj();
    o.put("executionArn", ex.arn);
    o.put("stateMachineArn", ex.machineArn);
    o.put("name", ex.name);
    o.put("status", ex.status.name());
    o.put("startDate", Json.ts(ex.start));
    if (ex.status != ExecutionStatus.RUNNING) {
      o.put("stopDate", Json.ts(ex.stop));
    }
    return o;
  }

  private static Reply page(
      List<ObjectNode> items,
      String member,
      @Nullable Long max,
      @Nullable String next,
      String key) {
    int size = max == null || max == 0 ? 100 : max.intValue();
    int offset = next == null ? 0 : decodePageToken(next, key);
    ObjectNode o = Json.obj();
    ArrayNode arr = o.putArray(member);
    int end = Math.min(items.size(), offset + size);
    for (int i = offset; i < end; i++) {
      arr.add(items.get(i));
    }
    if (end < items.size()) {
      o.put("nextToken", PageTokens.encode(key, end));
    }
    return ok(o);
  }

  // ---------------------------------------------------------------- tags

  private static Map<String, String> tagMap(Req r) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Req t : r.objList(SfnLimits.TAGS)) {
      String k = t.needOrNull(SfnLimits.TAG_KEY);
      String v = t.needOrNull(SfnLimits.TAG_VALUE);
      if (k != null && v != null) {
        out.put(k, v);
      }
    }
    return out;
  }

  private Map<String, String> taggable(String arn) {
    if (hasType(arn, "activity")) {
      activity(arn);
    } else if (hasType(arn, "stateMachine")) {
      machine(arn);
    } else {
      throw invalidArn(arn);
    }
    return tags.computeIfAbsent(arn, k -> new LinkedHashMap<>());
  }

  private Reply tagResource(Req r) {
    String arn = r.need(SfnLimits.RESOURCE_ARN);
    Map<String, String> add = tagMap(r);
    r.done();
    synchronized (this) {
      Map<String, String> t = taggable(arn);
      Map<String, String> merged = new LinkedHashMap<>(t);
      merged.putAll(add);
      if (merged.size() > 50) {
        throw ApiException.sfn("TooManyTags", "Too many tags: a resource may have at most 50 tags");
      }
      t.putAll(add);
    }
    return Reply.EMPTY_JSON_OK;
  }

  private Reply untagResource(Req r) {
    String arn = r.need(SfnLimits.RESOURCE_ARN);
    List<String> keys = r.strList(SfnLimits.TAG_KEYS);
    r.done();
    synchronized (this) {
      Map<String, String> t = taggable(arn);
      keys.forEach(t::remove);
    }
    return Reply.EMPTY_JSON_OK;
  }

  private Reply listTags(Req r) {
    String arn = r.need(SfnLimits.RESOURCE_ARN);
    r.done();
    synchronized (this) {
      Map<String, String> t = taggable(arn);
      ObjectNode o = Json.obj();
      ArrayNode arr = o.putArray("tags");
      t.forEach((k, v) -> arr.addObject().put("key", k).put("value", v));
      return ok(o);
    }
  }

  // ---------------------------------------------------------------- state machines

  private Reply createStateMachine(Req r) {
    String name = r.need(SfnLimits.NAME);
    String definition = r.need(SfnLimits.DEFINITION);
    String roleArn = r.need(SfnLimits.ROLE_ARN);
    String type = r.enumStr("type", 0, List.of("STANDARD", "EXPRESS"));
    Map<String, String> tagList = tagMap(r);
    r.obj("loggingConfiguration", 0);
    r.obj("tracingConfiguration", 0);
    r.bool("publish", false);
    r.str(SfnLimits.VERSION_DESCRIPTION);
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
    Model.Machine asl = parse(definition);
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
        tags.put(arn, tagList);
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
    String arn = r.need(SfnLimits.STATE_MACHINE_ARN);
    r.str(SfnLimits.INCLUDED_DATA);
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
    return delete(r, SfnLimits.STATE_MACHINE_ARN, machines, "stateMachine");
  }

  private Model.Machine parse(String definition) {
    try {
      return parser.parse(definition);
    } catch (DefinitionException e) {
      throw ApiException.sfn("InvalidDefinition", String.valueOf(e.getMessage()));
    }
  }

  private Reply validateDefinition(Req r) {
    String definition = r.need(SfnLimits.DEFINITION);
    r.enumStr("type", 0, List.of("STANDARD", "EXPRESS"));
    r.enumStr("severity", 0, List.of("ERROR", "WARNING"));
    r.num(SfnLimits.VALIDATION_MAX_RESULTS);
    r.done();
    ObjectNode o = Json.obj();
    ArrayNode diags = Json.NODES.arrayNode();
    try {
      parser.parse(definition);
      o.put("result", "OK");
    } catch (DefinitionException e) {
      o.put("result", "FAIL");
      ObjectNode d = diags.addObject();
      d.put("severity", "ERROR");
      d.put("code", e.code);
      d.put("message", e.detail);
      d.put("location", e.location);
    }
    o.set("diagnostics", diags);
    o.put("truncated", false);
    return ok(o);
  }

  // ---------------------------------------------------------------- executions

  private Reply startExecution(Req r) {
    String smArn = r.need(SfnLimits.STATE_MACHINE_ARN);
    String name = r.str(SfnLimits.NAME);
    String input = r.str(SfnLimits.INPUT);
    String trace = r.str(SfnLimits.TRACE_HEADER);
    if (trace != null) {
      for (int i = 0; i < trace.length(); i++) {
        if (trace.charAt(i) > 0x7f) {
          r.str(SfnLimits.TRACE_HEADER_NOT_ASCII);
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
        if (existing.status == ExecutionStatus.RUNNING && existing.input.equals(in)) {
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
      if (m.asl.timeoutSeconds() > 0) {
        timers.add(now + m.asl.timeoutSeconds() * 1000, TimerKind.EXEC_TIMEOUT, ex, 0);
      }
      ObjectNode exCtx = Json.obj();
      exCtx.put("Id", arn);
      exCtx.set("Input", inputNode);
      exCtx.put("Name", execName);
      exCtx.put("RoleArn", m.roleArn);
      exCtx.put("StartTime", Instant.ofEpochMilli(now).toString());
      exCtx.put("RedriveCount", 0);
      ObjectNode smCtx = Json.obj();
      smCtx.put("Id", m.arn);
      smCtx.put("Name", m.name);
      Interpreter.Run run = new Interpreter.Run(ex, m.asl, exCtx, smCtx);
      ex.run = run;
      guard(ex, () -> interpreter.start(run, inputNode));
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
    String arn = r.need(SfnLimits.EXECUTION_ARN);
    r.str(SfnLimits.INCLUDED_DATA);
    r.done();
    synchronized (this) {
      tick();
      Execution ex = execution(arn);
      ObjectNode o = executionSummary(ex);
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
    String arn = r.need(SfnLimits.EXECUTION_ARN);
    String error = r.str(SfnLimits.ERROR);
    String cause = r.str(SfnLimits.CAUSE);
    r.done();
    synchronized (this) {
      tick();
      Execution ex = execution(arn);
      if (ex.status == ExecutionStatus.RUNNING) {
        event(
            ex,
            "ExecutionAborted",
            "executionAbortedEventDetails",
            kv("error", error, "cause", cause));
        finish(ex, ExecutionStatus.ABORTED, null, error, cause);
      }
      ObjectNode o = Json.obj();
      o.put("stopDate", Json.ts(ex.stop));
      return ok(o);
    }
  }

  private Reply getExecutionHistory(Req r) {
    String arn = r.need(SfnLimits.EXECUTION_ARN);
    Long max = r.num(SfnLimits.MAX_RESULTS);
    String next = r.str(SfnLimits.NEXT_TOKEN);
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
        o.put("nextToken", PageTokens.encode(ex.arn, end));
      }
      return ok(o);
    }
  }

  private static int decodePageToken(String token, String key) {
    return PageTokens.decode(token, key)
        .orElseThrow(
            () -> ApiException.sfn("InvalidToken", "Invalid Token: 'Invalid pagination token'"));
  }

  private static ObjectNode renderEvent(Event e, boolean data) {
    ObjectNode o = Json.obj();
    o.put("timestamp", Json.ts(e.millis));
    o.put("type", e.type);
    o.put("id", e.id);
    o.put("previousEventId", e.id - 1);
    e.putDetails(o, data);
    return o;
  }

  /** Shared by every event: {"truncated": false}. Never mutated. */
  private static final @Nullable Object[] NOT_TRUNCATED = kv("truncated", false);

  private long event(
      Execution ex, String type, @Nullable String detailsKey, @Nullable Object[] details) {
    long id = ex.events.size() + 1L;
    ex.events.add(new Event(now(), type, id, detailsKey, details));
    return id;
  }

  // ---------------------------------------------------------------- interpreter host

  /**
   * Runs interpreter work for {@code ex}; a failure of the emulator itself ends the execution
   * (States.Runtime) rather than leaving it half-applied behind a 500.
   */
  private void guard(Execution ex, Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      LOG.warn("interpreter work failed with {}: the execution fails", e.getClass().getName());
      if (ex.status == ExecutionStatus.RUNNING) {
        String cause = "The taskbridge emulator failed: " + e.getClass().getName();
        event(
            ex,
            "ExecutionFailed",
            "executionFailedEventDetails",
            kv("error", "States.Runtime", "cause", cause));
        finish(ex, ExecutionStatus.FAILED, null, "States.Runtime", cause);
      }
    }
  }

  private static Execution owner(Interpreter.Run run) {
    return (Execution) run.owner();
  }

  /** The engine side of the interpreter: events, tasks, timers, the end of an execution. */
  private final class EngineHost implements Interpreter.Host {
    @Override
    public long now() {
      return SfnEngine.this.now();
    }

    @Override
    public long event(
        Interpreter.Run run, String type, @Nullable String detailsKey, @Nullable Object[] details) {
      return SfnEngine.this.event(owner(run), type, detailsKey, details);
    }

    @Override
    public String token(Interpreter.Run run) {
      return tokens.issue(Tokens.SFN_ACTIVITY, owner(run).id, nextTaskSeq);
    }

    @Override
    public void startTask(Interpreter.TaskCall call) {
      Execution ex = owner(call.run);
      if (Resources.isActivity(call.resource)) {
        scheduleActivity(ex, call);
      } else if (Resources.isCallback(call.resource) && call.token != null) {
        startCallback(ex, call);
      } else {
        runHandler(ex, call);
      }
    }

    @Override
    public void cancelTask(Interpreter.TaskCall call) {
      Object h = call.handle;
      if (h instanceof Task t) {
        closeTask(t);
      }
    }

    @Override
    public void at(long due, Runnable r) {
      timers.add(due, TimerKind.RUN, r, 0);
    }

    @Override
    public void finished(Interpreter.Run run, @Nullable JsonNode output, @Nullable AslError error) {
      Execution ex = owner(run);
      if (ex.status != ExecutionStatus.RUNNING) {
        return;
      }
      if (output != null) {
        succeed(ex, output);
      } else {
        String e = error == null ? null : error.error;
        String c = error == null ? null : error.cause;
        SfnEngine.this.event(
            ex, "ExecutionFailed", "executionFailedEventDetails", kv("error", e, "cause", c));
        finish(ex, ExecutionStatus.FAILED, null, e, c);
      }
    }
  }

  private void succeed(Execution ex, JsonNode out) {
    String text = Nodes.text(out);
    event(
        ex,
        "ExecutionSucceeded",
        "executionSucceededEventDetails",
        kv("output", text, "outputDetails", NOT_TRUNCATED));
    finish(ex, ExecutionStatus.SUCCEEDED, text, null, null);
  }

  private void finish(
      Execution ex,
      ExecutionStatus status,
      @Nullable String output,
      @Nullable String error,
      @Nullable String cause) {
    ex.status = status;
    ex.stop = now();
    ex.output = output;
    ex.error = error;
    ex.cause = cause;
    Interpreter.Run run = ex.run;
    if (run != null) {
      interpreter.abort(run);
    }
  }

  private void closeTask(Task t) {
    t.status = TaskStatus.CLOSED;
    String token = t.token;
    if (token != null) {
      openTasks.remove(token);
    }
  }

  private static @Nullable Object seconds(long s) {
    return s > 0 ? (Object) s : null;
  }

  private void scheduleActivity(Execution ex, Interpreter.TaskCall call) {
    if (!activities.containsKey(call.resource)) {
      interpreter.fail(
          call,
          "States.Runtime",
          call.errorPrefix + "The activity " + call.resource + " does not exist.",
          false);
      return;
    }
    Task t = new Task(ex, nextTaskSeq++, TaskKind.ACTIVITY, call);
    call.handle = t;
    event(
        ex,
        "ActivityScheduled",
        "activityScheduledEventDetails",
        kv(
            "resource",
            call.resource,
            "input",
            call.input,
            "inputDetails",
            NOT_TRUNCATED,
            "timeoutInSeconds",
            seconds(call.timeoutSeconds),
            "heartbeatInSeconds",
            seconds(call.heartbeatSeconds)));
    if (call.timeoutSeconds > 0) {
      timers.add(now() + call.timeoutSeconds * 1000, TimerKind.TASK_TIMEOUT, t, 0);
    }
    LongPolls.Queue<Task> q = queues.computeIfAbsent(call.resource, k -> new LongPolls.Queue<>());
    LongPolls.Waiter w = q.waiters.poll();
    if (w != null) {
      polls.hand(w, start(t, w.identity));
    } else {
      q.pending.add(t);
    }
  }

  private void startCallback(Execution ex, Interpreter.TaskCall call) {
    Task t = new Task(ex, nextTaskSeq++, TaskKind.CALLBACK, call);
    call.handle = t;
    String type = Resources.type(call.resource);
    String res = Resources.name(call.resource);
    event(
        ex,
        "TaskScheduled",
        "taskScheduledEventDetails",
        kv(
            "resourceType",
            type,
            "resource",
            res,
            "region",
            cfg.region,
            "parameters",
            call.input,
            "timeoutInSeconds",
            seconds(call.timeoutSeconds),
            "heartbeatInSeconds",
            seconds(call.heartbeatSeconds)));
    event(ex, "TaskStarted", "taskStartedEventDetails", kv("resourceType", type, "resource", res));
    t.token = call.token;
    t.status = TaskStatus.STARTED;
    openTasks.put(call.token == null ? "" : call.token, t);
    if (call.timeoutSeconds > 0) {
      timers.add(now() + call.timeoutSeconds * 1000, TimerKind.TASK_TIMEOUT, t, 0);
    }
    if (call.heartbeatSeconds > 0) {
      t.heartbeatDue = now() + call.heartbeatSeconds * 1000;
      timers.add(t.heartbeatDue, TimerKind.HEARTBEAT, t, 0);
    }
  }

  private void runHandler(Execution ex, Interpreter.TaskCall call) {
    String type = Resources.type(call.resource);
    String res = Resources.name(call.resource);
    event(
        ex,
        "TaskScheduled",
        "taskScheduledEventDetails",
        kv("resourceType", type, "resource", res, "region", cfg.region, "parameters", call.input));
    TaskHandler h = handlers.get(call.resource);
    if (h == null) {
      String cause =
          call.errorPrefix
              + "The taskbridge emulator does not call the resource "
              + call.resource
              + ": register a TaskHandler for it.";
      interpreter.fail(call, "States.Runtime", cause, false);
      return;
    }
    event(ex, "TaskStarted", "taskStartedEventDetails", kv("resourceType", type, "resource", res));
    String out;
    try {
      out = h.handle(call.input);
    } catch (TaskFailure f) {
      event(
          ex,
          "TaskFailed",
          "taskFailedEventDetails",
          kv("resourceType", type, "resource", res, "error", f.error(), "cause", f.cause()));
      interpreter.fail(call, f.error(), f.cause(), false);
      return;
    } catch (RuntimeException e) {
      LOG.debug("task handler threw {}: the task fails", e.getClass().getName());
      String cause = "The task handler threw " + e.getClass().getName();
      event(
          ex,
          "TaskFailed",
          "taskFailedEventDetails",
          kv("resourceType", type, "resource", res, "error", "States.TaskFailed", "cause", cause));
      interpreter.fail(call, "States.TaskFailed", cause, false);
      return;
    }
    JsonNode result = out == null ? null : Json.tryParse(out);
    if (result == null) {
      String cause = "The task handler returned a value that is not JSON";
      event(
          ex,
          "TaskFailed",
          "taskFailedEventDetails",
          kv("resourceType", type, "resource", res, "error", "States.Runtime", "cause", cause));
      interpreter.fail(call, "States.Runtime", call.errorPrefix + cause, false);
      return;
    }
    event(
        ex,
        "TaskSucceeded",
        "taskSucceededEventDetails",
        kv("resourceType", type, "resource", res, "output", out, "outputDetails", NOT_TRUNCATED));
    interpreter.succeed(call, result);
  }

  private Reply start(Task t, @Nullable String worker) {
    String token = tokens.issue(Tokens.SFN_ACTIVITY, t.ex.id, t.seq);
    t.token = token;
    t.status = TaskStatus.STARTED;
    openTasks.put(token, t);
    event(t.ex, "ActivityStarted", "activityStartedEventDetails", kv("workerName", worker));
    if (t.call.heartbeatSeconds > 0) {
      t.heartbeatDue = now() + t.call.heartbeatSeconds * 1000;
      timers.add(t.heartbeatDue, TimerKind.HEARTBEAT, t, 0);
    }
    ObjectNode o = Json.obj();
    o.put("taskToken", token);
    o.put("input", t.call.input);
    return ok(o);
  }

  private void taskFailed(
      Task t, @Nullable String error, @Nullable String cause, boolean timedOut, boolean heartbeat) {
    Execution ex = t.ex;
    boolean activity = t.kind == TaskKind.ACTIVITY;
    String res = Resources.name(t.call.resource);
    String type = Resources.type(t.call.resource);
    if (timedOut) {
      event(
          ex,
          activity ? "ActivityTimedOut" : "TaskTimedOut",
          activity ? "activityTimedOutEventDetails" : "taskTimedOutEventDetails",
          activity
              ? kv("error", error, "cause", cause)
              : kv("resourceType", type, "resource", res, "error", error, "cause", cause));
    } else {
      event(
          ex,
          activity ? "ActivityFailed" : "TaskFailed",
          activity ? "activityFailedEventDetails" : "taskFailedEventDetails",
          activity
              ? kv("error", error, "cause", cause)
              : kv("resourceType", type, "resource", res, "error", error, "cause", cause));
    }
    closeTask(t);
    guard(ex, () -> interpreter.fail(t.call, error, cause, heartbeat));
  }

  private void taskSucceeded(Task t, String output, JsonNode result) {
    Execution ex = t.ex;
    if (t.kind == TaskKind.ACTIVITY) {
      event(
          ex,
          "ActivitySucceeded",
          "activitySucceededEventDetails",
          kv("output", output, "outputDetails", NOT_TRUNCATED));
    } else {
      event(
          ex,
          "TaskSucceeded",
          "taskSucceededEventDetails",
          kv(
              "resourceType",
              Resources.type(t.call.resource),
              "resource",
              Resources.name(t.call.resource),
              "output",
              output,
              "outputDetails",
              NOT_TRUNCATED));
    }
    closeTask(t);
    guard(ex, () -> interpreter.succeed(t.call, result));
  }

  // ---------------------------------------------------------------- timers

  /** Applies every timeout, retry and wait that is due on the clock. */
  synchronized void tick() {
    long now = now();
    TimerQueue.Timer<TimerKind> timer;
    while ((timer = timers.poll(now)) != null) {
      switch (timer.kind) {
        case TASK_TIMEOUT:
          {
            Task t = (Task) timer.subject;
            if (t.status != TaskStatus.CLOSED) {
              taskFailed(t, Errors.TIMEOUT, null, true, false);
            }
            break;
          }
        case HEARTBEAT:
          {
            Task t = (Task) timer.subject;
            if (t.status == TaskStatus.STARTED) {
              if (t.heartbeatDue <= timer.due) {
                taskFailed(t, Errors.TIMEOUT, null, true, true);
              } else {
                timers.add(t.heartbeatDue, TimerKind.HEARTBEAT, t, 0);
              }
            }
            break;
          }
        case RUN:
          {
            Runnable r = (Runnable) timer.subject;
            interpreter.resume(r);
            break;
          }
        case EXEC_TIMEOUT:
          {
            Execution ex = (Execution) timer.subject;
            if (ex.status == ExecutionStatus.RUNNING) {
              event(
                  ex,
                  "ExecutionTimedOut",
                  "executionTimedOutEventDetails",
                  kv("error", Errors.TIMEOUT, "cause", null));
              finish(ex, ExecutionStatus.TIMED_OUT, null, Errors.TIMEOUT, null);
            }
            break;
          }
      }
    }
  }

  // ---------------------------------------------------------------- worker API

  private CompletableFuture<Reply> getActivityTask(Req r) {
    String arn = r.need(SfnLimits.ACTIVITY_ARN);
    String worker = r.str(SfnLimits.WORKER_NAME);
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
        if (t.status == TaskStatus.SCHEDULED) {
          return done(start(t, worker));
        }
      }
      return polls.park(q, worker, () -> Reply.EMPTY_JSON_OK);
    }
  }

  private Task openTask(String token) {
    Task t = openTasks.get(token);
    if (t != null && t.status == TaskStatus.STARTED) {
      return t;
    }
    if (tokens.decode(Tokens.SFN_ACTIVITY, token) == null) {
      throw ApiException.sfn("InvalidToken", INVALID_TOKEN);
    }
    throw ApiException.sfn("TaskTimedOut", TIMED_OUT);
  }

  private Reply sendTaskFailure(Req r) {
    String token = r.need(SfnLimits.TASK_TOKEN);
    String error = r.str(SfnLimits.ERROR);
    String cause = r.str(SfnLimits.CAUSE);
    r.done();
    synchronized (this) {
      tick();
      Task t = openTask(token);
      taskFailed(t, error, cause, false, false);
    }
    return Reply.EMPTY_JSON_OK;
  }

  private Reply sendTaskSuccess(Req r) {
    String token = r.need(SfnLimits.TASK_TOKEN);
    String output = r.need(SfnLimits.OUTPUT);
    r.done();
    if (output == null) {
      throw new IllegalStateException("validated");
    }
    // parsed before any state changes: a value the interpreter cannot hold is refused whole
    JsonNode result = Nodes.tryParse(output);
    synchronized (this) {
      tick();
      Task t = openTask(token);
      if (result == null) {
        throw ApiException.sfn(
            "InvalidOutput",
            "Invalid Output: 'the output is not valid JSON (or nests deeper than "
                + Nodes.MAX_READ_DEPTH
                + " levels)'");
      }
      taskSucceeded(t, output, result);
    }
    return Reply.EMPTY_JSON_OK;
  }

  private Reply sendTaskHeartbeat(Req r) {
    String token = r.need(SfnLimits.TASK_TOKEN);
    r.done();
    synchronized (this) {
      tick();
      Task t = openTask(token);
      if (t.call.heartbeatSeconds > 0) {
        t.heartbeatDue = now() + t.call.heartbeatSeconds * 1000;
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

  /** The callback tasks waiting for their token, oldest first. */
  synchronized List<PendingCallback> pendingCallbacks() {
    tick();
    List<Task> open = new ArrayList<>();
    for (Task t : openTasks.values()) {
      if (t.kind == TaskKind.CALLBACK && t.status == TaskStatus.STARTED) {
        open.add(t);
      }
    }
    open.sort((a, b) -> Long.compare(a.seq, b.seq));
    List<PendingCallback> out = new ArrayList<>(open.size());
    for (Task t : open) {
      out.add(
          new PendingCallback(
              t.ex.arn,
              t.call.stateName,
              t.call.resource,
              t.call.input,
              t.token == null ? "" : t.token));
    }
    return out;
  }
}
