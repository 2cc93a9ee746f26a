package dev.taskbridge.emulator;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that moves only when told to; advancing it fires every timeout that became due.
 *
 * <p>When {@link #advance(Duration)} returns, the emulators using this clock have already applied
 * the timeouts and retries that fell due (events recorded, tasks closed or rescheduled). Thread
 * safe.
 */
public final class ManualClock implements EmulatorClock {

  private final AtomicLong millis;
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

  /** Creates a clock set to 2026-01-01T00:00:00Z. */
  public ManualClock() {
    this(Instant.parse("2026-01-01T00:00:00Z"));
  }

  /** Creates a clock set to {@code start} (millisecond precision). */
  public ManualClock(Instant start) {
    this.millis = new AtomicLong(start.toEpochMilli());
  }

  @Override
  public Instant now() {
    return Instant.ofEpochMilli(millis.get());
  }

  @Override
  public long millis() {
    return millis.get();
  }

  /**
   * Moves the clock forward by {@code amount} and fires what became due.
   *
   * @throws IllegalArgumentException if {@code amount} is negative
   */
  public void advance(Duration amount) {
    if (amount.isNegative()) {
      throw new IllegalArgumentException("cannot move a clock backwards: " + amount);
    }
    millis.addAndGet(amount.toMillis());
    fire();
  }

  /**
   * Sets the clock to {@code instant}, which must not be earlier than now, and fires what became
   * due.
   *
   * @throws IllegalArgumentException if {@code instant} is before the current time
   */
  public void set(Instant instant) {
    long target = instant.toEpochMilli();
    long prev = millis.getAndAccumulate(target, Math::max);
    if (prev > target) {
      throw new IllegalArgumentException("cannot move a clock backwards to " + instant);
    }
    fire();
  }

  /** Registers a listener run (synchronously) after every move; used by {@link LocalBackend}. */
  void addListener(Runnable listener) {
    listeners.add(listener);
  }

  void removeListener(Runnable listener) {
    listeners.remove(listener);
  }

  private void fire() {
    for (Runnable r : listeners) {
      r.run();
    }
  }

  @Override
  public String toString() {
    return "ManualClock[" + now() + "]";
  }
}
