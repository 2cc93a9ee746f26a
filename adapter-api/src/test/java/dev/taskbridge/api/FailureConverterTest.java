package dev.taskbridge.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class FailureConverterTest {

  private static final FailureConverter DEFAULTS = FailureConverter.defaults();

  @ErrorCode("Payment.Declined")
  static class PaymentDeclined extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PaymentDeclined(String message) {
      super(message);
    }
  }

  static class CardExpired extends PaymentDeclined {
    private static final long serialVersionUID = 1L;

    CardExpired(String message) {
      super(message);
    }
  }

  @ErrorCode("States.Timeout")
  static class ReservedCode extends RuntimeException {
    private static final long serialVersionUID = 1L;
  }

  @ErrorCode("  ")
  static class BlankCode extends RuntimeException {
    private static final long serialVersionUID = 1L;
  }

  @ErrorCode(
      "Code.0123456789012345678901234567890123456789012345678901234567890123456789"
          + "0123456789012345678901234567890123456789012345678901234567890123456789"
          + "0123456789012345678901234567890123456789012345678901234567890123456789"
          + "0123456789012345678901234567890123456789012345678901234567890123456789")
  static class TooLongCode extends RuntimeException {
    private static final long serialVersionUID = 1L;
  }

  /** A {@link CodedFailure} whose code and behaviour the test picks. */
  @ErrorCode("Annotated.Code")
  static class Coded extends Rigged implements CodedFailure {
    private static final long serialVersionUID = 1L;
    @Nullable String code;
    boolean codeThrows;

    Coded(@Nullable String code) {
      super("coded message");
      this.code = code;
    }

    @Override
    public @Nullable String errorCode() {
      if (codeThrows) {
        throw new IllegalStateException("errorCode failed");
      }
      return code;
    }
  }

  /** A CodedFailure without the annotation. */
  static class PlainCoded extends RuntimeException implements CodedFailure {
    private static final long serialVersionUID = 1L;
    private final @Nullable String code;

    PlainCoded(@Nullable String code) {
      super("m");
      this.code = code;
    }

    @Override
    public @Nullable String errorCode() {
      return code;
    }
  }

  @SuppressWarnings("UnicodeInCode") // a weird name is the point
  static class Ошибка€Exception extends RuntimeException {
    private static final long serialVersionUID = 1L;
  }

  // ---- error ----

  @Test
  void convert_whenNoExplicitCode_usesFullyQualifiedClassName() {
    TaskFailure failure = DEFAULTS.convert(new IllegalStateException("Customer 42 not found"));

    assertThat(failure.error()).isEqualTo("java.lang.IllegalStateException");
  }

  @Test
  @SuppressWarnings("UnicodeInCode")
  void convert_whenNestedClass_usesBinaryNameWithDollar() {
    TaskFailure failure = DEFAULTS.convert(new Rigged("x"));

    assertThat(failure.error()).isEqualTo("dev.taskbridge.api.Rigged");
    assertThat(DEFAULTS.convert(new Ошибка€Exception()).error())
        .isEqualTo("dev.taskbridge.api.FailureConverterTest$Ошибка€Exception");
  }

  @Test
  void convert_neverUsesTheMessageAsError() {
    TaskFailure failure = DEFAULTS.convert(new RuntimeException("Payment.Declined"));

    assertThat(failure.error()).isEqualTo("java.lang.RuntimeException");
  }

  @Test
  void convert_whenAnnotated_usesAnnotationValue() {
    assertThat(DEFAULTS.convert(new PaymentDeclined("m")).error()).isEqualTo("Payment.Declined");
  }

  @Test
  void convert_whenSuperclassAnnotated_usesInheritedValue() {
    assertThat(DEFAULTS.convert(new CardExpired("m")).error()).isEqualTo("Payment.Declined");
  }

  @Test
  void convert_whenAnnotationReserved_prefixesCustom() {
    assertThat(DEFAULTS.convert(new ReservedCode()).error()).isEqualTo("Custom.States.Timeout");
  }

  @Test
  void convert_whenAnnotationBlankOrTooLong_fallsBackToClassName() {
    assertThat(DEFAULTS.convert(new BlankCode()).error())
        .endsWith("FailureConverterTest$BlankCode");
    assertThat(DEFAULTS.convert(new TooLongCode()).error()).isEqualTo(TooLongCode.class.getName());
  }

  @Test
  void convert_whenCodedFailure_usesItsCodeBeforeTheAnnotation() {
    assertThat(DEFAULTS.convert(new Coded("Payment.Expired")).error()).isEqualTo("Payment.Expired");
  }

  @Test
  void convert_whenCodedFailureUnusable_fallsBackToAnnotation() {
    Coded throwing = new Coded("x");
    throwing.codeThrows = true;

    assertThat(DEFAULTS.convert(throwing).error()).isEqualTo("Annotated.Code");
    assertThat(DEFAULTS.convert(new Coded(null)).error()).isEqualTo("Annotated.Code");
    assertThat(DEFAULTS.convert(new Coded(" \t")).error()).isEqualTo("Annotated.Code");
    assertThat(DEFAULTS.convert(new Coded("C".repeat(257))).error()).isEqualTo("Annotated.Code");
  }

  @Test
  void convert_whenCodedFailureUnusableAndNoAnnotation_fallsBackToClassName() {
    assertThat(DEFAULTS.convert(new PlainCoded(null)).error())
        .isEqualTo(PlainCoded.class.getName());
    assertThat(DEFAULTS.convert(new PlainCoded("")).error()).isEqualTo(PlainCoded.class.getName());
  }

  @Test
  void convert_whenCodeAtLimit_keepsItAndOverLimitAfterRename_fallsBack() {
    String atLimit = "C".repeat(256);
    String reservedNearLimit = "States." + "C".repeat(245); // 252, 259 once renamed

    assertThat(DEFAULTS.convert(new PlainCoded(atLimit)).error()).isEqualTo(atLimit);
    assertThat(DEFAULTS.convert(new PlainCoded(reservedNearLimit)).error())
        .isEqualTo(PlainCoded.class.getName());
  }

  @Test
  void convert_whenCodeReservedOrHasLoneSurrogate_repairsIt() {
    assertThat(DEFAULTS.convert(new PlainCoded("States.ALL")).error())
        .isEqualTo("Custom.States.ALL");
    assertThat(DEFAULTS.convert(new PlainCoded("Bad\uD800Code")).error())
        .isEqualTo("Bad\uFFFDCode");
  }

  @Test
  void convert_whenClassNameReserved_prefixesCustomInErrorAndErrorType() {
    TaskFailure failure = DEFAULTS.convert(new States.ReservedPackageException("m"));

    assertThat(failure.error()).isEqualTo("Custom.States.ReservedPackageException");
    JsonNode cause = CauseJson.assertValid(failure);
    assertThat(cause.get("errorType").asText()).isEqualTo(failure.error());
  }

  @Test
  void validName_whenOverLimit_cutsAtCodePointBoundaryWithMarker() {
    String name = "a".repeat(250) + "😀".repeat(10);

    String valid = Guarded.validName(name);

    assertThat(valid).hasSize(256).endsWith(FieldPolicy.TRUNCATION_MARKER);
    assertThat(dev.taskbridge.api.internal.Truncation.firstLoneSurrogate(valid)).isEqualTo(-1);
    String odd = "a".repeat(241) + "😀" + "b".repeat(20); // the pair straddles the cut
    assertThat(Guarded.validName(odd))
        .isEqualTo("a".repeat(241) + FieldPolicy.TRUNCATION_MARKER)
        .hasSize(255);
  }

  @Test
  void convert_whenNull_usesFallbackCode() {
    @SuppressWarnings("NullAway") // callers outside NullAway's reach can pass null
    TaskFailure failure = DEFAULTS.convert(nullThrowable());

    assertThat(failure.error()).isEqualTo("taskbridge.UnknownFailure");
    assertThat(failure.cause()).isNull();
    assertThat(
            FailureConverter.builder()
                .fallbackErrorCode("App.Unknown")
                .build()
                .convert(nullThrowable())
                .error())
        .isEqualTo("App.Unknown");
  }

  @SuppressWarnings("NullAway")
  private static Throwable nullThrowable() {
    return null;
  }

  // ---- cause ----

  @Test
  void convert_writesLambdaShapedCause() throws IOException {
    IllegalStateException top =
        new IllegalStateException("outer", new UncheckedIOException(new IOException("inner")));
    top.addSuppressed(new IllegalArgumentException((String) null));

    JsonNode cause = CauseJson.assertValid(DEFAULTS.convert(top));

    assertThat(cause.get("errorMessage").asText()).isEqualTo("outer");
    assertThat(cause.get("errorType").asText()).isEqualTo("java.lang.IllegalStateException");
    assertThat(cause.get("stackTrace").get(0).asText())
        .matches(
            "dev\\.taskbridge\\.api\\.FailureConverterTest\\.convert_writesLambdaShapedCause"
                + "\\(FailureConverterTest\\.java:\\d+\\)");
    JsonNode second = cause.get("cause");
    assertThat(second.get("errorType").asText()).isEqualTo("java.io.UncheckedIOException");
    assertThat(second.get("cause").get("errorMessage").asText()).isEqualTo("inner");
    assertThat(second.get("cause").get("errorType").asText()).isEqualTo("java.io.IOException");
    JsonNode suppressed = cause.get("suppressed").get(0);
    assertThat(suppressed.get("errorMessage").isNull()).isTrue();
    assertThat(suppressed.get("errorType").asText())
        .isEqualTo("java.lang.IllegalArgumentException");
    // Under JUnit a real stack is deeper than 50 frames: only frames are left out.
    assertThat(cause.get("truncated").get("causesDropped").asLong()).isZero();
    assertThat(cause.get("truncated").get("messageCut").asBoolean()).isFalse();
    List<String> keys = new ArrayList<>();
    cause.fieldNames().forEachRemaining(keys::add);
    assertThat(keys)
        .containsExactly(
            "errorMessage", "errorType", "stackTrace", "cause", "suppressed", "truncated");
  }

  @Test
  void convert_whenNativeOrUnknownFrames_formatsLikeJava8() {
    Rigged t = new Rigged("m");
    t.trace = Rigged.Trace.CUSTOM;
    t.customTrace =
        new StackTraceElement[] {
          new StackTraceElement("a.B", "c", "B.java", 12),
          new StackTraceElement("a.B", "n", null, -2),
          new StackTraceElement("a.B", "u", null, -1),
          new StackTraceElement("a.B", "f", "B.java", -1),
          new StackTraceElement("app", "java.base", "9", "a.B", "m", "B.java", 3),
          new StackTraceElement("a.B", "z", "B.java", 0),
        };

    JsonNode cause = CauseJson.assertValid(DEFAULTS.convert(t));

    assertThat(cause.get("stackTrace"))
        .extracting(JsonNode::asText)
        .containsExactly(
            "a.B.c(B.java:12)",
            "a.B.n(Native Method)",
            "a.B.u(Unknown Source)",
            "a.B.f(B.java)",
            "a.B.m(B.java:3)",
            "a.B.z(B.java:0)");
    assertThat(cause.has("truncated")).as("nothing left out").isFalse();
  }

  @Test
  void convert_whenMoreFramesThanConfigured_keepsFirstAndCountsTheRest() {
    Rigged t = new Rigged("m");
    t.trace = Rigged.Trace.CUSTOM;
    t.customTrace = frames(80);

    JsonNode cause = CauseJson.assertValid(DEFAULTS.convert(t));

    assertThat(cause.get("stackTrace")).hasSize(50);
    assertThat(cause.get("stackTrace").get(0).asText()).isEqualTo("p.C0.m(C0.java:1)");
    assertThat(cause.get("truncated").get("framesDropped").asLong()).isEqualTo(30);
    assertThat(cause.get("truncated").get("causesDropped").asLong()).isZero();
    assertThat(cause.get("truncated").get("messageCut").asBoolean()).isFalse();
  }

  // ---- frames in common ----

  @Test
  void convert_whenCauseSharesTrailingFrames_showsOnlyItsOwnAndCountsFramesInCommon() {
    StackTraceElement[] shared = frames("s", 5);
    Rigged cause = withTrace(new Rigged("c"), concat(frames("c", 2), shared));
    Rigged top = withTrace(new Rigged("t"), concat(frames("t", 1), shared)).withCause(cause);

    JsonNode json = CauseJson.assertValid(DEFAULTS.convert(top));

    assertThat(json.get("stackTrace")).hasSize(6);
    assertThat(json.has("framesInCommon")).as("never at the top").isFalse();
    JsonNode c = json.get("cause");
    assertThat(c.get("stackTrace"))
        .extracting(JsonNode::asText)
        .containsExactly("c.C0.m(C0.java:1)", "c.C1.m(C1.java:2)");
    assertThat(c.get("framesInCommon").asInt()).isEqualTo(5);
    List<String> keys = new ArrayList<>();
    c.fieldNames().forEachRemaining(keys::add);
    assertThat(keys).containsExactly("errorMessage", "errorType", "stackTrace", "framesInCommon");
    assertThat(json.has("truncated")).as("frames in common are not dropped").isFalse();
  }

  @Test
  void convert_whenNestedTraceSharesTailWithEnclosingFullTrace_countsAgainstTheWholeOfIt() {
    StackTraceElement[] shared = frames("s", 5);
    StackTraceElement[] mid = frames("m", 1);
    Rigged inner = withTrace(new Rigged("i"), concat(frames("i", 1), mid, shared));
    Rigged middle = withTrace(new Rigged("m"), concat(mid, shared)).withCause(inner);
    Rigged suppressed = withTrace(new Rigged("s"), concat(frames("x", 3), shared));
    middle.addSuppressed(suppressed);
    Rigged top = withTrace(new Rigged("t"), concat(frames("t", 1), shared)).withCause(middle);

    JsonNode json = CauseJson.assertValid(DEFAULTS.convert(top));

    JsonNode m = json.get("cause");
    assertThat(m.get("stackTrace")).hasSize(1);
    assertThat(m.get("framesInCommon").asInt()).isEqualTo(5);
    // Compared with middle's full trace, the frames middle itself elides included.
    assertThat(m.get("cause").get("stackTrace")).hasSize(1);
    assertThat(m.get("cause").get("framesInCommon").asInt()).isEqualTo(6);
    assertThat(m.get("suppressed").get(0).get("stackTrace")).hasSize(3);
    assertThat(m.get("suppressed").get(0).get("framesInCommon").asInt()).isEqualTo(5);
    assertThat(json.has("truncated")).isFalse();
  }

  @Test
  void convert_whenEqualFramesAreNotTrailing_countsOnlyTheTrailingRunOfEqualFrames() {
    StackTraceElement a = new StackTraceElement("a.B", "a", "B.java", 1);
    StackTraceElement b = new StackTraceElement("a.B", "b", "B.java", 2);
    StackTraceElement z = new StackTraceElement("a.B", "z", "B.java", 9);
    StackTraceElement q = new StackTraceElement("a.B", "q", "B.java", 5);
    Rigged cause = withTrace(new Rigged("c"), new StackTraceElement[] {a, b, q, z});
    Rigged top = withTrace(new Rigged("t"), new StackTraceElement[] {a, b, z}).withCause(cause);

    JsonNode c = CauseJson.assertValid(DEFAULTS.convert(top)).get("cause");

    assertThat(c.get("stackTrace"))
        .extracting(JsonNode::asText)
        .containsExactly("a.B.a(B.java:1)", "a.B.b(B.java:2)", "a.B.q(B.java:5)");
    assertThat(c.get("framesInCommon").asInt()).isEqualTo(1);
  }

  @Test
  void convert_whenFramesLookAlikeButDifferInModuleOrLine_hasNoFramesInCommon() {
    StackTraceElement plain = new StackTraceElement("a.B", "m", "B.java", 3);
    StackTraceElement inModule =
        new StackTraceElement("app", "java.base", "9", "a.B", "m", "B.java", 3);
    Rigged cause = withTrace(new Rigged("c"), new StackTraceElement[] {plain});
    Rigged top = withTrace(new Rigged("t"), new StackTraceElement[] {inModule}).withCause(cause);

    JsonNode json = CauseJson.assertValid(DEFAULTS.convert(top));

    // Same text, "a.B.m(B.java:3)", but not the same StackTraceElement.
    assertThat(json.get("cause").get("stackTrace")).hasSize(1);
    assertThat(json.get("cause").has("framesInCommon")).isFalse();
  }

  @Test
  void convert_whenEveryFrameInCommon_showsEmptyStackTrace() {
    StackTraceElement[] shared = frames("s", 5);
    Rigged cause = withTrace(new Rigged("c"), shared.clone());
    Rigged top = withTrace(new Rigged("t"), concat(frames("t", 2), shared)).withCause(cause);
    Rigged longer = withTrace(new Rigged("l"), concat(frames("l", 1), frames("t", 2), shared));
    cause.withCause(longer);

    JsonNode json = CauseJson.assertValid(DEFAULTS.convert(top));

    JsonNode c = json.get("cause");
    assertThat(c.get("stackTrace")).isEmpty();
    assertThat(c.get("framesInCommon").asInt()).isEqualTo(5);
    // Longer than the trace it is compared with: at most that whole trace is in common.
    assertThat(c.get("cause").get("stackTrace")).hasSize(3);
    assertThat(c.get("cause").get("framesInCommon").asInt()).isEqualTo(5);
    assertThat(json.has("truncated")).isFalse();
  }

  @Test
  void convert_whenFrameLimitApplies_limitsOwnFramesOnlyAndDoesNotDropFramesInCommon() {
    StackTraceElement[] shared = frames("s", 30);
    Rigged cause = withTrace(new Rigged("c"), concat(frames("c", 60), shared));
    Rigged top = withTrace(new Rigged("t"), concat(frames("t", 80), shared)).withCause(cause);

    JsonNode json = CauseJson.assertValid(DEFAULTS.convert(top));

    assertThat(json.get("stackTrace")).hasSize(50);
    JsonNode c = json.get("cause");
    assertThat(c.get("stackTrace")).hasSize(50);
    assertThat(c.get("stackTrace").get(49).asText()).isEqualTo("c.C49.m(C49.java:50)");
    assertThat(c.get("framesInCommon").asInt()).isEqualTo(30);
    // Top: 110 - 50; cause: 60 own - 50. Its 30 in common are the top's last 30, counted there.
    assertThat(json.get("truncated").get("framesDropped").asLong()).isEqualTo(60 + 10);
  }

  @Test
  void render_whenNoFrameKept_keepsFramesInCommonAndCountsOnlyOwnFramesAsDropped() {
    StackTraceElement[] shared = frames("s", 4);
    Rigged top =
        withTrace(new Rigged("t"), concat(frames("t", 3), shared))
            .withCause(withTrace(new Rigged("c"), concat(frames("c", 2), shared)));
    ExceptionSnapshot.Snapshot snapshot = ExceptionSnapshot.take(top, 50, 20, 8192, true);

    String doc =
        java.util.Objects.requireNonNull(
            CauseWriter.render(
                snapshot, new CauseWriter.Limits(0, 20, true, 8192), TaskFailure.MAX_CAUSE_LENGTH));

    assertThat(doc)
        .isEqualTo(
            "{\"errorMessage\":\"t\",\"errorType\":\"dev.taskbridge.api.Rigged\",\"stackTrace\":[],"
                + "\"cause\":{\"errorMessage\":\"c\",\"errorType\":\"dev.taskbridge.api.Rigged\","
                + "\"stackTrace\":[],\"framesInCommon\":4},"
                + "\"truncated\":{\"framesDropped\":9,\"causesDropped\":0,\"messageCut\":false}}");
  }

  @Test
  void convert_whenTracesHaveNullsOrThrow_comparesTheFramesThatAreThere() {
    StackTraceElement s0 = frames("s", 1)[0];
    StackTraceElement t0 = frames("t", 1)[0];
    StackTraceElement c0 = frames("c", 1)[0];
    Rigged holes = withTrace(new Rigged("c"), new StackTraceElement[] {null, c0, null, s0, null});
    Rigged top =
        withTrace(new Rigged("t"), new StackTraceElement[] {t0, null, s0}).withCause(holes);
    Rigged throwing = new Rigged("x");
    throwing.trace = Rigged.Trace.THROWS;
    Rigged below = withTrace(new Rigged("b"), new StackTraceElement[] {c0, s0});
    throwing.withCause(below);
    Rigged nullTrace = withTrace(new Rigged("n"), null);
    nullTrace.withCause(withTrace(new Rigged("nb"), new StackTraceElement[] {s0}));
    holes.addSuppressed(throwing);
    holes.addSuppressed(nullTrace);

    JsonNode json = CauseJson.assertValid(DEFAULTS.convert(top));

    JsonNode c = json.get("cause");
    assertThat(c.get("stackTrace"))
        .extracting(JsonNode::asText)
        .containsExactly("c.C0.m(C0.java:1)");
    assertThat(c.get("framesInCommon").asInt()).isEqualTo(1);
    JsonNode x = c.get("suppressed").get(0);
    assertThat(x.get("stackTrace")).isEmpty();
    assertThat(x.has("framesInCommon")).isFalse();
    assertThat(x.get("cause").get("stackTrace")).hasSize(2);
    assertThat(x.get("cause").has("framesInCommon")).isFalse();
    assertThat(c.get("suppressed").get(1).get("cause").get("stackTrace")).hasSize(1);
    assertThat(c.get("suppressed").get(1).get("cause").has("framesInCommon")).isFalse();
  }

  @Test
  void convert_whenRealCause_elidesAsManyFramesAsPrintStackTrace() {
    IOException inner = new IOException("inner");
    IllegalStateException outer = new IllegalStateException("outer", inner);
    java.util.regex.Matcher more =
        java.util.regex.Pattern.compile("\\.\\.\\. (\\d+) more").matcher(CauseJson.printed(outer));
    assertThat(more.find()).isTrue();

    JsonNode c = CauseJson.assertValid(DEFAULTS.convert(outer)).get("cause");

    assertThat(c.get("framesInCommon").asInt()).isEqualTo(Integer.parseInt(more.group(1)));
    assertThat(c.get("stackTrace")).hasSize(1);
    assertThat(c.get("stackTrace").get(0).asText())
        .startsWith(
            "dev.taskbridge.api.FailureConverterTest"
                + ".convert_whenRealCause_elidesAsManyFramesAsPrintStackTrace(");
  }

  @Test
  void convert_whenMessageHasLoneSurrogatesAndControls_keepsTextEscapedAndRepaired() {
    String message = "a\u0000b\u001F\n\"\\😀\uD800\uDC00\uDC00x\uD83D";

    JsonNode cause = CauseJson.assertValid(DEFAULTS.convert(new RuntimeException(message)));

    assertThat(cause.get("errorMessage").asText())
        .isEqualTo("a\u0000b\u001F\n\"\\😀\uD800\uDC00\uFFFDx\uFFFD");
  }

  // ---- totality ----

  @Test
  void convert_whenCauseCycle_showsCircularReferenceStub() {
    Rigged a = new Rigged("a");
    Rigged b = new Rigged("b").withCause(a);
    a.withCause(b);

    JsonNode cause = CauseJson.assertValid(DEFAULTS.convert(a));

    JsonNode bNode = cause.get("cause");
    assertThat(bNode.get("errorMessage").asText()).isEqualTo("b");
    JsonNode stub = bNode.get("cause");
    assertThat(stub.get("errorMessage").asText()).isEqualTo("a");
    assertThat(stub.get("circularReference").asBoolean()).isTrue();
    assertThat(stub.get("stackTrace")).isEmpty();
    assertThat(stub.has("framesInCommon")).isFalse();
    assertThat(stub.has("cause")).isFalse();
  }

  @Test
  void convert_whenCauseIsItself_terminates() {
    Rigged a = new Rigged("self");
    a.causeIsSelf = true;

    JsonNode cause = CauseJson.assertValid(DEFAULTS.convert(a));

    assertThat(cause.get("cause").get("circularReference").asBoolean()).isTrue();
  }

  @Test
  void convert_whenMutualSuppressionAndSuppressedPointsBack_terminates() {
    Rigged a = new Rigged("a");
    Rigged b = new Rigged("b");
    a.addSuppressed(b);
    b.addSuppressed(a);
    Rigged c = new Rigged("c").withCause(a);
    a.addSuppressed(c);

    JsonNode cause = CauseJson.assertValid(DEFAULTS.convert(a));

    assertThat(cause.get("suppressed")).hasSize(2);
    assertThat(cause.get("suppressed").get(0).get("suppressed").get(0).get("circularReference"))
        .isNotNull();
    assertThat(cause.get("suppressed").get(1).get("cause").get("circularReference").asBoolean())
        .isTrue();
  }

  @Test
  void convert_whenSharedCause_showsItOnceThenAsReference() {
    IllegalStateException shared = new IllegalStateException("shared");
    RuntimeException top = new RuntimeException("top", shared);
    top.addSuppressed(new RuntimeException("other", shared));

    JsonNode cause = CauseJson.assertValid(DEFAULTS.convert(top));

    assertThat(cause.get("cause").has("circularReference")).isFalse();
    assertThat(cause.get("suppressed").get(0).get("cause").get("circularReference").asBoolean())
        .isTrue();
  }

  @Test
  void convert_whenEveryAccessorThrows_stillProducesValidFailure() {
    Rigged t = new Rigged("m");
    t.messageThrows = true;
    t.causeThrows = true;
    t.trace = Rigged.Trace.THROWS;

    TaskFailure failure = DEFAULTS.convert(t);

    JsonNode cause = CauseJson.assertValid(failure);
    assertThat(failure.error()).isEqualTo("dev.taskbridge.api.Rigged");
    assertThat(cause.get("errorMessage").asText())
        .isEqualTo("[getMessage() threw java.lang.IllegalStateException]");
    assertThat(cause.get("stackTrace")).isEmpty();
    assertThat(cause.has("cause")).isFalse();
  }

  @Test
  void convert_whenStackTraceNullOrHasNullElements_skipsThem() {
    Rigged nullTrace = new Rigged("m");
    nullTrace.trace = Rigged.Trace.NULL;
    Rigged holes = new Rigged("m");
    holes.trace = Rigged.Trace.CUSTOM;
    holes.customTrace =
        new StackTraceElement[] {null, new StackTraceElement("a.B", "c", "B.java", 1), null};

    assertThat(CauseJson.assertValid(DEFAULTS.convert(nullTrace)).get("stackTrace")).isEmpty();
    assertThat(CauseJson.assertValid(DEFAULTS.convert(holes)).get("stackTrace")).hasSize(1);
  }

  @Test
  void convert_whenGetMessageThrowsError_catchesIt() {
    Rigged t = new Rigged("m");
    t.messageThrows = true;
    t.messageThrowable = new StackOverflowError();

    JsonNode cause = CauseJson.assertValid(DEFAULTS.convert(t));

    assertThat(cause.get("errorMessage").asText())
        .isEqualTo("[getMessage() threw java.lang.StackOverflowError]");
  }

  @Test
  void convert_whenGetMessageThrowsInterruptedSneakily_restoresInterruptFlag() {
    Rigged t = new Rigged("m");
    t.messageThrows = true;
    t.messageThrowable = new InterruptedException();

    try {
      CauseJson.assertValid(DEFAULTS.convert(t));
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void convert_whenNullMessage_writesJsonNull() {
    JsonNode cause = CauseJson.assertValid(DEFAULTS.convert(new RuntimeException()));

    assertThat(cause.get("errorMessage").isNull()).isTrue();
  }

  @Test
  void convert_whenTenMegabyteMessage_cutsItAndKeepsFrames() {
    String huge = "x".repeat(10 * 1024 * 1024);

    JsonNode cause = CauseJson.assertValid(DEFAULTS.convert(new RuntimeException(huge)));

    assertThat(cause.get("errorMessage").asText())
        .hasSize(8192)
        .endsWith(FieldPolicy.TRUNCATION_MARKER);
    assertThat(cause.get("stackTrace")).isNotEmpty();
    assertThat(cause.get("truncated").get("messageCut").asBoolean()).isTrue();
  }

  @Test
  void convert_whenTenThousandDeepChain_keepsConfiguredDepthAndCountsTheRest() {
    Throwable t = new RuntimeException("leaf");
    for (int i = 1; i < 10_000; i++) {
      t = new RuntimeException("level " + i, t);
    }

    JsonNode cause = CauseJson.assertValid(DEFAULTS.convert(t));

    assertThat(CauseJson.depth(cause)).isEqualTo(20);
    assertThat(cause.get("truncated").get("causesDropped").asLong())
        .isEqualTo(ExceptionSnapshot.MAX_COUNTED);
    assertThat(cause.get("truncated").get("causesDroppedAtLeast").asBoolean()).isTrue();
  }

  @Test
  void convert_whenExactlyMaxCountedBeyondDepth_countsExactly() {
    JsonNode cause =
        CauseJson.assertValid(DEFAULTS.convert(chain(21 + ExceptionSnapshot.MAX_COUNTED, 1, 0)));

    assertThat(cause.get("truncated").get("causesDropped").asLong())
        .isEqualTo(ExceptionSnapshot.MAX_COUNTED);
    assertThat(cause.get("truncated").has("causesDroppedAtLeast")).isFalse();
    List<String> keys = new ArrayList<>();
    cause.get("truncated").fieldNames().forEachRemaining(keys::add);
    assertThat(keys).containsExactly("framesDropped", "causesDropped", "messageCut");
  }

  @Test
  void convert_whenOneMoreThanMaxCountedBeyondDepth_marksTheCountAsLowerBound() {
    TaskFailure failure = DEFAULTS.convert(chain(22 + ExceptionSnapshot.MAX_COUNTED, 1, 0));

    JsonNode cause = CauseJson.assertValid(failure);
    assertThat(cause.get("truncated").get("causesDropped").asLong())
        .isEqualTo(ExceptionSnapshot.MAX_COUNTED);
    assertThat(failure.cause())
        .endsWith(
            "\"truncated\":{\"framesDropped\":0,\"causesDropped\":100,"
                + "\"causesDroppedAtLeast\":true,\"messageCut\":false}}");
  }

  @Test
  void convert_whenSeveralDroppedBranches_sharesOneCountingBudget() {
    Rigged top = new Rigged("top");
    for (int i = 0; i < 3; i++) {
      top.addSuppressed(chain(40, 1, 0));
    }
    FailureConverter depthZero = FailureConverter.builder().maxCauseDepth(0).build();

    JsonNode cause = CauseJson.assertValid(depthZero.convert(top));

    assertThat(cause.get("truncated").get("causesDropped").asLong())
        .isEqualTo(ExceptionSnapshot.MAX_COUNTED);
    assertThat(cause.get("truncated").get("causesDroppedAtLeast").asBoolean()).isTrue();
  }

  @Test
  void convert_whenDroppedChainHasCycleOrSharedTail_countsEachExceptionOnce() {
    Rigged a = new Rigged("a");
    Rigged b = new Rigged("b").withCause(a);
    a.withCause(b);
    Rigged shared = new Rigged("shared");
    Rigged top = new Rigged("top").withCause(a);
    top.addSuppressed(new Rigged("s1").withCause(shared));
    top.addSuppressed(new Rigged("s2").withCause(shared));
    FailureConverter depthZero = FailureConverter.builder().maxCauseDepth(0).build();

    JsonNode cause = CauseJson.assertValid(depthZero.convert(top));

    // a, b; s1, shared; s2 (shared already counted)
    assertThat(cause.get("truncated").get("causesDropped").asLong()).isEqualTo(5);
    assertThat(cause.get("truncated").has("causesDroppedAtLeast")).isFalse();
  }

  @Test
  void convert_whenDroppedChainLeadsBackToShownException_stopsCountingThere() {
    Rigged top = new Rigged("top");
    Rigged mid = new Rigged("mid").withCause(top);
    top.withCause(new Rigged("first").withCause(mid));
    FailureConverter depthOne = FailureConverter.builder().maxCauseDepth(1).build();

    JsonNode cause = CauseJson.assertValid(depthOne.convert(top));

    // "first" is shown; mid is dropped; its cause is top, already shown: not counted again.
    assertThat(cause.get("cause").get("errorMessage").asText()).isEqualTo("first");
    assertThat(cause.get("truncated").get("causesDropped").asLong()).isEqualTo(1);
  }

  @Test
  void convert_whenRealStackOverflowError_reportsIt() {
    StackOverflowError error = overflow();

    TaskFailure failure = DEFAULTS.convert(error);

    JsonNode cause = CauseJson.assertValid(failure);
    assertThat(failure.error()).isEqualTo("java.lang.StackOverflowError");
    assertThat(cause.get("stackTrace")).hasSize(50);
    assertThat(cause.get("stackTrace").get(0).asText()).contains("FailureConverterTest.recurse(");
  }

  private static StackOverflowError overflow() {
    try {
      recurse(0);
    } catch (StackOverflowError e) {
      return e;
    }
    throw new AssertionError("no overflow");
  }

  private static int recurse(int n) {
    return n == Integer.MAX_VALUE ? n : recurse(n + 1) + 1;
  }

  @Test
  void convert_whenOtherErrors_reportsTheirClassNames() {
    assertThat(DEFAULTS.convert(new OutOfMemoryError("heap")).error())
        .isEqualTo("java.lang.OutOfMemoryError");
    assertThat(DEFAULTS.convert(new AssertionError("no")).error())
        .isEqualTo("java.lang.AssertionError");
    assertThat(DEFAULTS.convert(new Throwable("raw")).error()).isEqualTo("java.lang.Throwable");
  }

  @Test
  void convert_whenCalledConcurrently_isDeterministic() throws Exception {
    RuntimeException t = new RuntimeException("m", new IllegalStateException("c"));
    TaskFailure expected = DEFAULTS.convert(t);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<TaskFailure>> results = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        results.add(pool.submit(() -> DEFAULTS.convert(t)));
      }
      for (Future<TaskFailure> f : results) {
        assertThat(f.get()).isEqualTo(expected);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void from_usesTheDefaultConverter() {
    RuntimeException t = new RuntimeException("m");

    assertThat(TaskFailure.from(t)).isEqualTo(DEFAULTS.convert(t));
  }

  // ---- shortening ----

  @Test
  void convert_whenFramesTooMany_dropsFramesFirstAndKeepsEveryCause() {
    Throwable t = chain(10, 1000, 200);

    JsonNode cause =
        CauseJson.assertValid(FailureConverter.builder().maxFramesPerLevel(200).build().convert(t));

    assertThat(CauseJson.depth(cause)).isEqualTo(9);
    int kept = cause.get("stackTrace").size();
    assertThat(kept).isLessThan(200).isPositive();
    assertThat(cause.get("truncated").get("framesDropped").asLong()).isEqualTo(10L * (200 - kept));
    assertThat(cause.get("truncated").get("causesDropped").asLong()).isZero();
    assertThat(cause.get("truncated").get("messageCut").asBoolean()).isFalse();
    assertThat(cause.get("errorMessage").asText()).hasSize(1000);
  }

  @Test
  void convert_whenCausesTooBigEvenWithoutFrames_dropsDeepCausesAndGivesFramesBack() {
    Throwable t = chain(10, 8000, 5);

    JsonNode cause = CauseJson.assertValid(DEFAULTS.convert(t));

    int depth = CauseJson.depth(cause);
    assertThat(depth).isBetween(1, 8);
    assertThat(cause.get("truncated").get("causesDropped").asLong()).isEqualTo(9 - depth);
    assertThat(cause.get("truncated").get("messageCut").asBoolean()).isFalse();
    assertThat(cause.get("errorMessage").asText()).hasSize(8000);
    int kept = cause.get("stackTrace").size();
    assertThat(kept).isBetween(1, 5);
    assertThat(cause.get("truncated").get("framesDropped").asLong())
        .isEqualTo((depth + 1L) * (5 - kept));
  }

  @Test
  void convert_whenTopMessageAloneTooBig_cutsMessageLast() {
    // Escaped as \\u0001, each character takes six: 30000 of them cannot fit.
    Throwable t = new RuntimeException("\u0001".repeat(30_000), new RuntimeException("c"));

    TaskFailure failure = FailureConverter.builder().maxMessageLength(32768).build().convert(t);

    JsonNode cause = CauseJson.assertValid(failure);
    assertThat(cause.get("stackTrace")).isEmpty();
    assertThat(cause.has("cause")).isFalse();
    assertThat(cause.get("truncated").get("messageCut").asBoolean()).isTrue();
    assertThat(cause.get("truncated").get("causesDropped").asLong()).isEqualTo(1);
    assertThat(cause.get("errorMessage").asText()).endsWith(FieldPolicy.TRUNCATION_MARKER);
    assertThat(failure.cause()).hasSizeGreaterThan(TaskFailure.MAX_CAUSE_LENGTH - 100);
  }

  @Test
  void convert_whenSuppressedDoNotFit_dropsThemBeforeCauses() {
    RuntimeException t = new RuntimeException("top", new RuntimeException("c".repeat(8000)));
    for (int i = 0; i < 5; i++) {
      t.addSuppressed(new RuntimeException("s".repeat(8000)));
    }

    JsonNode cause = CauseJson.assertValid(DEFAULTS.convert(t));

    assertThat(cause.has("suppressed")).isFalse();
    assertThat(cause.get("cause").get("errorMessage").asText()).hasSize(8000);
    assertThat(cause.get("truncated").get("causesDropped").asLong()).isEqualTo(5);
  }

  @Test
  void convert_whenIncludeSuppressedFalse_omitsThem() {
    RuntimeException t = new RuntimeException("top");
    t.addSuppressed(new RuntimeException("s"));

    JsonNode cause =
        CauseJson.assertValid(
            FailureConverter.builder().includeSuppressed(false).build().convert(t));

    assertThat(cause.has("suppressed")).isFalse();
    // Not shown on purpose, so not counted as dropped either.
    assertThat(cause.get("truncated").get("causesDropped").asLong()).isZero();
  }

  @Test
  void convert_whenFramesDoNotFitButSuppressedDo_keepsSuppressedAndCutsFrames() {
    Rigged top = new Rigged("top");
    top.trace = Rigged.Trace.CUSTOM;
    top.customTrace = frames(1024);
    Rigged cause = new Rigged("cause");
    cause.trace = Rigged.Trace.CUSTOM;
    cause.customTrace = frames("q", 1024);
    top.withCause(cause);
    Rigged suppressed = new Rigged("s");
    suppressed.trace = Rigged.Trace.CUSTOM;
    suppressed.customTrace = new StackTraceElement[0];
    top.addSuppressed(suppressed);

    JsonNode json =
        CauseJson.assertValid(
            FailureConverter.builder().maxFramesPerLevel(1024).build().convert(top));

    assertThat(json.get("suppressed")).hasSize(1);
    assertThat(json.get("cause").get("errorMessage").asText()).isEqualTo("cause");
    int kept = json.get("stackTrace").size();
    assertThat(kept).isBetween(1, 1023);
    assertThat(json.get("truncated").get("framesDropped").asLong()).isEqualTo(2L * (1024 - kept));
  }

  @Test
  void convert_whenLevelsWithUncountedBelowAreCut_countsThemAsDropped() {
    // 25 levels: 21 copied, 4 counted beyond the depth; 8,000-character messages leave room for
    // only a few levels, and the cut ones carry the 4 with them.
    Throwable t = chain(25, 8000, 0);

    JsonNode cause = CauseJson.assertValid(DEFAULTS.convert(t));

    int depth = CauseJson.depth(cause);
    assertThat(depth).isBetween(1, 5);
    assertThat(cause.get("truncated").get("causesDropped").asLong()).isEqualTo(24 - depth);
    assertThat(cause.get("truncated").has("causesDroppedAtLeast")).isFalse();
  }

  @Test
  void convert_whenLevelWithSuppressedIsCut_countsItsSuppressedAsDropped() {
    Rigged third = new Rigged("d".repeat(12_000));
    third.addSuppressed(new Rigged("s1"));
    third.addSuppressed(new Rigged("s2"));
    Rigged top =
        new Rigged("t".repeat(12_000)).withCause(new Rigged("c".repeat(12_000)).withCause(third));
    FailureConverter converter =
        FailureConverter.builder().maxMessageLength(12_000).maxFramesPerLevel(0).build();

    JsonNode cause = CauseJson.assertValid(converter.convert(top));

    assertThat(CauseJson.depth(cause)).isEqualTo(1);
    assertThat(cause.get("truncated").get("causesDropped").asLong()).isEqualTo(3);
  }

  @Test
  void render_whenDocumentExactlyAtLimit_fitsAndOneCharacterLessDoesNot() {
    ExceptionSnapshot.Snapshot snapshot =
        ExceptionSnapshot.take(new RuntimeException("m", new IOException("c")), 50, 20, 8192, true);
    CauseWriter.Limits all = new CauseWriter.Limits(50, 20, true, 8192);
    String doc =
        java.util.Objects.requireNonNull(
            CauseWriter.render(snapshot, all, TaskFailure.MAX_CAUSE_LENGTH));

    assertThat(CauseWriter.render(snapshot, all, doc.length())).isEqualTo(doc);
    assertThat(CauseWriter.render(snapshot, all, doc.length() - 1)).isNull();
  }

  @Test
  void convert_whenDepthZero_showsOnlyTopAndCountsChain() {
    JsonNode cause =
        CauseJson.assertValid(
            FailureConverter.builder()
                .maxCauseDepth(0)
                .maxFramesPerLevel(0)
                .build()
                .convert(chain(3, 1, 1)));

    assertThat(cause.has("cause")).isFalse();
    assertThat(cause.get("stackTrace")).isEmpty();
    assertThat(cause.get("truncated").get("causesDropped").asLong()).isEqualTo(2);
    assertThat(cause.get("truncated").get("framesDropped").asLong()).isEqualTo(1);
  }

  @Test
  void minimal_writesTheLastResortDocument() {
    String minimal = CauseWriter.minimal("a.B");

    assertThat(minimal)
        .isEqualTo(
            "{\"errorMessage\":null,\"errorType\":\"a.B\",\"stackTrace\":[],"
                + "\"conversionFailed\":true}");
  }

  // ---- builder ----

  @Test
  void builder_whenOutOfRange_throwsNamingTheSetting() {
    FailureConverter.Builder b = FailureConverter.builder();

    assertThatThrownBy(() -> b.maxFramesPerLevel(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxFramesPerLevel");
    assertThatThrownBy(() -> b.maxFramesPerLevel(1025))
        .hasMessageContaining("maxFramesPerLevel must be between 0 and 1024");
    assertThatThrownBy(() -> b.maxCauseDepth(101)).hasMessageContaining("maxCauseDepth");
    assertThatThrownBy(() -> b.maxMessageLength(63)).hasMessageContaining("maxMessageLength");
    assertThatThrownBy(() -> b.maxMessageLength(32769)).hasMessageContaining("maxMessageLength");
  }

  @Test
  void builder_whenFallbackCodeInvalid_throws() {
    FailureConverter.Builder b = FailureConverter.builder();

    for (String bad : List.of(" ", "States.Foo", "x".repeat(257), "a\uD800")) {
      assertThatThrownBy(() -> b.fallbackErrorCode(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("fallbackErrorCode");
    }
  }

  @Test
  void toString_showsSettings() {
    assertThat(DEFAULTS.toString())
        .isEqualTo(
            "FailureConverter[maxFramesPerLevel=50, maxCauseDepth=20, maxMessageLength=8192,"
                + " includeSuppressed=true, fallbackErrorCode=taskbridge.UnknownFailure]");
  }

  // ---- helpers ----

  /** A chain of {@code levels} exceptions, each with a message and {@code frames} frames. */
  private static Throwable chain(int levels, int messageLength, int frames) {
    Rigged t = null;
    for (int i = 0; i < levels; i++) {
      Rigged next = new Rigged(String.valueOf((char) ('a' + i)).repeat(messageLength));
      next.trace = Rigged.Trace.CUSTOM;
      // Each level its own frames: none in common with the level enclosing it.
      next.customTrace = frames("l" + i, frames);
      next.withCause(t);
      t = next;
    }
    return java.util.Objects.requireNonNull(t);
  }

  private static StackTraceElement[] frames(int n) {
    return frames("p", n);
  }

  /** {@code n} frames {@code pkg.C0.m(C0.java:1)} to {@code pkg.C<n-1>.m(...)}. */
  private static StackTraceElement[] frames(String pkg, int n) {
    StackTraceElement[] frames = new StackTraceElement[n];
    for (int i = 0; i < n; i++) {
      frames[i] = new StackTraceElement(pkg + ".C" + i, "m", "C" + i + ".java", i + 1);
    }
    return frames;
  }

  /** The frames of {@code parts}, one after the other. */
  private static StackTraceElement[] concat(StackTraceElement[]... parts) {
    List<StackTraceElement> all = new ArrayList<>();
    for (StackTraceElement[] part : parts) {
      all.addAll(java.util.Arrays.asList(part));
    }
    return all.toArray(new StackTraceElement[0]);
  }

  private static Rigged withTrace(Rigged t, StackTraceElement @Nullable [] trace) {
    t.trace = Rigged.Trace.CUSTOM;
    t.customTrace = trace;
    return t;
  }
}
