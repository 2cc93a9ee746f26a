package dev.taskbridge.aws.internal;

import dev.taskbridge.api.ActivityTask;
import dev.taskbridge.api.Backend;
import dev.taskbridge.api.FieldPolicy;
import dev.taskbridge.api.HeartbeatAnswer;
import dev.taskbridge.api.ReporterOptions;
import dev.taskbridge.api.TaskCall;
import dev.taskbridge.api.TaskClient;
import dev.taskbridge.api.TaskFailure;
import dev.taskbridge.api.TaskReportException;
import dev.taskbridge.api.TaskSource;
import dev.taskbridge.api.TaskToken;
import dev.taskbridge.api.internal.CallRules;
import dev.taskbridge.api.internal.Delivery;
import dev.taskbridge.api.internal.Refusals;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.SdkClient;

/**
 * The one skeleton every call of both bindings runs through: field rules ({@link CallRules}) before
 * any network call, the per-attempt timeout, the retry loop ({@link ReportExecutor}), the
 * translation and the redaction, over a blocking or a non-blocking SDK client. A binding supplies
 * only its {@link BackendProfile} and a {@link Wire}: how each call's request is built, sent and
 * answered.
 */
public final class SdkTaskClient implements TaskClient {

  /** Builds the SDK request of one attempt of a call from its final values. */
  @FunctionalInterface
  public interface RequestBuilder<Q> {
    /**
     * Builds the request.
     *
     * @param override the request's override configuration (the time left as its API call timeout;
     *     for a poll the poll timeout), or null when the client's own API call timeout already ends
     *     the call in time
     */
    Q build(Delivery delivery, @Nullable AwsRequestOverrideConfiguration override);
  }

  /** Reads the SDK response of a call into what the call returns. */
  @FunctionalInterface
  public interface AnswerReader<S, T> {
    /** What {@code response} means for the call of {@code delivery}. */
    T read(Delivery delivery, S response);
  }

  /** One call on the wire over one SDK client: how its request is built, sent and answered. */
  public static final class Exchange<T> {
    private final @Nullable Function<Attempt, T> blocking;
    private final @Nullable Function<Attempt, CompletableFuture<T>> nonBlocking;

    private Exchange(
        @Nullable Function<Attempt, T> blocking,
        @Nullable Function<Attempt, CompletableFuture<T>> nonBlocking) {
      this.blocking = blocking;
      this.nonBlocking = nonBlocking;
    }

    /** A call over a blocking client: {@code send} is the client's method. */
    public static <Q, S, T> Exchange<T> blocking(
        RequestBuilder<Q> request, Function<Q, S> send, AnswerReader<S, T> read) {
      return new Exchange<>(
          a -> read.read(a.delivery(), send.apply(request.build(a.delivery(), a.override()))),
          null);
    }

    /** A call over a non-blocking client: {@code send} is the client's method. */
    public static <Q, S, T> Exchange<T> nonBlocking(
        RequestBuilder<Q> request,
        Function<Q, CompletableFuture<S>> send,
        AnswerReader<S, T> read) {
      return new Exchange<>(
          null,
          a ->
              send.apply(request.build(a.delivery(), a.override()))
                  .thenApply(response -> read.read(a.delivery(), response)));
    }

    boolean isBlocking() {
      return blocking != null;
    }
  }

  /** One attempt: the call's values and the attempt's override configuration. */
  record Attempt(Delivery delivery, @Nullable AwsRequestOverrideConfiguration override) {}

  /**
   * The five calls of one backend over one SDK client, all blocking or all non-blocking.
   *
   * @param poll the long poll; answers the task or empty
   * @param succeed closing the task as succeeded; its answer is ignored
   * @param heartbeat the heartbeat; answers the backend's cancellation flag
   * @param cancel the answer to a cancellation request; its answer is ignored
   * @param report the failure report; its answer is ignored
   */
  public record Wire(
      Exchange<Optional<ActivityTask>> poll,
      Exchange<?> succeed,
      Exchange<HeartbeatAnswer> heartbeat,
      Exchange<?> cancel,
      Exchange<?> report) {

    /** Checks the five exchanges use the same kind of client. */
    public Wire {
      boolean blocking = poll.isBlocking();
      for (Exchange<?> e : List.of(succeed, heartbeat, cancel, report)) {
        if (e.isBlocking() != blocking) {
          throw new IllegalArgumentException("every exchange of a Wire uses the same client");
        }
      }
    }
  }

