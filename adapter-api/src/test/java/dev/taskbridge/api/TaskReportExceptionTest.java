package dev.taskbridge.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskbridge.api.internal.Refusals;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TaskReportExceptionTest {

  private static final String TOKEN_VALUE = "TOKEN-VALUE-7f3a9cZZ";
  private static final String ERROR_VALUE = "ERROR-VALUE-q8w7e6";
  private static final String CAUSE_VALUE = "CAUSE-VALUE-m1n2b3 jane.roe@example.invalid";

  private static final TaskToken TOKEN = TaskToken.of(Backend.SFN, TOKEN_VALUE);
  private static final TaskFailure FAILURE = TaskFailure.of(ERROR_VALUE, CAUSE_VALUE);

  private static final ReportDiagnostics FULL =
      Refusals.diagnostics(
          "KmsInvalidStateException",
          400,
          "req-0a1b2c3d",
          "key is pending deletion",
          "PENDING_DELETION",
          3,
          true);

  private static final ReportDiagnostics BARE =
      Refusals.diagnostics(null, 0, null, null, null, 1, false);

  private static Map<ReportOutcome, Class<? extends TaskReportException>> leaves() {
    Map<ReportOutcome, Class<? extends TaskReportException>> leaves =
        new EnumMap<>(ReportOutcome.class);
    leaves.put(ReportOutcome.TASK_GONE, TaskGoneException.class);
    leaves.put(ReportOutcome.INVALID_TOKEN, InvalidTaskTokenException.class);
    leaves.put(ReportOutcome.NOT_PERMITTED, ReportNotPermittedException.class);
    leaves.put(ReportOutcome.ENCRYPTION_KEY_UNUSABLE, EncryptionKeyException.class);
    leaves.put(ReportOutcome.REJECTED, ReportRejectedException.class);
    leaves.put(ReportOutcome.THROTTLED, BackendThrottledException.class);
    leaves.put(ReportOutcome.UNAVAILABLE, BackendUnavailableException.class);
    return leaves;
  }

  private static String stackTraceOf(Throwable t) {
    StringWriter out = new StringWriter();
    try (PrintWriter writer = new PrintWriter(out)) {
      t.printStackTrace(writer);
    }
    return out.toString();
  }

  @Test
  void leaves_coverEveryOutcome() {
    assertThat(leaves().keySet()).containsExactlyInAnyOrder(ReportOutcome.values());
  }

  @ParameterizedTest
  @EnumSource(ReportOutcome.class)
  void of_returnsTheFinalLeafForTheOutcome(ReportOutcome outcome) {
    TaskReportException e = Refusals.report(outcome, Backend.SFN, TOKEN, FAILURE, FULL, null);

    assertThat(e).isExactlyInstanceOf(leaves().get(outcome));
    assertThat(java.lang.reflect.Modifier.isFinal(e.getClass().getModifiers())).isTrue();
    assertThat(e.outcome()).isEqualTo(outcome);
  }

  @Test
  void retryable_isTrueOnlyForThrottledAndUnavailable() {
    EnumSet<ReportOutcome> retryable = EnumSet.noneOf(ReportOutcome.class);
    for (ReportOutcome outcome : ReportOutcome.values()) {
      TaskReportException e = Refusals.report(outcome, Backend.SWF, TOKEN, FAILURE, BARE, null);
      assertThat(e.retryable()).as("%s", outcome).isEqualTo(outcome.retryable());
      if (e.retryable()) {
        retryable.add(outcome);
      }
    }

    assertThat(retryable)
        .containsExactlyInAnyOrder(ReportOutcome.THROTTLED, ReportOutcome.UNAVAILABLE);
  }

  @ParameterizedTest
  @EnumSource(ReportOutcome.class)
  void accessors_returnWhatWasGiven(ReportOutcome outcome) {
    IllegalStateException sdkError = new IllegalStateException("sdk said no");

    TaskReportException e = Refusals.report(outcome, Backend.SWF, TOKEN, FAILURE, FULL, sdkError);

    assertThat(e.outcome()).isEqualTo(outcome);
    assertThat(e.backend()).isEqualTo(Backend.SWF);
    assertThat(e.backendErrorCode()).isEqualTo("KmsInvalidStateException");
    assertThat(e.requestId()).contains("req-0a1b2c3d");
    assertThat(e.mayHaveLanded()).isTrue();
    assertThat(e.token()).isSameAs(TOKEN);
    assertThat(TOKEN.value()).isEqualTo(TOKEN_VALUE);
    assertThat(e.failure()).isSameAs(FAILURE);
    assertThat(e.diagnostics()).isSameAs(FULL);
    assertThat(e.getCause()).isSameAs(sdkError);
  }

  @ParameterizedTest
  @EnumSource(ReportOutcome.class)
  void accessors_whenDiagnosticsBare_areAbsent(ReportOutcome outcome) {
    TaskReportException e = Refusals.report(outcome, Backend.SFN, TOKEN, FAILURE, BARE, null);

    assertThat(e.backendErrorCode()).isNull();
    assertThat(e.requestId()).isEmpty();
    assertThat(e.mayHaveLanded()).isFalse();
    assertThat(e.getCause()).isNull();
  }

  @Test
  void message_isKeyValueTextWithEveryKnownDetail() {
    TaskReportException e =
        Refusals.report(
            ReportOutcome.ENCRYPTION_KEY_UNUSABLE, Backend.SFN, TOKEN, FAILURE, FULL, null);

    assertThat(e.getMessage())
        .startsWith("AWS Step Functions did not accept the failure report: ")
        .contains("backend='SFN'")
        .contains("outcome='ENCRYPTION_KEY_UNUSABLE'")
        .contains("code='KmsInvalidStateException'")
        .contains("status='400'")
        .contains("requestId='req-0a1b2c3d'")
        .contains("attempts='3'")
        .contains("mayHaveLanded='true'")
        .contains("token='" + TOKEN.fingerprint() + "'")
        .contains("kmsKeyState='PENDING_DELETION'")
        .contains("backendMessage='key is pending deletion'")
        .endsWith("]");
  }

  @Test
  void message_whenDiagnosticsBare_leavesOutUnknownKeys() {
    TaskReportException e =
        Refusals.report(ReportOutcome.UNAVAILABLE, Backend.SWF, TOKEN, FAILURE, BARE, null);

    assertThat(e.getMessage())
        .startsWith("Amazon SWF did not accept the failure report: ")
        .contains("backend='SWF'")
        .contains("outcome='UNAVAILABLE'")
        .contains("attempts='1'")
        .contains("mayHaveLanded='false'")
        .contains("token='" + TOKEN.fingerprint() + "'")
        .doesNotContain("code=")
        .doesNotContain("status=")
        .doesNotContain("requestId=")
        .doesNotContain("kmsKeyState=")
        .doesNotContain("backendMessage=");
  }

  @Test
  void message_whenStatusZeroButCodePresent_leavesOutStatusOnly() {
    ReportDiagnostics d = Refusals.diagnostics("TaskTimedOut", 0, "req-9", null, null, 2, false);

    TaskReportException e =
        Refusals.report(ReportOutcome.TASK_GONE, Backend.SFN, TOKEN, FAILURE, d, null);

    assertThat(e.getMessage())
        .contains("code='TaskTimedOut'")
        .contains("requestId='req-9'")
        .doesNotContain("status=");
  }

  @ParameterizedTest
  @EnumSource(ReportOutcome.class)
  void messageToStringAndStackTrace_neverShowTokenErrorOrCause(ReportOutcome outcome) {
    TaskReportException e =
        Refusals.report(
            outcome, Backend.SFN, TOKEN, FAILURE, FULL, new RuntimeException("sdk: 400"));

    for (String text : new String[] {e.getMessage(), e.toString(), stackTraceOf(e)}) {
      assertThat(text)
          .contains(TOKEN.fingerprint())
          .doesNotContain(TOKEN_VALUE)
          .doesNotContain(ERROR_VALUE)
          .doesNotContain(CAUSE_VALUE)
          .doesNotContain("7f3a9c")
          .doesNotContain("q8w7e6")
          .doesNotContain("m1n2b3");
    }
  }

  @Test
  void stackTrace_showsTheCause() {
    TaskReportException e =
        Refusals.report(
            ReportOutcome.THROTTLED,
            Backend.SWF,
            TOKEN,
            FAILURE,
            BARE,
            new IllegalStateException("LimitExceededFault from sdk"));

    assertThat(stackTraceOf(e))
        .contains("Caused by: java.lang.IllegalStateException: LimitExceededFault from sdk");
  }

  @Test
  void keyState_whenPresent_isReported() {
    TaskReportException e =
        Refusals.report(
            ReportOutcome.ENCRYPTION_KEY_UNUSABLE, Backend.SFN, TOKEN, FAILURE, FULL, null);

    assertThat(e).isInstanceOf(EncryptionKeyException.class);
    assertThat(((EncryptionKeyException) e).keyState()).contains("PENDING_DELETION");
  }

  @Test
  void keyState_whenAbsent_isEmpty() {
    TaskReportException e =
        Refusals.report(
            ReportOutcome.ENCRYPTION_KEY_UNUSABLE, Backend.SFN, TOKEN, FAILURE, BARE, null);

    assertThat(((EncryptionKeyException) e).keyState()).isEmpty();
    assertThat(e.getMessage()).doesNotContain("kmsKeyState");
  }

  @Test
  void invalidTaskFailureException_isIllegalArgumentWithField() {
    InvalidTaskFailureException e =
        new InvalidTaskFailureException("reason", "must be at most 256 UTF-16 code units");

    assertThat(e).isInstanceOf(IllegalArgumentException.class);
    assertThat(e.field()).isEqualTo("reason");
    assertThat(e.getMessage()).isEqualTo("reason: must be at most 256 UTF-16 code units");
  }

  @Test
  void taskReportException_isRuntimeException() {
    TaskReportException e =
        Refusals.report(ReportOutcome.REJECTED, Backend.SWF, TOKEN, FAILURE, BARE, null);

    assertThat(e)
        .isInstanceOf(RuntimeException.class)
        .isNotInstanceOf(IllegalArgumentException.class);
  }
}
