package dev.taskbridge.emulator.internal;

import static dev.taskbridge.emulator.internal.EngineOperation.sync;
import static dev.taskbridge.emulator.internal.Event.kv;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.taskbridge.emulator.SwfInvalidTokenResponse;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import org.jspecify.annotations.Nullable;

/** The SWF engine: domains, types, workflow executions, decision and activity tasks. */
final class SwfEngine {
  /** What a timer checks when it fires. */
  private enum TimerKind {
    /** An activity task's schedule-to-start timeout. */
    SCHEDULE_TO_START,
    /** An activity task's schedule-to-close timeout. */
    SCHEDULE_TO_CLOSE,
    /** An activity task's start-to-close timeout. */
    START_TO_CLOSE,
    /** An activity task's heartbeat timeout. */
    HEARTBEAT,
    /** A decision task's start-to-close timeout. */
    DECISION,
    /** A workflow execution's start-to-close timeout. */
    EXECUTION
  }

  /** Every operation this engine serves, by its wire name: the one list of them. */
  private static final Map<String, EngineOperation<SwfEngine>> OPERATIONS =
      Map.ofEntries(
          Map.entry("PollForActivityTask", SwfEngine::pollForActivityTask),
          Map.entry("PollForDecisionTask", SwfEngine::pollForDecisionTask),
          Map.entry(
              "RespondActivityTaskCompleted", sync((e, r) -> e.respondActivity(r, "Completed"))),
          Map.entry("RespondActivityTaskFailed", sync((e, r) -> e.respondActivity(r, "Failed"))),
          Map.entry(
              "RespondActivityTaskCanceled", sync((e, r) -> e.respondActivity(r, "Canceled"))),
          Map.entry(
              "RecordActivityTaskHeartbeat", sync((e, r) -> e.respondActivity(r, "Heartbeat"))),
          Map.entry("RespondDecisionTaskCompleted", sync(SwfEngine::respondDecisionTaskCompleted)),
          Map.entry("RegisterDomain", sync(SwfEngine::registerDomain)),
          Map.entry("DescribeDomain", sync(SwfEngine::describeDomain)),
          Map.entry("RegisterActivityType", sync(SwfEngine::registerActivityType)),
          Map.entry("RegisterWorkflowType", sync(SwfEngine::registerWorkflowType)),
          Map.entry("StartWorkflowExecution", sync(SwfEngine::startWorkflowExecution)),
          Map.entry("DescribeWorkflowExecution", sync(SwfEngine::describeWorkflowExecution)),
          Map.entry("TerminateWorkflowExecution", sync(SwfEngine::terminateWorkflowExecution)),
          Map.entry("SignalWorkflowExecution", sync(SwfEngine::signalWorkflowExecution)),
          Map.entry("GetWorkflowExecutionHistory", sync(SwfEngine::getWorkflowExecutionHistory)));

  /** The names of the operations this engine serves. */
  static final Set<String> OPS = OPERATIONS.keySet();

  private static final List<String> CHILD_POLICIES =
      List.of("TERMINATE", "REQUEST_CANCEL", "ABANDON");

  private final Config cfg;
  private final Tokens tokens;
  private final LongPolls polls;
  private final SecureRandom random = new SecureRandom();

  private final Map<String, Domain> domains = new HashMap<>();
  private final Map<Long, Run> runsById = new HashMap<>();
  private final ConcurrentHashMap<String, ActTask> openActivities = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Run> openDecisions = new ConcurrentHashMap<>();
  private final TimerQueue<TimerKind> timers = new TimerQueue<>();
  private long nextRunId = 1;
  private boolean closed;

  private static final class Domain {
    final String name;
    final @Nullable String description;
    final String retention;
    final Map<String, ActType> activityTypes = new HashMap<>();
    final Map<String, WfType> workflowTypes = new HashMap<>();
    final Map<String, Run> open = new HashMap<>();
    final Map<String, Run> runs = new HashMap<>();

    /** Pending entries are {run id, decision generation}. */
    final Map<String, LongPolls.Queue<long[]>> decisionLists = new HashMap<>();

    final Map<String, LongPolls.Queue<ActTask>> activityLists = new HashMap<>();

    Domain(String name, @Nullable String description, String retention) {
      this.name = name;
      this.description = description;
      this.retention = retention;
    }
  }

  /** An activity type's registered defaults, null where there is none. */
  private record ActType(
      @Nullable String taskList,
      @Nullable String startToClose,
      @Nullable String heartbeat,
      @Nullable String scheduleToStart,
      @Nullable String scheduleToClose) {}

  /** A workflow type and its registered defaults, null where there is none. */
  private record WfType(
      String name,
      String version,
      @Nullable String taskList,
      @Nullable String executionTimeout,
      @Nullable String taskTimeout,
      @Nullable String childPolicy) {}

  private static final class Run {
    final long id;
    final Domain domain;
    final String workflowId;
    final String runId;
    final WfType type;
    final String taskList;
    final String executionTimeout;
    final String taskTimeout;
    final String childPolicy;
    final long start;
    long close;
    boolean open = true;
    @Nullable String closeStatus;
    final List<Event> events = new ArrayList<>();
    final Map<Long, ActTask> activities = new LinkedHashMap<>();
    long decisionScheduledId;
    long decisionStartedId;
    @Nullable String decisionToken;
    boolean decisionPending;
    long previousStartedId;
    long decisionGen;
    @Nullable String latestContext;

    Run(
        long id,
        Domain domain,
        String workflowId,
        String runId,
        WfType type,
        String taskList,
        String executionTimeout,
        String taskTimeout,
        String childPolicy,
        long start) {
      this.id = id;
      this.domain = domain;
      this.workflowId = workflowId;
      this.runId = runId;
      this.type = type;
      this.taskList = taskList;
      this.executionTimeout = executionTimeout;
      this.taskTimeout = taskTimeout;
      this.childPolicy = childPolicy;
      this.start = start;
    }

    String describe() {
      return "WorkflowExecution=[workflowId=" + workflowId + ", runId=" + runId + "]";
    }
  }