  private static final TaskFailure NO_DETAILS = TaskFailure.of(null, null);

  private final Backend backend;
  private final FieldPolicy policy;
  private final boolean kmsFallback;
  private final Set<String> kmsFallbackCodes;
  private final ReportExecutor executor;
  private final Wire wire;
  private final boolean blocking;
  private final Duration deadline;
  private final AwsRequestOverrideConfiguration firstAttempt;
  private final AwsRequestOverrideConfiguration pollAttempt;
  private final @Nullable Duration clientApiCallTimeout;
  private final String description;

  private SdkTaskClient(
      BackendProfile profile,
      ReporterOptions options,
      Wire wire,
      SdkClient sdkClient,
      String clientName) {
    this.backend = profile.backend();
    this.policy = options.fieldPolicy();
    this.kmsFallback = options.kmsFallback();
    this.kmsFallbackCodes = profile.kmsFallbackCodes();
    this.executor = new ReportExecutor(profile, options);
    this.wire = wire;
    this.blocking = wire.poll().isBlocking();
    this.deadline = options.deadline();
    // Built once: most calls land on the first attempt, whose timeout is the whole deadline.
    this.firstAttempt = AwsRequestOverrideConfiguration.builder().apiCallTimeout(deadline).build();
    // Every poll attempt outlasts the service's 60 s hold, whatever the client's own timeouts.
    this.pollAttempt =
        AwsRequestOverrideConfiguration.builder()
            .apiCallTimeout(profile.pollTimeout())
            .apiCallAttemptTimeout(profile.pollTimeout())
            .build();
    this.clientApiCallTimeout = apiCallTimeout(sdkClient);
    this.description =
        "TaskClient[backend=" + backend + ", client=" + clientName + ", " + options + "]";
  }

  /**
   * A client over {@code sdkClient}, whose calls {@code wire} makes. Over a blocking client the
   * {@code ...Async} methods run the blocking call on a shared pool of daemon threads, never on the
   * caller's thread; over a non-blocking client the blocking methods wait for the future.
   */
  public static TaskClient create(
      BackendProfile profile,
      ReporterOptions options,
      Wire wire,
      SdkClient sdkClient,
      String clientName) {
    return new SdkTaskClient(profile, options, wire, sdkClient, clientName);
  }

