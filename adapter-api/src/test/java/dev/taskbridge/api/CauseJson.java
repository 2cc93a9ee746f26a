package dev.taskbridge.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.taskbridge.api.internal.Truncation;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Objects;

/** Test-side checks of a converted failure: strict JSON parsing and the invariants. */
final class CauseJson {

  private static final ObjectMapper STRICT =
      JsonMapper.builder()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private CauseJson() {}

  /** Parses {@code json} strictly: one document, no duplicate keys, nothing after it. */
  static JsonNode parse(String json) {
    try {
      return STRICT.readTree(json);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Asserts every rule a converted failure must satisfy and returns its parsed cause. */
  static JsonNode assertValid(TaskFailure failure) {
    assertThat(failure.error()).isNotNull().isNotBlank();
    assertThat(failure.cause()).isNotNull();
    String error = Objects.requireNonNull(failure.error());
    String cause = Objects.requireNonNull(failure.cause());
    assertThat(error.length()).isLessThanOrEqualTo(TaskFailure.MAX_ERROR_LENGTH);
    assertThat(error).doesNotStartWith("States.");
    assertThat(Truncation.firstLoneSurrogate(error)).isEqualTo(-1);
    assertThat(cause.length()).isLessThanOrEqualTo(TaskFailure.MAX_CAUSE_LENGTH);
    assertThat(Truncation.firstLoneSurrogate(cause)).isEqualTo(-1);
    JsonNode root = parse(cause);
    assertThat(root.isObject()).isTrue();
    assertShape(root, true);
    return root;
  }

  private static void assertShape(JsonNode node, boolean top) {
    assertThat(node.path("errorType").isTextual()).as("errorType").isTrue();
    assertThat(node.path("errorType").asText()).doesNotStartWith("States.");
    JsonNode message = node.get("errorMessage");
    assertThat(message).as("errorMessage").isNotNull();
    assertThat(message.isTextual() || message.isNull()).isTrue();
    assertThat(node.path("stackTrace").isArray()).as("stackTrace").isTrue();
    node.path("stackTrace").forEach(f -> assertThat(f.isTextual()).isTrue());
    if (!top) {
      assertThat(node.has("truncated")).as("truncated only at the top").isFalse();
    }
    if (node.has("framesInCommon")) {
      assertThat(top).as("framesInCommon never at the top").isFalse();
      assertThat(node.get("framesInCommon").isInt()).isTrue();
      assertThat(node.get("framesInCommon").asInt())
          .as("framesInCommon only when > 0")
          .isPositive();
      assertThat(node.has("circularReference")).isFalse();
    }
    if (node.has("cause")) {
      assertShape(node.get("cause"), false);
    }
    if (node.has("suppressed")) {
      assertThat(node.get("suppressed").isArray()).isTrue();
      node.get("suppressed").forEach(s -> assertShape(s, false));
    }
  }

  /** How many nested levels the document shows below the top, through causes and suppressed. */
  static int depth(JsonNode node) {
    int depth = 0;
    if (node.has("cause")) {
      depth = Math.max(depth, 1 + depth(node.get("cause")));
    }
    for (JsonNode s : node.path("suppressed")) {
      depth = Math.max(depth, 1 + depth(s));
    }
    return depth;
  }

  /** What {@link Throwable#printStackTrace()} prints for {@code t}: the JDK's own rendering. */
  static String printed(Throwable t) {
    StringWriter out = new StringWriter();
    try (PrintWriter writer = new PrintWriter(out)) {
      t.printStackTrace(writer);
    }
    return out.toString();
  }
}
