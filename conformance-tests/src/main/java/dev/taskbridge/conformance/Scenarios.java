package dev.taskbridge.conformance;

import dev.taskbridge.api.ActivityTask;
import dev.taskbridge.api.Backend;
import dev.taskbridge.api.BackendThrottledException;
import dev.taskbridge.api.EncryptionKeyException;
import dev.taskbridge.api.FieldPolicy;
import dev.taskbridge.api.HeartbeatAnswer;
import dev.taskbridge.api.InvalidTaskFailureException;
import dev.taskbridge.api.InvalidTaskTokenException;
import dev.taskbridge.api.ReportNotPermittedException;
import dev.taskbridge.api.TaskClient;
import dev.taskbridge.api.TaskFailure;
import dev.taskbridge.api.TaskFailureReporter;
import dev.taskbridge.api.TaskGoneException;
import dev.taskbridge.api.TaskReportException;
import dev.taskbridge.api.TaskSource;
import dev.taskbridge.api.TaskToken;
import dev.taskbridge.api.internal.Truncation;
import dev.taskbridge.conformance.BackendDriver.OpenTask;
import dev.taskbridge.conformance.BackendDriver.RecordedFailure;
import dev.taskbridge.conformance.BackendDriver.ScheduledTask;
import dev.taskbridge.conformance.BackendDriver.TaskSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * One method per rule, named after it. Each drives the reporter under test against the target
 * through the public APIs and throws {@link AssertionError} with a readable message when the rule
 * is broken, or {@link ScenarioSkipped} when the target cannot run it.
 */
final class Scenarios {

  static final String ERROR = "Conformance.PaymentDeclined";
  static final String CAUSE = "{\"errorMessage\":\"card of J. Roe declined\",\"errorType\":\"x\"}";

  private Scenarios() {}

  static void run(Rule rule, ScenarioContext c) {
    switch (rule) {
      case R01 -> r01_failureOnOpenTask_isAcceptedAndRecordedAsSent(c);
      case R02 -> r02_nullErrorAndCause_areRecordedAsAbsent(c);
      case R03 -> r03_secondReport_isRefusedAsTaskGoneOnce(c);
      case R04 -> r04_reportAfterTimeout_isRefusedAsTaskGone(c);
      case R05 -> r05_reportAfterSuccess_isRefusedAsTaskGone(c);
      case R06 -> r06_reportAfterStop_isRefusedAsTaskGone(c);
      case R07 -> r07_garbageToken_isRefusedInTheBackendsTerms(c);
      case R08 -> r08_tokenOfTheOtherBackend_isRefusedBeforeAnyCall(c);
      case R09 -> r09_overLimitFields_areCutToTheLimitUnderTruncate(c);
      case R10 -> r10_overLimitFields_areRefusedBeforeAnyCallUnderReject(c);
      case R11 -> r11_statesPrefixedNames_areNeverSentAsTheyAre(c);
      case R12 -> r12_noLoneSurrogate_isEverSent(c);
      case R13 -> r13_permissionDenial_isNotPermittedOnce(c);
      case R14 -> r14_kmsRefusals_areToldApartAndNotRetried(c);
      case R15 -> r15_throttling_isRetriedUntilTheReportLands(c);
      case R16 -> r16_throttlingPastTheBudget_isRetryableAndNotLanded(c);
      case R17 -> r17_serverErrors_areRetriedUntilTheReportLands(c);
      case R18 -> r18_lostAnswerThenTaskGone_mayHaveLanded(c);
      case R19 -> r19_reportedErrorName_routesTheWorkflowExactly(c);
      case R20 -> r20_exceptionTexts_holdNoTokenErrorOrCause(c);
      case R21 -> r21_pollOfAnIdleSource_answersEmpty(c);
      case R22 -> r22_success_isAcceptedAndRecordedWithItsOutput(c);
      case R23 -> r23_successAfterAnOutcome_isRefusedAsTaskGone(c);
      case R24 -> r24_nonJsonOrOverLimitOutput_isRefusedBeforeAnyCall(c);
      case R25 -> r25_cancel_isAnsweredInTheBackendsOwnTerms(c);
      case R26 -> r26_concurrentPolls_handTheTaskOutExactlyOnce(c);
      case R27 -> r27_heartbeats_keepTheTaskAlive_andTheirAbsenceTimesItOut(c);
    }
  }

  static void r01_failureOnOpenTask_isAcceptedAndRecordedAsSent(ScenarioContext c) {
    OpenTask task = c.driver.open(TaskSpec.plain());
    report(c, c.reporter(), task, TaskFailure.of(ERROR, CAUSE));
    expectAttempts(c, 1);
    expectRecorded(c, task, new RecordedFailure(ERROR, CAUSE));
  }

  static void r02_nullErrorAndCause_areRecordedAsAbsent(ScenarioContext c) {
    OpenTask task = c.driver.open(TaskSpec.plain());
    report(c, c.reporter(), task, TaskFailure.of(null, null));
    expectRecorded(c, task, new RecordedFailure(null, null));
  }

