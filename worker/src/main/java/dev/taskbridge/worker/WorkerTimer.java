package dev.taskbridge.worker;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Where the worker waits: poll backoff, heartbeat intervals and the shutdown deadline. Injected, so
 * that tests run in virtual time. Scheduled actions must be short; none blocks.
 */
interface WorkerTimer {

  /** A scheduled action that can be called off. */
  interface Scheduled {
    /** Calls the action off if it has not run yet. */
    void cancel();
  }

  /** Runs {@code action} once after {@code delay}. */
  Scheduled schedule(Runnable action, Duration delay);

  /** Stops the timer; actions not yet run are dropped. */
  void close();

  /** A timer on one daemon thread of its own, on the system clock. */
  static WorkerTimer system(String threadName) {
    ScheduledThreadPoolExecutor executor =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, threadName);
              t.setDaemon(true);
              return t;
            });
    executor.setRemoveOnCancelPolicy(true);
    return new WorkerTimer() {
      @Override
      public Scheduled schedule(Runnable action, Duration delay) {
        ScheduledFuture<?> f = executor.schedule(action, delay.toNanos(), TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
      }

      @Override
      public void close() {
        executor.shutdownNow();
      }
    };
  }
}
