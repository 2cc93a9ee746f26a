package dev.taskbridge.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskbridge.api.ActivityTask;
import dev.taskbridge.api.Backend;
import dev.taskbridge.api.BackendThrottledException;
import dev.taskbridge.api.EncryptionKeyException;
import dev.taskbridge.api.FieldPolicy;
import dev.taskbridge.api.HeartbeatAnswer;
import dev.taskbridge.api.InvalidTaskTokenException;
import dev.taskbridge.api.ReportNotPermittedException;
import dev.taskbridge.api.ReporterOptions;
import dev.taskbridge.api.TaskClient;
import dev.taskbridge.api.TaskFailure;
import dev.taskbridge.api.TaskFailureReporter;
import dev.taskbridge.api.TaskGoneException;
import dev.taskbridge.api.TaskReportException;
import dev.taskbridge.api.TaskSource;
import dev.taskbridge.api.TaskToken;
import dev.taskbridge.sfn.SfnTaskClient;
import dev.taskbridge.sfn.SfnTaskFailureReporter;
import dev.taskbridge.swf.SwfTaskClient;
import dev.taskbridge.swf.SwfTaskFailureReporter;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.swf.SwfClient;

/**
 * The kit tested against deliberately wrong reporters: each must fail the rule it breaks, on both
 * backends, with a message that says what went wrong.
 */
class WrongReportersTest {

  private static Target target;

  @BeforeAll
  static void start() {
    target = Targets.embeddedEmulator();
  }

  @AfterAll
  static void stop() {
    target.close();
  }

  /** Sends error and cause as given, with no rule applied: the raw SDK call. */
  interface RawSend {
    void send(String token, @Nullable String error, @Nullable String cause);
  }

  /** A wrong idea of what to do with a report, given the raw send and a correct reporter. */
  interface Behaviour {
    void report(RawSend raw, TaskFailureReporter correct, TaskToken token, TaskFailure failure);
  }

  /** A reporter that reports as a wrong behaviour does. */
  static final class Wrong implements TaskFailureReporter {
    private final Backend backend;
    private final BiConsumer<TaskToken, TaskFailure> report;

    Wrong(Backend backend, BiConsumer<TaskToken, TaskFailure> report) {
      this.backend = backend;
      this.report = report;
    }

    @Override
    public Backend backend() {
      return backend;
    }

    @Override
    public void report(TaskToken token, TaskFailure failure) {
      report.accept(token, failure);
    }

    @Override
    public CompletableFuture<Void> reportAsync(TaskToken token, TaskFailure failure) {
      return CompletableFuture.runAsync(() -> report(token, failure));
    }
  }

  /** The attempts a wrong reporter's own retry loop makes. */
  private static final int MAX_OWN_ATTEMPTS = 5;

  /** FOLDS_THE_CASE_OF_ERROR_NAMES's cache: an error name's first spelling, by its lower case. */
  private static final Map<String, String> FIRST_SPELLINGS = new ConcurrentHashMap<>();

  /** What a wrong reporter must get on one backend: a status and a fragment of its detail. */
  record Expected(Result.Status status, String fragment) {
    static Expected fail(String fragment) {
      return new Expected(Result.Status.FAIL, fragment);
    }

    static Expected skip(String fragment) {
      return new Expected(Result.Status.SKIP, fragment);
    }

    static Expected pass() {
      return new Expected(Result.Status.PASS, "");
    }
  }

