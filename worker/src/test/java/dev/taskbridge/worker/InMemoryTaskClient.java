package dev.taskbridge.worker;

import dev.taskbridge.api.ActivityTask;
import dev.taskbridge.api.Backend;
import dev.taskbridge.api.HeartbeatAnswer;
import dev.taskbridge.api.ReportOutcome;
import dev.taskbridge.api.TaskCall;
import dev.taskbridge.api.TaskClient;
import dev.taskbridge.api.TaskFailure;
import dev.taskbridge.api.TaskReportException;
import dev.taskbridge.api.TaskSource;
import dev.taskbridge.api.TaskToken;
import dev.taskbridge.api.internal.Delivery;
import dev.taskbridge.api.internal.Refusals;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A small in-memory {@link TaskClient} (a test double of our own interface, no SDK): tasks queued
 * by the test, polls that hold until a task arrives or the test releases them, answers recorded per
 * token, gone and cancel-requested states, and injected faults.
 */
final class InMemoryTaskClient implements TaskClient {

  /** What was sent for a token. */
  record Answer(String kind, @Nullable String value, @Nullable String detail) {}

  private final Backend backend;
  private final Deque<ActivityTask> queue = new ArrayDeque<>();
  private final Map<TaskToken, List<Answer>> answers = new LinkedHashMap<>();
  private final Map<TaskToken, List<@Nullable String>> heartbeats = new LinkedHashMap<>();
  private final Set<TaskToken> cancelRequested = new HashSet<>();
  private final Set<TaskToken> gone = new HashSet<>();
  private final Deque<Supplier<RuntimeException>> pollFaults = new ArrayDeque<>();
  private final Deque<Supplier<RuntimeException>> heartbeatFaults = new ArrayDeque<>();
  private final AtomicInteger pollsStarted = new AtomicInteger();
  private final List<@Nullable String> identities = new ArrayList<>();
  private int pollsWaiting;
  private int releases;
  private int maxResultLength = Integer.MAX_VALUE;
  private int next;

  InMemoryTaskClient(Backend backend) {
    this.backend = backend;
  }

  TaskSource source() {
    return backend == Backend.SFN
        ? TaskSource.sfnActivity("arn:aws:states:us-east-1:123456789012:activity:work")
        : TaskSource.swfTaskList("domain", "list");
  }

  /** Queues a task with {@code input} for the next poll; returns its token. */
  synchronized TaskToken offer(@Nullable String input) {
    TaskToken token = TaskToken.of(backend, "token-" + next++);
    queue.add(ActivityTask.builder(source(), token).input(input).build());
    notifyAll();
    return token;
  }

  /** Ends every poll now waiting with an empty answer, as the backend does after its hold. */
  synchronized void releasePolls() {
    releases++;
    notifyAll();
  }

  synchronized void failPolls(int count, Supplier<RuntimeException> fault) {
    for (int i = 0; i < count; i++) {
      pollFaults.add(fault);
    }
  }

  synchronized void failHeartbeats(int count, Supplier<RuntimeException> fault) {
    for (int i = 0; i < count; i++) {
      heartbeatFaults.add(fault);
    }
  }

  synchronized void maxResultLength(int max) {
    this.maxResultLength = max;
  }

  synchronized void requestCancel(TaskToken token) {
    cancelRequested.add(token);
  }

  /** The task times out (or its execution stops): every later call on it is task gone. */
  synchronized void expire(TaskToken token) {
    gone.add(token);
  }

  synchronized List<Answer> answers(TaskToken token) {
    return List.copyOf(answers.getOrDefault(token, List.of()));
  }

  synchronized Map<TaskToken, List<Answer>> allAnswers() {
    return new LinkedHashMap<>(answers);
  }

  synchronized List<@Nullable String> heartbeats(TaskToken token) {
    return new ArrayList<>(heartbeats.getOrDefault(token, List.of()));
  }

  int pollsStarted() {
    return pollsStarted.get();
  }

  synchronized int pollsWaiting() {
    return pollsWaiting;
  }

