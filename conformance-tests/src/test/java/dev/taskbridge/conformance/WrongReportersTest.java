package dev.taskbridge.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskbridge.api.Backend;
import dev.taskbridge.api.ReporterOptions;
import dev.taskbridge.api.TaskFailure;
import dev.taskbridge.api.TaskFailureReporter;
import dev.taskbridge.api.TaskReportException;
import dev.taskbridge.api.TaskToken;
import dev.taskbridge.sfn.SfnTaskFailureReporter;
import dev.taskbridge.swf.SwfTaskFailureReporter;
import java.util.EnumSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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

  /** A reporter built from a raw send and a wrong idea of what to do with it. */
  abstract static class Wrong implements TaskFailureReporter {
    final Backend backend;
    final RawSend raw;
    final TaskFailureReporter correct;

    Wrong(Backend backend, RawSend raw, TaskFailureReporter correct) {
      this.backend = backend;
      this.raw = raw;
      this.correct = correct;
    }

    @Override
    public Backend backend() {
      return backend;
    }

    @Override
    public CompletableFuture<Void> reportAsync(TaskToken token, TaskFailure failure) {
      return CompletableFuture.runAsync(() -> report(token, failure));
    }
  }

  @SuppressWarnings("ImmutableEnumChecker") // the factories are stateless lambdas
  enum WrongReporter {
    /** Catches every refusal and returns as if the report landed. */
    SWALLOWS_ERRORS(
        Rule.R03,
        (backend, raw, correct) ->
            new Wrong(backend, raw, correct) {
              @Override
              public void report(TaskToken token, TaskFailure failure) {
                try {
                  correct.report(token, failure);
                } catch (TaskReportException e) {
                  // swallowed: the caller believes the task failed as reported
                }
              }
            }),
    /** Sends a terminal refusal twice more before giving up. */
    RETRIES_TERMINAL_ERRORS(
        Rule.R03,
        (backend, raw, correct) ->
            new Wrong(backend, raw, correct) {
              @Override
              public void report(TaskToken token, TaskFailure failure) {
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
              }
            }),
    /** Cuts over-long fields with substring(0, limit), splitting surrogate pairs. */
    TRUNCATES_BY_SUBSTRING(
        Rule.R12,
        (backend, raw, correct) ->
            new Wrong(backend, raw, correct) {
              @Override
              public void report(TaskToken token, TaskFailure failure) {
                raw.send(token.value(), cut(failure.error(), 256), cut(failure.cause(), 32768));
              }

              private @Nullable String cut(@Nullable String s, int max) {
                return s == null || s.length() <= max ? s : s.substring(0, max);
              }
            }),
    /** Puts the token in the message of the exception it throws. */
    LEAKS_THE_TOKEN(
        Rule.R20,
        (backend, raw, correct) ->
            new Wrong(backend, raw, correct) {
              @Override
              public void report(TaskToken token, TaskFailure failure) {
                try {
                  correct.report(token, failure);
                } catch (TaskReportException e) {
                  throw new IllegalStateException(
                      "report failed for task token " + token.value(), e);
                }
              }
            }),
    /** Sends "" where the failure has null. */
    SENDS_EMPTY_FOR_NULL(
        Rule.R02,
        (backend, raw, correct) ->
            new Wrong(backend, raw, correct) {
              @Override
              public void report(TaskToken token, TaskFailure failure) {
                raw.send(
                    token.value(),
                    failure.error() == null ? "" : failure.error(),
                    failure.cause() == null ? "" : failure.cause());
              }
            }),
    /** Passes States.* names through unchanged. */
    SENDS_RESERVED_NAMES(
        Rule.R11,
        (backend, raw, correct) ->
            new Wrong(backend, raw, correct) {
              @Override
              public void report(TaskToken token, TaskFailure failure) {
                if (failure.error() != null && failure.error().startsWith("States.")) {
                  raw.send(token.value(), failure.error(), failure.cause());
                } else {
                  correct.report(token, failure);
                }
              }
            }),
    /** Gives up at the first throttling answer. */
    NEVER_RETRIES(
        Rule.R15,
        (backend, raw, correct) ->
            new Wrong(backend, raw, correct) {
              @Override
              public void report(TaskToken token, TaskFailure failure) {
                correct.report(token, failure);
              }
            },
        options -> options.toBuilder().maxAttempts(1).build());

    final Rule breaks;
    final Factory factory;
    final UnaryOperator<ReporterOptions> options;

    WrongReporter(Rule breaks, Factory factory) {
      this(breaks, factory, UnaryOperator.identity());
    }

    WrongReporter(Rule breaks, Factory factory, UnaryOperator<ReporterOptions> options) {
      this.breaks = breaks;
      this.factory = factory;
      this.options = options;
    }

    interface Factory {
      Wrong create(Backend backend, RawSend raw, TaskFailureReporter correct);
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
          return factory.create(backend, raw, correct);
        }
      };
    }
  }

  @ParameterizedTest
  @EnumSource(WrongReporter.class)
  void wrongReporter_failsTheRuleItBreaks_onBothBackends_withAReadableMessage(WrongReporter wrong) {
    Matrix matrix =
        ConformanceKit.builder()
            .target(target)
            .reporters(wrong.reporters())
            .rules(EnumSet.of(wrong.breaks))
            .build()
            .run();

    for (Backend backend : Backend.values()) {
      Result result = matrix.result(wrong.breaks, backend).orElseThrow();
      System.out.println(wrong + " -> " + result.detail());
      assertThat(result.status())
          .as(wrong + " on " + backend + ": " + result.detail())
          .isEqualTo(Result.Status.FAIL);
      assertThat(result.detail())
          .startsWith("[" + target.name() + "/" + backend + "] " + wrong.breaks + ": ")
          .hasSizeGreaterThan(40);
    }
  }
}
