package dev.taskbridge.aws.internal;

import dev.taskbridge.api.Backend;
import dev.taskbridge.api.ReportDiagnostics;
import dev.taskbridge.api.ReporterOptions;
import dev.taskbridge.api.TaskFailure;
import dev.taskbridge.api.TaskReportException;
import dev.taskbridge.api.TaskToken;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.retries.api.BackoffStrategy;

/**
 * Sends one report, retrying what the translation table says is retryable, inside the deadline.
 *
 * <p>Stateless and thread-safe: each call keeps its state in a {@link Call}. The same decision code
 * serves the blocking and the non-blocking path.
 */
public final class ReportExecutor {

  private static final Logger log = LoggerFactory.getLogger("dev.taskbridge.report");

  private final Backend backend;
  private final ErrorClassifier classifier;
  private final ReporterOptions options;
  private final BackoffStrategy backoff;

  /** An executor for the given backend and options. */
  public ReportExecutor(BackendProfile profile, ReporterOptions options) {
    this.backend = profile.backend();
    this.classifier = new ErrorClassifier(profile);
    this.options = options;
    // Full jitter, as the SDK's own standard strategy: a random delay in [0, min(max, base*2^n)].
    this.backoff = BackoffStrategy.exponentialDelay(options.initialBackoff(), options.maxBackoff());
  }

  /** Sends a request once, blocking. */
  @FunctionalInterface
  public interface SyncAttempt {
    /**
     * Sends the request with {@code apiCallTimeout} as the SDK's API call timeout, recording its
     * SDK attempts into {@code wire}: the request carries the log's override.
     */
    void send(Duration apiCallTimeout, AttemptLog wire);
  }

  /** Sends a request once, without blocking. */
  @FunctionalInterface
  public interface AsyncAttempt {
    /**
     * Sends the request with {@code apiCallTimeout} as the SDK's API call timeout, recording its
     * SDK attempts into {@code wire}: the request carries the log's override.
     */
    CompletableFuture<?> send(Duration apiCallTimeout, AttemptLog wire);
  }

  /** The options this executor applies. */
  public ReporterOptions options() {
    return options;
  }

  /**
   * Runs {@code attempt} until it returns, a terminal answer arrives, or the budget is spent.
   *
   * @param sent the failure as it is sent, for the exception if the report does not land
   * @param attempt sends the request once, with the given API call timeout (the time left)
   * @throws TaskReportException if the report did not land
   */
  public void run(TaskToken token, TaskFailure sent, SyncAttempt attempt) {
    run(token, sent, deadlineFromNow(), attempt);
  }

  /**
   * Runs {@code attempt} as {@link #run(TaskToken, TaskFailure, SyncAttempt)} does, until {@code
   * deadlineNanos} (a {@link System#nanoTime()} value) instead of a deadline from now.
   */
  public void run(TaskToken token, TaskFailure sent, long deadlineNanos, SyncAttempt attempt) {
    Call call = new Call(token, sent, deadlineNanos);
    while (true) {
      AttemptLog wire = new AttemptLog();
      try {
        attempt.send(call.remaining(), wire);
        return;
      } catch (RuntimeException e) {
        // SDK exceptions and anything else the client lets through (SDK 2.40.2's URL-connection
        // client leaks NullPointerExceptions under load: aws/aws-sdk-java-v2#6894).
        long delay = call.onFailure(e, wire);
        if (!sleep(delay)) {
          Thread.currentThread().interrupt();
          throw call.fail("interrupted while backing off");
        }
      }
    }
  }

  /**
   * Runs {@code attempt} asynchronously with the same rules as {@link #run}; backoff delays are
   * waited on {@link CompletableFuture#delayedExecutor}, never on the caller's thread. Cancelling
   * the returned future stops further attempts.
   */
  public CompletableFuture<Void> runAsync(TaskToken token, TaskFailure sent, AsyncAttempt attempt) {
    return runAsync(token, sent, deadlineFromNow(), attempt);
  }

  /**
   * Runs {@code attempt} as {@link #runAsync(TaskToken, TaskFailure, AsyncAttempt)} does, until
   * {@code deadlineNanos} (a {@link System#nanoTime()} value) instead of a deadline from now.
   */
  public CompletableFuture<Void> runAsync(
      TaskToken token, TaskFailure sent, long deadlineNanos, AsyncAttempt attempt) {
    CompletableFuture<Void> result = new CompletableFuture<>();
    attemptAsync(new Call(token, sent, deadlineNanos), attempt, result);
    return result;
  }

  /** The {@link System#nanoTime()} at which a report started now must end. */
  public long deadlineFromNow() {
    return System.nanoTime() + options.deadline().toNanos();
  }