  static void r03_secondReport_isRefusedAsTaskGoneOnce(ScenarioContext c) {
    OpenTask task = c.driver.open(TaskSpec.plain());
    TaskFailureReporter reporter = c.reporter();
    report(c, reporter, task, TaskFailure.of(ERROR, CAUSE));
    TaskGoneException e =
        expectRefusal(c, TaskGoneException.class, reporter, task, TaskFailure.of("Other", "other"));
    check(!e.mayHaveLanded(), "mayHaveLanded() is true although the first report was answered");
    expectAttempts(c, 1);
    expectRecorded(c, task, new RecordedFailure(ERROR, CAUSE));
  }

  static void r04_reportAfterTimeout_isRefusedAsTaskGone(ScenarioContext c) {
    OpenTask task = c.driver.open(new TaskSpec(1, null));
    pass(c, Duration.ofSeconds(c.has(Capability.CONTROLLABLE_CLOCK) ? 5 : 3));
    expectRefusal(c, TaskGoneException.class, c.reporter(), task, TaskFailure.of(ERROR, CAUSE));
    expectAttempts(c, 1);
  }

  static void r05_reportAfterSuccess_isRefusedAsTaskGone(ScenarioContext c) {
    OpenTask task = c.driver.open(TaskSpec.plain());
    c.driver.complete(task);
    expectRefusal(c, TaskGoneException.class, c.reporter(), task, TaskFailure.of(ERROR, CAUSE));
    expectAttempts(c, 1);
    expectNothingRecorded(c, task);
  }

  static void r06_reportAfterStop_isRefusedAsTaskGone(ScenarioContext c) {
    OpenTask task = c.driver.open(TaskSpec.plain());
    c.driver.stop(task);
    expectRefusal(c, TaskGoneException.class, c.reporter(), task, TaskFailure.of(ERROR, CAUSE));
    expectAttempts(c, 1);
    expectNothingRecorded(c, task);
  }

  static void r07_garbageToken_isRefusedInTheBackendsTerms(ScenarioContext c) {
    TaskToken garbage = TaskToken.of(c.backend, c.driver.garbageToken());
    c.attempts.reset();
    Throwable thrown = catching(() -> c.reporter().report(garbage, TaskFailure.of(ERROR, CAUSE)));
    if (c.backend == Backend.SFN) {
      // Documented and observed: InvalidToken.
      expectType(c, InvalidTaskTokenException.class, thrown);
    } else {
      // Real SWF's answer is not known; peers answer UnknownResourceFault or ValidationException.
      // Either refusal passes, and the cell records which one came back.
      TaskReportException e = expectType(c, TaskReportException.class, thrown);
      check(
          e instanceof TaskGoneException || e instanceof InvalidTaskTokenException,
          "expected TaskGoneException or InvalidTaskTokenException, got " + describe(e));
      check(!e.retryable(), describe(e) + " says retryable() for a garbage token");
    }
    expectAttempts(c, 1);
  }

  static void r08_tokenOfTheOtherBackend_isRefusedBeforeAnyCall(ScenarioContext c) {
    Backend other = c.backend == Backend.SFN ? Backend.SWF : Backend.SFN;
    c.attempts.reset();
    Throwable thrown =
        catching(
            () ->
                c.reporter()
                    .report(TaskToken.of(other, "token-of-" + other), TaskFailure.of(ERROR, null)));
    expectType(c, InvalidTaskFailureException.class, thrown);
    expectAttempts(c, 0);
  }

  static void r09_overLimitFields_areCutToTheLimitUnderTruncate(ScenarioContext c) {
    OpenTask task = c.driver.open(TaskSpec.plain());
    String error = "E".repeat(300);
    String cause = "c".repeat(40_000);
    report(c, c.reporter(), task, TaskFailure.of(error, cause));
    RecordedFailure recorded = onlyRecorded(c, task);
    String e = Objects.requireNonNullElse(recorded.error(), "");
    String k = Objects.requireNonNullElse(recorded.cause(), "");
    check(
        e.length() <= TaskFailure.MAX_ERROR_LENGTH && e.endsWith(FieldPolicy.TRUNCATION_MARKER),
        "recorded error has " + e.length() + " chars, expected at most 256 ending with the marker");
    check(
        k.length() <= TaskFailure.MAX_CAUSE_LENGTH && k.endsWith(FieldPolicy.TRUNCATION_MARKER),
        "recorded cause has "
            + k.length()
            + " chars, expected at most 32768 ending with the marker");
    check(
        error.startsWith(e.substring(0, e.length() - FieldPolicy.TRUNCATION_MARKER.length())),
        "recorded error is not a prefix of the error sent");
  }

  static void r10_overLimitFields_areRefusedBeforeAnyCallUnderReject(ScenarioContext c) {
    OpenTask task = c.driver.open(TaskSpec.plain());
    TaskFailureReporter reject =
        c.reporter(ScenarioContext.OPTIONS.toBuilder().fieldPolicy(FieldPolicy.REJECT).build());
    c.attempts.reset();
    Throwable thrown =
        catching(() -> reject.report(token(c, task), TaskFailure.of("E".repeat(257), CAUSE)));
    InvalidTaskFailureException e = expectType(c, InvalidTaskFailureException.class, thrown);
    check(
        String.valueOf(e.getMessage()).contains("256"),
        "message does not name the limit: " + e.getMessage());
    expectAttempts(c, 0);
    expectNothingRecorded(c, task);
    report(c, reject, task, TaskFailure.of(ERROR, CAUSE));
    expectRecorded(c, task, new RecordedFailure(ERROR, CAUSE));
  }