  private static final class ActTask {
    final Run run;
    final long scheduledId;
    final String activityId;
    final String typeName;
    final String typeVersion;
    final @Nullable String input;
    final long scheduleToStart;
    final long scheduleToClose;
    final long startToClose;
    final long heartbeat;
    TaskStatus status = TaskStatus.SCHEDULED;
    long startedId;
    @Nullable String token;
    long heartbeatDue;
    @Nullable String lastDetails;
    boolean cancelRequested;

    ActTask(
        Run run,
        long scheduledId,
        String activityId,
        String typeName,
        String typeVersion,
        @Nullable String input,
        long scheduleToStart,
        long scheduleToClose,
        long startToClose,
        long heartbeat) {
      this.run = run;
      this.scheduledId = scheduledId;
      this.activityId = activityId;
      this.typeName = typeName;
      this.typeVersion = typeVersion;
      this.input = input;
      this.scheduleToStart = scheduleToStart;
      this.scheduleToClose = scheduleToClose;
      this.startToClose = startToClose;
      this.heartbeat = heartbeat;
    }
  }

  SwfEngine(Config cfg, Tokens tokens, Executor completer, ScheduledExecutorService scheduler) {
    this.cfg = cfg;
    this.tokens = tokens;
    this.polls = new LongPolls(this, cfg, completer, scheduler);
  }

  private long now() {
    return cfg.clock.millis();
  }

  CompletableFuture<Reply> dispatch(String op, Req r) {
    return EngineOperation.dispatch(OPERATIONS, this, "SimpleWorkflowService.", op, r);
  }

  private static CompletableFuture<Reply> done(Reply r) {
    return CompletableFuture.completedFuture(r);
  }

  private static Reply ok(ObjectNode o) {
    return Reply.ok(Json.write(o));
  }

  private static String attrKey(String eventType) {
    return Character.toLowerCase(eventType.charAt(0)) + eventType.substring(1) + "EventAttributes";
  }

  private long event(Run run, String type, @Nullable Object[] attrs) {
    long id = run.events.size() + 1L;
    run.events.add(new Event(now(), type, id, attrKey(type), attrs));
    return id;
  }

  private static ObjectNode renderEvent(Event e) {
    ObjectNode o = Json.obj();
    o.put("eventTimestamp", Json.ts(e.millis));
    o.put("eventType", e.type);
    o.put("eventId", e.id);
    e.putDetails(o, true);
    return o;
  }

  private static void putExecution(ObjectNode parent, String field, Run run) {
    ObjectNode ex = parent.putObject(field);
    ex.put("workflowId", run.workflowId);
    ex.put("runId", run.runId);
  }

  private static void putType(ObjectNode parent, String field, String name, String version) {
    ObjectNode type = parent.putObject(field);
    type.put("name", name);
    type.put("version", version);
  }

  private static ApiException unknown(String message) {
    return ApiException.swf("UnknownResourceFault", message);
  }

  private Domain domain(String name) {
    Domain d = domains.get(name);
    if (d == null) {
      throw unknown("Unknown domain: " + name);
    }
    return d;
  }

  private static @Nullable String taskListName(Req r, String field) {
    Req tl = r.obj(field, 0);
    return tl == null ? null : tl.needOrNull(SwfLimits.TASK_LIST_NAME);
  }

  /** The name in the required "taskList" field (null, and an error recorded, if it is missing). */
  private static @Nullable String requiredTaskList(Req r) {
    String name = taskListName(r, "taskList");
    if (!r.has("taskList")) {
      r.obj("taskList", Req.REQUIRED);
    }
    return name;
  }

  // ---------------------------------------------------------------- registration

  private Reply registerDomain(Req r) {
    String name = r.need(SwfLimits.DOMAIN_NAME);
    String description = r.str(SwfLimits.DESCRIPTION);
    String retention = r.need(SwfLimits.RETENTION);
    for (Req t : r.objList(SwfLimits.TAGS)) {
      t.needOrNull(SwfLimits.TAG_KEY);
      t.str(SwfLimits.TAG_VALUE);
    }
    r.done();
    synchronized (this) {
      if (domains.containsKey(name)) {
        throw ApiException.swf("DomainAlreadyExistsFault", name);
      }
      domains.put(name, new Domain(name, description, retention));
    }
    return Reply.EMPTY_OK;
  }

  private Reply describeDomain(Req r) {
    String name = r.need(SwfLimits.DOMAIN_NAME);
    r.done();
    synchronized (this) {
      Domain d = domain(name);
      ObjectNode o = Json.obj();
      ObjectNode info = o.putObject("domainInfo");
      info.put("name", d.name);
      info.put("status", "REGISTERED");
      if (d.description != null) {
        info.put("description", d.description);
      }
      info.put("arn", "arn:aws:swf:" + cfg.region + ":" + cfg.accountId + ":/domain/" + d.name);
      o.putObject("configuration").put("workflowExecutionRetentionPeriodInDays", d.retention);
      return ok(o);
    }
  }

  private Reply registerActivityType(Req r) {
    String domain = r.need(SwfLimits.DOMAIN);
    String name = r.need(SwfLimits.TYPE_NAME);
    String version = r.need(SwfLimits.TYPE_VERSION);
    r.str(SwfLimits.DESCRIPTION);
    String stc = r.str(SwfLimits.DEFAULT_TASK_START_TO_CLOSE_TIMEOUT);
    String hb = r.str(SwfLimits.DEFAULT_TASK_HEARTBEAT_TIMEOUT);
    String tl = taskListName(r, "defaultTaskList");
    r.str(SwfLimits.DEFAULT_TASK_PRIORITY);
    String sts = r.str(SwfLimits.DEFAULT_TASK_SCHEDULE_TO_START_TIMEOUT);
    String stcl = r.str(SwfLimits.DEFAULT_TASK_SCHEDULE_TO_CLOSE_TIMEOUT);
    r.done();
    SwfDurations.check(stc);
    SwfDurations.check(hb);
    SwfDurations.check(sts);
    SwfDurations.check(stcl);
    synchronized (this) {
      putNewType(
          domain(domain).activityTypes,
          "ActivityType",
          name,
          version,
          new ActType(tl, stc, hb, sts, stcl));
    }
    return Reply.EMPTY_OK;
  }

