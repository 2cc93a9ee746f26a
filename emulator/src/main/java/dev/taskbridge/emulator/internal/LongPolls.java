package dev.taskbridge.emulator.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The long polls of one engine: a poller that finds no task waits in its queue until the engine
 * hands it a task or its wait ends with an idle answer. Queues are guarded by the engine's lock.
 */
final class LongPolls {
  private final Object lock;
  private final Executor completer;
  private final ScheduledExecutorService scheduler;
  private final long maxWaitMillis;

  LongPolls(Object lock, Config cfg, Executor completer, ScheduledExecutorService scheduler) {
    this.lock = lock;
    this.completer = completer;
    this.scheduler = scheduler;
    this.maxWaitMillis = cfg.pollMaxWaitMillis;
  }

  /** A poller waiting for a task. */
  static final class Waiter {
    final @Nullable String identity;
    final CompletableFuture<Reply> future;
    @Nullable ScheduledFuture<?> expiry;

    Waiter(@Nullable String identity, CompletableFuture<Reply> future) {
      this.identity = identity;
      this.future = future;
    }
  }

  /** The tasks no poller has taken yet and the pollers waiting for one, oldest first. */
  static final class Queue<T> {
    final ArrayDeque<T> pending = new ArrayDeque<>();
    final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
  }

  /** Answers a waiting poller with the task the engine hands it. */
  void hand(Waiter w, Reply reply) {
    cancelExpiry(w);
    completer.execute(() -> w.future.complete(reply));
  }

  /**
   * Parks a poller on the queue (the caller holds the engine's lock); unless a task is handed to it
   * first, it is answered with {@code idle} when its wait ends.
   */
  CompletableFuture<Reply> park(Queue<?> q, @Nullable String identity, Supplier<Reply> idle) {
    CompletableFuture<Reply> f = new CompletableFuture<>();
    Waiter w = new Waiter(identity, f);
    q.waiters.add(w);
    w.expiry = scheduler.schedule(() -> expire(q, w, idle), maxWaitMillis, TimeUnit.MILLISECONDS);
    return f;
  }

  private void expire(Queue<?> q, Waiter w, Supplier<Reply> idle) {
    boolean removed;
    synchronized (lock) {
      removed = q.waiters.remove(w);
    }
    if (removed) {
      Reply reply = idle.get();
      // answer on a worker thread: the timer thread must never wait on a socket
      completer.execute(() -> w.future.complete(reply));
    }
  }

  /**
   * Takes every waiting poller off the queues (the caller holds the engine's lock), to be answered
   * by {@link #release} once the lock is let go.
   */
  static List<Waiter> takeWaiters(Collection<? extends Queue<?>> queues) {
    List<Waiter> out = new ArrayList<>();
    for (Queue<?> q : queues) {
      out.addAll(q.waiters);
      q.waiters.clear();
    }
    return out;
  }

  /** Answers each of the pollers with {@code idle}. */
  static void release(List<Waiter> waiters, Reply idle) {
    for (Waiter w : waiters) {
      cancelExpiry(w);
      w.future.complete(idle);
    }
  }

  private static void cancelExpiry(Waiter w) {
    ScheduledFuture<?> exp = w.expiry;
    if (exp != null) {
      exp.cancel(false);
    }
  }
}
