package dev.taskbridge.emulator.internal.asl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NodesTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "plain ascii",
        "\u00e9t\u00e9 \u00df",
        "\u20ac \u4e2d\u6587",
        "\ud83d\ude00 emoji",
        "lone high \ud83d end",
        "lone low \ude00 end",
        "high at end \ud83d",
        "\ude00\ud83d reversed pair",
        "\u007f\u0080\u07ff\u0800\uffff"
      })
  void utf8Length_isTheLengthOfTheUtf8Encoding(String s) {
    assertThat(Nodes.utf8Length(s)).isEqualTo(s.getBytes(StandardCharsets.UTF_8).length);
  }
}