  // The chained future is dropped on purpose: its outcome goes to `result`, nowhere else.
  @SuppressWarnings("FutureReturnValueIgnored")
  private void attemptAsync(Call call, AsyncAttempt attempt, CompletableFuture<Void> result) {
    if (result.isDone()) {
      return;
    }
    CompletableFuture<?> f;
    AttemptLog wire = new AttemptLog();
    try {
      f = attempt.send(call.remaining(), wire);
    } catch (RuntimeException e) {
      f = CompletableFuture.failedFuture(e);
    }
    f.whenComplete(
        (ok, error) -> {
          if (error == null) {
            result.complete(null);
            return;
          }
          Throwable t = unwrap(error);
          if (!(t instanceof RuntimeException e)) {
            result.completeExceptionally(t);
            return;
          }
          try {
            long delay = call.onFailure(e, wire);
            Executor later = CompletableFuture.delayedExecutor(delay, TimeUnit.NANOSECONDS);
            later.execute(() -> attemptAsync(call, attempt, result));
          } catch (RuntimeException | Error done) {
            // TaskReportException when retries are over; anything else is a bug that must still
            // complete the caller's future rather than vanish inside this callback.
            result.completeExceptionally(done);
          }
        });
  }

  /**
   * Waits for {@code future} on the caller's thread and rethrows its failure unwrapped, for
   * blocking calls over an async client.
   */
  public static void join(CompletableFuture<Void> future) {
    try {
      future.get();
    } catch (ExecutionException e) {
      throw rethrowable(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      future.cancel(true);
      throw new CompletionException("interrupted while waiting for the report", e);
    }
  }

  private static RuntimeException rethrowable(@Nullable Throwable t) {
    if (t instanceof RuntimeException r) {
      return r;
    }
    if (t instanceof Error err) {
      throw err;
    }
    return new CompletionException(t);
  }

  private static Throwable unwrap(Throwable t) {
    Throwable current = t;
    while ((current instanceof CompletionException || current instanceof ExecutionException)
        && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }

  /** Sleeps {@code nanos}; false if interrupted. */
  private static boolean sleep(long nanos) {
    long end = System.nanoTime() + nanos;
    long left = nanos;
    while (left > 0) {
      LockSupport.parkNanos(left);
      if (Thread.interrupted()) {
        return false;
      }
      left = end - System.nanoTime();
    }
    return true;
  }

  /** The state of one report across its attempts. */
  private final class Call {
    private final TaskToken token;
    private final TaskFailure sent;
    private final long deadline;
    private int attempts;
    private int sdkAttempts;
    private boolean mayHaveLanded;
    private ErrorClassifier.@Nullable Attempt last;
    private @Nullable RuntimeException lastException;

    Call(TaskToken token, TaskFailure sent, long deadline) {
      this.token = token;
      this.sent = sent;
      this.deadline = deadline;
    }

    Duration remaining() {
      // At least 1 ms: a zero or negative API call timeout would be refused by the SDK.
      return Duration.ofNanos(
          Math.max(TimeUnit.MILLISECONDS.toNanos(1), deadline - System.nanoTime()));
    }

    /**
     * Records a failed attempt and returns the backoff delay before the next one.
     *
     * @throws TaskReportException if there will be no next attempt
     */
    long onFailure(RuntimeException e, AttemptLog wire) {
      ErrorClassifier.Attempt a = classifier.classify(e, wire.attempts());
      attempts++;
      sdkAttempts += a.sdkAttempts();
      // Earlier attempts decide whether a terminal answer may be the echo of our own report.
      mayHaveLanded |= a.priorSdkAttemptMayHaveLanded();
      last = a;
      lastException = e;
      if (!a.outcome().retryable()) {
        throw fail(null);
      }
      mayHaveLanded |= a.mayHaveLanded();
      if (attempts >= options.maxAttempts()) {
        throw fail("maxAttempts reached");
      }
      long delay = backoff.computeDelay(attempts).toNanos();
      if (System.nanoTime() + delay >= deadline) {
        throw fail("deadline reached");
      }
      if (log.isDebugEnabled()) {
        log.debug(
            "Retrying failure report: backend={} outcome={} code={} status={} attempt={} delayMs={}"
                + " token={}",
            backend,
            a.outcome(),
            a.code(),
            a.status(),
            attempts,
            TimeUnit.NANOSECONDS.toMillis(delay),
            token.fingerprint());
      }
      return delay;
    }

    TaskReportException fail(@Nullable String why) {
      ErrorClassifier.Attempt a = last;
      RuntimeException e = lastException;
      if (a == null || e == null) {
        throw new IllegalStateException("no attempt recorded");
      }
      Redaction redaction = Redaction.of(token.value(), sent.error(), sent.cause());
      ReportDiagnostics diagnostics =
          new ReportDiagnostics(
              a.code(),
              a.status(),
              a.requestId(),
              redaction.clean(a.message()),
              a.kmsKeyState(),
              attempts,
              sdkAttempts,
              mayHaveLanded,
              false);
      if (why != null && log.isDebugEnabled()) {
        log.debug(
            "Giving up failure report: backend={} outcome={} code={} attempts={} sdkAttempts={}"
                + " reason={} token={}",
            backend,
            a.outcome(),
            a.code(),
            attempts,
            sdkAttempts,
            why,
            token.fingerprint());
      }
      return TaskReportException.of(
          a.outcome(), backend, token, sent, diagnostics, redaction.clean(e));
    }
  }
}
