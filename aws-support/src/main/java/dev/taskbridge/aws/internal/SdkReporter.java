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
     * @param override the request's override configuration (the time left as its API call timeout),
     *     or null when the client's own API call timeout already ends the call in time
     */
    R build(
        String taskToken, TaskFailure failure, @Nullable AwsRequestOverrideConfiguration override);
  }

  private static final TaskFailure NO_DETAILS = TaskFailure.of(null, null);

  private final Backend backend;
  private final FieldPolicy policy;
  private final boolean kmsFallback;
  private final Set<String> kmsFallbackCodes;
  final ReportExecutor executor;
  private final RequestFactory<R> requests;
  private final Duration deadline;
  private final AwsRequestOverrideConfiguration firstAttempt;
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
    this.deadline = options.deadline();
    // Built once: most reports land on the first attempt, whose timeout is the whole deadline.
    this.firstAttempt = AwsRequestOverrideConfiguration.builder().apiCallTimeout(deadline).build();
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
   * The request for one attempt with {@code apiCallTimeout} left. It overrides the client's API
   * call timeout only to shorten it: when the client's own timeout already ends the call in time,
   * the request carries no override, so the SDK keeps the client's (tighter) bound and skips
   * merging a per-request configuration.
   */
  final R request(String token, TaskFailure sent, Duration apiCallTimeout) {
    Duration own = clientApiCallTimeout;
    AwsRequestOverrideConfiguration override;
    if (own != null && own.compareTo(apiCallTimeout) <= 0) {
      override = null;
    } else if (apiCallTimeout.equals(deadline)) {
      override = firstAttempt;
    } else {
      override = AwsRequestOverrideConfiguration.builder().apiCallTimeout(apiCallTimeout).build();
    }
    return requests.build(token, sent, override);
  }

  /** Applies the field rules: before any network call, whatever the client. */
  final TaskFailure prepare(TaskToken token, TaskFailure failure) {
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
      send(token, prepare(token, failure));
    }

    @Override
    public CompletableFuture<Void> reportAsync(TaskToken token, TaskFailure failure) {
      TaskFailure sent = prepare(token, failure);
      return CompletableFuture.runAsync(() -> send(token, sent), BlockingCalls.EXECUTOR);
    }

    private void send(TaskToken token, TaskFailure sent) {
      try {
        attempt(token, sent);
      } catch (TaskReportException refusal) {
        if (!fallbackApplies(refusal, sent)) {
          throw refusal;
        }
        try {
          attempt(token, NO_DETAILS);
        } catch (TaskReportException fallbackRefused) {
          refusal.addSuppressed(fallbackRefused);
          throw refusal;
        }
        throw refusal.withFailedWithoutDetails();
      }
    }

    private void attempt(TaskToken token, TaskFailure sent) {
      String value = token.value();
      executor.run(token, sent, timeout -> call.accept(request(value, sent, timeout)));
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
      return attempt(token, sent)
          .exceptionallyCompose(
              error -> {
                Throwable t =
                    error instanceof CompletionException ce && ce.getCause() != null
                        ? ce.getCause()
                        : error;
                if (!(t instanceof TaskReportException refusal)
                    || !fallbackApplies(refusal, sent)) {
                  return CompletableFuture.failedFuture(t);
                }
                return attempt(token, NO_DETAILS)
                    .handle(
                        (ok, fallbackError) -> {
                          if (fallbackError == null) {
                            throw new CompletionException(refusal.withFailedWithoutDetails());
                          }
                          refusal.addSuppressed(
                              fallbackError instanceof CompletionException ce2
                                      && ce2.getCause() != null
                                  ? ce2.getCause()
                                  : fallbackError);
                          throw new CompletionException(refusal);
                        });
              });
    }

    private CompletableFuture<Void> attempt(TaskToken token, TaskFailure sent) {
      String value = token.value();
      return executor.runAsync(token, sent, timeout -> call.apply(request(value, sent, timeout)));
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
