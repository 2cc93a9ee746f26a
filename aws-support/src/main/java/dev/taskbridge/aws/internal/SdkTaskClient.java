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
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;

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
     * @param override the request's override configuration, or null for none: it records the
     *     request's SDK attempts unless the recorder is handed the log on the calling thread, and
     *     carries the time left as its API call timeout (for a poll the poll timeout), unless the
     *     client's own API call timeout already ends the call in time
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

    /**
     * A call over a blocking client whose answer is ignored: {@code send} is the client's method.
     */
    public static <Q, S> Exchange<S> blocking(RequestBuilder<Q> request, Function<Q, S> send) {
      return blocking(request, send, (delivery, response) -> response);
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

    /**
     * A call over a non-blocking client whose answer is ignored: {@code send} is the client's
     * method.
     */
    public static <Q, S> Exchange<S> nonBlocking(
        RequestBuilder<Q> request, Function<Q, CompletableFuture<S>> send) {
      return nonBlocking(request, send, (delivery, response) -> response);
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
  private final Duration pollTimeout;
  private final @Nullable Duration pollAttemptTimeout;
  private final @Nullable Duration clientApiCallTimeout;
  private final AttemptRecorder.Attachment recorder;
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
    this.pollTimeout = profile.pollTimeout();
    this.pollAttemptTimeout = pollAttemptTimeout(sdkClient, pollTimeout);
    this.clientApiCallTimeout = apiCallTimeout(sdkClient);
    this.recorder = AttemptRecorder.Attachment.of(sdkClient);
    this.description =
        "TaskClient[backend=" + backend + ", client=" + clientName + ", " + options + "]";
  }

  /**
   * A client over {@code sdkClient}, whose calls {@code wire} makes of it. Over a blocking client
   * the {@code ...Async} methods run the blocking call on a shared pool of daemon threads, never on
   * the caller's thread; over a non-blocking client the blocking methods wait for the future.
   *
   * @throws NullPointerException naming {@code client} or {@code options}, before {@code wire} is
   *     asked for the client's methods
   */
  public static <C extends SdkClient> TaskClient create(
      BackendProfile profile,
      ReporterOptions options,
      C sdkClient,
      Function<? super C, Wire> wire,
      String clientName) {
    Objects.requireNonNull(sdkClient, "client");
    Objects.requireNonNull(options, "options");
    return new SdkTaskClient(profile, options, wire.apply(sdkClient), sdkClient, clientName);
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
    ClientOverrideConfiguration own = ownOverrides(client);
    return own == null ? null : own.apiCallTimeout().orElse(null);
  }

  /**
   * The client's own override configuration (for a generated client, also the interceptors its
   * requests run through), or null when it does not show it (a hand-written {@link SdkClient}).
   */
  static @Nullable ClientOverrideConfiguration ownOverrides(SdkClient client) {
    try {
      return client.serviceClientConfiguration().overrideConfiguration();
    } catch (UnsupportedOperationException e) {
      return null;
    }
  }

  /**
   * The API call attempt timeout a poll carries: {@code pollTimeout} when the client has an attempt
   * timeout of its own (which every poll attempt must outlast) or does not show its configuration;
   * none when it shows it has none, since the poll's API call timeout, equal to {@code pollTimeout}
   * and started before its first attempt, then ends any attempt first. (The SDK schedules a timer
   * task per timeout per call, which stays queued until it is due; one fewer per poll.)
   */
  static @Nullable Duration pollAttemptTimeout(SdkClient client, Duration pollTimeout) {
    ClientOverrideConfiguration own = ownOverrides(client);
    return own == null || own.apiCallAttemptTimeout().isPresent() ? pollTimeout : null;
  }

  /**
   * How much later than the deadline a client's own API call timeout may end an attempt and still
   * be kept instead of a per-request override. The time left is measured just before the request is
   * built, so a client timeout equal to the deadline (the configuration the README recommends) is
   * always a few microseconds longer than the time left of a first attempt; without this margin
   * every such request would carry an override, which costs the SDK about 1.5 KB and a merged
   * request configuration per call. A deadline is therefore kept to within 50 ms.
   */
  static final Duration CLIENT_TIMEOUT_SLACK = Duration.ofMillis(50);

  /**
   * The override of one attempt with {@code timeLeft}, recording its SDK attempts into {@code log}.
   * A poll always carries the poll timeout as API call timeout, and as attempt timeout over a
   * client with an attempt timeout of its own ({@link #pollAttemptTimeout}): every poll attempt
   * outlasts the service's 60 s hold, whatever the client's own timeouts. Any other call overrides
   * the client's API call timeout only to shorten it: when the client's own timeout already ends
   * the call in time (within {@link #CLIENT_TIMEOUT_SLACK} of the time left), the SDK keeps the
   * client's bound and the request carries no timeout.
   */
  @Nullable AwsRequestOverrideConfiguration override(
      Delivery delivery, Duration timeLeft, AttemptLog log) {
    if (delivery.call() == TaskCall.POLL) {
      return log.override(recorder, pollTimeout, pollAttemptTimeout);
    }
    return log.override(
        recorder, keepsClientTimeout(clientApiCallTimeout, timeLeft) ? null : timeLeft);
  }

  /**
   * Whether a client whose own API call timeout is {@code own} (null: none) ends an attempt with
   * {@code timeLeft} in time, within {@link #CLIENT_TIMEOUT_SLACK}.
   */
  static boolean keepsClientTimeout(@Nullable Duration own, Duration timeLeft) {
    return own != null && own.toNanos() <= timeLeft.toNanos() + CLIENT_TIMEOUT_SLACK.toNanos();
  }

  private Attempt attempt(Delivery delivery, Duration timeLeft, AttemptLog log) {
    return new Attempt(delivery, override(delivery, timeLeft, log));
  }

  /**
   * Runs {@code send} (one SDK call), handing {@code log} off to the recorder if it takes it so.
   */
  private <T> T withLog(AttemptLog log, Supplier<T> send) {
    return recorder == AttemptRecorder.Attachment.HAND_OFF ? log.handOff(send) : send.get();
  }

  private <T> T call(Exchange<T> exchange, Delivery delivery) {
    return call(exchange, delivery, executor.deadlineFromNow(delivery.call()));
  }

  private <T> T call(Exchange<T> exchange, Delivery delivery, long deadline) {
    Function<Attempt, T> send = exchange.blocking;
    if (send == null) {
      return ReportExecutor.join(callAsync(exchange, delivery, deadline));
    }
    return executor.run(
        delivery,
        deadline,
        (timeLeft, log) -> withLog(log, () -> send.apply(attempt(delivery, timeLeft, log))));
  }

  private <T> CompletableFuture<T> callAsync(Exchange<T> exchange, Delivery delivery) {
    return callAsync(exchange, delivery, executor.deadlineFromNow(delivery.call()));
  }

  private <T> CompletableFuture<T> callAsync(
      Exchange<T> exchange, Delivery delivery, long deadline) {
    Function<Attempt, CompletableFuture<T>> send = exchange.nonBlocking;
    if (send == null) {
      return CompletableFuture.supplyAsync(
          () -> call(exchange, delivery, deadline), BlockingCalls.EXECUTOR);
    }
    return executor.runAsync(
        delivery,
        deadline,
        (timeLeft, log) -> withLog(log, () -> send.apply(attempt(delivery, timeLeft, log))));
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
    long deadline = executor.deadlineFromNow(TaskCall.REPORT);
    if (blocking) {
      reportBlocking(delivery, deadline);
    } else {
      ReportExecutor.join(reportAsync(delivery, deadline));
    }
  }

  private void reportBlocking(Delivery delivery, long deadline) {
    try {
      call(wire.report(), delivery, deadline);
    } catch (TaskReportException refusal) {
      if (!fallbackApplies(refusal, delivery) || !timeLeft(deadline)) {
        throw refusal;
      }
      try {
        // Only the time left of the report's own deadline.
        call(wire.report(), delivery.withFailure(NO_DETAILS), deadline);
      } catch (TaskReportException fallback) {
        throw fallbackRefused(refusal, fallback);
      }
      throw Refusals.withFailedWithoutDetails(refusal);
    }
  }

  @Override
  public CompletableFuture<Void> reportAsync(TaskToken token, TaskFailure failure) {
    Delivery delivery = reportDelivery(token, failure);
    long deadline = executor.deadlineFromNow(TaskCall.REPORT);
    if (blocking) {
      return CompletableFuture.runAsync(
          () -> reportBlocking(delivery, deadline), BlockingCalls.EXECUTOR);
    }
    return reportAsync(delivery, deadline);
  }

  private Delivery reportDelivery(TaskToken token, TaskFailure failure) {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(failure, "failure");
    return CallRules.report(backend, token, failure, policy);
  }

  private CompletableFuture<Void> reportAsync(Delivery delivery, long deadline) {
    return done(callAsync(wire.report(), delivery, deadline))
        .exceptionallyCompose(
            error -> {
              Throwable t = unwrap(error);
              if (!(t instanceof TaskReportException refusal)
                  || !fallbackApplies(refusal, delivery)
                  || !timeLeft(deadline)) {
                return CompletableFuture.failedFuture(t);
              }
              // Only the time left of the report's own deadline.
              return callAsync(wire.report(), delivery.withFailure(NO_DETAILS), deadline)
                  .handle(
                      (ok, fallbackError) -> {
                        if (fallbackError == null) {
                          throw new CompletionException(Refusals.withFailedWithoutDetails(refusal));
                        }
                        Throwable f = unwrap(fallbackError);
                        if (f instanceof TaskReportException fallback) {
                          throw new CompletionException(fallbackRefused(refusal, fallback));
                        }
                        refusal.addSuppressed(f);
                        throw new CompletionException(refusal);
                      });
            });
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
            ? Refusals.withMayHaveLanded(refusal)
            : refusal;
    out.addSuppressed(fallback);
    return out;
  }

  /** Whether a fallback report still has time before {@code deadlineNanos}. */
  static boolean timeLeft(long deadlineNanos) {
    return deadlineNanos - System.nanoTime() > 0;
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
