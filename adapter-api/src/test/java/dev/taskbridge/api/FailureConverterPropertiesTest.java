package dev.taskbridge.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;
import net.jqwik.api.Tuple.Tuple3;
import net.jqwik.api.constraints.IntRange;
import org.jspecify.annotations.Nullable;

/**
 * Properties of {@link FailureConverter} over random exception graphs (cycles, shared causes,
 * suppressed, accessors that throw, explicit codes good and bad) and random Unicode (astral
 * characters, lone surrogates, NUL and other controls, very long text).
 */
class FailureConverterPropertiesTest {

  /** How one exception of a random graph behaves. */
  record NodeSpec(
      @Nullable String message,
      boolean messageThrows,
      int cause,
      boolean causeThrows,
      List<Integer> suppressed,
      Rigged.Trace trace,
      List<StackTraceElement> frames,
      @Nullable CodeSpec code) {}

  /** The explicit code of a {@link CodedRigged}. */
  record CodeSpec(@Nullable String code, boolean throwing) {}

  /** A random graph; node 0 is the one converted. */
  record Graph(List<NodeSpec> nodes) {}

  /** A {@link Rigged} that declares a (possibly unusable) code. */
  static final class CodedRigged extends Rigged implements CodedFailure {
    private static final long serialVersionUID = 1L;
    private final @Nullable String code;
    private final boolean throwing;

    CodedRigged(@Nullable String message, CodeSpec spec) {
      super(message);
      this.code = spec.code();
      this.throwing = spec.throwing();
    }

    @Override
    public @Nullable String errorCode() {
      if (throwing) {
        throw new IllegalStateException("errorCode failed");
      }
      return code;
    }
  }

  // ---- properties ----

  @Property(tries = 400)
  void anyGraph_yieldsValidFailure(@ForAll("graphs") Graph graph) {
    Rigged top = build(graph);

    TaskFailure failure = FailureConverter.defaults().convert(top);

    JsonNode cause = CauseJson.assertValid(failure);
    assertThat(CauseJson.depth(cause)).isLessThanOrEqualTo(20);
    assertFramesAtMost(cause, 50);
    CodeSpec code = graph.nodes().get(0).code();
    String expected = code == null || code.throwing() ? null : expectedCode(code.code());
    String className = top.getClass().getName();
    assertThat(cause.get("errorType").asText()).isEqualTo(className);
    assertThat(failure.error()).isEqualTo(expected != null ? expected : className);
  }

  @Property(tries = 250)
  void anyGraphAndSettings_yieldsValidFailureWithinSettings(
      @ForAll("graphs") Graph graph,
      @ForAll @IntRange(min = 0, max = 1024) int frames,
      @ForAll @IntRange(min = 0, max = 100) int depth,
      @ForAll @IntRange(min = 64, max = 32768) int messageLength,
      @ForAll boolean suppressed) {
    FailureConverter converter =
        FailureConverter.builder()
            .maxFramesPerLevel(frames)
            .maxCauseDepth(depth)
            .maxMessageLength(messageLength)
            .includeSuppressed(suppressed)
            .build();

    JsonNode cause = CauseJson.assertValid(converter.convert(build(graph)));

    assertThat(CauseJson.depth(cause)).isLessThanOrEqualTo(depth);
    assertFramesAtMost(cause, frames);
    if (!suppressed) {
      assertThat(cause.toString()).doesNotContain("\"suppressed\"");
    }
  }

  @Property(tries = 500)
  void anyMessage_yieldsValidFailureAndKeepsShortMessagesExactly(
      @ForAll("messages") @Nullable String message) {
    Rigged t = new Rigged(message);
    t.trace = Rigged.Trace.CUSTOM;
    t.customTrace = new StackTraceElement[0];

    TaskFailure failure = FailureConverter.defaults().convert(t);

    JsonNode cause = CauseJson.assertValid(failure);
    assertThat(failure.error()).isEqualTo(Rigged.class.getName());
    if (message == null) {
      assertThat(cause.get("errorMessage").isNull()).isTrue();
    } else if (!cause.has("truncated")) {
      assertThat(cause.get("errorMessage").asText()).isEqualTo(replaceLoneSurrogates(message));
    } else {
      assertThat(cause.get("truncated").get("messageCut").asBoolean()).isTrue();
      assertThat(cause.get("errorMessage").asText()).endsWith(FieldPolicy.TRUNCATION_MARKER);
    }
  }

