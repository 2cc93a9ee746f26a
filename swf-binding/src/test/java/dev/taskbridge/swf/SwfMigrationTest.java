package dev.taskbridge.swf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskbridge.api.FieldPolicy;
import dev.taskbridge.api.TaskFailure;
import dev.taskbridge.api.TaskToken;
import dev.taskbridge.api.internal.Truncation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.swf.model.ActivityTaskFailedEventAttributes;
import software.amazon.awssdk.services.swf.model.RespondActivityTaskFailedRequest;

class SwfMigrationTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final SwfMigration migration = SwfMigration.defaults();

  @ParameterizedTest
  @ValueSource(strings = {"com.example.CardDeclined", "Payment.Declined", "TIMEOUT", "a/b:c+d-e$_"})
  void toStepFunctions_whenTheReasonIsACode_usesItAsTheErrorAndKeepsTheDetails(String reason) {
    assertThat(SwfMigration.isCode(reason)).isTrue();
    assertThat(migration.toStepFunctions(reason, "{\"x\":1}"))
        .isEqualTo(TaskFailure.of(reason, "{\"x\":1}"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"Card was declined", "States.Timeout", "1abc", "naïve", "tab\there"})
  void toStepFunctions_whenTheReasonIsNotACode_usesTheConfiguredCodeAndCarriesTheReasonInTheCause(
      String reason) throws Exception {
    TaskFailure f = migration.toStepFunctions(reason, "stack trace text");

    assertThat(f.error()).isEqualTo(SwfMigration.DEFAULT_ERROR_CODE);
    JsonNode cause = JSON.readTree(f.cause());
    assertThat(cause.get("reason").asText()).isEqualTo(reason);
    assertThat(cause.get("details").asText()).isEqualTo("stack trace text");
  }

  @Test
  void toStepFunctions_readsAnActivityTaskFailedEvent_withAConfiguredCode() throws Exception {
    TaskFailure f =
        SwfMigration.withErrorCode("Legacy.SwfFailure")
            .toStepFunctions(
                ActivityTaskFailedEventAttributes.builder()
                    .reason("disk full on worker 7")
                    .scheduledEventId(3L)
                    .startedEventId(4L)
                    .build());

    assertThat(f.error()).isEqualTo("Legacy.SwfFailure");
    assertThat(JSON.readTree(f.cause()).get("reason").asText()).isEqualTo("disk full on worker 7");
    assertThat(JSON.readTree(f.cause()).has("details")).isFalse();
  }

  @Test
  void toStepFunctions_withoutAReason_keepsNullAndTheDetails() {
    assertThat(migration.toStepFunctions(null, "d")).isEqualTo(TaskFailure.of(null, "d"));
    assertThat(migration.toStepFunctions(null, null)).isEqualTo(TaskFailure.of(null, null));
  }

  @Test
  void toStepFunctions_whenTheCauseWouldBeTooLong_cutsTheDetailsAndStaysValidJsonWithinTheLimit()
      throws Exception {
    String details = "\"quoted\" \uD83D\uDE00 ".repeat(4_000); // escapes and astral characters
    TaskFailure f = migration.toStepFunctions("free text reason", details);

    assertThat(f.cause()).hasSizeLessThanOrEqualTo(TaskFailure.MAX_CAUSE_LENGTH);
    assertThat(Truncation.firstLoneSurrogate(String.valueOf(f.cause()))).isNegative();
    JsonNode cause = JSON.readTree(f.cause());
    assertThat(cause.get("reason").asText()).isEqualTo("free text reason");
    assertThat(cause.get("details").asText()).endsWith(FieldPolicy.TRUNCATION_MARKER);
    assertThat(details)
        .startsWith(cause.get("details").asText().replace(FieldPolicy.TRUNCATION_MARKER, ""));
  }

  @Test
  void toStepFunctions_whenTheReasonAloneIsTooLong_cutsItToo() throws Exception {
    TaskFailure f = migration.toStepFunctions("r ".repeat(20_000), "d".repeat(20_000));

    assertThat(f.cause()).hasSizeLessThanOrEqualTo(TaskFailure.MAX_CAUSE_LENGTH);
    assertThat(JSON.readTree(f.cause()).get("reason").asText())
        .endsWith(FieldPolicy.TRUNCATION_MARKER);
  }

  @Test
  void toSwf_mapsErrorToReasonAndCauseToDetails_afterTheFieldRules() {
    RespondActivityTaskFailedRequest request =
        migration.toSwf(TaskToken.of("tok"), TaskFailure.of("States.Timeout", "c".repeat(40_000)));

    assertThat(request.taskToken()).isEqualTo("tok");
    assertThat(request.reason()).isEqualTo("Custom.States.Timeout");
    assertThat(request.details())
        .hasSize(TaskFailure.MAX_CAUSE_LENGTH)
        .endsWith(FieldPolicy.TRUNCATION_MARKER);
  }

  @Test
  void roundTrip_stepFunctionsToSwfAndBack_keepsACodedFailure() {
    TaskFailure original = TaskFailure.of("com.example.CardDeclined", "{\"errorMessage\":\"no\"}");
    RespondActivityTaskFailedRequest swf = migration.toSwf(TaskToken.of("tok"), original);

    assertThat(migration.toStepFunctions(swf.reason(), swf.details())).isEqualTo(original);
  }

  @Test
  void withErrorCode_refusesANameThatIsNotACode() {
    assertThatThrownBy(() -> SwfMigration.withErrorCode("not a code"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("errorCode");
    assertThatThrownBy(() -> SwfMigration.withErrorCode("States.TaskFailed"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(SwfMigration.withErrorCode("My.Code").toString()).contains("My.Code");
  }
}