  @Override
  public Backend backend() {
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
   * The override of one attempt with {@code timeLeft}. A poll always carries the poll timeout. Any
   * other call overrides the client's API call timeout only to shorten it: when the client's own
   * timeout already ends the call in time, the request carries no override, so the SDK keeps the
   * client's (tighter) bound and skips merging a per-request configuration.
   */
  @Nullable AwsRequestOverrideConfiguration override(Delivery delivery, Duration timeLeft) {
    if (delivery.call() == TaskCall.POLL) {
      return pollAttempt;
    }
    Duration own = clientApiCallTimeout;
    if (own != null && own.compareTo(timeLeft) <= 0) {
      return null;
    }
    if (timeLeft.equals(deadline)) {
      return firstAttempt;
    }
    return AwsRequestOverrideConfiguration.builder().apiCallTimeout(timeLeft).build();
  }

  private <T> T call(Exchange<T> exchange, Delivery delivery) {
    Function<Attempt, T> send = exchange.blocking;
    if (send == null) {
      return ReportExecutor.join(callAsync(exchange, delivery));
    }
    return executor.run(
        delivery, timeLeft -> send.apply(new Attempt(delivery, override(delivery, timeLeft))));
  }

  private <T> CompletableFuture<T> callAsync(Exchange<T> exchange, Delivery delivery) {
    Function<Attempt, CompletableFuture<T>> send = exchange.nonBlocking;
    if (send == null) {
      return CompletableFuture.supplyAsync(() -> call(exchange, delivery), BlockingCalls.EXECUTOR);
    }
    return executor.runAsync(
        delivery, timeLeft -> send.apply(new Attempt(delivery, override(delivery, timeLeft))));
  }

  @Override
  public Optional<ActivityTask> poll(TaskSource source, @Nullable String identity) {
    return call(wire.poll(), CallRules.poll(backend, source, identity, policy));
  }

  @Override
  public CompletableFuture<Optional<ActivityTask>> pollAsync(
      TaskSource source, @Nullable String identity) {
    return callAsync(wire.poll(), CallRules.poll(backend, source, identity, policy));
  }

  @Override
  public void succeed(TaskToken token, @Nullable String result) {
    call(wire.succeed(), CallRules.succeed(backend, token, result, policy));
  }

  @Override
  public CompletableFuture<Void> succeedAsync(TaskToken token, @Nullable String result) {
    return done(callAsync(wire.succeed(), CallRules.succeed(backend, token, result, policy)));
  }

  @Override
  public HeartbeatAnswer heartbeat(TaskToken token, @Nullable String details) {
    return call(wire.heartbeat(), CallRules.heartbeat(backend, token, details, policy));
  }

  @Override
  public CompletableFuture<HeartbeatAnswer> heartbeatAsync(
      TaskToken token, @Nullable String details) {
    return callAsync(wire.heartbeat(), CallRules.heartbeat(backend, token, details, policy));
  }

  @Override
  public void cancel(TaskToken token, @Nullable String details) {
    call(wire.cancel(), CallRules.cancel(backend, token, details, policy));
  }

  @Override
  public CompletableFuture<Void> cancelAsync(TaskToken token, @Nullable String details) {
    return done(callAsync(wire.cancel(), CallRules.cancel(backend, token, details, policy)));
  }

  @Override
  public void report(TaskToken token, TaskFailure failure) {
    Delivery delivery = reportDelivery(token, failure);
    if (blocking) {
      reportBlocking(delivery);
    } else {
      ReportExecutor.join(reportAsync(delivery));
    }
  }

  private void reportBlocking(Delivery delivery) {
    try {
      call(wire.report(), delivery);
    } catch (TaskReportException refusal) {
      if (!fallbackApplies(refusal, delivery)) {
        throw refusal;
      }
      try {
        call(wire.report(), delivery.withFailure(NO_DETAILS));
      } catch (TaskReportException fallbackRefused) {
        refusal.addSuppressed(fallbackRefused);
        throw refusal;
      }
      throw Refusals.withFailedWithoutDetails(refusal);
    }
  }

  @Override
  public CompletableFuture<Void> reportAsync(TaskToken token, TaskFailure failure) {
    Delivery delivery = reportDelivery(token, failure);
    if (blocking) {
      return CompletableFuture.runAsync(() -> reportBlocking(delivery), BlockingCalls.EXECUTOR);
    }
    return reportAsync(delivery);
  }

  private Delivery reportDelivery(TaskToken token, TaskFailure failure) {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(failure, "failure");
    return CallRules.report(backend, token, failure, policy);
  }

  private CompletableFuture<Void> reportAsync(Delivery delivery) {
    return done(callAsync(wire.report(), delivery))
        .exceptionallyCompose(
            error -> {
              Throwable t = unwrap(error);
              if (!(t instanceof TaskReportException refusal)
                  || !fallbackApplies(refusal, delivery)) {
                return CompletableFuture.failedFuture(t);
              }
              return callAsync(wire.report(), delivery.withFailure(NO_DETAILS))
                  .handle(
                      (ok, fallbackError) -> {
                        if (fallbackError == null) {
                          throw new CompletionException(Refusals.withFailedWithoutDetails(refusal));
                        }
                        refusal.addSuppressed(unwrap(fallbackError));
                        throw new CompletionException(refusal);
                      });
            });
  }

  private static Throwable unwrap(Throwable error) {
    return error instanceof CompletionException ce && ce.getCause() != null ? ce.getCause() : error;
  }

  private static CompletableFuture<Void> done(CompletableFuture<?> f) {
    return f.thenAccept(ignored -> {});
  }

  /**
   * Whether {@code refusal} of {@code delivery} calls for the KMS fallback: a report with neither
   * error nor cause, which needs no KMS permission.
   */
  private boolean fallbackApplies(TaskReportException refusal, Delivery delivery) {
    return kmsFallback
        && kmsFallbackCodes.contains(refusal.backendErrorCode())
        && !delivery.failure().equals(NO_DETAILS);
  }

  @Override
  public String toString() {
    return description;
  }

  /** The pool for blocking clients' async calls: created on first use; idle threads end. */
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
            Thread t = new Thread(r, "taskbridge-call-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
          });
    }

    private BlockingCalls() {}
  }
}
