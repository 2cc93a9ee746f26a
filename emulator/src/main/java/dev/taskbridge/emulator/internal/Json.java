package dev.taskbridge.emulator.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import org.jspecify.annotations.Nullable;

/** The shared Jackson machinery. */
final class Json {
  static final ObjectMapper MAPPER =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  static final JsonFactory FACTORY = MAPPER.getFactory();

  /**
   * Reads trees with the mapper's settings; unlike {@code MAPPER.readTree}, which resolves the root
   * type and its deserializer on every call, a reader holds both.
   */
  private static final ObjectReader TREE = MAPPER.readerFor(JsonNode.class);

  static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private Json() {}

  static ObjectNode obj() {
    return NODES.objectNode();
  }

  /** Epoch seconds with millisecond fraction, as the SDK's UNIX_TIMESTAMP format expects. */
  static BigDecimal ts(long millis) {
    return BigDecimal.valueOf(millis, 3);
  }

  static byte[] write(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses a request body; empty content reads as a missing node or null. */
  static @Nullable JsonNode readTree(byte[] body) throws IOException {
    return TREE.readTree(body);
  }

  /** Parses a JSON text, or returns null if it is not valid JSON. */
  static @Nullable JsonNode tryParse(String text) {
    try {
      return TREE.readTree(text);
    } catch (IOException e) {
      return null;
    }
  }

  /** Parses JSON text this emulator produced itself. */
  static JsonNode parseTrusted(String text) {
    try {
      return TREE.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String toText(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] errorBody(
      String type,
      @Nullable String message,
      @Nullable String extraKey,
      @Nullable String extraValue) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(128);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("__type", type);
      if (message != null) {
        g.writeStringField("message", message);
      }
      if (extraKey != null && extraValue != null) {
        g.writeStringField(extraKey, extraValue);
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
