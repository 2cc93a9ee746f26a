package dev.taskbridge.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TaskFailureTest {

  private static final String ERROR = "PiiError-Qx7Zr9Wv";
  private static final String CAUSE = "Customer Jane Roe-Kq81 at 12 Elm Street";

  @Test
  void of_whenEmptyStrings_normalisesBothToNull() {
    TaskFailure failure = TaskFailure.of("", "");

    assertThat(failure.error()).isNull();
    assertThat(failure.cause()).isNull();
  }

  @Test
  void constructor_whenEmptyStrings_normalisesBothToNull() {
    TaskFailure failure = new TaskFailure("", "");

    assertThat(failure.error()).isNull();
    assertThat(failure.cause()).isNull();
  }

  @Test
  void of_whenOnlyOneEmpty_normalisesOnlyThatOne() {
    assertThat(TaskFailure.of("", CAUSE)).isEqualTo(TaskFailure.of(null, CAUSE));
    assertThat(TaskFailure.of(ERROR, "")).isEqualTo(TaskFailure.of(ERROR, null));
    assertThat(TaskFailure.of(ERROR, "").error()).isEqualTo(ERROR);
    assertThat(TaskFailure.of("", CAUSE).cause()).isEqualTo(CAUSE);
  }

  @Test
  void of_whenNull_keepsNull() {
    TaskFailure failure = TaskFailure.of(null, null);

    assertThat(failure.error()).isNull();
    assertThat(failure.cause()).isNull();
  }

  @Test
  void of_whenBlankButNotEmpty_keepsValue() {
    TaskFailure failure = TaskFailure.of(" ", "\n");

    assertThat(failure.error()).isEqualTo(" ");
    assertThat(failure.cause()).isEqualTo("\n");
  }

  @Test
  void of_whenValues_keepsThemVerbatim() {
    TaskFailure failure = TaskFailure.of(ERROR, CAUSE);

    assertThat(failure.error()).isSameAs(ERROR);
    assertThat(failure.cause()).isSameAs(CAUSE);
  }

  @Test
  void toString_showsLengthsAndNeverValues() {
    TaskFailure failure = TaskFailure.of(ERROR, CAUSE);

    assertThat(failure.toString())
        .isEqualTo(
            "TaskFailure[error=<"
                + ERROR.length()
                + " chars>, cause=<"
                + CAUSE.length()
                + " chars>]")
        .doesNotContain(ERROR)
        .doesNotContain(CAUSE)
        .doesNotContain("Qx7")
        .doesNotContain("Jane");
  }

  @Test
  void toString_whenAbsent_showsAbsent() {
    assertThat(TaskFailure.of(null, "").toString())
        .isEqualTo("TaskFailure[error=<absent>, cause=<absent>]");
    assertThat(TaskFailure.of(ERROR, null).toString())
        .isEqualTo("TaskFailure[error=<" + ERROR.length() + " chars>, cause=<absent>]")
        .doesNotContain(ERROR);
  }

  @Test
  void equals_comparesBothFieldsAfterNormalisation() {
    assertThat(TaskFailure.of(ERROR, CAUSE)).isEqualTo(new TaskFailure(ERROR, CAUSE));
    assertThat(TaskFailure.of(ERROR, CAUSE).hashCode())
        .isEqualTo(new TaskFailure(ERROR, CAUSE).hashCode());
    assertThat(TaskFailure.of("", "")).isEqualTo(TaskFailure.of(null, null));
    assertThat(TaskFailure.of("", "").hashCode()).isEqualTo(TaskFailure.of(null, null).hashCode());
    assertThat(TaskFailure.of(ERROR, CAUSE)).isNotEqualTo(TaskFailure.of(ERROR, null));
    assertThat(TaskFailure.of(ERROR, CAUSE)).isNotEqualTo(TaskFailure.of(null, CAUSE));
    assertThat(TaskFailure.of(ERROR, CAUSE)).isNotEqualTo(TaskFailure.of(CAUSE, ERROR));
  }

  @Test
  void constants_are256And32768() {
    assertThat(TaskFailure.MAX_ERROR_LENGTH).isEqualTo(256);
    assertThat(TaskFailure.MAX_CAUSE_LENGTH).isEqualTo(32768);
  }

  @Test
  void of_whenLongerThanLimits_acceptsAnyLength() {
    String longCause = "c".repeat(TaskFailure.MAX_CAUSE_LENGTH + 1);
    String longError = "e".repeat(TaskFailure.MAX_ERROR_LENGTH + 1);

    TaskFailure failure = TaskFailure.of(longError, longCause);

    assertThat(failure.error()).hasSize(257);
    assertThat(failure.cause()).hasSize(32769);
  }
}
