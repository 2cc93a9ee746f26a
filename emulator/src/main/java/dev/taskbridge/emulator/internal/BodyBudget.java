package dev.taskbridge.emulator.internal;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The request body bytes held for all connections together, against one limit: bytes are taken as
 * they are received (never ahead of them) and given back when their request is answered or its
 * connection closes.
 */
final class BodyBudget {
  private final long max;
  private final AtomicLong held = new AtomicLong();

  BodyBudget(long max) {
    this.max = max;
  }

  /** Takes {@code n} bytes if that stays within the limit. */
  boolean tryTake(long n) {
    while (true) {
      long h = held.get();
      if (h + n > max) {
        return false;
      }
      if (held.compareAndSet(h, h + n)) {
        return true;
      }
    }
  }

  /** Gives back {@code n} bytes taken before. */
  void giveBack(long n) {
    if (n > 0) {
      held.addAndGet(-n);
    }
  }

  /** Bytes held now. */
  long held() {
    return held.get();
  }
}
