package dev.taskbridge.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskbridge.api.ActivityTask;
import dev.taskbridge.api.Backend;
import dev.taskbridge.api.BackendThrottledException;
import dev.taskbridge.api.BackendUnavailableException;
import dev.taskbridge.api.FieldPolicy;
import dev.taskbridge.api.HeartbeatAnswer;
import dev.taskbridge.api.InvalidTaskFieldException;
import dev.taskbridge.api.ReportRejectedException;
import dev.taskbridge.api.ReporterOptions;
import dev.taskbridge.api.TaskCall;
import dev.taskbridge.api.TaskClient;
import dev.taskbridge.api.TaskGoneException;
import dev.taskbridge.api.TaskReportException;
import dev.taskbridge.api.TaskSource;
import dev.taskbridge.api.TaskToken;
import dev.taskbridge.contract.ReporterContractTest.Mode;
import dev.taskbridge.contract.ReporterContractTest.TerminalCase;
import dev.taskbridge.contract.StubBackend.Reply;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The behaviour every binding's {@link TaskClient} must show on every call (poll, succeed,
 * heartbeat, cancel), driven through real SDK v2 clients over HTTP on loopback against a {@link
 * StubBackend}. A binding's test extends this class and supplies its clients and what its backend
 * puts on the wire. The failure report itself is {@link ReporterContractTest}'s.
 */
public abstract class TaskClientContractTest {

  protected static final String TOKEN =
      "AAAAKgAAAAIAAAAAAAAAAQ-stub-0123456789abcdefghijklmnopqrstuvwxyz";
  protected static final String INPUT = "{\"customer\":\"Jane Roe\",\"card\":\"4111111111111111\"}";
  protected static final String RESULT = "{\"charged\":\"4111111111111111\",\"amount\":42}";
  protected static final String DETAILS = "step 3 of 7 for jane.roe@example.invalid";
  protected static final String IDENTITY = "worker-7@host-12.example.internal";

  private static final ObjectMapper JSON = new ObjectMapper();

