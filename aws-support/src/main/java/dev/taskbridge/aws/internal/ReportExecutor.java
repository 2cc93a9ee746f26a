package dev.taskbridge.aws.internal;

import dev.taskbridge.api.Backend;
import dev.taskbridge.api.ReportDiagnostics;
import dev.taskbridge.api.ReporterOptions;
import dev.taskbridge.api.TaskCall;
import dev.taskbridge.api.TaskReportException;
import dev.taskbridge.api.TaskToken;
import dev.taskbridge.api.internal.Delivery;
import dev.taskbridge.api.internal.Refusals;
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
  private final Duration pollTimeout;

  /** An executor for the given backend and options. */
  public ReportExecutor(BackendProfile profile, ReporterOptions options) {
    this.backend = profile.backend();
    this.classifier = new ErrorClassifier(profile);
    this.options = options;
    this.pollTimeout = profile.pollTimeout();
    // Full jitter, as the SDK's own standard strategy: a random delay in [0, min(max, base*2^n)].
    this.backoff = BackoffStrategy.exponentialDelay(options.initialBackoff(), options.maxBackoff());
  }

  /** Sends a request once, blocking, and returns what the call answers. */
  @FunctionalInterface
  public interface SyncAttempt<T> {
    /**
     * Sends the request with {@code apiCallTimeout} as the SDK's API call timeout, recording its
     * SDK attempts into {@code wire}: the request carries the log's override.
     */
    T send(Duration apiCallTimeout, AttemptLog wire);
  }

  /** Sends a request once, without blocking. */
  @FunctionalInterface
  public interface AsyncAttempt<T> {
    /**
     * Sends the request with {@code apiCallTimeout} as the SDK's API call timeout, recording its
     * SDK attempts into {@code wire}: the request carries the log's override.
     */
    CompletableFuture<T> send(Duration apiCallTimeout, AttemptLog wire);
  }

  /**
   * Runs {@code attempt} until it returns, a terminal answer arrives, or the budget is spent: until
   * {@code deadlineNanos}, a {@link System#nanoTime()} value (see {@link
   * #deadlineFromNow(TaskCall)}).
   *
   * @param delivery what is sent, for the exception if the call does not land
   * @param attempt sends the request once, with the given API call timeout (the time left)
   * @throws TaskReportException if the call did not land
   */
  public <T> T run(Delivery delivery, long deadlineNanos, SyncAttempt<T> attempt) {
    Call call = new Call(delivery, deadlineNanos);
    while (true) {
      AttemptLog wire = new AttemptLog();
      try {
        return attempt.send(call.remaining(), wire);
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
   * Runs {@code attempt} asynchronously with the same rules as {@link #run}, until {@code
   * deadlineNanos}; backoff delays are waited on {@link CompletableFuture#delayedExecutor}, never
   * on the caller's thread. Cancelling the returned future stops further attempts.
   */
  public <T> CompletableFuture<T> runAsync(
      Delivery delivery, long deadlineNanos, AsyncAttempt<T> attempt) {
    CompletableFuture<T> result = new CompletableFuture<>();
    attemptAsync(new Call(delivery, deadlineNanos), attempt, result);
    return result;
  }

  /**
   * The {@link System#nanoTime()} at which {@code call} started now must end: the deadline, and for
   * a poll one poll timeout more (each poll attempt may be held that long).
   */
  public long deadlineFromNow(TaskCall call) {
    Duration budget =
        call == TaskCall.POLL ? options.deadline().plus(pollTimeout) : options.deadline();
    return System.nanoTime() + budget.toNanos();
  }

  // The chained future is dropped on purpose: its outcome goes to `result`, nowhere else.
  @SuppressWarnings("FutureReturnValueIgnored")
  private <T> void attemptAsync(Call call, AsyncAttempt<T> attempt, CompletableFuture<T> result) {
    if (result.isDone()) {
      return;
    }
    CompletableFuture<T> f;
    AttemptLog wire = new AttemptLog();
    try {
      f = attempt.send(call.remaining(), wire);
    } catch (RuntimeException e) {
      f = CompletableFuture.failedFuture(e);
    }
    f.whenComplete(
        (ok, error) -> {
          if (error == null) {
            result.complete(ok);
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
  public static <T> T join(CompletableFuture<T> future) {
    try {
      return future.get();
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

  /** The state of one call across its attempts. */
  private final class Call {
    private final Delivery delivery;
    private final long deadline;
    private int attempts;
    private int sdkAttempts;
    private boolean mayHaveLanded;
    private ErrorClassifier.@Nullable Attempt last;
    private @Nullable RuntimeException lastException;

    Call(Delivery delivery, long deadline) {
      this.delivery = delivery;
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
      ErrorClassifier.Attempt a = classifier.classify(delivery.call(), e, wire.attempts(), last);
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
            "Retrying {}: backend={} outcome={} code={} status={} attempt={} delayMs={} task={}",
            delivery.call().noun(),
            backend,
            a.outcome(),
            a.code(),
            a.status(),
            attempts,
            TimeUnit.NANOSECONDS.toMillis(delay),
            subject());
      }
      return delay;
    }

    TaskReportException fail(@Nullable String why) {
      ErrorClassifier.Attempt a = last;
      RuntimeException e = lastException;
      if (a == null || e == null) {
        throw new IllegalStateException("no attempt recorded");
      }
      Redaction redaction = new Redaction(delivery.secrets());
      ReportDiagnostics diagnostics =
          Refusals.diagnostics(
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
            "Giving up {}: backend={} outcome={} code={} attempts={} sdkAttempts={} reason={}"
                + " task={}",
            delivery.call().noun(),
            backend,
            a.outcome(),
            a.code(),
            attempts,
            sdkAttempts,
            why,
            subject());
      }
      return Refusals.of(a.outcome(), delivery, diagnostics, redaction.clean(e));
    }

    /** The token's fingerprint, or for a poll the source: safe to log. */
    private String subject() {
      TaskToken token = delivery.token();
      return token != null ? token.fingerprint() : String.valueOf(delivery.source());
    }
  }
}
