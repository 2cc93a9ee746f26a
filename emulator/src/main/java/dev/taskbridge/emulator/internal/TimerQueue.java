package dev.taskbridge.emulator.internal;

import java.util.PriorityQueue;
import org.jspecify.annotations.Nullable;

/**
 * Due times of the timeouts and retries of one engine, guarded by the engine's lock. Entries are
 * never removed early: when one fires, the engine checks whether it is still relevant (the task's
 * generation and state), so cancelling costs nothing and memory stays linear in open tasks.
 *
 * @param <K> the engine's kinds of timer
 */
final class TimerQueue<K extends Enum<K>> {

  /** One scheduled check. */
  static final class Timer<K extends Enum<K>> implements Comparable<Timer<K>> {
    final long due;
    final K kind;
    final Object subject;
    final long gen;
    private final long seq;

    Timer(long due, K kind, Object subject, long gen, long seq) {
      this.due = due;
      this.kind = kind;
      this.subject = subject;
      this.gen = gen;
      this.seq = seq;
    }

    @Override
    public int compareTo(Timer<K> o) {
      int c = Long.compare(due, o.due);
      return c != 0 ? c : Long.compare(seq, o.seq);
    }
  }

  private final PriorityQueue<Timer<K>> queue = new PriorityQueue<>();
  private long seq;

  void add(long due, K kind, Object subject, long gen) {
    queue.add(new Timer<>(due, kind, subject, gen, seq++));
  }

  /** Removes and returns the earliest timer due at or before {@code now}, else null. */
  @Nullable Timer<K> poll(long now) {
    Timer<K> t = queue.peek();
    if (t == null || t.due > now) {
      return null;
    }
    return queue.poll();
  }

  boolean hasDue(long now) {
    Timer<K> t = queue.peek();
    return t != null && t.due <= now;
  }
}
