package dev.taskbridge.worker;

import dev.taskbridge.api.ActivityTask;
import dev.taskbridge.api.HeartbeatAnswer;
import dev.taskbridge.api.TaskFailure;
import dev.taskbridge.api.TaskGoneException;
import dev.taskbridge.api.TaskReportException;
import dev.taskbridge.api.TaskToken;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * One handed-out task, from the poll that returned it to its one answer: runs the handler,
 * heartbeats, and sends exactly one of succeed, fail, cancel or nothing (task gone).
 *
 * <p>Two parties may answer: the handler thread when the handler ends, and the shutdown when the
 * grace ends first. Whoever {@linkplain #claim() claims} the task answers it; the other sends
 * nothing. The task's slot is given back when the handler thread is done with it.
 */
final class TaskRun implements Runnable, ActivityContext {

  private static final System.Logger LOG = System.getLogger(ActivityWorker.class.getName());

  /** The cause sent with {@link ActivityWorker#WORKER_SHUTDOWN}. */
  static final String SHUTDOWN_CAUSE =
      "The worker shut down before this task could be worked on to the end; nothing of it was"
          + " completed by this worker, so it may be retried at once.";

  private final WorkerParts parts;
  private final ActivityTask task;
  private final ActivityHandler handler;
  private final @Nullable Duration autoInterval;
  private final AtomicBoolean claimed = new AtomicBoolean();
  private volatile boolean cancelRequested;
  private volatile boolean gone;

  // Guarded by this: the handler's thread while it runs, and the heartbeat schedule.
  private @Nullable Thread handlerThread;
  private boolean finished;
  private @Nullable String details;
  private boolean detailsPending;
  private boolean heartbeatInFlight;
  private WorkerTimer.@Nullable Scheduled nextHeartbeat;

  TaskRun(WorkerParts parts, ActivityTask task, ActivityHandler handler, HandlerOptions options) {
    this.parts = parts;
    this.task = task;
    this.handler = handler;
    this.autoInterval = options.heartbeatInterval();
  }

  private TaskToken token() {
    return task.token();
  }

  /** Takes the right to answer this task; true for exactly one caller. */
  boolean claim() {
    return claimed.compareAndSet(false, true);
  }

  @Override
  public void run() {
    try {
      synchronized (this) {
        if (claimed.get()) {
          return; // failed by the shutdown before it could start
        }
        handlerThread = Thread.currentThread();
        if (autoInterval != null) {
          scheduleHeartbeat(autoInterval);
        }
      }
      @Nullable String result = null;
      @Nullable Throwable thrown = null;
      try {
        result = handler.handle(task, this);
      } catch (Throwable t) { // whatever the handler throws fails its task, never the worker
        thrown = t;
      }
      synchronized (this) {
        handlerThread = null;
        finished = true;
        if (nextHeartbeat != null) {
          nextHeartbeat.cancel();
          nextHeartbeat = null;
        }
      }
      // Only the shutdown interrupts a handler thread, and only its handler: clear it so that it
      // reaches neither the answer call nor the thread's next task.
      boolean unused = Thread.interrupted();
      if (claim()) {
        answer(result, thrown);
      }
    } finally {
      parts.slots().release();
    }
  }

  private void answer(@Nullable String result, @Nullable Throwable thrown) {
    try {
      if (gone) {
        LOG.log(Level.DEBUG, "task {0} is gone; nothing sent", token().fingerprint());
      } else if (cancelRequested) {
        parts.client().cancel(token(), null);
      } else if (thrown == null) {
        succeed(result);
      } else {
        parts.client().report(token(), TaskFailure.from(thrown));
      }
    } catch (TaskGoneException e) {
      LOG.log(Level.DEBUG, "task {0} was gone when answered", token().fingerprint());
    } catch (TaskReportException e) {
      LOG.log(Level.WARNING, "answer not delivered: {0}", e.getMessage());
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING,
          "answer for task {0} not delivered: {1}",
          token().fingerprint(),
          e.getClass().getName());
    } finally {
      parts.lifecycle().taskDone(this);
    }
  }

  private void succeed(@Nullable String result) {
    try {
      parts.client().succeed(token(), result);
    } catch (IllegalArgumentException e) {
      // The result breaks a rule the binding checks before any call (over the limit, not JSON):
      // fail the task now instead of leaving it to time out. The message names field and limit.
      String why = e.getMessage();
      parts
          .client()
          .report(
              token(),
              TaskFailure.of(
                  ActivityWorker.RESULT_REJECTED,
                  "The handler's result was refused before sending: "
                      + (why == null ? "breaks a rule of the backend" : why)));
    }
  }

  /**
   * Fails this already {@linkplain #claim() claimed} task with {@link
   * ActivityWorker#WORKER_SHUTDOWN}, interrupting its handler if it still runs; nothing is sent for
   * a task that is gone. Completes (never exceptionally) once the answer is settled.
   */
  CompletableFuture<Void> failForShutdown() {
    synchronized (this) {
      if (handlerThread != null) {
        handlerThread.interrupt();
      }
      finished = true;
      if (nextHeartbeat != null) {
        nextHeartbeat.cancel();
        nextHeartbeat = null;
      }
    }
    if (gone) {
      parts.lifecycle().taskDone(this);
      return CompletableFuture.completedFuture(null);
    }
    CompletableFuture<Void> sent;
    try {
      sent =
          parts
              .client()
              .reportAsync(token(), TaskFailure.of(ActivityWorker.WORKER_SHUTDOWN, SHUTDOWN_CAUSE));
    } catch (RuntimeException e) {
      sent = CompletableFuture.failedFuture(e);
    }
    return sent.handle(
        (ok, error) -> {
          if (error != null) {
            LOG.log(
                Level.WARNING,
                "shutdown failure for task {0} not delivered: {1}",
                token().fingerprint(),
                unwrap(error).getClass().getName());
          }
          parts.lifecycle().taskDone(this);
          return null;
        });
  }

  // --- heartbeats ---------------------------------------------------------------------------

  /** Guarded by this. */
  private void scheduleHeartbeat(Duration delay) {
    nextHeartbeat = parts.timer().schedule(this::sendHeartbeat, delay);
  }

  private void sendHeartbeat() {
    @Nullable String sent;
    synchronized (this) {
      nextHeartbeat = null;
      if (finished || gone) {
        return;
      }
      if (autoInterval == null && !detailsPending) {
        return; // throttle window over and nothing to send: the next heartbeat goes at once
      }
      heartbeatInFlight = true;
      sent = details;
      detailsPending = false;
    }
    CompletableFuture<HeartbeatAnswer> answer;
    try {
      answer = parts.client().heartbeatAsync(token(), sent);
    } catch (RuntimeException e) {
      answer = CompletableFuture.failedFuture(e);
    }
    var unused = answer.whenComplete(this::heartbeatAnswered);
  }

  private void heartbeatAnswered(@Nullable HeartbeatAnswer answer, @Nullable Throwable error) {
    if (error == null) {
      if (answer != null && answer.cancelRequested()) {
        cancelRequested = true;
      }
    } else {
      Throwable e = unwrap(error);
      if (e instanceof TaskGoneException) {
        gone = true;
      } else if (e instanceof IllegalArgumentException) {
        // The details break a rule (too long): drop them, keep the task alive.
        synchronized (this) {
          details = null;
        }
        LOG.log(
            Level.WARNING,
            "heartbeat details of task {0} refused; heartbeating without them",
            token().fingerprint());
      } else {
        LOG.log(
            Level.DEBUG,
            "heartbeat of task {0} failed ({1}); next at the interval",
            token().fingerprint(),
            e.getClass().getName());
      }
    }
    synchronized (this) {
      heartbeatInFlight = false;
      if (finished || gone) {
        return;
      }
      if (autoInterval != null) {
        scheduleHeartbeat(autoInterval);
      } else {
        // Opens the throttle window; it sends pending details at its end, if any.
        scheduleHeartbeat(HandlerOptions.DEFAULT_HEARTBEAT_THROTTLE);
      }
    }
  }

  private static Throwable unwrap(Throwable error) {
    return error instanceof CompletionException && error.getCause() != null
        ? error.getCause()
        : error;
  }

  // --- ActivityContext ----------------------------------------------------------------------

  @Override
  public void heartbeat(@Nullable String details) {
    if (gone) {
      throw new ActivityStoppedException(ActivityStoppedException.Reason.TASK_GONE);
    }
    if (cancelRequested) {
      throw new ActivityStoppedException(ActivityStoppedException.Reason.CANCEL_REQUESTED);
    }
    synchronized (this) {
      this.details = details;
      this.detailsPending = true;
      if (autoInterval == null && nextHeartbeat == null && !heartbeatInFlight && !finished) {
        scheduleHeartbeat(Duration.ZERO);
      }
    }
  }

  @Override
  public boolean cancelRequested() {
    return cancelRequested;
  }

  @Override
  public boolean taskGone() {
    return gone;
  }

  /** The task's fingerprint and state; never the token or input. */
  @Override
  public String toString() {
    return "TaskRun["
        + task
        + ", cancelRequested="
        + cancelRequested
        + ", gone="
        + gone
        + ", claimed="
        + claimed.get()
        + "]";
  }
}
