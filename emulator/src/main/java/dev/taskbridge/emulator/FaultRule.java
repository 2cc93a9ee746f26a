package dev.taskbridge.emulator;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * A fault injected into the calls of one operation (or one service): a handle to watch or cancel
 * it.
 */
public final class FaultRule {

  private final long id;
  private final String selector;
  private final Fault fault;
  private final AtomicInteger remaining;
  private final double fraction;
  private final @Nullable SplittableRandom random;
  private final AtomicInteger applied = new AtomicInteger();
  private volatile boolean cancelled;

  FaultRule(
      long id, String selector, Fault fault, int times, double fraction, @Nullable Long seed) {
    this.id = id;
    this.selector = selector;
    this.fault = fault;
    this.remaining = new AtomicInteger(times);
    this.fraction = fraction;
    this.random = seed == null ? null : new SplittableRandom(seed);
  }

  /** The id the control plane names this rule by: its position among the rules ever added. */
  long id() {
    return id;
  }

  /** The selector this rule matches: an exact target, {@code Service.*}, or {@code *}. */
  public String selector() {
    return selector;
  }

  /** The fault applied. */
  public Fault fault() {
    return fault;
  }

  /** How many calls this rule has affected so far. */
  public int applied() {
    return applied.get();
  }

  /**
   * How many more calls this rule will affect; {@link Integer#MAX_VALUE} for a fraction rule that
   * is not cancelled, 0 once used up or cancelled.
   */
  public int remaining() {
    return cancelled ? 0 : remaining.get();
  }

  /** Stops this rule from affecting further calls. */
  public void cancel() {
    cancelled = true;
  }

  boolean matchesTarget(String target) {
    if (selector.equals("*")) {
      return true;
    }
    if (selector.endsWith(".*")) {
      return target.startsWith(selector.substring(0, selector.length() - 1));
    }
    return selector.equals(target);
  }

  /** Decides and consumes: true if this call is affected. */
  boolean tryApply() {
    if (cancelled) {
      return false;
    }
    SplittableRandom r = random;
    if (r != null) {
      boolean hit;
      synchronized (r) {
        hit = r.nextDouble() < fraction;
      }
      if (!hit) {
        return false;
      }
      applied.incrementAndGet();
      return true;
    }
    while (true) {
      int left = remaining.get();
      if (left <= 0) {
        return false;
      }
      if (remaining.compareAndSet(left, left - 1)) {
        applied.incrementAndGet();
        return true;
      }
    }
  }

  @Override
  public String toString() {
    return "FaultRule[" + selector + " -> " + fault + ", applied=" + applied() + "]";
  }
}