  @SuppressWarnings("ImmutableEnumChecker") // lambdas; the case folder's cache is its mistake
  enum WrongReporter {
    /** Catches every refusal and returns as if the report landed. */
    SWALLOWS_ERRORS(
        Rule.R03,
        "expected TaskGoneException, but the report returned normally",
        (raw, correct, token, failure) -> {
          try {
            correct.report(token, failure);
          } catch (TaskReportException e) {
            // swallowed: the caller believes the task failed as reported
          }
        }),
    /** Sends a terminal refusal twice more before giving up. */
    RETRIES_TERMINAL_ERRORS(
        Rule.R03,
        "request(s), expected 1",
        (raw, correct, token, failure) -> {
          for (int i = 0; ; i++) {
            try {
              correct.report(token, failure);
              return;
            } catch (TaskReportException e) {
              if (i == 2) {
                throw e;
              }
            }
          }
        }),
    /** Cuts over-long fields with substring(0, limit), splitting surrogate pairs. */
    TRUNCATES_BY_SUBSTRING(
        Rule.R12,
        "recorded text has a lone surrogate",
        (raw, correct, token, failure) ->
            raw.send(token.value(), cut(failure.error(), 256), cut(failure.cause(), 32768))),
    /** Puts the token in the message of the exception it throws. */
    LEAKS_THE_TOKEN(
        Rule.R20,
        "text contains a secret value (the token)",
        (raw, correct, token, failure) -> {
          try {
            correct.report(token, failure);
          } catch (TaskReportException e) {
            throw new IllegalStateException("report failed for task token " + token.value(), e);
          }
        }),
    /** Sends "" where the failure has null. */
    SENDS_EMPTY_FOR_NULL(
        Rule.R02,
        "recorded error '' differs from <absent>",
        (raw, correct, token, failure) ->
            raw.send(
                token.value(),
                failure.error() == null ? "" : failure.error(),
                failure.cause() == null ? "" : failure.cause())),
    /** Passes States.* names through unchanged. */
    SENDS_RESERVED_NAMES(
        Rule.R11,
        "recorded error 'States.Timeout' differs from",
        (raw, correct, token, failure) -> {
          if (failure.error() != null && failure.error().startsWith("States.")) {
            raw.send(token.value(), failure.error(), failure.cause());
          } else {
            correct.report(token, failure);
          }
        }),
    /** Gives up at the first throttling answer. */
    NEVER_RETRIES(
        Rule.R15,
        "the report was refused: BackendThrottledException",
        (raw, correct, token, failure) -> correct.report(token, failure),
        WrongReporter::singleAttempt),
    /** Sends error and cause swapped, as a caller mixing up two String parameters would. */
    SWAPS_ERROR_AND_CAUSE(
        Rule.R01,
        "differs from 'Conformance.PaymentDeclined'",
        (raw, correct, token, failure) ->
            correct.report(token, TaskFailure.of(failure.cause(), failure.error()))),
    /** Swallows task gone, taking a task that timed out as failed anyway. */
    SWALLOWS_TASK_GONE(
        Rule.R04,
        "expected TaskGoneException, but the report returned normally",
        (raw, correct, token, failure) -> {
          try {
            correct.report(token, failure);
          } catch (TaskGoneException e) {
            // swallowed: "the task is over anyway"
          }
        }),
    /** Retries task gone once, as if the success it raced might not be applied yet. */
    RETRIES_TASK_GONE(
        Rule.R05,
        saw(Backend.SFN, 2, 1),
        saw(Backend.SWF, 2, 1),
        (raw, correct, token, failure) -> {
          try {
            correct.report(token, failure);
          } catch (TaskGoneException e) {
            correct.report(token, failure);
          }
        },
        UnaryOperator.identity()),
    /** Rethrows task gone as an IllegalStateException of its own, hiding the stopped execution. */
    WRAPS_TASK_GONE(
        Rule.R06,
        "expected TaskGoneException, got IllegalStateException",
        (raw, correct, token, failure) -> {
          try {
            correct.report(token, failure);
          } catch (TaskGoneException e) {
            throw new IllegalStateException("could not report the failure", e);
          }
        }),
    /** Retries a refused token twice, as if the backend might not know the token yet. */
    RETRIES_A_REFUSED_TOKEN(
        Rule.R07,
        saw(Backend.SFN, 3, 1),
        saw(Backend.SWF, 3, 1),
        (raw, correct, token, failure) -> {
          for (int i = 0; ; i++) {
            try {
              correct.report(token, failure);
              return;
            } catch (InvalidTaskTokenException | TaskGoneException e) {
              if (i == 2) {
                throw e;
              }
            }
          }
        },
        UnaryOperator.identity()),
    /** Sends the other backend's token anyway, as its own. */
    SENDS_THE_OTHER_BACKENDS_TOKEN(
        Rule.R08,
        "expected InvalidTaskFailureException, got",
        (raw, correct, token, failure) ->
            correct.report(TaskToken.of(correct.backend(), token.value()), failure)),
    /** Refuses over-limit fields instead of truncating them (REJECT whatever it is given). */
    REFUSES_INSTEAD_OF_TRUNCATING(
        Rule.R09,
        "the report was refused: InvalidTaskFailureException",
        (raw, correct, token, failure) -> correct.report(token, failure),
        options -> options.toBuilder().fieldPolicy(FieldPolicy.REJECT).build()),
    /** Truncates over-limit fields instead of refusing them (TRUNCATE whatever it is given). */
    TRUNCATES_INSTEAD_OF_REFUSING(
        Rule.R10,
        "expected InvalidTaskFailureException, but the report returned normally",
        (raw, correct, token, failure) -> correct.report(token, failure),
        options -> options.toBuilder().fieldPolicy(FieldPolicy.TRUNCATE).build()),
    /** Retries an access denial, as if a just-granted permission might take a moment. */
    RETRIES_ACCESS_DENIED(
        Rule.R13,
        "expected ReportNotPermittedException, but the report returned normally",
        retryingOnce(ReportNotPermittedException.class)),
    /** Treats a KMS key in an invalid state as throttling and retries it. */
    RETRIES_KMS_INVALID_STATE(
        Rule.R14,
        Expected.fail("expected EncryptionKeyException, but the report returned normally"),
        Expected.skip("not applicable: SWF's RespondActivityTaskFailed involves no KMS key"),
        retryingOnce(EncryptionKeyException.class),
        UnaryOperator.identity()),
    /** Ignores the maxAttempts it is given and retries throttling its own default 10 times. */
    IGNORES_MAX_ATTEMPTS(
        Rule.R16,
        saw(Backend.SFN, ReporterOptions.defaults().maxAttempts(), 3),
        saw(Backend.SWF, ReporterOptions.defaults().maxAttempts(), 3),
        (raw, correct, token, failure) -> correct.report(token, failure),
        options ->
            options.toBuilder().maxAttempts(ReporterOptions.defaults().maxAttempts()).build()),
    /** Retries throttling itself around single attempts, but gives up on the first 5xx. */
    GIVES_UP_ON_THE_FIRST_5XX(
        Rule.R17,
        "the report was refused: BackendUnavailableException",
        (raw, correct, token, failure) ->
            retryItself(correct, token, failure, e -> e instanceof BackendThrottledException),
        WrongReporter::singleAttempt),
    /**
     * Retries every retryable refusal itself around single attempts, so after a lost answer it says
     * mayHaveLanded=false: its retry does not know the first attempt may have landed.
     */
    RETRIES_A_LOST_ANSWER_ITSELF(
        Rule.R18,
        "mayHaveLanded() is false although the first attempt's answer was lost",
        (raw, correct, token, failure) ->
            retryItself(correct, token, failure, TaskReportException::retryable),
        WrongReporter::singleAttempt),
    /**
     * Lowercases the error name, so a case-sensitive Catch cannot route it. It breaks R01 too: on a
     * correct backend the workflow routes on the name as recorded.
     */
    LOWERCASES_THE_ERROR_NAME(
        Rule.R19,
        Expected.fail(
            "the execution routed to 'fallback', expected the Catch on Conformance.Routed"),
        Expected.fail("the decider saw reason 'conformance.routed', expected 'Conformance.Routed'"),
        (raw, correct, token, failure) ->
            correct.report(
                token,
                TaskFailure.of(
                    failure.error() == null ? null : failure.error().toLowerCase(Locale.ROOT),
                    failure.cause())),
        UnaryOperator.identity()),
    /**
     * Sends each error name in the first spelling it saw of it, ignoring case (a process-wide
     * cache), so a name differing only in case is caught as the other. Only Step Functions routes
     * on two such names; SWF's R19 sends one, and passes.
     */
    FOLDS_THE_CASE_OF_ERROR_NAMES(
        Rule.R19,
        Expected.fail("a name differing only in case routed to 'caught', expected States.ALL"),
        Expected.pass(),
        (raw, correct, token, failure) -> {
          String error = failure.error();
          correct.report(
              token,
              error == null
                  ? failure
                  : TaskFailure.of(
                      FIRST_SPELLINGS.computeIfAbsent(error.toLowerCase(Locale.ROOT), k -> error),
                      failure.cause()));
        },
        UnaryOperator.identity());

