package dev.taskbridge.emulator.internal.asl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.jspecify.annotations.Nullable;

/** The interpreter's Jackson machinery: parse, write, and sizes. */
public final class Nodes {
  private Nodes() {}

  /**
   * The deepest nesting a JSON text that enters an execution may have. Values the interpreter
   * builds may nest a little deeper (a result placed at a ResultPath), so writing allows more.
   */
  public static final int MAX_READ_DEPTH = 1000;

  static final ObjectMapper MAPPER = mapper();
  static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private static ObjectMapper mapper() {
    ObjectMapper m = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    m.getFactory()
        .setStreamWriteConstraints(
            StreamWriteConstraints.builder().maxNestingDepth(MAX_READ_DEPTH * 4).build());
    return m;
  }

  static ObjectNode obj() {
    return NODES.objectNode();
  }

  /** Parses a JSON text, or returns null if it is not valid JSON (or nests too deep). */
  public static @Nullable JsonNode tryParse(String text) {
    try {
      JsonNode n = MAPPER.readTree(text);
      return n == null || n.isMissingNode() ? null : n;
    } catch (IOException e) {
      return null;
    }
  }

  /** Writes a value as compact JSON text. */
  public static String text(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The length of {@code s} in UTF-8 bytes, as {@code s.getBytes(UTF_8).length} (an unpaired
   * surrogate counts as the one-byte replacement), without encoding it: every state's output is
   * measured.
   */
  static int utf8Length(String s) {
    int n = 0;
    int len = s.length();
    for (int i = 0; i < len; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n++;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < len
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        n += 4;
        i++;
      } else if (Character.isSurrogate(c)) {
        n++;
      } else {
        n += 3;
      }
    }
    return n;
  }

  static JsonNode parseTrusted(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The ASL type name of a value in error messages. */
  static String typeName(@Nullable JsonNode v) {
    if (v == null || v.isNull()) {
      return "null";
    }
    if (v.isTextual()) {
      return "string";
    }
    if (v.isNumber()) {
      return "number";
    }
    if (v.isBoolean()) {
      return "boolean";
    }
    if (v.isArray()) {
      return "array";
    }
    return "object";
  }
}
