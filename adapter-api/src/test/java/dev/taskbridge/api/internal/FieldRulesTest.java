package dev.taskbridge.api.internal;

import static java.util.Objects.requireNonNull;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskbridge.api.Backend;
import dev.taskbridge.api.FieldPolicy;
import dev.taskbridge.api.InvalidTaskFailureException;
import dev.taskbridge.api.TaskFailure;
import dev.taskbridge.api.TaskToken;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class FieldRulesTest {

  private static final String MARKER = FieldPolicy.TRUNCATION_MARKER;
  private static final String TOKEN_VALUE = "TOKEN-VALUE-fr-4c3b2a";

  static Stream<Arguments> backendsAndPolicies() {
    return Stream.of(Backend.values())
        .flatMap(b -> Stream.of(FieldPolicy.values()).map(p -> Arguments.of(b, p)));
  }

  private static TaskToken tokenFor(Backend backend) {
    return TaskToken.of(backend, TOKEN_VALUE);
  }

  private static String errorField(Backend backend) {
    return backend == Backend.SWF ? "reason" : "error";
  }

  private static String causeField(Backend backend) {
    return backend == Backend.SWF ? "details" : "cause";
  }

  /** A string of {@code length} characters built from a pattern that no message contains. */
  private static String distinctive(int length) {
    String pattern = "Qz9Wx";
    return pattern.repeat(length / pattern.length() + 1).substring(0, length);
  }

  @Test
  void fieldNames_areTheWireNames() {
    assertThat(FieldRules.errorField(Backend.SFN)).isEqualTo("error");
    assertThat(FieldRules.causeField(Backend.SFN)).isEqualTo("cause");
    assertThat(FieldRules.errorField(Backend.SWF)).isEqualTo("reason");
    assertThat(FieldRules.causeField(Backend.SWF)).isEqualTo("details");
  }

  @ParameterizedTest
  @MethodSource("backendsAndPolicies")
  void prepare_whenNothingToChange_returnsSameInstance(Backend backend, FieldPolicy policy) {
    TaskFailure[] failures = {
      TaskFailure.of(null, null),
      TaskFailure.of("Worker.Crashed", null),
      TaskFailure.of(null, "a cause"),
      TaskFailure.of("e".repeat(256), "c".repeat(32768)),
      TaskFailure.of("Pair\uD83D\uDE00Error", "cause with pair \uD83D\uDE00 and \uFFFD"),
      TaskFailure.of("states.x", "States.InCause is fine"),
      TaskFailure.of("MyStates.x", null),
      TaskFailure.of("States", null),
      TaskFailure.of("Custom.States.Timeout", null),
      TaskFailure.of("nul\u0000inside", "nul\u0000inside"),
    };
    for (TaskFailure failure : failures) {
      assertThat(FieldRules.prepare(backend, tokenFor(backend), failure, policy))
          .as("%s", failure)
          .isSameAs(failure);
      assertThat(FieldRules.prepare(backend, TaskToken.of(TOKEN_VALUE), failure, policy))
          .as("untagged %s", failure)
          .isSameAs(failure);
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void prepare_whenErrorOver256UnderTruncate_cutsToLimitWithMarker(Backend backend) {
    String error = distinctive(257);
    TaskFailure failure = TaskFailure.of(error, "cause");

    TaskFailure prepared =
        FieldRules.prepare(backend, tokenFor(backend), failure, FieldPolicy.TRUNCATE);

    assertThat(prepared.error()).hasSize(256).endsWith(MARKER);
    assertThat(error)
        .startsWith(requireNonNull(prepared.error()).substring(0, 256 - MARKER.length()));
    assertThat(prepared.cause()).isSameAs(failure.cause());
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void prepare_whenCauseOver32768UnderTruncate_cutsToLimitWithMarker(Backend backend) {
    String cause = distinctive(40_000);
    TaskFailure failure = TaskFailure.of("Worker.Crashed", cause);

    TaskFailure prepared =
        FieldRules.prepare(backend, tokenFor(backend), failure, FieldPolicy.TRUNCATE);

    assertThat(prepared.cause()).hasSize(32768).endsWith(MARKER);
    assertThat(cause)
        .startsWith(requireNonNull(prepared.cause()).substring(0, 32768 - MARKER.length()));
    assertThat(prepared.error()).isSameAs(failure.error());
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void prepare_whenErrorOver256UnderReject_throwsNamingFieldAndLimitWithoutValue(Backend backend) {
    TaskFailure failure = TaskFailure.of(distinctive(257), null);

    assertThatThrownBy(
            () -> FieldRules.prepare(backend, tokenFor(backend), failure, FieldPolicy.REJECT))
        .isInstanceOfSatisfying(
            InvalidTaskFailureException.class,
            e -> assertThat(e.field()).isEqualTo(errorField(backend)))
        .hasMessageStartingWith(errorField(backend) + ": ")
        .hasMessageContaining("256")
        .hasMessageNotContaining("Qz9Wx");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void prepare_whenCauseOver32768UnderReject_throwsNamingFieldAndLimitWithoutValue(
      Backend backend) {
    TaskFailure failure = TaskFailure.of("Worker.Crashed", distinctive(32769));

    assertThatThrownBy(
            () -> FieldRules.prepare(backend, tokenFor(backend), failure, FieldPolicy.REJECT))
        .isInstanceOfSatisfying(
            InvalidTaskFailureException.class,
            e -> assertThat(e.field()).isEqualTo(causeField(backend)))
        .hasMessageStartingWith(causeField(backend) + ": ")
        .hasMessageContaining("32768")
        .hasMessageNotContaining("Qz9Wx");
  }

  @ParameterizedTest
  @MethodSource("backendsAndPolicies")
  void prepare_whenExactlyAtLimits_leavesValuesUntouched(Backend backend, FieldPolicy policy) {
    TaskFailure failure = TaskFailure.of(distinctive(256), distinctive(32768));

    TaskFailure prepared = FieldRules.prepare(backend, tokenFor(backend), failure, policy);

    assertThat(prepared).isSameAs(failure);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void prepare_whenCutWouldSplitSurrogatePair_keepsPairWhole(Backend backend) {
    // 241 ASCII chars then emoji pairs: the cut at 242 would fall between the halves of a pair.
    String error = "a".repeat(241) + "\uD83D\uDE00".repeat(10);
    TaskFailure failure = TaskFailure.of(error, null);

    TaskFailure prepared =
        FieldRules.prepare(backend, tokenFor(backend), failure, FieldPolicy.TRUNCATE);

    assertThat(prepared.error()).isEqualTo("a".repeat(241) + MARKER).hasSizeLessThanOrEqualTo(256);
    assertThat(Truncation.firstLoneSurrogate(requireNonNull(prepared.error()))).isEqualTo(-1);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void prepare_whenErrorReservedUnderTruncate_prefixesCustom(Backend backend) {
    TaskFailure failure = TaskFailure.of("States.Timeout", "cause");

    TaskFailure prepared =
        FieldRules.prepare(backend, tokenFor(backend), failure, FieldPolicy.TRUNCATE);

    assertThat(prepared.error()).isEqualTo("Custom.States.Timeout");
    assertThat(prepared.cause()).isEqualTo("cause");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void prepare_whenRenamePushesErrorOver256UnderTruncate_stillCutsToLimit(Backend backend) {
    String error = "States." + distinctive(243);
    assertThat(error).hasSize(250);

    TaskFailure prepared =
        FieldRules.prepare(
            backend, tokenFor(backend), TaskFailure.of(error, null), FieldPolicy.TRUNCATE);

    assertThat(prepared.error()).hasSize(256).startsWith("Custom.States.Qz9Wx").endsWith(MARKER);
    assertThat("Custom." + error)
        .startsWith(requireNonNull(prepared.error()).substring(0, 256 - MARKER.length()));
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void prepare_whenErrorExactly256AndReservedUnderTruncate_renamesThenCuts(Backend backend) {
    String error = "States." + distinctive(249);

    TaskFailure prepared =
        FieldRules.prepare(
            backend, tokenFor(backend), TaskFailure.of(error, null), FieldPolicy.TRUNCATE);

    assertThat(prepared.error()).hasSize(256).startsWith("Custom.States.").endsWith(MARKER);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void prepare_whenErrorReservedUnderReject_throwsNamingFieldWithoutValue(Backend backend) {
    TaskFailure failure = TaskFailure.of("States.SecretNameXy7", null);

    assertThatThrownBy(
            () -> FieldRules.prepare(backend, tokenFor(backend), failure, FieldPolicy.REJECT))
        .isInstanceOfSatisfying(
            InvalidTaskFailureException.class,
            e -> assertThat(e.field()).isEqualTo(errorField(backend)))
        .hasMessageContaining("States.")
        .hasMessageNotContaining("SecretNameXy7");
  }

  @ParameterizedTest
  @MethodSource("backendsAndPolicies")
  void prepare_whenErrorOnlyResemblesReservedPrefix_leavesIt(Backend backend, FieldPolicy policy) {
    for (String error :
        new String[] {"states.x", "STATES.x", "MyStates.x", "States", " States.x"}) {
      TaskFailure failure = TaskFailure.of(error, null);

      assertThat(FieldRules.prepare(backend, tokenFor(backend), failure, policy))
          .as(error)
          .isSameAs(failure);
    }
  }

  @ParameterizedTest
  @MethodSource("backendsAndPolicies")
  void prepare_whenCauseBeginsWithStates_leavesIt(Backend backend, FieldPolicy policy) {
    TaskFailure failure = TaskFailure.of("Ok", "States.Timeout");

    assertThat(FieldRules.prepare(backend, tokenFor(backend), failure, policy)).isSameAs(failure);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void prepare_whenLoneSurrogatesUnderTruncate_replacesWithReplacementChar(Backend backend) {
    TaskFailure failure = TaskFailure.of("a\uD800b", "x\uDC00y\uD83D\uDE00z\uDBFF");

    TaskFailure prepared =
        FieldRules.prepare(backend, tokenFor(backend), failure, FieldPolicy.TRUNCATE);

    assertThat(prepared.error()).isEqualTo("a\uFFFDb");
    assertThat(prepared.cause()).isEqualTo("x\uFFFDy\uD83D\uDE00z\uFFFD");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void prepare_whenLoneSurrogateInErrorUnderReject_throwsWithIndex(Backend backend) {
    TaskFailure failure = TaskFailure.of("ab\uD83D\uDE00c\uDC00", null);

    assertThatThrownBy(
            () -> FieldRules.prepare(backend, tokenFor(backend), failure, FieldPolicy.REJECT))
        .isInstanceOfSatisfying(
            InvalidTaskFailureException.class,
            e -> assertThat(e.field()).isEqualTo(errorField(backend)))
        .hasMessageContaining("lone surrogate")
        .hasMessageContaining("index 5");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void prepare_whenLoneSurrogateInCauseUnderReject_throwsWithIndex(Backend backend) {
    TaskFailure failure = TaskFailure.of("Ok", "\uD800 at the start");

    assertThatThrownBy(
            () -> FieldRules.prepare(backend, tokenFor(backend), failure, FieldPolicy.REJECT))
        .isInstanceOfSatisfying(
            InvalidTaskFailureException.class,
            e -> assertThat(e.field()).isEqualTo(causeField(backend)))
        .hasMessageContaining("lone surrogate")
        .hasMessageContaining("index 0")
        .hasMessageNotContaining("at the start");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void prepare_whenReservedAndLoneSurrogateUnderTruncate_appliesBoth(Backend backend) {
    TaskFailure failure = TaskFailure.of("States.\uDC00", null);

    TaskFailure prepared =
        FieldRules.prepare(backend, tokenFor(backend), failure, FieldPolicy.TRUNCATE);

    assertThat(prepared.error()).isEqualTo("Custom.States.\uFFFD");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void prepare_whenOverLongWithLoneSurrogateUnderTruncate_resultHasNoneAndFits(Backend backend) {
    String cause = "\uDC00" + "c".repeat(32768) + "\uD800";

    TaskFailure prepared =
        FieldRules.prepare(
            backend, tokenFor(backend), TaskFailure.of(null, cause), FieldPolicy.TRUNCATE);

    assertThat(prepared.cause()).hasSize(32768).startsWith("\uFFFDccc").endsWith(MARKER);
    assertThat(Truncation.firstLoneSurrogate(requireNonNull(prepared.cause()))).isEqualTo(-1);
  }

  @ParameterizedTest
  @MethodSource("backendsAndPolicies")
  void prepare_whenTokenFromOtherBackend_throwsNamingTaskToken(
      Backend backend, FieldPolicy policy) {
    Backend other = backend == Backend.SWF ? Backend.SFN : Backend.SWF;
    TaskToken token = TaskToken.of(other, TOKEN_VALUE);
    TaskFailure failure = TaskFailure.of("Ok", null);

    assertThatThrownBy(() -> FieldRules.prepare(backend, token, failure, policy))
        .isInstanceOfSatisfying(
            InvalidTaskFailureException.class, e -> assertThat(e.field()).isEqualTo("taskToken"))
        .hasMessageContaining(other.name())
        .hasMessageNotContaining(TOKEN_VALUE)
        .hasMessageNotContaining("4c3b2a");
  }

  @ParameterizedTest
  @EnumSource(FieldPolicy.class)
  void prepare_whenToken1025CharsOnSwf_throwsNamingLimit(FieldPolicy policy) {
    String value = distinctive(1025);
    TaskFailure failure = TaskFailure.of("Ok", null);

    for (TaskToken token :
        new TaskToken[] {TaskToken.of(value), TaskToken.of(Backend.SWF, value)}) {
      assertThatThrownBy(() -> FieldRules.prepare(Backend.SWF, token, failure, policy))
          .isInstanceOfSatisfying(
              InvalidTaskFailureException.class, e -> assertThat(e.field()).isEqualTo("taskToken"))
          .hasMessageContaining("1024")
          .hasMessageNotContaining("Qz9Wx");
    }
  }

  @ParameterizedTest
  @EnumSource(FieldPolicy.class)
  void prepare_whenToken1024CharsOnSwf_accepts(FieldPolicy policy) {
    TaskFailure failure = TaskFailure.of("Ok", null);

    assertThat(
            FieldRules.prepare(
                Backend.SWF, TaskToken.of(Backend.SWF, distinctive(1024)), failure, policy))
        .isSameAs(failure);
  }

  @ParameterizedTest
  @EnumSource(FieldPolicy.class)
  void prepare_whenToken1025Or2048CharsOnSfn_accepts(FieldPolicy policy) {
    TaskFailure failure = TaskFailure.of("Ok", null);

    for (int length : new int[] {1025, 2048}) {
      assertThat(
              FieldRules.prepare(Backend.SFN, TaskToken.of(distinctive(length)), failure, policy))
          .isSameAs(failure);
      assertThat(
              FieldRules.prepare(
                  Backend.SFN, TaskToken.of(Backend.SFN, distinctive(length)), failure, policy))
          .isSameAs(failure);
    }
  }

  @ParameterizedTest
  @MethodSource("backendsAndPolicies")
  void checkToken_whenIssuerLess_accepts(Backend backend, FieldPolicy policy) {
    TaskFailure failure = TaskFailure.of("Ok", "cause");

    assertThat(FieldRules.prepare(backend, TaskToken.of(TOKEN_VALUE), failure, policy))
        .isSameAs(failure);
  }

  @ParameterizedTest
  @MethodSource("backendsAndPolicies")
  void prepare_whenTokenInvalidAndFailureInvalid_reportsTokenFirst(
      Backend backend, FieldPolicy policy) {
    Backend other = backend == Backend.SWF ? Backend.SFN : Backend.SWF;
    TaskFailure failure = TaskFailure.of("States.X\uD800" + "e".repeat(300), null);

    assertThatThrownBy(
            () -> FieldRules.prepare(backend, TaskToken.of(other, TOKEN_VALUE), failure, policy))
        .isInstanceOfSatisfying(
            InvalidTaskFailureException.class, e -> assertThat(e.field()).isEqualTo("taskToken"));
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void prepare_whenSeveralRulesBrokenUnderReject_reportsLoneSurrogateFirst(Backend backend) {
    TaskFailure failure = TaskFailure.of("States.X\uD800" + "e".repeat(300), null);

    assertThatThrownBy(
            () -> FieldRules.prepare(backend, tokenFor(backend), failure, FieldPolicy.REJECT))
        .isInstanceOf(InvalidTaskFailureException.class)
        .hasMessageContaining("lone surrogate")
        .hasMessageContaining("index 8");
  }
}