    final Rule breaks;
    final Expected sfn;
    final Expected swf;
    final Behaviour behaviour;
    final UnaryOperator<ReporterOptions> options;

    WrongReporter(Rule breaks, String fragment, Behaviour behaviour) {
      this(breaks, fragment, behaviour, UnaryOperator.identity());
    }

    WrongReporter(
        Rule breaks, String fragment, Behaviour behaviour, UnaryOperator<ReporterOptions> options) {
      this(breaks, Expected.fail(fragment), Expected.fail(fragment), behaviour, options);
    }

    WrongReporter(
        Rule breaks,
        Expected sfn,
        Expected swf,
        Behaviour behaviour,
        UnaryOperator<ReporterOptions> options) {
      this.breaks = breaks;
      this.sfn = sfn;
      this.swf = swf;
      this.behaviour = behaviour;
      this.options = options;
    }

    /** What this reporter is expected to get on the basic round trip, R01. */
    Result.Status onTheRoundTrip() {
      return breaks == Rule.R01 || this == LOWERCASES_THE_ERROR_NAME
          ? Result.Status.FAIL
          : Result.Status.PASS;
    }

    private static @Nullable String cut(@Nullable String s, int max) {
      return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    /** The FAIL of a scenario that counted {@code seen} report requests where it expected some. */
    private static Expected saw(Backend backend, int seen, int expected) {
      String operation =
          backend == Backend.SFN
              ? "AWSStepFunctions.SendTaskFailure"
              : "SimpleWorkflowService.RespondActivityTaskFailed";
      return Expected.fail(
          "the target saw " + seen + " " + operation + " request(s), expected " + expected);
    }

    private static ReporterOptions singleAttempt(ReporterOptions options) {
      return options.toBuilder().maxAttempts(1).build();
    }

    /** Reports, and reports once more when the first report throws {@code retried}. */
    private static Behaviour retryingOnce(Class<? extends TaskReportException> retried) {
      return (raw, correct, token, failure) -> {
        try {
          correct.report(token, failure);
        } catch (TaskReportException e) {
          if (!retried.isInstance(e)) {
            throw e;
          }
          correct.report(token, failure);
        }
      };
    }

    /** A retry loop of its own around {@code once}, for the refusals {@code retried} accepts. */
    private static void retryItself(
        TaskFailureReporter once,
        TaskToken token,
        TaskFailure failure,
        Predicate<TaskReportException> retried) {
      for (int attempt = 1; ; attempt++) {
        try {
          once.report(token, failure);
          return;
        } catch (TaskReportException e) {
          if (attempt == MAX_OWN_ATTEMPTS || !retried.test(e)) {
            throw e;
          }
        }
      }
    }

    ReporterFactory reporters() {
      WrongReporter self = this;
      return new ReporterFactory() {
        @Override
        public String name() {
          return self.name();
        }

        @Override
        public TaskFailureReporter sfn(SfnClient client, ReporterOptions o) {
          return wrap(
              Backend.SFN,
              (t, e, c) -> client.sendTaskFailure(b -> b.taskToken(t).error(e).cause(c)),
              SfnTaskFailureReporter.create(client, options.apply(o)));
        }

        @Override
        public TaskFailureReporter swf(SwfClient client, ReporterOptions o) {
          return wrap(
              Backend.SWF,
              (t, e, c) ->
                  client.respondActivityTaskFailed(b -> b.taskToken(t).reason(e).details(c)),
              SwfTaskFailureReporter.create(client, options.apply(o)));
        }

        private TaskFailureReporter wrap(
            Backend backend, RawSend raw, TaskFailureReporter correct) {
          return new Wrong(
              backend, (token, failure) -> behaviour.report(raw, correct, token, failure));
        }
      };
    }
  }