  @Property(tries = 500)
  void anyExplicitCode_isUsedOnlyWhenUsable(@ForAll("codes") CodeSpec code) {
    CodedRigged t = new CodedRigged("m", code);

    TaskFailure failure = FailureConverter.defaults().convert(t);

    CauseJson.assertValid(failure);
    String expected = code.throwing() ? null : expectedCode(code.code());
    assertThat(failure.error())
        .isEqualTo(expected != null ? expected : CodedRigged.class.getName());
  }

  @Property(tries = 100)
  void anyDeepChain_yieldsValidFailure(
      @ForAll @IntRange(min = 1, max = 3000) int length,
      @ForAll("messages") @Nullable String message) {
    Throwable t = new Rigged(message);
    for (int i = 1; i < length; i++) {
      t = new Rigged(message).withCause(t);
    }

    JsonNode cause = CauseJson.assertValid(FailureConverter.defaults().convert(t));

    int shown = CauseJson.depth(cause);
    JsonNode truncated = cause.path("truncated");
    long dropped = truncated.path("causesDropped").asLong(0);
    if (truncated.path("causesDroppedAtLeast").asBoolean(false)) {
      // Copied levels that did not fit are counted exactly, on top of the MAX_COUNTED beyond them.
      assertThat(dropped).isGreaterThanOrEqualTo(ExceptionSnapshot.MAX_COUNTED);
      assertThat(shown + 1 + dropped).isLessThan(length);
    } else {
      assertThat(shown + 1 + dropped).isEqualTo(length);
    }
  }

  @Property(tries = 300)
  void anyChainWithSharedFrames_elidesExactlyWhatPrintStackTraceElides(
      @ForAll("sharingChains") List<Tuple3<Integer, Integer, Integer>> levels) {
    Throwable top = null;
    for (int i = levels.size() - 1; i >= 0; i--) {
      Tuple3<Integer, Integer, Integer> level = levels.get(i);
      RuntimeException t = new RuntimeException("m" + i, top);
      t.setStackTrace(sharingTrace(level.get1(), level.get2(), level.get3()));
      top = t;
    }
    Throwable converted = java.util.Objects.requireNonNull(top);

    JsonNode node =
        CauseJson.assertValid(
            FailureConverter.builder().maxFramesPerLevel(1024).build().convert(converted));

    // The JDK's own "... n more" is the oracle: one section per level, "Caused by:" between.
    List<List<String>> frames = new ArrayList<>();
    List<Integer> more = new ArrayList<>();
    for (String line : CauseJson.printed(converted).lines().toList()) {
      if (frames.isEmpty() || line.startsWith("Caused by: ")) {
        frames.add(new ArrayList<>());
        more.add(0);
      } else if (line.startsWith("\tat ")) {
        frames.get(frames.size() - 1).add(line.substring(4));
      } else if (line.matches("\t\\.\\.\\. \\d+ more")) {
        more.set(more.size() - 1, Integer.parseInt(line.replaceAll("\\D", "")));
      }
    }
    assertThat(frames).hasSize(levels.size());
    for (int i = 0; i < levels.size(); i++) {
      List<String> shown = new ArrayList<>();
      node.get("stackTrace").forEach(f -> shown.add(f.asText()));
      assertThat(shown).as("level %d", i).isEqualTo(frames.get(i));
      assertThat(node.path("framesInCommon").asInt(0)).as("level %d", i).isEqualTo(more.get(i));
      node = node.path("cause");
    }
    assertThat(node.isMissingNode()).isTrue();
  }

  // ---- generators ----

