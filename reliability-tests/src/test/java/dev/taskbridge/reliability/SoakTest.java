package dev.taskbridge.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskbridge.api.Backend;
import dev.taskbridge.api.TaskReportException;
import dev.taskbridge.emulator.LocalBackend;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * 10,000 failure reports through each binding (2,500 in each of the four ways of calling it)
 * against the emulator with 20% of report calls given transient faults and a few terminal ones,
 * then checks every report against what the emulator recorded.
 */
class SoakTest {

  static final int PER_MODE = 2_500;

  /** Scheduling slack on a shared 2-core machine, on top of the deadline. */
  static final Duration MARGIN = Duration.ofMillis(1_500);

  @ParameterizedTest
  @EnumSource(Backend.class)
  @Timeout(240)
  void report_underInjectedFaults_landsOnceOrSaysItMayHave(Backend backend) {
    try (LocalBackend emulator = emulator()) {
      Soak.Result result =
          Soak.run(emulator, backend, PER_MODE, backend == Backend.SFN ? 20_240_601L : 20_240_602L);
      System.out.println(result.summary());
      assertThat(result.reports()).isGreaterThanOrEqualTo(4L * PER_MODE);
      EmulatorSafetyTest.assertUnguessable(result.tokens());
      assertThat(violations(result)).isEmpty();
      assertThat(result.faultsInjected()).isGreaterThan(result.reports() / 6);
    }
  }

  /** The emulator for a soak: error codes also in a header. */
  static LocalBackend emulator() {
    return LocalBackend.builder().sendErrorTypeHeader(true).start();
  }

  /** Every way a run breaks the promises, one line per report; empty when it keeps them. */
  static List<String> violations(Soak.Result result) {
    List<String> out = new ArrayList<>();
    long limit = Soak.OPTIONS.deadline().plus(MARGIN).toNanos();
    for (Soak.Outcome o : result.outcomes()) {
      String cause = o.failure().cause();
      int recorded = result.recorded().getOrDefault(cause, 0);
      String who = o.mode() + (o.duplicate() ? " duplicate" : "") + " report";
      if (recorded > 1) {
        out.add(who + ": recorded " + recorded + " times");
      }
      if (o.nanos() > limit) {
        out.add(who + ": took " + o.nanos() / 1_000_000 + " ms, past the deadline");
      }
      List<String> answers = result.wire().answers(o.token(), o.wireFrom(), o.wireTo());
      for (int i = 0; i < answers.size() - 1; i++) {
        if (!WireLog.RETRYABLE.contains(answers.get(i))) {
          out.add(who + ": terminal answer " + answers.get(i) + " was followed by a resend");
        }
      }
      Throwable error = o.error();
      if (error == null) {
        if (recorded != 1) {
          out.add(who + ": returned normally but recorded " + recorded + " times");
        }
        continue;
      }
      if (!(error instanceof TaskReportException e)) {
        // Anything else, a raw NullPointerException from the HTTP client included, is a defect:
        // the reporter classifies what the client lets through as no answer.
        out.add(who + ": unexpected " + trace(error));
        continue;
      }
      if (recorded == 1 && !e.mayHaveLanded()) {
        out.add(who + ": threw " + e.getClass().getSimpleName() + " without mayHaveLanded, landed");
      }
      if (!e.retryable()) {
        String last = answers.isEmpty() ? "none" : answers.get(answers.size() - 1);
        if (!last.equals(e.backendErrorCode())) {
          out.add(who + ": terminal " + e.backendErrorCode() + " but the last attempt got " + last);
        }
      }
    }
    return out;
  }

  /** The exception with its first frames and causes, to locate an unexpected one. */
  static String trace(Throwable t) {
    StringBuilder sb = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      sb.append(c.getClass().getName()).append(": ").append(c.getMessage());
      StackTraceElement[] frames = c.getStackTrace();
      for (int i = 0; i < Math.min(12, frames.length); i++) {
        sb.append("\n    at ").append(frames[i]);
      }
      sb.append("\n  caused by ");
    }
    return sb.toString();
  }
}
