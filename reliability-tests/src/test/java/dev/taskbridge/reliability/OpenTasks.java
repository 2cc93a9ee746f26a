package dev.taskbridge.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskbridge.api.Backend;
import dev.taskbridge.api.TaskSource;
import dev.taskbridge.contract.EmulatorTasks;
import dev.taskbridge.contract.EmulatorTasks.SfnBatch;
import dev.taskbridge.contract.EmulatorTasks.SwfBatch;
import dev.taskbridge.contract.EmulatorTasks.SwfTimeouts;
import dev.taskbridge.emulator.LocalBackend;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Many open activity tasks on an emulator (opened by {@link EmulatorTasks}), taken by a worker
 * through the public API, and what the emulator then recorded about their failures.
 */
final class OpenTasks {

  private static final int SWF_ACTIVITIES_PER_WORKFLOW = 100;

  /** Every task times out 3600 s after it starts; nothing else closes it, however long it waits. */
  private static final int SFN_TIMEOUT_SECONDS = 3600;

  /**
   * As {@link #SFN_TIMEOUT_SECONDS}: 3600 s once started and no other activity timeout, in
   * workflows (36000 s) and decision tasks (3600 s) that outlive it.
   */
  private static final SwfTimeouts SWF_TIMEOUTS = new SwfTimeouts(36_000, 3600, 0, 0, 3600, 0);

  /** One execution's history, read in-process (no HTTP) when asked. */
  private record History(String execution, Supplier<List<JsonNode>> events) {}

  private final Backend kind;
  private final TaskSource source;
  private final List<History> histories;
  private final List<String> tokens;
  private final Duration setup;

  private OpenTasks(
      Backend kind,
      TaskSource source,
      List<History> histories,
      List<String> tokens,
      Duration setup) {
    this.kind = kind;
    this.source = source;
    this.histories = histories;
    this.tokens = tokens;
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
    return open(backend, Backend.SFN, n, true);
  }

  /**
   * SWF: one domain; each workflow's first decision schedules {@value #SWF_ACTIVITIES_PER_WORKFLOW}
   * activities (the last workflow the rest); {@code n} PollForActivityTask calls take them.
   */
  static OpenTasks swf(LocalBackend backend, int n) {
    return open(backend, Backend.SWF, n, true);
  }

  /**
   * {@code n} activity tasks scheduled and not taken: on Step Functions {@code n} executions of one
   * state machine waiting on one activity; on SWF workflows in one domain, each of whose first
   * decision schedules {@value #SWF_ACTIVITIES_PER_WORKFLOW} activities (the last workflow the
   * rest) on one task list. Every task times out 3600 s (emulator clock) after it starts.
   */
  static OpenTasks scheduled(LocalBackend backend, Backend kind, int n) {
    return open(backend, kind, n, false);
  }

  /** Where a worker takes the tasks of {@link #scheduled} from. */
  TaskSource source() {
    return source;
  }

  private static OpenTasks open(LocalBackend backend, Backend kind, int n, boolean take) {
    long start = System.nanoTime();
    try (EmulatorTasks fixture = new EmulatorTasks(backend.endpoint())) {
      TaskSource source;
      List<History> histories;
      if (kind == Backend.SFN) {
        SfnBatch batch = fixture.scheduleSfnBatch(n, SFN_TIMEOUT_SECONDS, 0);
        source = TaskSource.sfnActivity(batch.activityArn());
        histories =
            batch.executionArns().stream()
                .map(arn -> new History(arn, () -> backend.sfnHistory(arn)))
                .toList();
      } else {
        SwfBatch batch = fixture.scheduleSwfBatch(n, SWF_ACTIVITIES_PER_WORKFLOW, SWF_TIMEOUTS);
        source = TaskSource.swfTaskList(batch.domain(), batch.taskList());
        histories =
            batch.executions().stream()
                .map(
                    e ->
                        new History(
                            e.workflowId(),
                            () -> backend.swfHistory(batch.domain(), e.workflowId(), e.runId())))
                .toList();
      }
      List<String> tokens = take ? take(fixture, source, n) : List.of();
      return new OpenTasks(
          kind, source, histories, tokens, Duration.ofNanos(System.nanoTime() - start));
    }
  }

  /** {@code n} GetActivityTask or PollForActivityTask calls on {@code source}, a few at a time. */
  private static List<String> take(EmulatorTasks fixture, TaskSource source, int n) {
    return EmulatorTasks.parallel(
        n,
        i -> {
          String token =
              source.backend() == Backend.SFN
                  ? fixture
                      .sfn()
                      .getActivityTask(
                          b -> b.activityArn(source.activityArn().orElseThrow()).workerName("soak"))
                      .taskToken()
                  : fixture
                      .swf()
                      .pollForActivityTask(
                          b ->
                              b.domain(source.domain().orElseThrow())
                                  .taskList(t -> t.name(source.taskList().orElseThrow()))
                                  .identity("soak"))
                      .taskToken();
          if (token == null || token.isEmpty()) {
            throw new AssertionError("no " + source.backend() + " activity task delivered");
          }
          return token;
        });
  }

  /** How many times each cause/details value was recorded in a failure event. */
  Map<String, Integer> recordedByCause() {
    Map<String, Integer> counts = new HashMap<>();
    String type = kind == Backend.SFN ? "ActivityFailed" : "ActivityTaskFailed";
    String details =
        kind == Backend.SFN ? "activityFailedEventDetails" : "activityTaskFailedEventAttributes";
    String field = kind == Backend.SFN ? "cause" : "details";
    for (History history : histories) {
      for (JsonNode e : history.events().get()) {
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
    for (History history : histories) {
      // Per task (SFN: the execution's one task; SWF: by scheduledEventId): {started, terminal}.
      Map<Long, int[]> perTask = new HashMap<>();
      for (JsonNode e : history.events().get()) {
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
              history.execution()
                  + " task "
                  + t.getKey()
                  + ": started "
                  + c[0]
                  + ", terminal "
                  + c[1]);
        } else if (c[0] == 1 && c[1] == 0) {
          open++;
        }
      }
    }
    return new Ledger(scheduled, started, terminal, failures, open, broken);
  }
}