  /**
   * Levels of a chain, each as (own frames, which of three pools they come from, how many of one
   * shared base trace's last frames follow them): own frames of different levels are sometimes
   * equal, so the trailing run of equal frames can reach past the shared part.
   */
  @Provide
  Arbitrary<List<Tuple3<Integer, Integer, Integer>>> sharingChains() {
    return Combinators.combine(
            Arbitraries.integers().between(0, 4),
            Arbitraries.integers().between(0, 2),
            Arbitraries.integers().between(0, 30))
        .as(Tuple::of)
        .list()
        .ofMinSize(1)
        .ofMaxSize(6);
  }

  @Provide
  Arbitrary<Graph> graphs() {
    return Arbitraries.integers()
        .between(1, 12)
        .flatMap(n -> node(n).list().ofSize(n))
        .map(Graph::new);
  }

  private Arbitrary<NodeSpec> node(int n) {
    Arbitrary<Integer> index = Arbitraries.integers().between(-1, n - 1);
    Arbitrary<Boolean> rarely = Arbitraries.integers().between(0, 9).map(i -> i == 0);
    return Combinators.combine(
            messages(),
            rarely,
            index,
            rarely,
            Arbitraries.integers().between(0, n - 1).list().ofMaxSize(3),
            Arbitraries.of(Rigged.Trace.class),
            frame().list().ofMaxSize(80),
            codes().injectNull(0.7))
        .as(NodeSpec::new);
  }

  /**
   * Mostly names from a fixed hostile pool and sometimes random text: generating thousands of
   * random strings per graph would make the property slow without finding more.
   */
  private Arbitrary<StackTraceElement> frame() {
    Arbitrary<String> pool =
        Arbitraries.of(
            "com.example.Service",
            "a.B$1",
            "pkg.Outer$Inner$$Lambda/0x0000000800c0b440",
            "States.Foo",
            "\u00e9t\u00e9.\uD83D\uDE00Class",
            "p.\uD800lone",
            "n\u0000ul",
            "x".repeat(2000));
    List<Tuple2<Integer, Arbitrary<String>>> kinds =
        List.of(Tuple.of(19, pool), Tuple.of(1, shortText().filter(s -> !s.isEmpty())));
    Arbitrary<String> name = Arbitraries.frequencyOf(kinds);
    return Combinators.combine(
            name, name, name.injectNull(0.3), Arbitraries.integers().between(-3, 99_999))
        .as(StackTraceElement::new);
  }

  @Provide
  Arbitrary<CodeSpec> codes() {
    Arbitrary<String> code =
        Arbitraries.oneOf(
            List.of(
                Arbitraries.strings()
                    .alpha()
                    .numeric()
                    .withChars('.')
                    .ofMinLength(1)
                    .ofMaxLength(40),
                shortText(),
                shortText().map(s -> "States." + s),
                Arbitraries.of("", " ", "\t\n", "States.ALL", "States.Timeout", "Payment.Declined"),
                Arbitraries.integers().between(240, 300).map(k -> "C".repeat(k)),
                Arbitraries.integers().between(240, 260).map(k -> "States." + "C".repeat(k))));
    return Combinators.combine(code.injectNull(0.1), Arbitraries.integers().between(0, 9))
        .as((c, t) -> new CodeSpec(c, t == 0));
  }

  @Provide
  Arbitrary<String> messages() { // with nulls: jqwik is not null-annotated
    List<Tuple2<Integer, Arbitrary<String>>> kinds =
        List.of(Tuple.of(8, shortText()), Tuple.of(2, longText()));
    Arbitrary<String> text = Arbitraries.frequencyOf(kinds);
    return text.injectNull(0.1);
  }