  static void r11_statesPrefixedNames_areNeverSentAsTheyAre(ScenarioContext c) {
    OpenTask task = c.driver.open(TaskSpec.plain());
    report(c, c.reporter(), task, TaskFailure.of("States.Timeout", CAUSE));
    expectRecorded(
        c, task, new RecordedFailure(FieldPolicy.RESERVED_NAME_PREFIX + "States.Timeout", CAUSE));

    OpenTask second = c.driver.open(TaskSpec.plain());
    TaskFailureReporter reject =
        c.reporter(ScenarioContext.OPTIONS.toBuilder().fieldPolicy(FieldPolicy.REJECT).build());
    c.attempts.reset();
    Throwable thrown =
        catching(() -> reject.report(token(c, second), TaskFailure.of("States.TaskFailed", CAUSE)));
    expectType(c, InvalidTaskFailureException.class, thrown);
    expectAttempts(c, 0);
  }

  static void r12_noLoneSurrogate_isEverSent(ScenarioContext c) {
    OpenTask task = c.driver.open(TaskSpec.plain());
    // Both a cut through a surrogate pair (substring(0, 256) would split U+1F600) and a lone one.
    String error = "x".repeat(TaskFailure.MAX_ERROR_LENGTH - 1) + "\uD83D\uDE00" + "y".repeat(40);
    String cause = "lone \uD800 surrogate";
    report(c, c.reporter(), task, TaskFailure.of(error, cause));
    RecordedFailure recorded = onlyRecorded(c, task);
    for (String field : new String[] {recorded.error(), recorded.cause()}) {
      if (field != null) {
        int at = Truncation.firstLoneSurrogate(field);
        check(at < 0, "recorded text has a lone surrogate at index " + at);
      }
    }
  }

  static void r13_permissionDenial_isNotPermittedOnce(ScenarioContext c) {
    TargetControl control = c.require(Capability.FAULT_INJECTION);
    List<InjectedFault> faults =
        c.backend == Backend.SFN
            ? List.of(InjectedFault.ACCESS_DENIED)
            : List.of(InjectedFault.OPERATION_NOT_PERMITTED, InjectedFault.ACCESS_DENIED);
    for (InjectedFault fault : faults) {
      OpenTask task = c.driver.open(TaskSpec.plain());
      control.inject(c.operation, 1, fault);
      expectRefusal(
          c, ReportNotPermittedException.class, c.reporter(), task, TaskFailure.of(ERROR, CAUSE));
      expectAttempts(c, 1);
      expectNothingRecorded(c, task);
    }
  }

  static void r14_kmsRefusals_areToldApartAndNotRetried(ScenarioContext c) {
    if (c.backend == Backend.SWF) {
      throw new ScenarioSkipped(
          "not applicable: SWF's RespondActivityTaskFailed involves no KMS key");
    }
    TargetControl control = c.require(Capability.FAULT_INJECTION);
    OpenTask task = c.driver.open(TaskSpec.plain());
    control.inject(c.operation, 1, InjectedFault.KMS_ACCESS_DENIED);
    expectRefusal(
        c, ReportNotPermittedException.class, c.reporter(), task, TaskFailure.of(ERROR, CAUSE));
    expectAttempts(c, 1);
    control.inject(c.operation, 1, InjectedFault.KMS_INVALID_STATE);
    EncryptionKeyException e =
        expectRefusal(
            c, EncryptionKeyException.class, c.reporter(), task, TaskFailure.of(ERROR, CAUSE));
    expectAttempts(c, 1);
    check(
        e.keyState().filter("DISABLED"::equals).isPresent(),
        "keyState() is " + e.keyState() + ", expected DISABLED");
    expectNothingRecorded(c, task);
  }

  static void r15_throttling_isRetriedUntilTheReportLands(ScenarioContext c) {
    TargetControl control = c.require(Capability.FAULT_INJECTION);
    OpenTask task = c.driver.open(TaskSpec.plain());
    control.inject(c.operation, 1, InjectedFault.THROTTLING);
    control.inject(
        c.operation,
        1,
        c.backend == Backend.SFN ? InjectedFault.KMS_THROTTLING : InjectedFault.LIMIT_EXCEEDED);
    report(c, c.reporter(), task, TaskFailure.of(ERROR, CAUSE));
    expectAttempts(c, 3);
    expectRecorded(c, task, new RecordedFailure(ERROR, CAUSE));
  }

  static void r16_throttlingPastTheBudget_isRetryableAndNotLanded(ScenarioContext c) {
    TargetControl control = c.require(Capability.FAULT_INJECTION);
    OpenTask task = c.driver.open(TaskSpec.plain());
    control.inject(c.operation, 50, InjectedFault.THROTTLING);
    try {
      TaskFailureReporter three =
          c.reporter(ScenarioContext.OPTIONS.toBuilder().maxAttempts(3).build());
      TaskFailure failure = TaskFailure.of(ERROR, CAUSE);
      BackendThrottledException e =
          expectRefusal(c, BackendThrottledException.class, three, task, failure);
      expectAttempts(c, 3);
      check(e.retryable(), "retryable() is false");
      check(!e.mayHaveLanded(), "mayHaveLanded() is true although every attempt was throttled");
      check(failure.equals(e.failure()), "the exception does not carry the failure that was sent");
      check(token(c, task).equals(e.token()), "the exception does not carry the token");
    } finally {
      control.clearFaults();
    }
    expectNothingRecorded(c, task);
  }