  protected final StubBackend stub = StubBackend.start();
  private final List<AutoCloseable> toClose = new ArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);

  /** The backend under test. */
  protected abstract Backend backend();

  /**
   * A task client over a real SDK client pointed at {@code endpoint}, as {@link
   * ReporterContractTest#reporter} builds reporters. Register the client with {@link
   * #closeAfterTest}.
   */
  protected abstract TaskClient client(
      boolean asyncClient, URI endpoint, ReporterOptions options, TestClients.Settings settings);

  /** A source of this backend. */
  protected abstract TaskSource source();

  /** The {@code X-Amz-Target} of {@code call}. */
  protected abstract String target(TaskCall call);

  /** The wire name of the field that carries the result: SWF {@code result}, SFN {@code output}. */
  protected abstract String resultField();

  /** The wire name of the poll's identity: SWF {@code identity}, SFN {@code workerName}. */
  protected abstract String identityField();

  /** This backend's answer to a poll that hands out a task with {@code token} and {@code input}. */
  protected abstract Reply pollReply(String token, String input);

  /** This backend's answer to a poll that found no task. */
  protected abstract Reply emptyPollReply();

  /** Every terminal answer this backend gives a poll, and what it must become. */
  protected abstract List<TerminalCase> pollTerminalCases();

  /** This backend's retryable answer to a poll that is not generic throttling. */
  protected abstract Reply pollRetryable();

  /** This backend's "task gone" answer. */
  protected abstract Reply taskGone();

  /** This backend's answer to a heartbeat, with its cancellation flag where it has one. */
  protected abstract Reply heartbeatReply(boolean cancelRequested);

  /** Whether a heartbeat can answer that cancellation was requested (SWF yes, SFN never). */
  protected abstract boolean heartbeatCanRequestCancel();

  /** Whether heartbeat details are sent (SWF) or only checked (SFN). */
  protected abstract boolean sendsHeartbeatDetails();

  /** The body a success with no result is sent as. */
  protected abstract String noResultBody(String token);

  /** A result this backend must refuse whatever the policy, with the limit the refusal names. */
  protected abstract OverLimit overLimitResult();

  /** A result over the limit and the limit's figure, as the refusal names it. */
  public record OverLimit(String result, String limit) {}

  /** Checks the body of a cancellation with {@code details}. */
  protected abstract void assertCancelBody(JsonNode body, String details);

  /** This backend's "rejected" answer that echoes {@code echoed}, as Coral does. */
  protected abstract Reply echoingValidationError(String echoed);

  /** Closes {@code c} after the test. */
  protected final <T extends AutoCloseable> T closeAfterTest(T c) {
    toClose.add(c);
    return c;
  }

  @AfterEach
  final void closeAll() throws Exception {
    release.countDown();
    for (AutoCloseable c : toClose) {
      c.close();
    }
    stub.close();
  }

  private TaskClient client(Mode mode) {
    return client(mode, ReporterContractTest.fast());
  }

  private TaskClient client(Mode mode, ReporterOptions options) {
    return client(
        mode.asyncClient(), stub.endpoint(), options, TestClients.Settings.NO_SDK_RETRIES);
  }

  /** Runs the blocking or the async form of a call, as {@code mode} says, unwrapping the future. */
  protected static <T> T call(
      Mode mode, Supplier<T> blocking, Supplier<CompletableFuture<T>> async) {
    if (!mode.asyncCall()) {
      return blocking.get();
    }
    try {
      return async.get().join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw e;
    }
  }

  private static Optional<ActivityTask> poll(
      Mode mode, TaskClient c, TaskSource s, @Nullable String id) {
    return call(mode, () -> c.poll(s, id), () -> c.pollAsync(s, id));
  }

  private static void succeed(Mode mode, TaskClient c, TaskToken t, @Nullable String result) {
    call(
        mode,
        () -> {
          c.succeed(t, result);
          return null;
        },
        () -> c.succeedAsync(t, result));
  }

  private static HeartbeatAnswer heartbeat(
      Mode mode, TaskClient c, TaskToken t, @Nullable String details) {
    return call(mode, () -> c.heartbeat(t, details), () -> c.heartbeatAsync(t, details));
  }

  private static void cancel(Mode mode, TaskClient c, TaskToken t, @Nullable String details) {
    call(
        mode,
        () -> {
          c.cancel(t, details);
          return null;
        },
        () -> c.cancelAsync(t, details));
  }

  private static JsonNode body(StubBackend.Request request) throws Exception {
    return JSON.readTree(request.body());
  }

  private TaskToken token() {
    return TaskToken.of(backend(), TOKEN);
  }

  // ---- poll ----

  @ParameterizedTest
  @EnumSource(Mode.class)
  final void poll_whenATaskWaits_returnsItWithATokenTaggedWithItsBackend(Mode mode)
      throws Exception {
    stub.enqueue(pollReply(TOKEN, INPUT));

    Optional<ActivityTask> task = poll(mode, client(mode), source(), IDENTITY);

    assertThat(task).isPresent();
    assertThat(task.get().token()).isEqualTo(TaskToken.of(backend(), TOKEN));
    assertThat(task.get().input()).isEqualTo(INPUT);
    assertThat(task.get().source()).isEqualTo(source());
    assertThat(task.get().toString()).doesNotContain(TOKEN, INPUT);
    StubBackend.Request request = stub.onlyRequest();
    assertThat(request.target()).isEqualTo(target(TaskCall.POLL));
    assertThat(body(request).get(identityField()).asText()).isEqualTo(IDENTITY);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  final void poll_whenIdle_returnsEmpty(Mode mode) {
    stub.enqueue(emptyPollReply());

    assertThat(poll(mode, client(mode), source(), IDENTITY)).isEmpty();
    assertThat(stub.requests()).hasSize(1);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  final void poll_withNullOrEmptyIdentity_sendsNone(Mode mode) throws Exception {
    stub.enqueue(emptyPollReply(), emptyPollReply());
    TaskClient c = client(mode);

    poll(mode, c, source(), null);
    poll(mode, c, source(), "");

    for (StubBackend.Request r : stub.requests()) {
      assertThat(body(r).has(identityField())).isFalse();
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  @Timeout(20)
  final void poll_outlastsAClientApiCallTimeoutShorterThanTheHold(Mode mode) {
    CountDownLatch answer = new CountDownLatch(1);
    stub.enqueue(pollReply(TOKEN, INPUT).heldUntil(answer));
    // Released well after the client's own 200 ms timeout: a poll that kept it would end first.
    CompletableFuture.delayedExecutor(800, TimeUnit.MILLISECONDS).execute(answer::countDown);
    TaskClient c =
        client(
            mode.asyncClient(),
            stub.endpoint(),
            ReporterContractTest.fast(),
            new TestClients.Settings(false, Duration.ofMillis(200)));

    Optional<ActivityTask> task = poll(mode, c, source(), IDENTITY);

    assertThat(task).isPresent();
    assertThat(stub.requests()).hasSize(1);
  }

  @TestFactory
  final Stream<DynamicTest> poll_translatesEveryTerminalAnswer_neverAsTaskGone() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Mode mode : Mode.values()) {
      for (TerminalCase c : pollTerminalCases()) {
        tests.add(
            DynamicTest.dynamicTest(
                mode + ": " + c.name(),
                () -> {
                  try (StubBackend own = StubBackend.start()) {
                    own.enqueue(c.reply());
                    TaskClient client =
                        client(
                            mode.asyncClient(),
                            own.endpoint(),
                            ReporterContractTest.fast(),
                            TestClients.Settings.NO_SDK_RETRIES);
                    Throwable thrown = catchThrowable(() -> poll(mode, client, source(), IDENTITY));

                    assertThat(thrown)
                        .isInstanceOf(c.expected())
                        .isNotInstanceOf(TaskGoneException.class);
                    TaskReportException e = (TaskReportException) thrown;
                    assertThat(own.requests()).hasSize(1);
                    assertThat(e.call()).isEqualTo(TaskCall.POLL);
                    assertThat(e.token()).isNull();
                    assertThat(e.source()).contains(source());
                    assertThat(e.backendErrorCode()).isEqualTo(c.code());
                    assertThat(e.getMessage())
                        .contains("did not accept the poll")
                        .contains("code='" + c.code() + "'");
                  }
                }));
      }
    }
    return tests.stream();
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  final void poll_retriesItsBackendsRetryableAnswer_untilATaskComes(Mode mode) {
    stub.enqueue(pollRetryable(), pollReply(TOKEN, INPUT));

    assertThat(poll(mode, client(mode), source(), IDENTITY)).isPresent();
    assertThat(stub.requests()).hasSize(2);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  final void poll_whenRetryableUntilMaxAttempts_throwsRetryableWithTheSource(Mode mode) {
    stub.enqueue(10, pollRetryable());
    ReporterOptions options = ReporterContractTest.fast().toBuilder().maxAttempts(2).build();

    Throwable thrown = catchThrowable(() -> poll(mode, client(mode, options), source(), null));

    assertThat(thrown).isInstanceOf(BackendThrottledException.class);
    assertThat(((TaskReportException) thrown).source()).contains(source());
    assertThat(stub.requests()).hasSize(2);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  final void poll_withTheOtherBackendsSource_throwsBeforeAnyCall(Mode mode) {
    TaskSource other =
        backend() == Backend.SFN
            ? TaskSource.swfTaskList("domain", "list")
            : TaskSource.sfnActivity("arn:aws:states:us-east-1:123456789012:activity:a");

    assertThatThrownBy(() -> poll(mode, client(mode), other, null))
        .isInstanceOf(InvalidTaskFieldException.class)
        .hasMessageContaining("source");
    assertThat(stub.requests()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  final void poll_withIdentityOverTheLimitUnderReject_throwsNamingItAndTheLimit(Mode mode) {
    TaskClient reject =
        client(
            mode, ReporterContractTest.fast().toBuilder().fieldPolicy(FieldPolicy.REJECT).build());

    assertThatThrownBy(() -> poll(mode, reject, source(), "w".repeat(257)))
        .isInstanceOf(InvalidTaskFieldException.class)
        .hasMessageContaining("identity")
        .hasMessageContaining("256");
    assertThat(stub.requests()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  @Timeout(20)
  final void pollAsync_returnsBeforeTheBackendAnswers(Mode mode) {
    org.junit.jupiter.api.Assumptions.assumeTrue(mode.asyncCall(), "only pollAsync promises");
    CountDownLatch answer = new CountDownLatch(1);
    stub.enqueue(pollReply(TOKEN, INPUT).heldUntil(answer));

    CompletableFuture<Optional<ActivityTask>> future = client(mode).pollAsync(source(), null);

    assertThat(future).isNotDone();
    answer.countDown();
    assertThat(future.join()).isPresent();
  }

  // ---- succeed ----

  @ParameterizedTest
  @EnumSource(Mode.class)
  final void succeed_sendsTheTokenAndTheResult(Mode mode) throws Exception {
    succeed(mode, client(mode), token(), RESULT);

    StubBackend.Request request = stub.onlyRequest();
    assertThat(request.target()).isEqualTo(target(TaskCall.SUCCEED));
    JsonNode body = body(request);
    assertThat(body.get("taskToken").asText()).isEqualTo(TOKEN);
    assertThat(body.get(resultField()).asText()).isEqualTo(RESULT);
    assertThat(body.size()).isEqualTo(2);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  final void succeed_withNullOrEmptyResult_sendsTheBackendsNoResult(Mode mode) {
    TaskClient c = client(mode);
    succeed(mode, c, token(), null);
    succeed(mode, c, token(), "");

    assertThat(stub.requests())
        .hasSize(2)
        .allSatisfy(r -> assertThat(r.body()).isEqualTo(noResultBody(TOKEN)));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  final void succeed_withResultOverTheLimit_throwsEvenUnderTruncate_andSendsNothing(Mode mode) {
    OverLimit over = overLimitResult();

    assertThatThrownBy(() -> succeed(mode, client(mode), token(), over.result()))
        .isInstanceOf(InvalidTaskFieldException.class)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(resultField())
        .hasMessageContaining(over.limit())
        .hasMessageNotContaining(over.result().substring(0, 20));
    assertThat(stub.requests()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  final void succeed_whenTheTaskIsGone_throwsTaskGoneCarryingTokenAndResult(Mode mode) {
    stub.enqueue(taskGone());

    Throwable thrown = catchThrowable(() -> succeed(mode, client(mode), token(), RESULT));

    assertThat(thrown).isInstanceOf(TaskGoneException.class);
    TaskGoneException e = (TaskGoneException) thrown;
    assertThat(e.call()).isEqualTo(TaskCall.SUCCEED);
    assertThat(e.token()).isEqualTo(token());
    assertThat(e.payload()).contains(RESULT);
    assertThat(e.mayHaveLanded()).isFalse();
    assertThat(e.getMessage()).contains("did not accept the success");
    ReporterContractTest.assertNoSecrets(e, TOKEN, RESULT);
    assertThat(stub.requests()).hasSize(1);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  final void succeed_whenTheAnswerIsLostThenTaskGone_saysItMayHaveLanded(Mode mode) {
    stub.enqueue(Reply.dropConnection(), taskGone());

    Throwable thrown = catchThrowable(() -> succeed(mode, client(mode), token(), RESULT));

    assertThat(thrown).isInstanceOf(TaskGoneException.class);
    assertThat(((TaskGoneException) thrown).mayHaveLanded()).isTrue();
    assertThat(stub.requests()).hasSize(2);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  final void succeed_when5xxPastMaxAttempts_throwsUnavailableKeepingTheResult(Mode mode) {
    stub.enqueue(10, Reply.error(503, "ServiceUnavailable", "Service Unavailable"));
    ReporterOptions options = ReporterContractTest.fast().toBuilder().maxAttempts(2).build();

    Throwable thrown = catchThrowable(() -> succeed(mode, client(mode, options), token(), RESULT));

    assertThat(thrown).isInstanceOf(BackendUnavailableException.class);
    TaskReportException e = (TaskReportException) thrown;
    assertThat(e.retryable()).isTrue();
    assertThat(e.mayHaveLanded()).isTrue();
    assertThat(e.payload()).contains(RESULT);
    assertThat(stub.requests()).hasSize(2);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  final void succeed_whenTheBackendEchoesTheResult_keepsItOutOfTheException(Mode mode) {
    String result = "{\"secret\":\"Jane Roe, 1 Main Street, card 4111111111111111\"}";
    stub.enqueue(echoingValidationError(result));

    Throwable thrown = catchThrowable(() -> succeed(mode, client(mode), token(), result));

    assertThat(thrown).isInstanceOf(ReportRejectedException.class);
    assertThat(((TaskReportException) thrown).payload()).contains(result);
    ReporterContractTest.assertNoSecrets(thrown, TOKEN, result);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  final void succeed_withTheOtherBackendsToken_throwsBeforeAnyCall(Mode mode) {
    Backend other = backend() == Backend.SFN ? Backend.SWF : Backend.SFN;

    assertThatThrownBy(() -> succeed(mode, client(mode), TaskToken.of(other, TOKEN), RESULT))
        .isInstanceOf(InvalidTaskFieldException.class)
        .hasMessageContaining("taskToken")
        .hasMessageNotContaining(TOKEN);
    assertThat(stub.requests()).isEmpty();
  }

  // ---- heartbeat ----

  @ParameterizedTest
  @EnumSource(Mode.class)
  final void heartbeat_answersCancelRequestedOnlyWhereTheBackendCanAsk(Mode mode) throws Exception {
    stub.enqueue(heartbeatReply(false), heartbeatReply(true));
    TaskClient c = client(mode);

    assertThat(heartbeat(mode, c, token(), DETAILS).cancelRequested()).isFalse();
    assertThat(heartbeat(mode, c, token(), DETAILS).cancelRequested())
        .isEqualTo(heartbeatCanRequestCancel());

    StubBackend.Request request = stub.requests().get(0);
    assertThat(request.target()).isEqualTo(target(TaskCall.HEARTBEAT));
    JsonNode body = body(request);
    assertThat(body.get("taskToken").asText()).isEqualTo(TOKEN);
    assertThat(body.has("details")).isEqualTo(sendsHeartbeatDetails());
    if (sendsHeartbeatDetails()) {
      assertThat(body.get("details").asText()).isEqualTo(DETAILS);
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  final void heartbeat_withDetailsOverTheLimit_isRefusedUnderReject_onBothBackends(Mode mode) {
    TaskClient reject =
        client(
            mode, ReporterContractTest.fast().toBuilder().fieldPolicy(FieldPolicy.REJECT).build());

    assertThatThrownBy(() -> heartbeat(mode, reject, token(), "d".repeat(2049)))
        .isInstanceOf(InvalidTaskFieldException.class)
        .hasMessageContaining("details")
        .hasMessageContaining("2048");
    assertThat(stub.requests()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  final void heartbeat_withDetailsOverTheLimitUnderTruncate_sendsThemCutWhereTheyAreSent(Mode mode)
      throws Exception {
    heartbeat(mode, client(mode), token(), "d".repeat(5000));

    JsonNode body = body(stub.onlyRequest());
    if (sendsHeartbeatDetails()) {
      assertThat(body.get("details").asText())
          .hasSize(2048)
          .endsWith(FieldPolicy.TRUNCATION_MARKER);
    } else {
      assertThat(body.has("details")).isFalse();
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  final void heartbeat_whenTheTaskIsGone_throwsTaskGoneCarryingTheDetails(Mode mode) {
    stub.enqueue(taskGone());

    Throwable thrown = catchThrowable(() -> heartbeat(mode, client(mode), token(), DETAILS));

    assertThat(thrown).isInstanceOf(TaskGoneException.class);
    TaskGoneException e = (TaskGoneException) thrown;
    assertThat(e.call()).isEqualTo(TaskCall.HEARTBEAT);
    assertThat(e.payload()).contains(DETAILS);
    assertThat(e.getMessage()).contains("did not accept the heartbeat");
    ReporterContractTest.assertNoSecrets(e, TOKEN, DETAILS);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  final void heartbeat_whenThrottledThenAccepted_retries(Mode mode) {
    stub.enqueue(Reply.error(400, "ThrottlingException", "Rate exceeded"), heartbeatReply(false));

    assertThat(heartbeat(mode, client(mode), token(), null).cancelRequested()).isFalse();
    assertThat(stub.requests()).hasSize(2);
  }

  // ---- cancel ----

  @ParameterizedTest
  @EnumSource(Mode.class)
  final void cancel_sendsTheBackendsCancellationWithTheDetails(Mode mode) throws Exception {
    cancel(mode, client(mode), token(), DETAILS);

    StubBackend.Request request = stub.onlyRequest();
    assertThat(request.target()).isEqualTo(target(TaskCall.CANCEL));
    JsonNode body = body(request);
    assertThat(body.get("taskToken").asText()).isEqualTo(TOKEN);
    assertCancelBody(body, DETAILS);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  final void cancel_whenTheTaskIsGone_throwsTaskGoneCarryingTheDetails(Mode mode) {
    stub.enqueue(taskGone());

    Throwable thrown = catchThrowable(() -> cancel(mode, client(mode), token(), DETAILS));

    assertThat(thrown).isInstanceOf(TaskGoneException.class);
    TaskGoneException e = (TaskGoneException) thrown;
    assertThat(e.call()).isEqualTo(TaskCall.CANCEL);
    assertThat(e.payload()).contains(DETAILS);
    assertThat(e.getMessage()).contains("did not accept the cancellation");
    ReporterContractTest.assertNoSecrets(e, TOKEN, DETAILS);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  final void cancel_withDetailsOverTheLimitUnderReject_throwsNamingTheLimit(Mode mode) {
    TaskClient reject =
        client(
            mode, ReporterContractTest.fast().toBuilder().fieldPolicy(FieldPolicy.REJECT).build());

    assertThatThrownBy(() -> cancel(mode, reject, token(), "d".repeat(32_769)))
        .isInstanceOf(InvalidTaskFieldException.class)
        .hasMessageContaining("details")
        .hasMessageContaining("32768");
    assertThat(stub.requests()).isEmpty();
  }

  @Test
  final void toString_describesTheClientWithoutSecrets() {
    TaskClient c =
        client(
            false,
            stub.endpoint(),
            ReporterContractTest.fast(),
            TestClients.Settings.NO_SDK_RETRIES);
    assertThat(c.backend()).isEqualTo(backend());
    assertThat(c.toString()).contains(backend().toString()).contains("fieldPolicy=TRUNCATE");
  }
}
