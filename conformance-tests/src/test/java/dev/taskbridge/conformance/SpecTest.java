package dev.taskbridge.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SpecTest {

  private static final Path SPEC = Path.of("SPEC.md");

  @Test
  void specMd_isWhatRuleJavaSays() throws IOException {
    String expected = Spec.markdown();
    if (Boolean.getBoolean("taskbridge.updateSpec")) {
      Files.writeString(SPEC, expected, StandardCharsets.UTF_8);
    }
    assertThat(Files.readString(SPEC, StandardCharsets.UTF_8))
        .as(
            "SPEC.md is out of date; regenerate it with -Dtaskbridge.updateSpec=true (see its header)")
        .isEqualTo(expected);
    for (Rule rule : Rule.values()) {
      assertThat(expected).contains("## " + rule + ". " + rule.title());
    }
  }
}