  static void r17_serverErrors_areRetriedUntilTheReportLands(ScenarioContext c) {
    TargetControl control = c.require(Capability.FAULT_INJECTION);
    OpenTask task = c.driver.open(TaskSpec.plain());
    control.inject(c.operation, 1, InjectedFault.INTERNAL_FAILURE);
    control.inject(c.operation, 1, InjectedFault.SERVICE_UNAVAILABLE);
    report(c, c.reporter(), task, TaskFailure.of(ERROR, CAUSE));
    expectAttempts(c, 3);
    expectRecorded(c, task, new RecordedFailure(ERROR, CAUSE));
  }

  static void r18_lostAnswerThenTaskGone_mayHaveLanded(ScenarioContext c) {
    TargetControl control = c.require(Capability.FAULT_INJECTION);
    OpenTask task = c.driver.open(TaskSpec.plain());
    control.inject(c.operation, 1, InjectedFault.DROP_AFTER_APPLY);
    TaskGoneException e =
        expectRefusal(c, TaskGoneException.class, c.reporter(), task, TaskFailure.of(ERROR, CAUSE));
    check(
        e.mayHaveLanded(), "mayHaveLanded() is false although the first attempt's answer was lost");
    expectAttempts(c, 2);
    expectRecorded(c, task, new RecordedFailure(ERROR, CAUSE));
  }

  static void r19_reportedErrorName_routesTheWorkflowExactly(ScenarioContext c) {
    String name = "Conformance.Routed";
    OpenTask task = c.driver.open(new TaskSpec(300, name));
    report(c, c.reporter(), task, TaskFailure.of(name, CAUSE));
    // The backend routes asynchronously: routing() waits, bounded, for the outcome.
    String routed = c.driver.routing(task);
    if (c.backend == Backend.SWF) {
      check(
          name.equals(routed),
          "the decider saw reason " + quote(routed) + ", expected " + quote(name));
      return;
    }
    check(
        "caught".equals(routed),
        "the execution routed to " + routedTo(routed) + ", expected the Catch on " + name);
    OpenTask other = c.driver.open(new TaskSpec(300, name));
    report(c, c.reporter(), other, TaskFailure.of("conformance.routed", CAUSE));
    String fallback = c.driver.routing(other);
    check(
        "fallback".equals(fallback),
        "a name differing only in case routed to " + routedTo(fallback) + ", expected States.ALL");
  }

  private static String routedTo(@Nullable String routed) {
    return routed == null
        ? "no handler (the execution had not succeeded within "
            + BackendDriver.ROUTING_WAIT.toSeconds()
            + " s)"
        : quote(routed);
  }

  /**
   * Provokes refusals that every backend gives, whatever it does with a second report: a garbage
   * token (refused by the backend), an over-long token (refused before any call) and a reserved
   * error name under REJECT (refused before any call). No refusal's text holds the token, the error
   * or the cause; the backend's refusal names the backend and its wire code, the over-long token's
   * names the limit.
   */
  static void r20_exceptionTexts_holdNoTokenErrorOrCause(ScenarioContext c) {
    String secretError = "Conformance.SecretName-" + c.backend;
    String secretCause = "personal data of Jane Roe, 1 Main St";
    TaskFailure secret = TaskFailure.of(secretError, secretCause);
    TaskFailureReporter reporter = c.reporter();

    String garbage = c.driver.garbageToken();
    Throwable refused = catching(() -> reporter.report(TaskToken.of(c.backend, garbage), secret));
    expectNoSecrets(refused, garbage, secretError, secretCause);
    // Not noted as the cell's wire code: R07 records what the backend answers a garbage token.
    if (!(refused instanceof TaskReportException byBackend)) {
      throw new AssertionError(
          "expected a TaskReportException for a garbage token, got " + describe(refused));
    }
    expectNamed(byBackend, c.backend.displayName());
    String code = byBackend.backendErrorCode();
    if (code != null) {
      expectNamed(byBackend, code);
    }

    String tooLong = garbage + "x".repeat(c.backend.maxTokenLength() + 1 - garbage.length());
    c.attempts.reset();
    Throwable overLong = catching(() -> reporter.report(TaskToken.of(c.backend, tooLong), secret));
    check(overLong != null, "a token over the limit was accepted");
    expectNoSecrets(overLong, tooLong, garbage, secretError, secretCause);
    expectNamed(overLong, String.valueOf(c.backend.maxTokenLength()));
    expectAttempts(c, 0);

    TaskFailureReporter reject =
        c.reporter(ScenarioContext.OPTIONS.toBuilder().fieldPolicy(FieldPolicy.REJECT).build());
    Throwable invalid =
        catching(
            () ->
                reject.report(
                    TaskToken.of(c.backend, garbage),
                    TaskFailure.of("States." + secretError, secretCause)));
    expectNoSecrets(invalid, garbage, secretError, secretCause);
    check(
        invalid instanceof InvalidTaskFailureException,
        "expected InvalidTaskFailureException for a States. name under REJECT, got "
            + describe(invalid));
  }

