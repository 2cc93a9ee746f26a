package dev.taskbridge.emulator;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The system clock plus an offset that can only grow: real time passes, and {@link
 * #advance(Duration)} jumps ahead on top of it.
 *
 * <p>This is the default clock of a {@link LocalBackend}, so a standalone emulator runs on real
 * time and can still be told to fire timeouts without waiting (through {@link #advance(Duration)}
 * or the control plane's {@code POST /_taskbridge/clock/advance}). The readings never go backwards,
 * even if the system clock is stepped back. When {@code advance} returns, the emulators using this
 * clock have applied the timeouts and retries that fell due. Thread safe.
 */
public final class OffsetClock implements EmulatorClock {

  private final AtomicLong offset = new AtomicLong();
  private final AtomicLong last = new AtomicLong(Long.MIN_VALUE);
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

  /** Creates a clock reading the system time, offset by zero. */
  public OffsetClock() {}

  @Override
  public Instant now() {
    return Instant.ofEpochMilli(millis());
  }

  @Override
  public long millis() {
    long reading = System.currentTimeMillis() + offset.get();
    return last.accumulateAndGet(reading, Math::max);
  }

  /** How far this clock has been advanced ahead of the system clock in total. */
  public Duration offset() {
    return Duration.ofMillis(offset.get());
  }

  /**
   * Moves the clock forward by {@code amount} on top of real time and fires what became due.
   *
   * @throws IllegalArgumentException if {@code amount} is negative or the offset would overflow
   */
  public void advance(Duration amount) {
    if (amount.isNegative()) {
      throw new IllegalArgumentException("cannot move a clock backwards: " + amount);
    }
    long add = amount.toMillis();
    offset.updateAndGet(
        o -> {
          if (o > Long.MAX_VALUE / 2 - add) {
            throw new IllegalArgumentException("clock offset too large: " + amount);
          }
          return o + add;
        });
    for (Runnable r : listeners) {
      r.run();
    }
  }

  /** Registers a listener run (synchronously) after every move; used by {@link LocalBackend}. */
  void addListener(Runnable listener) {
    listeners.add(listener);
  }

  void removeListener(Runnable listener) {
    listeners.remove(listener);
  }

  @Override
  public String toString() {
    return "OffsetClock[" + now() + ", offset " + offset() + "]";
  }
}
