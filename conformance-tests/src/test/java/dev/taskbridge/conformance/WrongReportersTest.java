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
        (raw, correct, token, failure) ->
            raw.send(token.value(), cut(failure.error(), 256), cut(failure.cause(), 32768))),
    /** Puts the token in the message of the exception it throws. */
    LEAKS_THE_TOKEN(
        Rule.R20,
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
        (raw, correct, token, failure) ->
            raw.send(
                token.value(),
                failure.error() == null ? "" : failure.error(),
                failure.cause() == null ? "" : failure.cause())),
    /** Passes States.* names through unchanged. */
    SENDS_RESERVED_NAMES(
        Rule.R11,
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
        (raw, correct, token, failure) -> correct.report(token, failure),
        options -> options.toBuilder().maxAttempts(1).build());

    final Rule breaks;
    final Behaviour behaviour;
    final UnaryOperator<ReporterOptions> options;

    WrongReporter(Rule breaks, Behaviour behaviour) {
      this(breaks, behaviour, UnaryOperator.identity());
    }

    WrongReporter(Rule breaks, Behaviour behaviour, UnaryOperator<ReporterOptions> options) {
      this.breaks = breaks;
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
