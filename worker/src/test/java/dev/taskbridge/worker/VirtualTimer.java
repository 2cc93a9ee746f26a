package dev.taskbridge.worker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/** A {@link WorkerTimer} in virtual time: actions run only when a test advances it. */
final class VirtualTimer implements WorkerTimer {

  private static final class Entry implements Scheduled {
    final long due;
    final long seq;
    final Runnable action;
    volatile boolean cancelled;

    Entry(long due, long seq, Runnable action) {
      this.due = due;
      this.seq = seq;
      this.action = action;
    }

    @Override
    public void cancel() {
      cancelled = true;
    }
  }

  private final PriorityQueue<Entry> queue =
      new PriorityQueue<>(
          (a, b) -> a.due != b.due ? Long.compare(a.due, b.due) : Long.compare(a.seq, b.seq));
  private final List<Duration> delays = new ArrayList<>();
  private long now;
  private long seq;

  @Override
  public synchronized Scheduled schedule(Runnable action, Duration delay) {
    delays.add(delay);
    Entry e = new Entry(now + delay.toNanos(), seq++, action);
    queue.add(e);
    return e;
  }

  @Override
  public void close() {}

  /** Moves time forward by {@code d}, running every action that falls due, in order. */
  void advance(Duration d) {
    long target;
    synchronized (this) {
      target = now + d.toNanos();
    }
    while (true) {
      Entry e;
      synchronized (this) {
        e = queue.peek();
        if (e == null || e.due > target) {
          now = target;
          return;
        }
        queue.poll();
        now = e.due;
      }
      if (!e.cancelled) {
        e.action.run();
      }
    }
  }

  /** Every delay asked for so far, in order. */
  synchronized List<Duration> delays() {
    return new ArrayList<>(delays);
  }

  /** Actions scheduled and neither run nor cancelled. */
  synchronized long pending() {
    return queue.stream().filter(e -> !e.cancelled).count();
  }
}