  static final String OUTPUT = "{\"paid\":true,\"by\":\"J. Roe\"}";

  static void r21_pollOfAnIdleSource_answersEmpty(ScenarioContext c) {
    TaskClient client = c.client();
    TaskSource idle = c.driver.idleSource();
    c.attempts.reset();
    Optional<ActivityTask> polled;
    try {
      // One poll, held as long as the target holds it (the services: up to 60 s; TaskClient gives
      // a poll 70 s). A long poll is network time on every target: a controllable clock does not
      // end it.
      polled = client.poll(idle, "conformance");
    } catch (RuntimeException e) {
      throw new AssertionError("the poll of an idle source threw " + describe(e), e);
    }
    check(polled.isEmpty(), "the poll of an idle source returned a task, expected empty");
    int polls = c.attempts.count(pollOperation(c));
    check(polls == 1, "the target saw " + polls + " poll request(s), expected 1");
  }

  static void r22_success_isAcceptedAndRecordedWithItsOutput(ScenarioContext c) {
    OpenTask task = c.driver.open(TaskSpec.plain());
    succeed(c, c.client(), task, OUTPUT);
    expectSuccessAttempts(c, 1);
    expectSucceeded(c, task, OUTPUT);
  }

  static void r23_successAfterAnOutcome_isRefusedAsTaskGone(ScenarioContext c) {
    TaskClient client = c.client();
    OpenTask task = c.driver.open(TaskSpec.plain());
    succeed(c, client, task, OUTPUT);
    c.attempts.reset();
    Throwable second = catching(() -> client.succeed(token(c, task), "{\"again\":1}"));
    expectType(c, TaskGoneException.class, second, "a second success");
    expectSuccessAttempts(c, 1);
    expectSucceeded(c, task, OUTPUT);

    OpenTask failed = c.driver.open(TaskSpec.plain());
    report(c, client, failed, TaskFailure.of(ERROR, CAUSE));
    c.attempts.reset();
    Throwable late = catching(() -> client.succeed(token(c, failed), OUTPUT));
    expectType(c, TaskGoneException.class, late, "a success after a failure");
    expectSuccessAttempts(c, 1);
    check(
        c.driver.successes(failed).isEmpty(), "history holds a success for a task that had failed");
  }

  static void r24_nonJsonOrOverLimitOutput_isRefusedBeforeAnyCall(ScenarioContext c) {
    TaskClient client = c.client();
    OpenTask task = c.driver.open(TaskSpec.plain());
    String overLimit;
    String limit;
    if (c.backend == Backend.SFN) {
      // 131073 two-byte characters: under 262144 characters, over 262144 UTF-8 bytes.
      overLimit = "\"" + "\u00e9".repeat(131_073) + "\"";
      limit = "262144";
      expectRefusedBeforeAnyCall(c, client, task, "not json {", "JSON");
    } else {
      overLimit = "r".repeat(32_769);
      limit = "32768";
    }
    expectRefusedBeforeAnyCall(c, client, task, overLimit, limit);
    check(c.driver.successes(task).isEmpty(), "history holds a success for a refused output");
    succeed(c, client, task, OUTPUT);
    expectSucceeded(c, task, OUTPUT);
  }

  static void r25_cancel_isAnsweredInTheBackendsOwnTerms(ScenarioContext c) {
    TaskClient client = c.client();
    OpenTask task = c.driver.open(TaskSpec.plain());
    String details = "canceled by the operator";
    if (c.backend == Backend.SWF) {
      c.driver.requestCancel(task);
    }
    HeartbeatAnswer answer;
    try {
      answer = client.heartbeat(token(c, task), null);
    } catch (RuntimeException e) {
      noteWireCode(c, e);
      throw new AssertionError("the heartbeat was refused: " + describe(e), e);
    }
    if (c.backend == Backend.SWF) {
      check(
          answer.cancelRequested(),
          "heartbeat after RequestCancelActivityTask said cancelRequested() false");
    } else {
      check(!answer.cancelRequested(), "heartbeat said cancelRequested() true on Step Functions");
    }
    c.attempts.reset();
    Throwable thrown = catching(() -> client.cancel(token(c, task), details));
    if (thrown != null) {
      noteWireCode(c, thrown);
      throw new AssertionError("the cancel was refused: " + describe(thrown), thrown);
    }
    if (c.backend == Backend.SWF) {
      int canceled = c.driver.cancellations(task);
      check(
          canceled == 1,
          "history holds " + canceled + " ActivityTaskCanceled event(s), expected 1");
      expectNothingRecorded(c, task);
    } else {
      expectRecorded(c, task, new RecordedFailure(TaskClient.CANCELED_ERROR, details));
    }
  }

  /** How many polls R26 sets on one task's source at once. */
  static final int CONCURRENT_POLLS = 4;

  /**
   * How long R26 waits for each of its polls: a poll is held up to 60 s by the services, and
   * TaskClient gives it 70 s.
   */
  private static final Duration POLL_ANSWER_WAIT = Duration.ofMinutes(2);