  private Reply registerWorkflowType(Req r) {
    String domain = r.need(SwfLimits.DOMAIN);
    String name = r.need(SwfLimits.TYPE_NAME);
    String version = r.need(SwfLimits.TYPE_VERSION);
    r.str(SwfLimits.DESCRIPTION);
    String ttc = r.str(SwfLimits.DEFAULT_TASK_START_TO_CLOSE_TIMEOUT);
    String etc = r.str(SwfLimits.DEFAULT_EXECUTION_START_TO_CLOSE_TIMEOUT);
    String tl = taskListName(r, "defaultTaskList");
    r.str(SwfLimits.DEFAULT_TASK_PRIORITY);
    String cp = r.enumStr("defaultChildPolicy", 0, CHILD_POLICIES);
    r.str(SwfLimits.DEFAULT_LAMBDA_ROLE);
    r.done();
    SwfDurations.check(ttc);
    SwfDurations.check(etc);
    synchronized (this) {
      putNewType(
          domain(domain).workflowTypes,
          "WorkflowType",
          name,
          version,
          new WfType(name, version, tl, etc, ttc, cp));
    }
    return Reply.EMPTY_OK;
  }

  private static String typeKey(String name, String version) {
    return name + "\u0000" + version;
  }

  /** Registers a type; TypeAlreadyExistsFault if the domain has one of that name and version. */
  private static <T> void putNewType(
      Map<String, T> types, String kind, String name, String version, T type) {
    if (types.putIfAbsent(typeKey(name, version), type) != null) {
      throw ApiException.swf(
          "TypeAlreadyExistsFault", kind + "=[name=" + name + ", version=" + version + "]");
    }
  }

  // ---------------------------------------------------------------- executions

  private String newRunId() {
    byte[] b = new byte[32];
    random.nextBytes(b);
    return Base64.getEncoder().encodeToString(b).substring(0, 43) + "=";
  }

  private Reply startWorkflowExecution(Req r) {
    String domain = r.need(SwfLimits.DOMAIN);
    String workflowId = r.need(SwfLimits.WORKFLOW_ID);
    Req wt = r.obj("workflowType", Req.REQUIRED);
    String typeName = wt == null ? null : wt.needOrNull(SwfLimits.TYPE_NAME);
    String typeVersion = wt == null ? null : wt.needOrNull(SwfLimits.TYPE_VERSION);
    String tl = taskListName(r, "taskList");
    r.str(SwfLimits.TASK_PRIORITY);
    String input = r.str(SwfLimits.INPUT);
    String etc = r.str(SwfLimits.EXECUTION_START_TO_CLOSE_TIMEOUT);
    List<String> tags = r.strList(SwfLimits.TAG_LIST);
    String ttc = r.str(SwfLimits.TASK_START_TO_CLOSE_TIMEOUT);
    String cp = r.enumStr("childPolicy", 0, CHILD_POLICIES);
    r.str(SwfLimits.LAMBDA_ROLE);
    r.done();
    if (workflowId == null || typeName == null || typeVersion == null || domain == null) {
      throw new IllegalStateException("validated");
    }
    SwfDurations.check(etc);
    SwfDurations.check(ttc);
    synchronized (this) {
      tick();
      Domain d = domain(domain);
      WfType type = d.workflowTypes.get(typeKey(typeName, typeVersion));
      if (type == null) {
        throw unknown(
            "Unknown type: WorkflowType=[name=" + typeName + ", version=" + typeVersion + "]");
      }
      if (d.open.containsKey(workflowId)) {
        throw ApiException.swf("WorkflowExecutionAlreadyStartedFault", "Already Started");
      }
      String taskList = tl != null ? tl : type.taskList();
      if (taskList == null) {
        throw ApiException.swf("DefaultUndefinedFault", "No default task list defined");
      }
      String execTimeout = etc != null ? etc : type.executionTimeout();
      if (execTimeout == null) {
        throw ApiException.swf(
            "DefaultUndefinedFault", "No default execution start to close timeout defined");
      }
      String taskTimeout = ttc != null ? ttc : type.taskTimeout();
      if (taskTimeout == null) {
        throw ApiException.swf(
            "DefaultUndefinedFault", "No default task start to close timeout defined");
      }
      String childPolicy = cp != null ? cp : type.childPolicy();
      if (childPolicy == null) {
        throw ApiException.swf("DefaultUndefinedFault", "No default child policy defined");
      }
      long now = now();
      Run run =
          new Run(
              nextRunId++,
              d,
              workflowId,
              newRunId(),
              type,
              taskList,
              execTimeout,
              taskTimeout,
              childPolicy,
              now);
      runsById.put(run.id, run);
      d.open.put(workflowId, run);
      d.runs.put(run.runId, run);
      event(
          run,
          "WorkflowExecutionStarted",
          kv(
              "input",
              input,
              "executionStartToCloseTimeout",
              execTimeout,
              "taskStartToCloseTimeout",
              taskTimeout,
              "childPolicy",
              childPolicy,
              "taskList",
              kv("name", taskList),
              "workflowType",
              kv("name", type.name(), "version", type.version()),
              "tagList",
              tags.isEmpty() ? null : Json.MAPPER.valueToTree(tags),
              "parentInitiatedEventId",
              0L));
      long execSeconds = SwfDurations.seconds(execTimeout);
      if (execSeconds > 0) {
        timers.add(now + execSeconds * 1000, TimerKind.EXECUTION, run, 0);
      }
      scheduleDecision(run);
      ObjectNode o = Json.obj();
      o.put("runId", run.runId);
      return ok(o);
    }
  }

  private Run run(String domain, @Nullable String workflowId, @Nullable String runId) {
    Domain d = domain(domain);
    Run run = runId == null ? d.open.get(workflowId) : d.runs.get(runId);
    if (run == null || !run.workflowId.equals(workflowId)) {
      throw unknown(
          "Unknown execution: WorkflowExecution=[workflowId="
              + workflowId
              + ", runId="
              + runId
              + "]");
    }
    return run;
  }

  private Run execution(Req r) {
    String domain = r.need(SwfLimits.DOMAIN);
    Req e = r.obj("execution", Req.REQUIRED);
    String wf = e == null ? null : e.needOrNull(SwfLimits.WORKFLOW_ID);
    String runId = e == null ? null : e.needOrNull(SwfLimits.RUN_ID);
    r.str(SwfLimits.NEXT_PAGE_TOKEN);
    r.num(SwfLimits.MAXIMUM_PAGE_SIZE);
    r.bool("reverseOrder", false);
    r.done();
    if (domain == null || runId == null) {
      throw new IllegalStateException("validated");
    }
    return run(domain, wf, runId);
  }

