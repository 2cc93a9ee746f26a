package dev.taskbridge.worker;

import java.util.function.BooleanSupplier;

/** Waits for a condition, bounded, instead of sleeping (Awaitility's shape). */
final class Await {
  private static final long LIMIT_MILLIS = 10_000;

  private Await() {}

  static void until(String what, BooleanSupplier condition) {
    long end = System.nanoTime() + LIMIT_MILLIS * 1_000_000;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("not within " + LIMIT_MILLIS + " ms: " + what);
      }
      Thread.onSpinWait();
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what, e);
      }
    }
  }
}