  /**
   * One task waits on its own source; {@value #CONCURRENT_POLLS} polls of one client are released
   * on it at once. Exactly one returns the task; the others return empty when the target ends their
   * long poll (2 s on the embedded emulator, up to 60 s on the services, held side by side: the
   * rule costs one poll wait). History records the task handed out once, and the token that came
   * back closes it.
   */
  static void r26_concurrentPolls_handTheTaskOutExactlyOnce(ScenarioContext c) {
    TaskClient client = c.client();
    ScheduledTask scheduled = c.driver.schedule(TaskSpec.plain());
    c.attempts.reset();
    List<Optional<ActivityTask>> answers = pollAtOnce(client, scheduled.source());
    List<ActivityTask> tasks = answers.stream().flatMap(Optional::stream).toList();
    check(
        tasks.size() == 1,
        tasks.size()
            + " of "
            + CONCURRENT_POLLS
            + " concurrent polls returned a task, expected exactly 1");
    int polls = c.attempts.count(pollOperation(c));
    check(
        polls == CONCURRENT_POLLS,
        "the target saw "
            + polls
            + " poll request(s) from "
            + CONCURRENT_POLLS
            + " polls, expected "
            + CONCURRENT_POLLS);
    OpenTask task = scheduled.opened(c.backend, tasks.get(0).token().value());
    int starts = c.driver.starts(task);
    String started = c.backend == Backend.SFN ? "ActivityStarted" : "ActivityTaskStarted";
    check(starts == 1, "history holds " + starts + " " + started + " event(s), expected 1");
    succeed(c, client, task, OUTPUT);
    expectSucceeded(c, task, OUTPUT);
  }

  /** The answers of {@value #CONCURRENT_POLLS} polls of {@code source} released together. */
  private static List<Optional<ActivityTask>> pollAtOnce(TaskClient client, TaskSource source) {
    ExecutorService pool =
        Executors.newFixedThreadPool(
            CONCURRENT_POLLS,
            r -> {
              Thread t = new Thread(r, "conformance-poll");
              t.setDaemon(true);
              return t;
            });
    try {
      CountDownLatch ready = new CountDownLatch(CONCURRENT_POLLS);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Optional<ActivityTask>>> polls = new ArrayList<>();
      for (int i = 0; i < CONCURRENT_POLLS; i++) {
        String identity = "conformance-" + (i + 1);
        polls.add(
            pool.submit(
                () -> {
                  ready.countDown();
                  go.await();
                  return client.poll(source, identity);
                }));
      }
      ready.await();
      go.countDown();
      long deadline = System.nanoTime() + POLL_ANSWER_WAIT.toNanos();
      List<Optional<ActivityTask>> answers = new ArrayList<>();
      for (int i = 0; i < polls.size(); i++) {
        try {
          answers.add(polls.get(i).get(deadline - System.nanoTime(), TimeUnit.NANOSECONDS));
        } catch (ExecutionException e) {
          throw new AssertionError(
              "poll " + (i + 1) + " of " + CONCURRENT_POLLS + " threw " + describe(e.getCause()),
              e.getCause());
        } catch (TimeoutException e) {
          throw new AssertionError(
              "poll "
                  + (i + 1)
                  + " of "
                  + CONCURRENT_POLLS
                  + " did not answer within "
                  + POLL_ANSWER_WAIT.toSeconds()
                  + " s");
        }
      }
      return answers;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    } finally {
      pool.shutdownNow();
    }
  }

  /** How long R27 waits for a target without a controllable clock to record the timeout. */
  private static final Duration TIMEOUT_RECORDED_WAIT = Duration.ofSeconds(60);