  @Test
  void aReporterWhoseExceptionsQuoteTheToken_isJudgedWithoutItsTextReachingTheMatrix() {
    // R03's second report: the leaky reporter throws its own exception, naming the token, where
    // TaskGoneException is expected. The cell fails, naming the type, never quoting the message.
    Matrix matrix =
        ConformanceKit.builder()
            .target(target)
            .reporters(WrongReporter.LEAKS_THE_TOKEN.reporters())
            .rules(EnumSet.of(Rule.R03))
            .build()
            .run();

    for (Backend backend : Backend.values()) {
      Result result = matrix.result(Rule.R03, backend).orElseThrow();
      assertThat(result.status()).as(result.detail()).isEqualTo(Result.Status.FAIL);
      assertThat(result.detail())
          .contains("expected TaskGoneException, got IllegalStateException")
          .doesNotContain("for task token");
    }
    assertThat(matrix.toText() + matrix.toMarkdown() + matrix.toJUnitXml())
        .doesNotContain("for task token");
  }

  /**
   * Each wrong reporter gets what it must on the rule it breaks (a FAIL saying what went wrong;
   * R14's SKIP on SWF; a PASS on SWF for the case folder, whose mistake only Step Functions' R19
   * can see), and fails only that: run beside it, the basic round trip (R01) passes, except for the
   * reporter that breaks R01 itself and the one that lowercases the error name (the workflow routes
   * on the name as recorded, so misrouting it misrecords it too).
   */
  @ParameterizedTest
  @EnumSource(WrongReporter.class)
  void wrongReporter_failsTheRuleItBreaks_withAReadableMessage_andKeepsTheRoundTrip(
      WrongReporter wrong) {
    Matrix matrix = run(wrong.reporters(), EnumSet.of(wrong.breaks, Rule.R01));

    expect(wrong.name(), matrix, wrong.breaks, wrong.swf, wrong.sfn);
    if (wrong.breaks != Rule.R01) {
      for (Backend backend : Backend.values()) {
        Result roundTrip = matrix.result(Rule.R01, backend).orElseThrow();
        assertThat(roundTrip.status())
            .as(wrong + " on R01 " + backend + ": " + roundTrip.detail())
            .isEqualTo(wrong.onTheRoundTrip());
      }
    }
  }

