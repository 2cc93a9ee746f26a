package dev.taskbridge.worker;

import dev.taskbridge.api.ActivityTask;
import dev.taskbridge.api.TaskReportException;
import dev.taskbridge.api.TaskSource;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Optional;

/**
 * One poller on one source: reserve a slot, poll, hand the task to a handler thread with the slot
 * (or give the slot back), again, until the worker drains. A failed poll waits out a {@link
 * Backoff} on the timer and polls again; no failure ends the loop. It holds a thread only while a
 * poll is on the wire.
 */
final class PollLoop {

  private static final System.Logger LOG = System.getLogger(ActivityWorker.class.getName());

  private final WorkerParts parts;
  private final TaskSource source;
  private final ActivityHandler handler;
  private final HandlerOptions options;
  private int failures; // touched by one poll at a time

  PollLoop(WorkerParts parts, TaskSource source, ActivityHandler handler, HandlerOptions options) {
    this.parts = parts;
    this.source = source;
    this.handler = handler;
    this.options = options;
  }

  /** Polls again once a slot is free, unless the worker drains. */
  void next() {
    if (parts.lifecycle().accepting()) {
      parts.slots().reserve(this::submit);
    }
  }

  private void submit() {
    parts.pollers().execute(this::polls);
  }

  /**
   * Polls on this poller thread for as long as the next poll can start at once: without a hand-off
   * to another poller thread (and the wake-up it costs) while a slot is free when a poll ends. When
   * none is, the next poll waits for one as {@link #next} does.
   */
  private void polls() {
    while (pollOnce()
        && parts.lifecycle().accepting()
        && parts.slots().reserveNowOr(this::submit)) {
      // The slot for the next poll is held: poll again here.
    }
  }

  /**
   * One poll holding a reserved slot, and what became of its task. True when the loop goes on with
   * the next poll (after an empty one or a task handed out), false when the poll did not begin or
   * failed (then a backoff schedules the next).
   */
  private boolean pollOnce() {
    if (!parts.lifecycle().beginPoll()) {
      parts.slots().release();
      return false;
    }
    Optional<ActivityTask> polled;
    try {
      polled = parts.client().poll(source, parts.identity());
    } catch (Throwable e) { // no single failure ends a poller
      parts.lifecycle().endPoll(null);
      parts.slots().release();
      backOff(e);
      return false;
    }
    failures = 0;
    if (polled.isEmpty()) {
      parts.lifecycle().endPoll(null);
      parts.slots().release();
      return true;
    }
    TaskRun run = new TaskRun(parts, polled.get(), handler, options);
    if (parts.lifecycle().endPoll(run)) {
      parts.handlers().execute(run);
    } else {
      // Returned after the shutdown's grace: fail it now so that it can be retried now.
      run.claim();
      run.failForShutdown().join();
      parts.slots().release();
    }
    return true;
  }

  private void backOff(Throwable e) {
    failures++;
    boolean throttled = Backoff.isThrottling(e);
    Duration wait = Backoff.delay(failures, throttled, parts.random().getAsDouble());
    if (e instanceof TaskReportException tre) {
      LOG.log(
          throttled ? Level.DEBUG : Level.WARNING,
          "poll of {0} failed ({1} in a row), next in {2} ms: {3}",
          source,
          failures,
          wait.toMillis(),
          tre.getMessage());
    } else {
      LOG.log(
          Level.WARNING,
          "poll of {0} failed ({1} in a row), next in {2} ms: {3}",
          source,
          failures,
          wait.toMillis(),
          e.getClass().getName());
    }
    parts.timer().schedule(this::next, wait);
  }
}