  /**
   * A task with a heartbeat timeout, heartbeated more often than that, is still open well past it:
   * a success lands. A second one, left without heartbeats, times out: history records it
   * (ActivityTimedOut {@code States.Timeout}, SWF ActivityTaskTimedOut {@code HEARTBEAT}) and a
   * heartbeat or a report on it is task gone. With a controllable clock the timeout is 10 s and the
   * clock moves 6 s between heartbeats; without, the timeout is 2 s of real time with a heartbeat
   * every 500 ms (about 6 s per backend).
   */
  static void r27_heartbeats_keepTheTaskAlive_andTheirAbsenceTimesItOut(ScenarioContext c) {
    TaskClient client = c.client();
    boolean clock = c.has(Capability.CONTROLLABLE_CLOCK);
    int timeoutSeconds = clock ? 10 : 2;
    Duration step = clock ? Duration.ofSeconds(6) : Duration.ofMillis(500);
    int beats = clock ? 3 : 6;
    String heartbeatOperation = heartbeatOperation(c);

    OpenTask alive = c.driver.open(TaskSpec.heartbeat(timeoutSeconds));
    c.attempts.reset();
    for (int i = 1; i <= beats; i++) {
      pass(c, step);
      try {
        client.heartbeat(token(c, alive), null);
      } catch (RuntimeException e) {
        noteWireCode(c, e);
        throw new AssertionError(
            "heartbeat " + i + ", " + shown(step) + " after the last, was refused: " + describe(e),
            e);
      }
    }
    int heartbeats = c.attempts.count(heartbeatOperation);
    pass(c, step);
    Throwable late = catching(() -> client.succeed(token(c, alive), OUTPUT));
    if (late != null) {
      noteWireCode(c, late);
      throw new AssertionError(
          "the task timed out although heartbeat() was called every "
              + shown(step)
              + " within its "
              + timeoutSeconds
              + " s heartbeat timeout: the success "
              + shown(step.multipliedBy(beats + 1L))
              + " after the start was refused with "
              + describe(late),
          late);
    }
    check(
        heartbeats == beats,
        "the target saw "
            + heartbeats
            + " "
            + heartbeatOperation
            + " request(s) from "
            + beats
            + " heartbeats, expected "
            + beats);
    expectSucceeded(c, alive, OUTPUT);
    check(c.driver.timeouts(alive).isEmpty(), "history holds a timeout for the heartbeated task");

    OpenTask silent = c.driver.open(TaskSpec.heartbeat(timeoutSeconds));
    pass(c, Duration.ofSeconds(timeoutSeconds + 1L));
    // A service records a timeout when it gets to it: wait for it, bounded, without a clock.
    List<@Nullable String> recorded =
        clock
            ? c.driver.timeouts(silent)
            : Waiting.until(
                TIMEOUT_RECORDED_WAIT, () -> c.driver.timeouts(silent), t -> !t.isEmpty());
    List<@Nullable String> timeouts = recorded == null ? List.<@Nullable String>of() : recorded;
    check(
        timeouts.size() == 1,
        "history holds "
            + timeouts.size()
            + " activity timeout(s) for a task left "
            + (timeoutSeconds + 1)
            + " s without a heartbeat (timeout "
            + timeoutSeconds
            + " s), expected 1");
    String expected = c.backend == Backend.SFN ? "States.Timeout" : "HEARTBEAT";
    check(
        expected.equals(timeouts.get(0)),
        "the timeout was recorded as " + shown(timeouts.get(0)) + ", expected " + quote(expected));
    c.attempts.reset();
    Throwable beat = catching(() -> client.heartbeat(token(c, silent), null));
    expectType(c, TaskGoneException.class, beat, "a heartbeat after the heartbeat timeout");
    expectRefusal(c, TaskGoneException.class, client, silent, TaskFailure.of(ERROR, CAUSE));
    expectAttempts(c, 1);
    expectNothingRecorded(c, silent);
  }

  /** Lets {@code d} pass on the target: its clock moves when it can, else real time passes. */
  private static void pass(ScenarioContext c, Duration d) {
    if (c.has(Capability.CONTROLLABLE_CLOCK)) {
      c.require(Capability.CONTROLLABLE_CLOCK).advanceClock(d);
    } else {
      sleep(d);
    }
  }

  private static String shown(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }

  /** The SDK operation TaskClient.poll sends on this backend. */
  private static String pollOperation(ScenarioContext c) {
    return c.backend == Backend.SFN ? "GetActivityTask" : "PollForActivityTask";
  }

  private static String heartbeatOperation(ScenarioContext c) {
    return c.backend == Backend.SFN ? "SendTaskHeartbeat" : "RecordActivityTaskHeartbeat";
  }

  private static String successOperation(ScenarioContext c) {
    return c.backend == Backend.SFN ? "SendTaskSuccess" : "RespondActivityTaskCompleted";
  }

  private static void succeed(ScenarioContext c, TaskClient client, OpenTask task, String output) {
    c.attempts.reset();
    Throwable thrown = catching(() -> client.succeed(token(c, task), output));
    if (thrown != null) {
      noteWireCode(c, thrown);
      throw new AssertionError("the success was refused: " + describe(thrown), thrown);
    }
  }

  private static void expectRefusedBeforeAnyCall(
      ScenarioContext c, TaskClient client, OpenTask task, String output, String named) {
    c.attempts.reset();
    Throwable thrown = catching(() -> client.succeed(token(c, task), output));
    String what = "an output of " + output.length() + " chars";
    if (thrown == null) {
      throw new AssertionError(what + " was accepted, expected a refusal before any call");
    }
    check(
        thrown instanceof IllegalArgumentException,
        what + " was refused with " + describe(thrown) + ", expected IllegalArgumentException");
    check(
        String.valueOf(thrown.getMessage()).contains(named),
        what + " was refused with a message that does not name " + quote(named));
    expectSuccessAttempts(c, 0);
  }

  private static void expectSuccessAttempts(ScenarioContext c, int expected) {
    int seen = c.attempts.count(successOperation(c));
    check(
        seen == expected,
        "the target saw " + seen + " " + successOperation(c) + " request(s), expected " + expected);
  }

  private static void expectSucceeded(ScenarioContext c, OpenTask task, String output) {
    List<@Nullable String> recorded = c.driver.successes(task);
    check(
        recorded.size() == 1, "history holds " + recorded.size() + " success event(s), expected 1");
    check(
        output.equals(recorded.get(0)),
        "recorded output " + shown(recorded.get(0)) + " differs from " + shown(output));
  }

  /** The exception's message names {@code what} (the backend, the wire code). */
  private static void expectNamed(@Nullable Throwable thrown, String what) {
    String message = thrown == null ? "" : String.valueOf(thrown.getMessage());
    check(
        message.contains(what),
        (thrown == null ? "the refusal" : thrown.getClass().getSimpleName())
            + " message does not name "
            + quote(what));
  }

  // --- helpers ---