  private Reply describeWorkflowExecution(Req r) {
    synchronized (this) {
      tick();
      Run run = execution(r);
      ObjectNode o = Json.obj();
      ObjectNode info = o.putObject("executionInfo");
      putExecution(info, "execution", run);
      putType(info, "workflowType", run.type.name(), run.type.version());
      info.put("startTimestamp", Json.ts(run.start));
      info.put("executionStatus", run.open ? "OPEN" : "CLOSED");
      if (!run.open) {
        info.put("closeTimestamp", Json.ts(run.close));
        info.put("closeStatus", run.closeStatus);
      }
      info.put("cancelRequested", false);
      ObjectNode conf = o.putObject("executionConfiguration");
      conf.put("taskStartToCloseTimeout", run.taskTimeout);
      conf.put("executionStartToCloseTimeout", run.executionTimeout);
      conf.putObject("taskList").put("name", run.taskList);
      conf.put("childPolicy", run.childPolicy);
      ObjectNode counts = o.putObject("openCounts");
      int openActs = 0;
      for (ActTask t : run.activities.values()) {
        if (t.status != TaskStatus.CLOSED) {
          openActs++;
        }
      }
      counts.put("openActivityTasks", openActs);
      counts.put("openDecisionTasks", run.decisionScheduledId != 0 ? 1 : 0);
      counts.put("openTimers", 0);
      counts.put("openChildWorkflowExecutions", 0);
      counts.put("openLambdaFunctions", 0);
      if (run.latestContext != null) {
        o.put("latestExecutionContext", run.latestContext);
      }
      return ok(o);
    }
  }

  private Reply getWorkflowExecutionHistory(Req r) {
    String next = r.str(SwfLimits.NEXT_PAGE_TOKEN);
    Long max = r.num(SwfLimits.MAXIMUM_PAGE_SIZE);
    boolean reverse = r.bool("reverseOrder", false);
    synchronized (this) {
      tick();
      Run run = execution(r);
      int pageSize = max == null || max == 0 ? 1000 : max.intValue();
      String key = run.runId;
      int offset = 0;
      if (next != null && !next.isEmpty()) {
        OptionalInt decoded = PageTokens.decode(next, key);
        if (decoded.isEmpty()) {
          throw ApiException.validation(
              "1 validation error detected: Value '"
                  + next
                  + "' at 'nextPageToken' failed to satisfy constraint: Invalid page token");
        }
        offset = decoded.getAsInt();
      }
      int n = run.events.size();
      int end = Math.min(n, offset + pageSize);
      ObjectNode o = Json.obj();
      ArrayNode arr = o.putArray("events");
      for (int i = offset; i < end; i++) {
        arr.add(renderEvent(run.events.get(reverse ? n - 1 - i : i)));
      }
      if (end < n) {
        o.put("nextPageToken", PageTokens.encode(key, end));
      }
      return ok(o);
    }
  }

  private Reply terminateWorkflowExecution(Req r) {
    String domain = r.need(SwfLimits.DOMAIN);
    String wf = r.need(SwfLimits.WORKFLOW_ID);
    String runId = r.str(SwfLimits.RUN_ID_OPTIONAL);
    String reason = r.str(SwfLimits.REASON);
    String details = r.str(SwfLimits.DETAILS);
    String cp = r.enumStr("childPolicy", 0, CHILD_POLICIES);
    r.done();
    if (domain == null) {
      throw new IllegalStateException("validated");
    }
    synchronized (this) {
      tick();
      Run run = openRun(domain, wf, runId);
      event(
          run,
          "WorkflowExecutionTerminated",
          kv(
              "reason",
              reason,
              "details",
              details,
              "childPolicy",
              cp != null ? cp : run.childPolicy));
      closeRun(run, "TERMINATED");
    }
    return Reply.EMPTY_OK;
  }

  /**
   * Records WorkflowExecutionSignaled in an open run and schedules a decision task for it, as SWF
   * does: a signal is how anything outside the run (an operator, another run) wakes its decider.
   */
  private Reply signalWorkflowExecution(Req r) {
    String domain = r.need(SwfLimits.DOMAIN);
    String wf = r.need(SwfLimits.WORKFLOW_ID);
    String runId = r.str(SwfLimits.RUN_ID_OPTIONAL);
    String signalName = r.need(SwfLimits.SIGNAL_NAME);
    String input = r.str(SwfLimits.INPUT);
    r.done();
    if (domain == null) {
      throw new IllegalStateException("validated");
    }
    synchronized (this) {
      tick();
      Run run = openRun(domain, wf, runId);
      event(run, "WorkflowExecutionSignaled", kv("signalName", signalName, "input", input));
      scheduleDecision(run);
    }
    return Reply.EMPTY_OK;
  }

  /**
   * The open run {@code runId} of {@code workflowId} (the latest when {@code runId} is absent or
   * empty); UnknownResourceFault when it is closed. The caller holds the engine's lock.
   */
  private Run openRun(String domain, @Nullable String workflowId, @Nullable String runId) {
    Run run = run(domain, workflowId, runId == null || runId.isEmpty() ? null : runId);
    if (!run.open) {
      throw unknown("Unknown execution: " + run.describe());
    }
    return run;
  }

  private void closeRun(Run run, String status) {
    run.open = false;
    run.closeStatus = status;
    run.close = now();
    run.domain.open.remove(run.workflowId, run);
    for (ActTask t : run.activities.values()) {
      closeActivity(t);
    }
    run.activities.clear();
    endDecision(run);
  }

  /** Forgets the run's decision task, if any: its token no longer works, its timer is stale. */
  private void endDecision(Run run) {
    String token = run.decisionToken;
    if (token != null) {
      openDecisions.remove(token);
      run.decisionToken = null;
    }
    run.decisionScheduledId = 0;
    run.decisionStartedId = 0;
    run.decisionGen++;
  }

