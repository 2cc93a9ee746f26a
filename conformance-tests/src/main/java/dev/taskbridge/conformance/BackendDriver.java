package dev.taskbridge.conformance;

import dev.taskbridge.api.Backend;
import dev.taskbridge.api.TaskSource;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Obtains open activity tasks and reads back what the backend recorded, only through the service's
 * public API, so the same scenario runs against any target.
 */
interface BackendDriver extends AutoCloseable {

  /** How long {@link #routing} waits for the backend to route a failure. */
  Duration ROUTING_WAIT = Duration.ofSeconds(60);

  /**
   * What to open: the task's timeout, a Catch on an error name (SFN), and a heartbeat timeout (0
   * for none; SFN {@code HeartbeatSeconds}, SWF {@code heartbeatTimeout}).
   */
  record TaskSpec(int timeoutSeconds, @Nullable String catchErrorName, int heartbeatSeconds) {
    TaskSpec(int timeoutSeconds, @Nullable String catchErrorName) {
      this(timeoutSeconds, catchErrorName, 0);
    }

    static TaskSpec plain() {
      return new TaskSpec(300, null);
    }

    /** A task that times out when no heartbeat comes for {@code seconds}. */
    static TaskSpec heartbeat(int seconds) {
      return new TaskSpec(300, null, seconds);
    }
  }

  /** A task scheduled and not yet polled: the source it waits on, and its execution. */
  record ScheduledTask(TaskSource source, String executionId, String runId) {
    /** The open task once a poll handed out {@code token}. */
    OpenTask opened(Backend backend, String token) {
      return new OpenTask(backend, token, executionId, runId);
    }
  }

  /** An open task: its token and what is needed to look it up again. */
  record OpenTask(Backend backend, String token, String executionId, String runId) {
    @Override
    public String toString() {
      return "OpenTask[" + backend + ", execution=" + executionId + "]";
    }
  }

  /** A failure as the backend's history recorded it; "" and null stay distinct. */
  record RecordedFailure(@Nullable String error, @Nullable String cause) {
    @Override
    public String toString() {
      return "RecordedFailure[error="
          + (error == null ? "<absent>" : "<" + error.length() + " chars>")
          + ", cause="
          + (cause == null ? "<absent>" : "<" + cause.length() + " chars>")
          + "]";
    }
  }

  Backend backend();

  /**
   * Makes the backend ready for this run's scenarios with its first calls through the public API
   * (SFN: creates the run's first activity; SWF: finds or registers the domain and the types).
   *
   * @throws RuntimeException when it cannot: then no scenario of this backend can run
   */
  void prepare();

  /** Starts an execution and polls its activity task. */
  OpenTask open(TaskSpec spec);

  /**
   * Starts an execution whose activity task waits, unpolled, on a source of its own: a new activity
   * (SFN) or task list (SWF).
   */
  ScheduledTask schedule(TaskSpec spec);

  /**
   * How many times the task's execution recorded a task handed out (ActivityStarted, SWF
   * ActivityTaskStarted).
   */
  int starts(OpenTask task);

  /**
   * Every activity timeout recorded for the task's execution, in order: the error of each
   * ActivityTimedOut (SFN, {@code States.Timeout} for a heartbeat timeout too) or the timeoutType
   * of each ActivityTaskTimedOut (SWF, {@code HEARTBEAT}).
   */
  List<@Nullable String> timeouts(OpenTask task);

  /** Every activity failure recorded for the task's execution, in order. */
  List<RecordedFailure> failures(OpenTask task);

  /** A source nothing was ever scheduled on: a new activity (SFN) or task list (SWF). */
  TaskSource idleSource();

  /**
   * Every success recorded for the task's execution, in order: its output (SFN) or result (SWF).
   */
  List<@Nullable String> successes(OpenTask task);

  /**
   * SWF: a decider asks to cancel the task (RequestCancelActivityTask). Step Functions has no such
   * request.
   */
  void requestCancel(OpenTask task);

  /** How many ActivityTaskCanceled events the task's execution holds (SWF; 0 on SFN). */
  int cancellations(OpenTask task);

  /** Completes the task successfully. */
  void complete(OpenTask task);

  /** Stops (SFN) or terminates (SWF) the task's execution. */
  void stop(OpenTask task);

  /**
   * After a failure of a task opened with a catch error name: the name of the handler the workflow
   * routed to ({@code "caught"} or {@code "fallback"} on SFN), or the reason the SWF decider saw.
   * Backends route asynchronously, so this waits for the execution to end (SFN, at most {@link
   * #ROUTING_WAIT}) or for the decision task the failure scheduled (SWF, five long polls); null if
   * it did not.
   */
  @Nullable String routing(OpenTask task);

  /** A token of the right shape that no task was ever issued. */
  default String garbageToken() {
    return "AAAAKgAAAAIAAAAAAAAAAconformance-garbage-token-that-no-task-was-issued";
  }

  @Override
  void close();
}