  private static TaskToken token(ScenarioContext c, OpenTask task) {
    return TaskToken.of(c.backend, task.token());
  }

  private static void report(
      ScenarioContext c, TaskFailureReporter r, OpenTask task, TaskFailure f) {
    c.attempts.reset();
    Throwable thrown = catching(() -> r.report(token(c, task), f));
    if (thrown != null) {
      noteWireCode(c, thrown);
      throw new AssertionError("the report was refused: " + describe(thrown), thrown);
    }
  }

  private static <T extends Throwable> T expectRefusal(
      ScenarioContext c, Class<T> expected, TaskFailureReporter r, OpenTask task, TaskFailure f) {
    c.attempts.reset();
    return expectType(c, expected, catching(() -> r.report(token(c, task), f)));
  }

  private static <T extends Throwable> T expectType(
      ScenarioContext c, Class<T> expected, @Nullable Throwable thrown) {
    return expectType(c, expected, thrown, "the report");
  }

  private static <T extends Throwable> T expectType(
      ScenarioContext c, Class<T> expected, @Nullable Throwable thrown, String call) {
    if (thrown != null) {
      noteWireCode(c, thrown);
    }
    if (thrown == null) {
      throw new AssertionError(
          "expected " + expected.getSimpleName() + ", but " + call + " returned normally");
    }
    if (!expected.isInstance(thrown)) {
      throw new AssertionError(
          "expected " + expected.getSimpleName() + ", got " + describe(thrown), thrown);
    }
    return expected.cast(thrown);
  }

  private static void noteWireCode(ScenarioContext c, Throwable thrown) {
    if (thrown instanceof TaskReportException e && e.backendErrorCode() != null) {
      c.wireCode = e.backendErrorCode();
    }
  }

  private static void expectAttempts(ScenarioContext c, int expected) {
    int seen = c.attempts.count();
    check(
        seen == expected,
        "the target saw " + seen + " " + c.operation + " request(s), expected " + expected);
  }

  private static void expectRecorded(ScenarioContext c, OpenTask task, RecordedFailure expected) {
    List<RecordedFailure> recorded = c.driver.failures(task);
    check(
        recorded.size() == 1, "history holds " + recorded.size() + " failure event(s), expected 1");
    RecordedFailure actual = recorded.get(0);
    check(
        Objects.equals(actual.error(), expected.error()),
        "recorded error " + shown(actual.error()) + " differs from " + shown(expected.error()));
    check(
        Objects.equals(actual.cause(), expected.cause()),
        "recorded cause " + shown(actual.cause()) + " differs from " + shown(expected.cause()));
  }

  private static RecordedFailure onlyRecorded(ScenarioContext c, OpenTask task) {
    List<RecordedFailure> recorded = c.driver.failures(task);
    check(
        recorded.size() == 1, "history holds " + recorded.size() + " failure event(s), expected 1");
    return recorded.get(0);
  }

  private static void expectNothingRecorded(ScenarioContext c, OpenTask task) {
    List<RecordedFailure> recorded = c.driver.failures(task);
    check(
        recorded.isEmpty(),
        "history holds " + recorded.size() + " failure event(s), expected none");
  }

  private static void expectNoSecrets(@Nullable Throwable thrown, String... secrets) {
    check(thrown != null, "expected a refusal, but the report returned normally");
    for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
      for (String text : new String[] {String.valueOf(t.getMessage()), t.toString()}) {
        for (String secret : secrets) {
          check(
              !text.contains(secret),
              t.getClass().getSimpleName()
                  + " text contains a secret value ("
                  + (secret.length() > 12 ? "the token" : "error or cause")
                  + ")");
        }
      }
      if (!(t instanceof TaskReportException) && t != thrown) {
        break; // the SDK cause chain is checked by the binding's own tests
      }
    }
  }

  /** A short, secret-free description: length and code points only for values. */
  private static String shown(@Nullable String s) {
    if (s == null) {
      return "<absent>";
    }
    return s.length() <= 40 && !s.contains("Roe") ? quote(s) : "<" + s.length() + " chars>";
  }

  private static String quote(@Nullable String s) {
    return s == null ? "<none>" : "'" + s + "'";
  }

  /**
   * What the reporter under test threw, for a cell's detail. Only a {@link TaskReportException} is
   * trusted to keep secrets out of its text, and even its message is not needed: anything else (a
   * wrong reporter's own exception, an unwrapped SDK exception with the backend's words) is shown
   * by its types and, for an SDK exception, its HTTP status and wire code, never its text.
   */
  private static String describe(@Nullable Throwable t) {
    if (t == null) {
      return "no exception (the report returned normally)";
    }
    if (t instanceof TaskReportException e) {
      return e.getClass().getSimpleName() + " (" + e.backendErrorCode() + ")";
    }
    if (t instanceof SdkException) {
      return "an SDK exception the reporter did not translate: "
          + CouldNotRun.describe(t, "the report");
    }
    return String.join(", caused by ", CouldNotRun.types(t)) + " (its message is not shown)";
  }

  private static @Nullable Throwable catching(Runnable r) {
    try {
      r.run();
      return null;
    } catch (RuntimeException | AssertionError e) {
      return e;
    }
  }

  static void check(boolean condition, String message) {
    if (!condition) {
      throw new AssertionError(message);
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