  /** Closes an activity task whose closing event is recorded, and lets the decider know. */
  private void finishActivity(ActTask t) {
    closeActivity(t);
    t.run.activities.remove(t.scheduledId);
    scheduleDecision(t.run);
  }

  private void closeActivity(ActTask t) {
    t.status = TaskStatus.CLOSED;
    String tok = t.token;
    if (tok != null) {
      openActivities.remove(tok);
    }
  }

  // ---------------------------------------------------------------- decisions

  private static LongPolls.Queue<long[]> decisionList(Domain d, String name) {
    return d.decisionLists.computeIfAbsent(name, k -> new LongPolls.Queue<>());
  }

  private static LongPolls.Queue<ActTask> activityList(Domain d, String name) {
    return d.activityLists.computeIfAbsent(name, k -> new LongPolls.Queue<>());
  }

  private void scheduleDecision(Run run) {
    if (!run.open) {
      return;
    }
    if (run.decisionStartedId != 0) {
      run.decisionPending = true;
      return;
    }
    if (run.decisionScheduledId != 0) {
      return;
    }
    run.decisionScheduledId =
        event(
            run,
            "DecisionTaskScheduled",
            kv("taskList", kv("name", run.taskList), "startToCloseTimeout", run.taskTimeout));
    run.decisionGen++;
    LongPolls.Queue<long[]> tl = decisionList(run.domain, run.taskList);
    LongPolls.Waiter w = tl.waiters.poll();
    if (w != null) {
      polls.hand(w, startDecision(run, w.identity));
    } else {
      tl.pending.add(new long[] {run.id, run.decisionGen});
    }
  }

  private Reply startDecision(Run run, @Nullable String identity) {
    long started =
        event(
            run,
            "DecisionTaskStarted",
            kv("identity", identity, "scheduledEventId", run.decisionScheduledId));
    run.decisionStartedId = started;
    String token = tokens.issue(Tokens.SWF_DECISION, run.id, run.decisionScheduledId);
    run.decisionToken = token;
    openDecisions.put(token, run);
    long taskSeconds = SwfDurations.seconds(run.taskTimeout);
    if (taskSeconds > 0) {
      timers.add(now() + taskSeconds * 1000, TimerKind.DECISION, run, run.decisionGen);
    }
    ObjectNode o = Json.obj();
    o.put("taskToken", token);
    o.put("startedEventId", started);
    putExecution(o, "workflowExecution", run);
    putType(o, "workflowType", run.type.name(), run.type.version());
    ArrayNode arr = o.putArray("events");
    for (Event e : run.events) {
      arr.add(renderEvent(e));
    }
    o.put("previousStartedEventId", run.previousStartedId);
    return ok(o);
  }

  private static Reply idlePoll() {
    ObjectNode o = Json.obj();
    o.put("taskToken", "");
    o.put("startedEventId", 0);
    o.put("previousStartedEventId", 0);
    return ok(o);
  }

  private static Reply idleActivityPoll() {
    ObjectNode o = Json.obj();
    o.put("taskToken", "");
    o.put("startedEventId", 0);
    return ok(o);
  }

  private CompletableFuture<Reply> pollForDecisionTask(Req r) {
    String domain = r.need(SwfLimits.DOMAIN);
    String tl = requiredTaskList(r);
    String identity = r.str(SwfLimits.IDENTITY);
    r.str(SwfLimits.NEXT_PAGE_TOKEN);
    r.num(SwfLimits.MAXIMUM_PAGE_SIZE);
    r.bool("reverseOrder", false);
    r.bool("startAtPreviousStartedEvent", false);
    r.done();
    if (domain == null || tl == null) {
      throw new IllegalStateException("validated");
    }
    synchronized (this) {
      tick();
      Domain d = domain(domain);
      if (closed) {
        return done(idlePoll());
      }
      LongPolls.Queue<long[]> list = decisionList(d, tl);
      long[] ref;
      while ((ref = list.pending.poll()) != null) {
        Run run = runsById.get(ref[0]);
        if (run != null
            && run.open
            && run.decisionGen == ref[1]
            && run.decisionStartedId == 0
            && run.decisionScheduledId != 0) {
          return done(startDecision(run, identity));
        }
      }
      return polls.park(list, identity, SwfEngine::idlePoll);
    }
  }

  private ApiException garbageToken() {
    if (cfg.swfInvalidToken == SwfInvalidTokenResponse.VALIDATION_EXCEPTION) {
      return ApiException.validation("Invalid token");
    }
    return unknown("Unknown or expired task token");
  }

  private Run openDecision(String token) {
    Run run = openDecisions.get(token);
    if (run != null && run.open && token.equals(run.decisionToken)) {
      return run;
    }
    staleToken(Tokens.SWF_DECISION, token);
    throw unknown("Unknown decision task");
  }

  /**
   * Throws what SWF answers for a token that names no open task, when the token is not one this
   * engine issued or its run is gone or closed; otherwise returns the decoded token.
   */
  private Tokens.Decoded staleToken(byte kind, String token) {
    Tokens.Decoded d = tokens.decode(kind, token);
    if (d == null) {
      throw garbageToken();
    }
    Run run = runsById.get(d.a);
    if (run == null) {
      throw garbageToken();
    }
    if (!run.open) {
      throw unknown("Unknown execution: " + run.describe());
    }
    return d;
  }

  private Reply respondDecisionTaskCompleted(Req r) {
    String token = r.need(SwfLimits.TASK_TOKEN);
    List<Req> decisions = r.objList(SwfLimits.DECISIONS);
    String context = r.str(SwfLimits.EXECUTION_CONTEXT);
    List<Decision> parsed = new ArrayList<>();
    for (Req d : decisions) {
      parsed.add(parseDecision(d));
    }
    r.done();
    if (token == null) {
      throw new IllegalStateException("validated");
    }
    synchronized (this) {
      tick();
      Run run = openDecision(token);
      long completedId =
          event(
              run,
              "DecisionTaskCompleted",
              kv(
                  "scheduledEventId",
                  run.decisionScheduledId,
                  "startedEventId",
                  run.decisionStartedId,
                  "executionContext",
                  context));
      run.previousStartedId = run.decisionStartedId;
      endDecision(run);
      if (context != null) {
        run.latestContext = context;
      }
      for (Decision d : parsed) {
        if (!run.open) {
          break;
        }
        apply(run, d, completedId);
      }
      if (run.open && run.decisionPending) {
        run.decisionPending = false;
        scheduleDecision(run);
      }
    }
    return Reply.EMPTY_OK;
  }