  @ParameterizedTest
  @EnumSource(WrongClient.class)
  void wrongClient_failsTheLifecycleRuleItBreaks_onBothBackends_withAReadableMessage(
      WrongClient wrong) {
    expectFailed(wrong.name(), wrong.clients(), wrong.breaks, wrong.swfFragment, wrong.sfnFragment);
  }

  /**
   * Runs {@code breaks} alone with {@code factory}: a FAIL on each backend whose detail names the
   * target, the backend and the rule, and says what went wrong (the backend's fragment).
   */
  private static void expectFailed(
      String wrong, ReporterFactory factory, Rule breaks, String swfFragment, String sfnFragment) {
    expect(
        wrong,
        run(factory, EnumSet.of(breaks)),
        breaks,
        Expected.fail(swfFragment),
        Expected.fail(sfnFragment));
  }

  private static Matrix run(ReporterFactory factory, Set<Rule> rules) {
    return ConformanceKit.builder().target(target).reporters(factory).rules(rules).build().run();
  }

  /**
   * {@code rule}'s cell on each backend has the expected status and its detail the expected
   * fragment; a FAIL's detail also names the target, the backend and the rule (a PASS has none).
   */
  private static void expect(
      String wrong, Matrix matrix, Rule rule, Expected onSwf, Expected onSfn) {
    for (Backend backend : Backend.values()) {
      Expected expected = backend == Backend.SWF ? onSwf : onSfn;
      Result result = matrix.result(rule, backend).orElseThrow();
      System.out.println(wrong + " -> " + result.status() + " " + result.detail());
      assertThat(result.status())
          .as(wrong + " on " + backend + ": " + result.detail())
          .isEqualTo(expected.status());
      if (expected.status() == Result.Status.FAIL) {
        assertThat(result.detail())
            .startsWith("[" + target.name() + "/" + backend + "] " + rule + ": ");
      }
      assertThat(result.detail()).contains(expected.fragment());
    }
  }

