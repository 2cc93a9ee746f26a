package dev.taskbridge.aws.internal;

import dev.taskbridge.api.Backend;
import dev.taskbridge.api.FieldPolicy;
import dev.taskbridge.api.ReporterOptions;
import dev.taskbridge.api.TaskFailure;
import dev.taskbridge.api.TaskFailureReporter;
import dev.taskbridge.api.TaskReportException;
import dev.taskbridge.api.TaskToken;
import dev.taskbridge.api.internal.FieldRules;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.SdkClient;

/**
 * The reporter both bindings are made of: field rules, request building and the retry loop, over a
 * blocking or a non-blocking SDK client. A binding supplies only its {@link BackendProfile}, its
 * request factory and the client call.
 *
 * @param <R> the SDK request type
 */
public abstract sealed class SdkReporter<R> implements TaskFailureReporter {

  /** Builds the SDK request for one attempt. */
  @FunctionalInterface
  public interface RequestFactory<R> {
    /**
     * Builds the request for one attempt.
     *
     * @param taskToken the token's value
     * @param failure the failure after the field rules
     * @param override the request's override configuration: it records the request's SDK attempts
     *     and carries the time left as its API call timeout, unless the client's own API call
     *     timeout already ends the call in time
     */
    R build(String taskToken, TaskFailure failure, AwsRequestOverrideConfiguration override);
  }

  private static final TaskFailure NO_DETAILS = TaskFailure.of(null, null);

  private final Backend backend;
  private final FieldPolicy policy;
  private final boolean kmsFallback;
  private final Set<String> kmsFallbackCodes;
  final ReportExecutor executor;
  private final RequestFactory<R> requests;
  private final @Nullable Duration clientApiCallTimeout;
  private final String description;

  private SdkReporter(
      BackendProfile profile,
      ReporterOptions options,
      RequestFactory<R> requests,
      SdkClient sdkClient,
      String client) {
    this.backend = profile.backend();
    this.policy = options.fieldPolicy();
    this.kmsFallback = options.kmsFallback();
    this.kmsFallbackCodes = profile.kmsFallbackCodes();
    this.executor = new ReportExecutor(profile, options);
    this.requests = requests;
    this.clientApiCallTimeout = apiCallTimeout(sdkClient);
    this.description =
        "TaskFailureReporter[backend=" + backend + ", client=" + client + ", " + options + "]";
  }

  /**
   * A reporter over a blocking client; {@link #reportAsync} runs the blocking call on a shared pool
   * of daemon threads, never on the caller's thread.
   */
  public static <R> TaskFailureReporter overBlockingClient(
      BackendProfile profile,
      ReporterOptions options,
      RequestFactory<R> requests,
      Consumer<R> call,
      SdkClient client,
      String clientName) {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(options, "options");
    return new Blocking<>(profile, options, requests, call, client, clientName);
  }

  /** A reporter over a non-blocking client; {@link #report} waits for the future. */
  public static <R> TaskFailureReporter overAsyncClient(
      BackendProfile profile,
      ReporterOptions options,
      RequestFactory<R> requests,
      Function<R, CompletableFuture<?>> call,
      SdkClient client,
      String clientName) {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(options, "options");
    return new NonBlocking<>(profile, options, requests, call, client, clientName);
  }

  @Override
  public final Backend backend() {
    return backend;
  }

  /**
   * The client's own API call timeout, if it has one: it bounds every call, SDK retries included.
   * Clients that do not expose their configuration (a hand-written {@link SdkClient}) have none.
   */
  static @Nullable Duration apiCallTimeout(SdkClient client) {
    try {
      return client
          .serviceClientConfiguration()
          .overrideConfiguration()
          .apiCallTimeout()
          .orElse(null);
    } catch (UnsupportedOperationException e) {
      return null;
    }
  }

  /**
   * The request for one attempt with {@code apiCallTimeout} left, recording its SDK attempts into
   * {@code log}. It overrides the client's API call timeout only to shorten it: when the client's
   * own timeout already ends the call in time, the SDK keeps the client's (tighter) bound.
   */
  final R request(String token, TaskFailure sent, Duration apiCallTimeout, AttemptLog log) {
    Duration own = clientApiCallTimeout;
    return requests.build(
        token,
        sent,
        log.override(own != null && own.compareTo(apiCallTimeout) <= 0 ? null : apiCallTimeout));
  }

  /**
   * What to throw when the KMS fallback report was refused too: the first refusal, with the
   * fallback's refusal suppressed, saying it may have landed if the fallback may have (it got no
   * answer, so it may have failed the task without details).
   */
  static TaskReportException fallbackRefused(
      TaskReportException refusal, TaskReportException fallback) {
    TaskReportException out =
        fallback.mayHaveLanded() && !refusal.mayHaveLanded()
            ? refusal.withDiagnostics(refusal.diagnostics().withMayHaveLanded())
            : refusal;
    out.addSuppressed(fallback);
    return out;
  }