  private static final class Decision {
    final String type;
    final Map<String, @Nullable String> a = new HashMap<>();

    Decision(String type) {
      this.type = type;
    }

    @Nullable String get(String k) {
      return a.get(k);
    }
  }

  private static final List<String> DECISION_TYPES =
      List.of(
          "ScheduleActivityTask",
          "RequestCancelActivityTask",
          "CompleteWorkflowExecution",
          "FailWorkflowExecution",
          "CancelWorkflowExecution",
          "ContinueAsNewWorkflowExecution",
          "RecordMarker",
          "StartTimer",
          "CancelTimer",
          "SignalExternalWorkflowExecution",
          "RequestCancelExternalWorkflowExecution",
          "StartChildWorkflowExecution",
          "ScheduleLambdaFunction");

  private static Decision parseDecision(Req d) {
    String type = d.enumStr("decisionType", Req.REQUIRED, DECISION_TYPES);
    if (type == null) {
      return new Decision("");
    }
    Decision out = new Decision(type);
    switch (type) {
      case "ScheduleActivityTask":
        {
          Req a = d.obj("scheduleActivityTaskDecisionAttributes", Req.REQUIRED);
          if (a == null) {
            break;
          }
          Req at = a.obj("activityType", Req.REQUIRED);
          if (at != null) {
            out.a.put("typeName", at.needOrNull(SwfLimits.TYPE_NAME));
            out.a.put("typeVersion", at.needOrNull(SwfLimits.TYPE_VERSION));
          }
          out.a.put("activityId", a.needOrNull(SwfLimits.ACTIVITY_ID));
          out.a.put("control", a.str(SwfLimits.CONTROL));
          out.a.put("input", a.str(SwfLimits.INPUT));
          out.a.put("scheduleToCloseTimeout", a.str(SwfLimits.SCHEDULE_TO_CLOSE_TIMEOUT));
          out.a.put("taskList", taskListName(a, "taskList"));
          out.a.put("taskPriority", a.str(SwfLimits.TASK_PRIORITY));
          out.a.put("scheduleToStartTimeout", a.str(SwfLimits.SCHEDULE_TO_START_TIMEOUT));
          out.a.put("startToCloseTimeout", a.str(SwfLimits.START_TO_CLOSE_TIMEOUT));
          out.a.put("heartbeatTimeout", a.str(SwfLimits.HEARTBEAT_TIMEOUT));
          break;
        }
      case "RequestCancelActivityTask":
        {
          Req a = d.obj("requestCancelActivityTaskDecisionAttributes", Req.REQUIRED);
          if (a != null) {
            out.a.put("activityId", a.needOrNull(SwfLimits.ACTIVITY_ID));
          }
          break;
        }
      case "CompleteWorkflowExecution":
        {
          Req a = d.obj("completeWorkflowExecutionDecisionAttributes", 0);
          if (a != null) {
            out.a.put("result", a.str(SwfLimits.RESULT));
          }
          break;
        }
      case "FailWorkflowExecution":
        {
          Req a = d.obj("failWorkflowExecutionDecisionAttributes", 0);
          if (a != null) {
            out.a.put("reason", a.str(SwfLimits.REASON));
            out.a.put("details", a.str(SwfLimits.DETAILS));
          }
          break;
        }
      case "RecordMarker":
        {
          Req a = d.obj("recordMarkerDecisionAttributes", Req.REQUIRED);
          if (a != null) {
            out.a.put("markerName", a.needOrNull(SwfLimits.MARKER_NAME));
            out.a.put("details", a.str(SwfLimits.DETAILS));
          }
          break;
        }
      default:
        throw ApiException.validation(
            "1 validation error detected: Value '"
                + type
                + "' at 'decisionType' failed to satisfy constraint: the taskbridge emulator"
                + " supports only ScheduleActivityTask, RequestCancelActivityTask,"
                + " CompleteWorkflowExecution, FailWorkflowExecution and RecordMarker");
    }
    return out;
  }

  private static @Nullable String timeoutOr(@Nullable String v, @Nullable String dflt) {
    return v != null ? v : dflt;
  }

  private void apply(Run run, Decision d, long completedId) {
    switch (d.type) {
      case "ScheduleActivityTask":
        scheduleActivity(run, d, completedId);
        break;
      case "RequestCancelActivityTask":
        {
          String activityId = d.get("activityId");
          ActTask found = openActivityById(run, activityId);
          if (found == null) {
            event(
                run,
                "RequestCancelActivityTaskFailed",
                kv(
                    "activityId",
                    activityId,
                    "cause",
                    "ACTIVITY_ID_UNKNOWN",
                    "decisionTaskCompletedEventId",
                    completedId));
            scheduleDecision(run);
          } else {
            long reqId =
                event(
                    run,
                    "ActivityTaskCancelRequested",
                    kv("activityId", activityId, "decisionTaskCompletedEventId", completedId));
            if (found.status == TaskStatus.SCHEDULED) {
              event(
                  run,
                  "ActivityTaskCanceled",
                  kv(
                      "scheduledEventId",
                      found.scheduledId,
                      "startedEventId",
                      0L,
                      "latestCancelRequestedEventId",
                      reqId));
              finishActivity(found);
            } else {
              found.cancelRequested = true;
            }
          }
          break;
        }
      case "CompleteWorkflowExecution":
        event(
            run,
            "WorkflowExecutionCompleted",
            kv("result", d.get("result"), "decisionTaskCompletedEventId", completedId));
        closeRun(run, "COMPLETED");
        break;
      case "FailWorkflowExecution":
        event(
            run,
            "WorkflowExecutionFailed",
            kv(
                "reason",
                d.get("reason"),
                "details",
                d.get("details"),
                "decisionTaskCompletedEventId",
                completedId));
        closeRun(run, "FAILED");
        break;
      case "RecordMarker":
        event(
            run,
            "MarkerRecorded",
            kv(
                "markerName",
                d.get("markerName"),
                "details",
                d.get("details"),
                "decisionTaskCompletedEventId",
                completedId));
        break;
      default:
        break;
    }
  }