  /** Up to a few hundred code units of mixed, hostile text. */
  private static Arbitrary<String> shortText() {
    List<Tuple2<Integer, Arbitrary<String>>> pieces =
        List.of(
            Tuple.of(4, Arbitraries.strings().ascii().ofMaxLength(12)),
            Tuple.of(
                2,
                Arbitraries.of(
                    "\u0000", "\u0001", "\u001F", "\n", "\r", "\t", "\"", "\\", "/", "\u007F",
                    "\u2028", "\uFEFF", "\uFFFF", "\uFFFD")),
            Tuple.of(
                2,
                Arbitraries.integers()
                    .between(0x10000, 0x10FFFF)
                    .map(cp -> new String(Character.toChars(cp)))),
            Tuple.of(2, Arbitraries.chars().range('\uD800', '\uDFFF').map(String::valueOf)),
            Tuple.of(2, Arbitraries.chars().range('\u0080', '\uFFFF').map(String::valueOf)));
    Arbitrary<String> piece = Arbitraries.frequencyOf(pieces);
    return piece.list().ofMaxSize(40).map(list -> String.join("", list));
  }

  /** Text of 1,000 to 200,000 code units: a random chunk repeated, cut anywhere. */
  private static Arbitrary<String> longText() {
    return Combinators.combine(
            shortText().filter(s -> !s.isEmpty()), Arbitraries.integers().between(1000, 200_000))
        .as(
            (chunk, length) -> {
              StringBuilder sb = new StringBuilder(length + chunk.length());
              while (sb.length() < length) {
                sb.append(chunk);
              }
              return sb.substring(0, length);
            });
  }

  // ---- helpers ----

  private static Rigged build(Graph graph) {
    List<Rigged> built = new ArrayList<>();
    for (NodeSpec spec : graph.nodes()) {
      CodeSpec code = spec.code();
      Rigged r = code == null ? new Rigged(spec.message()) : new CodedRigged(spec.message(), code);
      r.messageThrows = spec.messageThrows();
      r.causeThrows = spec.causeThrows();
      r.trace = spec.trace();
      r.customTrace = spec.frames().toArray(new StackTraceElement[0]);
      built.add(r);
    }
    for (int i = 0; i < built.size(); i++) {
      NodeSpec spec = graph.nodes().get(i);
      Rigged r = built.get(i);
      r.withCause(spec.cause() < 0 ? null : built.get(spec.cause()));
      for (int s : spec.suppressed()) {
        if (s != i) { // addSuppressed refuses self-suppression
          r.addSuppressed(built.get(s));
        }
      }
    }
    return built.get(0);
  }

  /** {@code own} frames from pool {@code pool}, then the last {@code shared} of a base trace. */
  private static StackTraceElement[] sharingTrace(int own, int pool, int shared) {
    List<StackTraceElement> trace = new ArrayList<>();
    for (int i = 0; i < own; i++) {
      trace.add(new StackTraceElement("o" + pool + ".C" + i, "m", "C" + i + ".java", i + 1));
    }
    for (int i = 30 - shared; i < 30; i++) {
      trace.add(new StackTraceElement("b.C" + i, "m", "C" + i + ".java", i + 1));
    }
    return trace.toArray(new StackTraceElement[0]);
  }

  private static void assertFramesAtMost(JsonNode node, int max) {
    assertThat(node.get("stackTrace").size()).isLessThanOrEqualTo(max);
    if (node.has("cause")) {
      assertFramesAtMost(node.get("cause"), max);
    }
    for (JsonNode s : node.path("suppressed")) {
      assertFramesAtMost(s, max);
    }
  }

  /** Independent oracle of the explicit-code rule; null when the code is unusable. */
  private static @Nullable String expectedCode(@Nullable String code) {
    if (code == null || code.isBlank()) {
      return null;
    }
    String valid = replaceLoneSurrogates(code);
    if (valid.startsWith("States.")) {
      valid = "Custom." + valid;
    }
    return valid.length() <= TaskFailure.MAX_ERROR_LENGTH ? valid : null;
  }

  /** Oracle: code points in the surrogate range are exactly the lone surrogates. */
  private static String replaceLoneSurrogates(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    s.codePoints().forEach(cp -> sb.appendCodePoint(cp >= 0xD800 && cp <= 0xDFFF ? 0xFFFD : cp));
    return sb.toString();
  }
}