  synchronized List<@Nullable String> identities() {
    return new ArrayList<>(identities);
  }

  static TaskReportException refusal(
      ReportOutcome outcome, Backend backend, TaskToken token, @Nullable String code) {
    return Refusals.of(
        outcome,
        Delivery.onTask(TaskCall.HEARTBEAT, backend, token, null),
        Refusals.diagnostics(code, code == null ? 0 : 400, null, null, null, 1, false),
        null);
  }

  private TaskReportException gone(TaskToken token) {
    return refusal(ReportOutcome.TASK_GONE, backend, token, "TaskTimedOut");
  }

  @Override
  public Backend backend() {
    return backend;
  }

  @Override
  public Optional<ActivityTask> poll(TaskSource source, @Nullable String identity) {
    if (source.backend() != backend) {
      throw new IllegalArgumentException("source of another backend");
    }
    pollsStarted.incrementAndGet();
    synchronized (this) {
      identities.add(identity);
      Supplier<RuntimeException> fault = pollFaults.poll();
      if (fault != null) {
        throw fault.get();
      }
      int releasesSeen = releases;
      long end = System.nanoTime() + 10_000_000_000L; // a safety net; tests release polls
      pollsWaiting++;
      try {
        while (queue.isEmpty() && releases == releasesSeen && System.nanoTime() < end) {
          try {
            wait(50);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("a poll was interrupted: the worker must never do it");
          }
        }
        return Optional.ofNullable(queue.poll());
      } finally {
        pollsWaiting--;
      }
    }
  }

  private synchronized void close(TaskToken token, Answer answer) {
    if (gone.contains(token)) {
      throw gone(token);
    }
    answers.computeIfAbsent(token, t -> new ArrayList<>()).add(answer);
    gone.add(token);
    notifyAll();
  }

  @Override
  public void succeed(TaskToken token, @Nullable String result) {
    synchronized (this) {
      if (result != null && result.length() > maxResultLength) {
        throw new IllegalArgumentException(
            "result must be at most " + maxResultLength + " characters, was " + result.length());
      }
    }
    close(token, new Answer("succeed", result, null));
  }

  @Override
  public void report(TaskToken token, TaskFailure failure) {
    close(token, new Answer("fail", failure.error(), failure.cause()));
  }

  @Override
  public void cancel(TaskToken token, @Nullable String details) {
    close(token, new Answer("cancel", details, null));
  }

  @Override
  public synchronized HeartbeatAnswer heartbeat(TaskToken token, @Nullable String details) {
    Supplier<RuntimeException> fault = heartbeatFaults.poll();
    if (fault != null) {
      throw fault.get();
    }
    if (gone.contains(token)) {
      throw gone(token);
    }
    heartbeats.computeIfAbsent(token, t -> new ArrayList<>()).add(details);
    return HeartbeatAnswer.of(cancelRequested.contains(token));
  }

  private static <T> CompletableFuture<T> async(Supplier<T> call) {
    try {
      return CompletableFuture.completedFuture(call.get());
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public CompletableFuture<Optional<ActivityTask>> pollAsync(
      TaskSource source, @Nullable String identity) {
    return CompletableFuture.supplyAsync(() -> poll(source, identity));
  }

  @Override
  public CompletableFuture<Void> succeedAsync(TaskToken token, @Nullable String result) {
    return async(
        () -> {
          succeed(token, result);
          return null;
        });
  }

  @Override
  public CompletableFuture<HeartbeatAnswer> heartbeatAsync(
      TaskToken token, @Nullable String details) {
    return async(() -> heartbeat(token, details));
  }

  @Override
  public CompletableFuture<Void> cancelAsync(TaskToken token, @Nullable String details) {
    return async(
        () -> {
          cancel(token, details);
          return null;
        });
  }

  @Override
  public CompletableFuture<Void> reportAsync(TaskToken token, TaskFailure failure) {
    return async(
        () -> {
          report(token, failure);
          return null;
        });
  }
}