  private static @Nullable ActTask openActivityById(Run run, @Nullable String activityId) {
    ActTask found = null;
    for (ActTask t : run.activities.values()) {
      if (t.activityId.equals(activityId) && t.status != TaskStatus.CLOSED) {
        found = t;
      }
    }
    return found;
  }

  private void scheduleActivity(Run run, Decision d, long completedId) {
    String name = String.valueOf(d.get("typeName"));
    String version = String.valueOf(d.get("typeVersion"));
    String activityId = String.valueOf(d.get("activityId"));
    ActType type = run.domain.activityTypes.get(typeKey(name, version));
    String cause = null;
    String taskList = null;
    String s2s = null;
    String s2c = null;
    String st2c = null;
    String hb = null;
    if (type == null) {
      cause = "ACTIVITY_TYPE_DOES_NOT_EXIST";
    } else {
      if (openActivityById(run, activityId) != null) {
        cause = "ACTIVITY_ID_ALREADY_IN_USE";
      }
      taskList = timeoutOr(d.get("taskList"), type.taskList());
      s2s = timeoutOr(d.get("scheduleToStartTimeout"), type.scheduleToStart());
      s2c = timeoutOr(d.get("scheduleToCloseTimeout"), type.scheduleToClose());
      st2c = timeoutOr(d.get("startToCloseTimeout"), type.startToClose());
      hb = timeoutOr(d.get("heartbeatTimeout"), type.heartbeat());
      if (cause == null && taskList == null) {
        cause = "DEFAULT_TASK_LIST_UNDEFINED";
      }
      if (cause == null && !SwfDurations.valid(s2s)) {
        cause = "DEFAULT_SCHEDULE_TO_START_TIMEOUT_UNDEFINED";
      }
      if (cause == null && !SwfDurations.valid(s2c)) {
        cause = "DEFAULT_SCHEDULE_TO_CLOSE_TIMEOUT_UNDEFINED";
      }
      if (cause == null && !SwfDurations.valid(st2c)) {
        cause = "DEFAULT_START_TO_CLOSE_TIMEOUT_UNDEFINED";
      }
      if (cause == null && !SwfDurations.valid(hb)) {
        cause = "DEFAULT_HEARTBEAT_TIMEOUT_UNDEFINED";
      }
    }
    if (cause != null || taskList == null) {
      event(
          run,
          "ScheduleActivityTaskFailed",
          kv(
              "activityType",
              kv("name", name, "version", version),
              "activityId",
              activityId,
              "cause",
              cause,
              "decisionTaskCompletedEventId",
              completedId));
      scheduleDecision(run);
      return;
    }
    long schedId =
        event(
            run,
            "ActivityTaskScheduled",
            kv(
                "activityType",
                kv("name", name, "version", version),
                "activityId",
                activityId,
                "input",
                d.get("input"),
                "control",
                d.get("control"),
                "scheduleToStartTimeout",
                s2s,
                "scheduleToCloseTimeout",
                s2c,
                "startToCloseTimeout",
                st2c,
                "heartbeatTimeout",
                hb,
                "taskList",
                kv("name", taskList),
                "taskPriority",
                d.get("taskPriority"),
                "decisionTaskCompletedEventId",
                completedId));
    ActTask t =
        new ActTask(
            run,
            schedId,
            activityId,
            name,
            version,
            d.get("input"),
            SwfDurations.ofValid(s2s),
            SwfDurations.ofValid(s2c),
            SwfDurations.ofValid(st2c),
            SwfDurations.ofValid(hb));
    run.activities.put(schedId, t);
    long now = now();
    if (t.scheduleToStart > 0) {
      timers.add(now + t.scheduleToStart * 1000, TimerKind.SCHEDULE_TO_START, t, 0);
    }
    if (t.scheduleToClose > 0) {
      timers.add(now + t.scheduleToClose * 1000, TimerKind.SCHEDULE_TO_CLOSE, t, 0);
    }
    LongPolls.Queue<ActTask> tl = activityList(run.domain, taskList);
    LongPolls.Waiter w = tl.waiters.poll();
    if (w != null) {
      polls.hand(w, startActivity(t, w.identity));
    } else {
      tl.pending.add(t);
    }
  }

  // ---------------------------------------------------------------- activities

  private Reply startActivity(ActTask t, @Nullable String identity) {
    Run run = t.run;
    t.startedId =
        event(
            run,
            "ActivityTaskStarted",
            kv("identity", identity, "scheduledEventId", t.scheduledId));
    t.status = TaskStatus.STARTED;
    String token = tokens.issue(Tokens.SWF_ACTIVITY, run.id, t.scheduledId);
    t.token = token;
    openActivities.put(token, t);
    long now = now();
    if (t.startToClose > 0) {
      timers.add(now + t.startToClose * 1000, TimerKind.START_TO_CLOSE, t, 0);
    }
    if (t.heartbeat > 0) {
      t.heartbeatDue = now + t.heartbeat * 1000;
      timers.add(t.heartbeatDue, TimerKind.HEARTBEAT, t, 0);
    }
    ObjectNode o = Json.obj();
    o.put("taskToken", token);
    o.put("activityId", t.activityId);
    o.put("startedEventId", t.startedId);
    putExecution(o, "workflowExecution", run);
    putType(o, "activityType", t.typeName, t.typeVersion);
    if (t.input != null) {
      o.put("input", t.input);
    }
    return ok(o);
  }

  private CompletableFuture<Reply> pollForActivityTask(Req r) {
    String domain = r.need(SwfLimits.DOMAIN);
    String tl = requiredTaskList(r);
    String identity = r.str(SwfLimits.IDENTITY);
    r.done();
    if (domain == null || tl == null) {
      throw new IllegalStateException("validated");
    }
    synchronized (this) {
      tick();
      Domain d = domain(domain);
      if (closed) {
        return done(idleActivityPoll());
      }
      LongPolls.Queue<ActTask> list = activityList(d, tl);
      ActTask t;
      while ((t = list.pending.poll()) != null) {
        if (t.status == TaskStatus.SCHEDULED) {
          return done(startActivity(t, identity));
        }
      }
      return polls.park(list, identity, SwfEngine::idleActivityPoll);
    }
  }

