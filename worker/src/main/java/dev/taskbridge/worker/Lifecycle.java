package dev.taskbridge.worker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The worker's shutdown state machine (after Temporal's {@code ShutdownManager}), apart from any
 * backend so that it has tests of its own.
 *
 * <pre>
 * NEW ──start──▶ RUNNING ──shutdown──▶ DRAINING ──polls returned, tasks answered──▶ TERMINATED
 *  └────────────────────shutdown──────────────────────────────────────────────────────▲
 * </pre>
 *
 * <p>While {@code RUNNING} polls may begin. From {@code DRAINING} on none may, but every poll in
 * flight is waited for and every task it returns joins the outstanding ones; the grace deadline
 * only decides whether a task may still run. At the deadline the shutdown hands the outstanding
 * tasks to its {@code onDeadline} action (to fail them at once), and a task arriving later is
 * refused by {@link #endPoll}. It is {@code TERMINATED} once no poll is in flight and every task is
 * {@linkplain #taskDone done}.
 *
 * @param <T> the outstanding task
 */
final class Lifecycle<T> {

  /** The states; see the class comment. */
  enum State {
    NEW,
    RUNNING,
    DRAINING,
    TERMINATED
  }

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Set<T> outstanding = Collections.newSetFromMap(new IdentityHashMap<>());
  private State state = State.NEW;
  private int pollsInFlight;
  private boolean deadlinePassed;
  private boolean deadlineHandled;

  /**
   * {@code NEW} to {@code RUNNING}.
   *
   * @throws IllegalStateException if started or shut down before
   */
  void start() {
    lock.lock();
    try {
      if (state != State.NEW) {
        throw new IllegalStateException("the worker can be started once, and is " + state);
      }
      state = State.RUNNING;
    } finally {
      lock.unlock();
    }
  }

  /** Counts a poll in flight, if polls may still begin; false from {@code DRAINING} on. */
  boolean beginPoll() {
    lock.lock();
    try {
      if (state != State.RUNNING) {
        return false;
      }
      pollsInFlight++;
      return true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Ends a poll begun by {@link #beginPoll}; the task it returned, if any, joins the outstanding
   * ones in the same step (so no shutdown sees the poll ended and the task not yet arrived).
   *
   * @return whether the task may run; false once the grace deadline passed: fail it at once, then
   *     call {@link #taskDone}
   */
  boolean endPoll(@Nullable T task) {
    lock.lock();
    try {
      pollsInFlight--;
      if (task != null) {
        outstanding.add(task);
      }
      changed.signalAll();
      return !deadlinePassed;
    } finally {
      lock.unlock();
    }
  }

  /** The task is answered (or failed, or gone): it no longer holds up the shutdown. */
  void taskDone(T task) {
    lock.lock();
    try {
      outstanding.remove(task);
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Whether new polls may begin. */
  boolean accepting() {
    return state() == State.RUNNING;
  }

  /** The current state. */
  State state() {
    lock.lock();
    try {
      return state;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Stops new polls, then blocks until every poll in flight returned and every task is done. The
   * first call that finds the state {@code RUNNING} runs {@code onDrain} (to call off waiting
   * polls). When {@code grace} has passed on {@code timer}, or the calling thread is interrupted,
   * {@code onDeadline} gets the tasks then outstanding, once per shutdown, on this thread; tasks
   * returned by polls after that are refused by {@link #endPoll}. Concurrent calls all wait for the
   * same end; the earliest deadline counts.
   *
   * @return true for the one call that saw the state become {@code TERMINATED}, so that it alone
   *     releases the threads
   */
  boolean shutdown(
      Duration grace, WorkerTimer timer, Runnable onDrain, Consumer<List<T>> onDeadline) {
    boolean interrupted = false;
    lock.lock();
    try {
      if (state == State.TERMINATED) {
        return false;
      }
      if (state == State.NEW) {
        state = State.TERMINATED;
        changed.signalAll();
        return true;
      }
      if (state == State.RUNNING) {
        state = State.DRAINING;
        onDrain.run();
      }
    } finally {
      lock.unlock();
    }
    WorkerTimer.Scheduled deadline = timer.schedule(this::deadlinePassed, grace);
    try {
      lock.lock();
      try {
        while (state != State.TERMINATED) {
          if (pollsInFlight == 0 && outstanding.isEmpty()) {
            state = State.TERMINATED;
            changed.signalAll();
            return true;
          }
          if (deadlinePassed && !deadlineHandled) {
            deadlineHandled = true;
            List<T> late = new ArrayList<>(outstanding);
            lock.unlock();
            try {
              onDeadline.accept(late);
            } finally {
              lock.lock();
            }
            continue;
          }
          try {
            // Bounded so a lost signal cannot hang a shutdown; the loop re-checks everything.
            changed.await(100, TimeUnit.MILLISECONDS);
          } catch (InterruptedException e) {
            // An interrupted caller ends the grace now; the polls in flight are still waited for.
            interrupted = true;
            deadlinePassed = true;
          }
        }
        return false;
      } finally {
        lock.unlock();
      }
    } finally {
      deadline.cancel();
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void deadlinePassed() {
    lock.lock();
    try {
      deadlinePassed = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Polls in flight, for tests. */
  int pollsInFlight() {
    lock.lock();
    try {
      return pollsInFlight;
    } finally {
      lock.unlock();
    }
  }

  /** Tasks not yet done, for tests. */
  int outstanding() {
    lock.lock();
    try {
      return outstanding.size();
    } finally {
      lock.unlock();
    }
  }
}
