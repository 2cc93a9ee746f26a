package dev.taskbridge.api.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link JsonSyntax} against RFC 8259 by example, and against Jackson's strict streaming parser
 * (what the check used before) on generated documents and single-character mutations of them: both
 * accept and refuse the same texts.
 */
class JsonSyntaxTest {

  private static final JsonFactory JACKSON =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder().maxNestingDepth(Integer.MAX_VALUE).build())
          .build();

  /** Whether Jackson reads {@code s} as exactly one JSON value. */
  private static boolean jacksonAccepts(String s) {
    try (JsonParser p = JACKSON.createParser(s)) {
      if (p.nextToken() == null) {
        return false;
      }
      p.skipChildren();
      return p.nextToken() == null;
    } catch (IOException e) {
      return false;
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0",
        "-0",
        "-0.5e-7",
        "1E+300",
        "123456789012345678901234567890",
        " \t\r\n{} \n",
        "\"\"",
        "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\uD83D\\uDE00\"",
        "\"\\uD800\"",
        "\"é 😀 \u2028\"",
        "[]",
        "[[],{},[{}]]",
        "{\"a\":1,\"a\":2}",
        "{\"k\" : [ true , false , null ] }",
        "null",
        "{\"\":{\"\":{\"\":[]}}}"
      })
  void acceptsOneJsonValue(String s) {
    assertThat(JsonSyntax.problem(s)).isNull();
    assertThat(jacksonAccepts(s)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "01",
        "-",
        "1.",
        ".5",
        "1e",
        "1e+",
        "+1",
        "0x10",
        "NaN",
        "-Infinity",
        "tru",
        "truex",
        "nul",
        "True",
        "'a'",
        "\"a",
        "\"\\x\"",
        "\"\\u12G4\"",
        "\"\\u12\"",
        "\"tab\there\"",
        "[1,]",
        "[,1]",
        "[1 2]",
        "{\"a\"}",
        "{\"a\":}",
        "{a:1}",
        "{\"a\":1,}",
        "{,}",
        "[}",
        "{]",
        "[",
        "{",
        "]",
        "}",
        "{\"a\":1",
        "[[[]]",
        "// c\n1",
        "\uFEFF{}",
        "\u00a0{}",
        "[\u000b]",
        "1 2",
        "{}[]",
        "{} x",
        "\"\\u００００\""
      })
  void refusesAnythingElse(String s) {
    assertThat(JsonSyntax.problem(s)).isNotNull();
    assertThat(jacksonAccepts(s)).isFalse();
  }

  @Test
  void saysWhereAndWhy_neverQuotingTheText() {
    assertThat(JsonSyntax.problem("   ")).isEqualTo("it holds no JSON value");
    assertThat(JsonSyntax.problem("")).isEqualTo("it holds no JSON value");
    assertThat(JsonSyntax.problem("{\"secret\":x}")).isEqualTo("not JSON at character 10");
    assertThat(JsonSyntax.problem("{} {}")).isEqualTo("more than one JSON value (at character 3)");
    assertThat(JsonSyntax.problem("[1,2")).isEqualTo("not JSON at character 4");
  }

  /** Each kind of error, with the offset it names: the first character that is not JSON. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "`\"ab`                  | not JSON at character 3",
        "`\"a\u0001\"`         | not JSON at character 2",
        "`\"a\\q\"`           | not JSON at character 3",
        "`\"\\u12x4\"`        | not JSON at character 5",
        "`\"\\u12`             | not JSON at character 5",
        "`\"\\`                | not JSON at character 2",
        "`[tru]`                  | not JSON at character 1",
        "`[truex]`                | not JSON at character 5",
        "`[-]`                    | not JSON at character 2",
        "`[01]`                   | not JSON at character 2",
        "`[1.]`                   | not JSON at character 3",
        "`[1.5e]`                 | not JSON at character 5",
        "`[1e-]`                  | not JSON at character 4",
        "`{\"a\" 1}`            | not JSON at character 5",
        "`{1:2}`                  | not JSON at character 1",
        "`{\"a\":1,2}`          | not JSON at character 7",
        "`{\"a\":1]`            | not JSON at character 6",
        "`[1}`                    | not JSON at character 2",
        "`[1,`                    | not JSON at character 3",
        "`{\"a\":`              | not JSON at character 5",
        "`1 x`                    | not JSON at character 2",
        "`1 [2]`                  | more than one JSON value (at character 2)",
        "`1 {}`                   | more than one JSON value (at character 2)",
        "`1 \"s\"`              | more than one JSON value (at character 2)",
        "`1 -2`                   | more than one JSON value (at character 2)",
        "`1 7`                    | more than one JSON value (at character 2)",
        "`1 true`                 | more than one JSON value (at character 2)",
        "`1 false`                | more than one JSON value (at character 2)",
        "`1 null`                 | more than one JSON value (at character 2)",
      })
  void namesTheFirstCharacterThatIsNotJson(String text, String problem) {
    assertThat(JsonSyntax.problem(text)).isEqualTo(problem);
    assertThat(jacksonAccepts(text)).isFalse();
  }

  @Test
  void nestingDeeperThanALong_keepsObjectsAndArraysApart() {
    int depth = 1000;
    StringBuilder ok = new StringBuilder();
    for (int i = 0; i < depth; i++) {
      ok.append(i % 3 == 0 ? "{\"k\":" : "[");
    }
    ok.append("1");
    for (int i = depth - 1; i >= 0; i--) {
      ok.append(i % 3 == 0 ? "}" : "]");
    }
    assertThat(JsonSyntax.problem(ok.toString())).isNull();

    // The same with one closing bracket of the wrong kind, 700 levels in.
    int wrong = ok.length() - 700;
    char c = ok.charAt(wrong);
    String bad = ok.substring(0, wrong) + (c == '}' ? ']' : '}') + ok.substring(wrong + 1);
    assertThat(JsonSyntax.problem(bad)).isEqualTo("not JSON at character " + wrong);
    assertThat(jacksonAccepts(bad)).isFalse();

    String deepArrays = "[".repeat(200_000) + "]".repeat(200_000);
    assertThat(JsonSyntax.problem(deepArrays)).isNull();
  }

  @Test
  void agreesWithJackson_onGeneratedDocumentsAndTheirMutations() {
    Random random = new Random(20261203L);
    String alphabet = "{}[]:,\"\\/ \t\n0123456789-+.eEtrufalsnbu\u00e9\uD83D\uDE00x\u0001";
    int refused = 0;
    for (int n = 0; n < 20_000; n++) {
      String doc = value(random, 0);
      assertThat(JsonSyntax.problem(doc)).as("generated %s", doc).isNull();
      String mutated = mutate(random, doc, alphabet);
      boolean ours = JsonSyntax.problem(mutated) == null;
      assertThat(ours).as("accepted %s", mutated).isEqualTo(jacksonAccepts(mutated));
      if (!ours) {
        refused++;
      }
    }
    // The mutations exercise refusals, not only valid texts.
    assertThat(refused).isGreaterThan(5_000);
  }

  @Test
  void utf8LengthIfClean_isTheUtf8LengthOfValidJsonWithoutLoneSurrogates_elseMinusOne() {
    Random random = new Random(20261204L);
    // Every UTF-8 width, and surrogate halves that the edits pair, part or leave alone.
    String alphabet = "{}[]:,\"\\ 0-eu\u00e9\u07ff\u0800\u20ac\uFFFD\uD83D\uDE00\uDBFF\uDC00";
    int clean = 0;
    int lone = 0;
    for (int n = 0; n < 20_000; n++) {
      String doc = n % 2 == 0 ? value(random, 0) : mutate(random, value(random, 0), alphabet);
      boolean valid = JsonSyntax.problem(doc) == null;
      boolean hasLone = Truncation.firstLoneSurrogate(doc) >= 0;
      long expected = valid && !hasLone ? doc.getBytes(StandardCharsets.UTF_8).length : -1;
      assertThat(JsonSyntax.utf8LengthIfClean(doc)).as("measured %s", doc).isEqualTo(expected);
      clean += expected >= 0 ? 1 : 0;
      lone += valid && hasLone ? 1 : 0;
    }
    // Both outcomes, and valid texts refused only for a lone surrogate, are exercised.
    assertThat(clean).isGreaterThan(10_000);
    assertThat(lone).isGreaterThan(100);
  }

  @Test
  void utf8LengthIfClean_countsEachWidthInStrings_andRefusesLoneHalves() {
    assertThat(JsonSyntax.utf8LengthIfClean("null")).isEqualTo(4);
    assertThat(JsonSyntax.utf8LengthIfClean(" [\"a\u00e9\u0800\uD83D\uDE00\"] "))
        .isEqualTo(4 + 1 + 2 + 3 + 4 + 2);
    assertThat(JsonSyntax.utf8LengthIfClean("{\"\u20ac\":\"\\u20ac\"}")).isEqualTo(16);
    assertThat(JsonSyntax.utf8LengthIfClean("\"\uD83D\uDE00\"")).isEqualTo(6);
    assertThat(JsonSyntax.utf8LengthIfClean("\"\uD83D\"")).isEqualTo(-1);
    assertThat(JsonSyntax.utf8LengthIfClean("\"\uDE00\uD83D\"")).isEqualTo(-1);
    assertThat(JsonSyntax.utf8LengthIfClean("\"\uD83D\uD83D\uDE00\"")).isEqualTo(-1);
    assertThat(JsonSyntax.utf8LengthIfClean("\"\uD83D\uDE00")).isEqualTo(-1);
    assertThat(JsonSyntax.utf8LengthIfClean("[1]\uD83D\uDE00")).isEqualTo(-1);
    assertThat(JsonSyntax.utf8LengthIfClean("")).isEqualTo(-1);
    // An escaped lone surrogate is six ASCII characters, not a lone surrogate.
    assertThat(JsonSyntax.utf8LengthIfClean("\"\\uD800\"")).isEqualTo(8);
  }

  /** {@code doc} with one to three characters inserted, deleted or replaced at random. */
  private static String mutate(Random random, String doc, String alphabet) {
    StringBuilder m = new StringBuilder(doc);
    int edits = 1 + random.nextInt(3);
    for (int e = 0; e < edits; e++) {
      int at = random.nextInt(m.length() + 1);
      char c = alphabet.charAt(random.nextInt(alphabet.length()));
      switch (random.nextInt(3)) {
        case 0 -> m.insert(at, c);
        case 1 -> {
          if (at < m.length()) {
            m.deleteCharAt(at);
          }
        }
        default -> {
          if (at < m.length()) {
            m.setCharAt(at, c);
          }
        }
      }
    }
    return m.toString();
  }

  private static String value(Random r, int depth) {
    int kind = depth > 4 ? 2 + r.nextInt(4) : r.nextInt(6);
    switch (kind) {
      case 0 -> {
        StringBuilder b = new StringBuilder("{");
        int members = r.nextInt(4);
        for (int i = 0; i < members; i++) {
          b.append(i > 0 ? "," : "").append(ws(r)).append(string(r)).append(ws(r)).append(':');
          b.append(ws(r)).append(value(r, depth + 1)).append(ws(r));
        }
        return b.append('}').toString();
      }
      case 1 -> {
        StringBuilder b = new StringBuilder("[");
        int items = r.nextInt(4);
        for (int i = 0; i < items; i++) {
          b.append(i > 0 ? "," : "").append(ws(r)).append(value(r, depth + 1)).append(ws(r));
        }
        return b.append(']').toString();
      }
      case 2 -> {
        return string(r);
      }
      case 3 -> {
        String[] numbers = {"0", "-1", "12.5", "3e7", "-0.0E-2", "42", "1E+2"};
        return numbers[r.nextInt(numbers.length)];
      }
      case 4 -> {
        return new String[] {"true", "false", "null"}[r.nextInt(3)];
      }
      default -> {
        return ws(r) + string(r) + ws(r);
      }
    }
  }

  private static String string(Random r) {
    String[] parts = {"a", "é", "\\n", "\\\"", "\\u00e9", "\\\\", " ", "😀", "\\/", "k1"};
    StringBuilder b = new StringBuilder("\"");
    int n = r.nextInt(4);
    for (int i = 0; i < n; i++) {
      b.append(parts[r.nextInt(parts.length)]);
    }
    return b.append('"').toString();
  }

  private static String ws(Random r) {
    return new String[] {"", "", " ", "\n", "\t "}[r.nextInt(5)];
  }
}
