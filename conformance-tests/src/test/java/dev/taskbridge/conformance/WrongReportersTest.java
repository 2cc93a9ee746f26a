package dev.taskbridge.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskbridge.api.ActivityTask;
import dev.taskbridge.api.Backend;
import dev.taskbridge.api.HeartbeatAnswer;
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
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
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

  @SuppressWarnings("ImmutableEnumChecker") // the behaviours are stateless lambdas
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
        options -> options.toBuilder().maxAttempts(1).build());

    final Rule breaks;
    final String fragment;
    final Behaviour behaviour;
    final UnaryOperator<ReporterOptions> options;

    WrongReporter(Rule breaks, String fragment, Behaviour behaviour) {
      this(breaks, fragment, behaviour, UnaryOperator.identity());
    }

    WrongReporter(
        Rule breaks, String fragment, Behaviour behaviour, UnaryOperator<ReporterOptions> options) {
      this.breaks = breaks;
      this.fragment = fragment;
      this.behaviour = behaviour;
      this.options = options;
    }

    private static @Nullable String cut(@Nullable String s, int max) {
      return s == null || s.length() <= max ? s : s.substring(0, max);
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

  @ParameterizedTest
  @EnumSource(WrongReporter.class)
  void wrongReporter_failsTheRuleItBreaks_onBothBackends_withAReadableMessage(WrongReporter wrong) {
    expectFailed(wrong.name(), wrong.reporters(), wrong.breaks, wrong.fragment, wrong.fragment);
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
    Matrix matrix =
        ConformanceKit.builder()
            .target(target)
            .reporters(factory)
            .rules(EnumSet.of(breaks))
            .build()
            .run();

    for (Backend backend : Backend.values()) {
      Result result = matrix.result(breaks, backend).orElseThrow();
      System.out.println(wrong + " -> " + result.detail());
      assertThat(result.status())
          .as(wrong + " on " + backend + ": " + result.detail())
          .isEqualTo(Result.Status.FAIL);
      assertThat(result.detail())
          .startsWith("[" + target.name() + "/" + backend + "] " + breaks + ": ")
          .contains(backend == Backend.SWF ? swfFragment : sfnFragment);
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