  /** A whole-task client that is correct but for the one call its wrong behaviour changes. */
  static class Delegating implements TaskClient {
    final TaskClient correct;

    Delegating(TaskClient correct) {
      this.correct = correct;
    }

    @Override
    public Backend backend() {
      return correct.backend();
    }

    @Override
    public void report(TaskToken token, TaskFailure failure) {
      correct.report(token, failure);
    }

    @Override
    public CompletableFuture<Void> reportAsync(TaskToken token, TaskFailure failure) {
      return CompletableFuture.runAsync(() -> report(token, failure));
    }

    @Override
    public Optional<ActivityTask> poll(TaskSource source, @Nullable String identity) {
      return correct.poll(source, identity);
    }

    @Override
    public CompletableFuture<Optional<ActivityTask>> pollAsync(
        TaskSource source, @Nullable String identity) {
      return CompletableFuture.supplyAsync(() -> poll(source, identity));
    }

    @Override
    public void succeed(TaskToken token, @Nullable String result) {
      correct.succeed(token, result);
    }

    @Override
    public CompletableFuture<Void> succeedAsync(TaskToken token, @Nullable String result) {
      return CompletableFuture.runAsync(() -> succeed(token, result));
    }

    @Override
    public HeartbeatAnswer heartbeat(TaskToken token, @Nullable String details) {
      return correct.heartbeat(token, details);
    }

    @Override
    public CompletableFuture<HeartbeatAnswer> heartbeatAsync(
        TaskToken token, @Nullable String details) {
      return CompletableFuture.supplyAsync(() -> heartbeat(token, details));
    }

    @Override
    public void cancel(TaskToken token, @Nullable String details) {
      correct.cancel(token, details);
    }

    @Override
    public CompletableFuture<Void> cancelAsync(TaskToken token, @Nullable String details) {
      return CompletableFuture.runAsync(() -> cancel(token, details));
    }
  }

  /** Sends a success as given, no rule applied: the raw SDK call. */
  interface RawSucceed {
    void send(String token, @Nullable String result);
  }

