package dev.taskbridge.emulator.internal.asl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** JSONPath as Step Functions reads it, where json-path alone reads it otherwise. */
class PathsTest {

  private static JsonNode json(String s) {
    return java.util.Objects.requireNonNull(Nodes.tryParse(s), s);
  }

  @Test
  void aBackslashInASingleQuotedName_isACharacterOfTheName() {
    // The member a\"b, as AWS recorded it (corpus case ESCAPE_SEQUENCES_JSONPATH).
    JsonNode doc = json("{\"a\\\\\\\"b\":1,\"c\\\\d\":2}");
    assertThat(Paths.read("$['a\\\"b']", doc).asInt()).isEqualTo(1);
    assertThat(Paths.read("$['c\\d']", doc).asInt()).isEqualTo(2);
  }

  @Test
  void anEscapedQuoteInASingleQuotedName_staysAQuote() {
    JsonNode doc = json("{\"it's\":3}");
    assertThat(Paths.read("$['it\\'s']", doc).asInt()).isEqualTo(3);
  }

  @Test
  void pathsWithoutBackslashes_areUnchanged() {
    assertThat(Paths.literalBackslashes("$.a['b'][0]")).isEqualTo("$.a['b'][0]");
    assertThat(Paths.literalBackslashes("$['x\\y']")).isEqualTo("$['x\\\\y']");
  }
}
