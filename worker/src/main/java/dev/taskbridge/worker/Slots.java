package dev.taskbridge.worker;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The worker's handler slots: one is reserved before each poll and held until the task the poll
 * returned is answered, so no task is ever taken that cannot start at once (Temporal's {@code
 * reserveSlot}). A reservation that must wait is queued and runs when a slot is released; none
 * blocks a thread.
 */
final class Slots {

  private final Deque<Runnable> waiting = new ArrayDeque<>();
  private int free;
  private boolean closed;

  Slots(int capacity) {
    this.free = capacity;
  }

  /**
   * Runs {@code onReserved} holding a slot: at once when one is free, else when one is released.
   * After {@link #close()} it never runs.
   */
  void reserve(Runnable onReserved) {
    if (reserveNowOr(onReserved)) {
      onReserved.run();
    }
  }

  /**
   * Takes a free slot for the caller and says so; when none is free, queues {@code later} to run
   * holding one when one is released, and answers false. After {@link #close()} it takes none and
   * queues nothing.
   */
  boolean reserveNowOr(Runnable later) {
    synchronized (this) {
      if (closed) {
        return false;
      }
      if (free == 0) {
        waiting.add(later);
        return false;
      }
      free--;
      return true;
    }
  }

  /** Gives a slot back, handing it straight to the next waiting reservation if there is one. */
  void release() {
    Runnable next;
    synchronized (this) {
      next = closed ? null : waiting.poll();
      if (next == null) {
        free++;
        return;
      }
    }
    next.run();
  }

  /** Drops every waiting reservation and refuses new ones: the worker polls no more. */
  synchronized void close() {
    closed = true;
    waiting.clear();
  }

  /** Slots not held, for tests. */
  synchronized int free() {
    return free;
  }

  /** Reservations waiting for a slot, for tests. */
  synchronized int waiting() {
    return waiting.size();
  }
}