  /** Whether a fallback report still has time before {@code deadlineNanos}. */
  static boolean timeLeft(long deadlineNanos) {
    return deadlineNanos - System.nanoTime() > 0;
  }

  /** Applies the field rules: before any network call, whatever the client. */
  final TaskFailure prepare(TaskToken token, TaskFailure failure) {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(failure, "failure");
    return FieldRules.prepare(backend, token, failure, policy);
  }

  /**
   * Whether {@code refusal} of {@code sent} calls for the KMS fallback: a report with neither error
   * nor cause, which needs no KMS permission.
   */
  final boolean fallbackApplies(TaskReportException refusal, TaskFailure sent) {
    return kmsFallback
        && kmsFallbackCodes.contains(refusal.backendErrorCode())
        && !sent.equals(NO_DETAILS);
  }

  @Override
  public final String toString() {
    return description;
  }

  private static final class Blocking<R> extends SdkReporter<R> {
    private final Consumer<R> call;

    Blocking(
        BackendProfile profile,
        ReporterOptions options,
        RequestFactory<R> requests,
        Consumer<R> call,
        SdkClient sdkClient,
        String client) {
      super(profile, options, requests, sdkClient, client);
      this.call = call;
    }

    @Override
    public void report(TaskToken token, TaskFailure failure) {
      send(token, prepare(token, failure), executor.deadlineFromNow());
    }

    @Override
    public CompletableFuture<Void> reportAsync(TaskToken token, TaskFailure failure) {
      TaskFailure sent = prepare(token, failure);
      long deadline = executor.deadlineFromNow();
      return CompletableFuture.runAsync(() -> send(token, sent, deadline), BlockingCalls.EXECUTOR);
    }

    private void send(TaskToken token, TaskFailure sent, long deadline) {
      try {
        attempt(token, sent, deadline);
      } catch (TaskReportException refusal) {
        if (!fallbackApplies(refusal, sent) || !timeLeft(deadline)) {
          throw refusal;
        }
        try {
          // Only the time left of the report's own deadline.
          attempt(token, NO_DETAILS, deadline);
        } catch (TaskReportException fallback) {
          throw fallbackRefused(refusal, fallback);
        }
        throw refusal.withFailedWithoutDetails();
      }
    }

    private void attempt(TaskToken token, TaskFailure sent, long deadline) {
      String value = token.value();
      executor.run(
          token, sent, deadline, (timeout, log) -> call.accept(request(value, sent, timeout, log)));
    }
  }

  private static final class NonBlocking<R> extends SdkReporter<R> {
    private final Function<R, CompletableFuture<?>> call;

    NonBlocking(
        BackendProfile profile,
        ReporterOptions options,
        RequestFactory<R> requests,
        Function<R, CompletableFuture<?>> call,
        SdkClient sdkClient,
        String client) {
      super(profile, options, requests, sdkClient, client);
      this.call = call;
    }

    @Override
    public void report(TaskToken token, TaskFailure failure) {
      ReportExecutor.join(reportAsync(token, failure));
    }

    @Override
    public CompletableFuture<Void> reportAsync(TaskToken token, TaskFailure failure) {
      TaskFailure sent = prepare(token, failure);
      long deadline = executor.deadlineFromNow();
      return attempt(token, sent, deadline)
          .exceptionallyCompose(
              error -> {
                Throwable t =
                    error instanceof CompletionException ce && ce.getCause() != null
                        ? ce.getCause()
                        : error;
                if (!(t instanceof TaskReportException refusal)
                    || !fallbackApplies(refusal, sent)
                    || !timeLeft(deadline)) {
                  return CompletableFuture.failedFuture(t);
                }
                // Only the time left of the report's own deadline.
                return attempt(token, NO_DETAILS, deadline)
                    .handle(
                        (ok, fallbackError) -> {
                          if (fallbackError == null) {
                            throw new CompletionException(refusal.withFailedWithoutDetails());
                          }
                          Throwable f =
                              fallbackError instanceof CompletionException ce2
                                      && ce2.getCause() != null
                                  ? ce2.getCause()
                                  : fallbackError;
                          if (f instanceof TaskReportException fallback) {
                            throw new CompletionException(fallbackRefused(refusal, fallback));
                          }
                          refusal.addSuppressed(f);
                          throw new CompletionException(refusal);
                        });
              });
    }

    private CompletableFuture<Void> attempt(TaskToken token, TaskFailure sent, long deadline) {
      String value = token.value();
      return executor.runAsync(
          token, sent, deadline, (timeout, log) -> call.apply(request(value, sent, timeout, log)));
    }
  }

  /** The pool for blocking clients' async reports: created on first use; idle threads end. */
  private static final class BlockingCalls {
    static final Executor EXECUTOR = create();

    private static Executor create() {
      AtomicInteger n = new AtomicInteger();
      return new ThreadPoolExecutor(
          0,
          Integer.MAX_VALUE,
          30,
          TimeUnit.SECONDS,
          new SynchronousQueue<>(),
          r -> {
            Thread t = new Thread(r, "taskbridge-report-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
          });
    }

    private BlockingCalls() {}
  }
}