  private ActTask openActivity(String token) {
    ActTask t = openActivities.get(token);
    if (t != null && t.status == TaskStatus.STARTED) {
      return t;
    }
    Tokens.Decoded d = staleToken(Tokens.SWF_ACTIVITY, token);
    throw unknown("Unknown activity, scheduledEventId = " + d.b);
  }

  private Reply respondActivity(Req r, String kind) {
    String token = r.need(SwfLimits.TASK_TOKEN);
    String result = null;
    String reason = null;
    String details = null;
    switch (kind) {
      case "Completed":
        result = r.str(SwfLimits.RESULT);
        break;
      case "Failed":
        reason = r.str(SwfLimits.REASON);
        details = r.str(SwfLimits.DETAILS);
        break;
      case "Canceled":
        details = r.str(SwfLimits.DETAILS);
        break;
      default:
        details = r.str(SwfLimits.HEARTBEAT_DETAILS);
        break;
    }
    r.done();
    if (token == null) {
      throw new IllegalStateException("validated");
    }
    synchronized (this) {
      tick();
      ActTask t = openActivity(token);
      Run run = t.run;
      switch (kind) {
        case "Completed":
          event(
              run,
              "ActivityTaskCompleted",
              kv(
                  "result",
                  result,
                  "scheduledEventId",
                  t.scheduledId,
                  "startedEventId",
                  t.startedId));
          break;
        case "Failed":
          event(
              run,
              "ActivityTaskFailed",
              kv(
                  "reason",
                  reason,
                  "details",
                  details,
                  "scheduledEventId",
                  t.scheduledId,
                  "startedEventId",
                  t.startedId));
          break;
        case "Canceled":
          event(
              run,
              "ActivityTaskCanceled",
              kv(
                  "details",
                  details,
                  "scheduledEventId",
                  t.scheduledId,
                  "startedEventId",
                  t.startedId));
          break;
        default:
          {
            t.lastDetails = details;
            if (t.heartbeat > 0) {
              t.heartbeatDue = now() + t.heartbeat * 1000;
            }
            ObjectNode o = Json.obj();
            o.put("cancelRequested", t.cancelRequested);
            return ok(o);
          }
      }
      finishActivity(t);
    }
    return Reply.EMPTY_OK;
  }

  // ---------------------------------------------------------------- timers

  private void activityTimedOut(ActTask t, String timeoutType) {
    Run run = t.run;
    event(
        run,
        "ActivityTaskTimedOut",
        kv(
            "timeoutType",
            timeoutType,
            "scheduledEventId",
            t.scheduledId,
            "startedEventId",
            t.startedId,
            "details",
            t.lastDetails));
    finishActivity(t);
  }

  /** Applies every timeout that is due on the clock. */
  synchronized void tick() {
    long now = now();
    TimerQueue.Timer<TimerKind> timer;
    while ((timer = timers.poll(now)) != null) {
      switch (timer.kind) {
        case SCHEDULE_TO_START:
          {
            ActTask t = (ActTask) timer.subject;
            if (t.status == TaskStatus.SCHEDULED && t.run.open) {
              activityTimedOut(t, "SCHEDULE_TO_START");
            }
            break;
          }
        case SCHEDULE_TO_CLOSE:
          {
            ActTask t = (ActTask) timer.subject;
            if (t.status != TaskStatus.CLOSED && t.run.open) {
              activityTimedOut(t, "SCHEDULE_TO_CLOSE");
            }
            break;
          }
        case START_TO_CLOSE:
          {
            ActTask t = (ActTask) timer.subject;
            if (t.status == TaskStatus.STARTED && t.run.open) {
              activityTimedOut(t, "START_TO_CLOSE");
            }
            break;
          }
        case HEARTBEAT:
          {
            ActTask t = (ActTask) timer.subject;
            if (t.status == TaskStatus.STARTED && t.run.open) {
              if (t.heartbeatDue <= timer.due) {
                activityTimedOut(t, "HEARTBEAT");
              } else {
                timers.add(t.heartbeatDue, TimerKind.HEARTBEAT, t, 0);
              }
            }
            break;
          }
        case DECISION:
          {
            Run run = (Run) timer.subject;
            if (run.open && run.decisionGen == timer.gen && run.decisionStartedId != 0) {
              event(
                  run,
                  "DecisionTaskTimedOut",
                  kv(
                      "timeoutType",
                      "START_TO_CLOSE",
                      "scheduledEventId",
                      run.decisionScheduledId,
                      "startedEventId",
                      run.decisionStartedId));
              endDecision(run);
              run.decisionPending = false;
              scheduleDecision(run);
            }
            break;
          }
        case EXECUTION:
          {
            Run run = (Run) timer.subject;
            if (run.open) {
              event(
                  run,
                  "WorkflowExecutionTimedOut",
                  kv("timeoutType", "START_TO_CLOSE", "childPolicy", run.childPolicy));
              closeRun(run, "TIMED_OUT");
            }
            break;
          }
      }
    }
  }

  // ---------------------------------------------------------------- control

  void shutdown() {
    List<LongPolls.Waiter> act = new ArrayList<>();
    List<LongPolls.Waiter> dec = new ArrayList<>();
    synchronized (this) {
      closed = true;
      for (Domain d : domains.values()) {
        act.addAll(LongPolls.takeWaiters(d.activityLists.values()));
        dec.addAll(LongPolls.takeWaiters(d.decisionLists.values()));
      }
    }
    LongPolls.release(act, idleActivityPoll());
    LongPolls.release(dec, idlePoll());
  }

  /** The recorded history of a run, rendered as GetWorkflowExecutionHistory would. */
  synchronized List<JsonNode> history(String domain, String workflowId, String runId) {
    tick();
    Domain d = domains.get(domain);
    Run run = d == null ? null : d.runs.get(runId);
    if (run == null || !run.workflowId.equals(workflowId)) {
      throw new IllegalArgumentException("no such execution: " + workflowId + "/" + runId);
    }
    List<JsonNode> out = new ArrayList<>(run.events.size());
    for (Event e : run.events) {
      out.add(renderEvent(e));
    }
    return out;
  }

  int openTaskCount() {
    return openActivities.size();
  }
}