  /** Deliberately wrong whole-task clients, one per lifecycle rule. */
  enum WrongClient {
    /** Treats an empty poll as an error. */
    THROWS_ON_AN_EMPTY_POLL(Rule.R21, "the poll of an idle source threw IllegalStateException") {
      @Override
      TaskClient wrap(TaskClient correct, RawSucceed raw) {
        return new Delegating(correct) {
          @Override
          public Optional<ActivityTask> poll(TaskSource source, @Nullable String identity) {
            return Optional.of(
                super.poll(source, identity)
                    .orElseThrow(() -> new IllegalStateException("no task")));
          }
        };
      }
    },
    /** Appends a space to the output, as a re-serializer that pretty-prints would change it. */
    ALTERS_THE_OUTPUT(Rule.R22, "recorded output <") {
      @Override
      TaskClient wrap(TaskClient correct, RawSucceed raw) {
        return new Delegating(correct) {
          @Override
          public void succeed(TaskToken token, @Nullable String result) {
            super.succeed(token, result == null ? null : result + " ");
          }
        };
      }
    },
    /** Takes "task gone" on a success as the success having landed. */
    SWALLOWS_TASK_GONE_ON_SUCCESS(
        Rule.R23, "expected TaskGoneException, but a second success returned normally") {
      @Override
      TaskClient wrap(TaskClient correct, RawSucceed raw) {
        return new Delegating(correct) {
          @Override
          public void succeed(TaskToken token, @Nullable String result) {
            try {
              super.succeed(token, result);
            } catch (TaskGoneException e) {
              // swallowed: the caller believes the task succeeded
            }
          }
        };
      }
    },
    /** Sends any output, leaving it to the backend to refuse. */
    SENDS_OUTPUT_UNCHECKED(
        Rule.R24, "was refused with an SDK exception the reporter did not translate") {
      @Override
      TaskClient wrap(TaskClient correct, RawSucceed raw) {
        return new Delegating(correct) {
          @Override
          public void succeed(TaskToken token, @Nullable String result) {
            raw.send(token.value(), result);
          }
        };
      }
    },
    /** Reports a cancel as an ordinary failure named "Canceled". */
    CANCELS_AS_A_FAILURE(
        Rule.R25,
        "history holds 0 ActivityTaskCanceled event(s), expected 1",
        "recorded error 'Canceled' differs from 'dev.taskbridge.Canceled'") {
      @Override
      TaskClient wrap(TaskClient correct, RawSucceed raw) {
        return new Delegating(correct) {
          @Override
          public void cancel(TaskToken token, @Nullable String details) {
            super.report(token, TaskFailure.of("Canceled", details));
          }
        };
      }
    },
    /** Keeps the last task it polled and hands it out again when a poll comes back empty. */
    HANDS_A_TASK_OUT_AGAIN(
        Rule.R26, "4 of 4 concurrent polls returned a task, expected exactly 1") {
      @Override
      TaskClient wrap(TaskClient correct, RawSucceed raw) {
        AtomicReference<@Nullable ActivityTask> last = new AtomicReference<>();
        return new Delegating(correct) {
          @Override
          public Optional<ActivityTask> poll(TaskSource source, @Nullable String identity) {
            Optional<ActivityTask> polled = super.poll(source, identity);
            polled.ifPresent(last::set);
            return polled.isPresent() ? polled : Optional.ofNullable(last.get());
          }
        };
      }
    },
    /** Sends no heartbeat at all, answering as if the backend had. */
    HEARTBEAT_SENDS_NOTHING(Rule.R27, "the task timed out although heartbeat() was called every") {
      @Override
      TaskClient wrap(TaskClient correct, RawSucceed raw) {
        return new Delegating(correct) {
          @Override
          public HeartbeatAnswer heartbeat(TaskToken token, @Nullable String details) {
            return HeartbeatAnswer.of(false);
          }
        };
      }
    };

    final Rule breaks;
    final String swfFragment;
    final String sfnFragment;

    WrongClient(Rule breaks, String fragment) {
      this(breaks, fragment, fragment);
    }

    WrongClient(Rule breaks, String swfFragment, String sfnFragment) {
      this.breaks = breaks;
      this.swfFragment = swfFragment;
      this.sfnFragment = sfnFragment;
    }

    abstract TaskClient wrap(TaskClient correct, RawSucceed raw);

    ReporterFactory clients() {
      WrongClient self = this;
      return new ReporterFactory() {
        @Override
        public String name() {
          return self.name();
        }

        @Override
        public TaskFailureReporter sfn(SfnClient client, ReporterOptions o) {
          return wrap(
              SfnTaskClient.create(client, o),
              (t, r) -> client.sendTaskSuccess(b -> b.taskToken(t).output(r)));
        }

        @Override
        public TaskFailureReporter swf(SwfClient client, ReporterOptions o) {
          return wrap(
              SwfTaskClient.create(client, o),
              (t, r) -> client.respondActivityTaskCompleted(b -> b.taskToken(t).result(r)));
        }
      };
    }
  }
}
