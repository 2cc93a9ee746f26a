package dev.taskbridge.emulator.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class PageTokensTest {

  private static String handMade(String text) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aTokenOfThisListing_givesItsOffset() {
    assertThat(PageTokens.decode(PageTokens.encode("run-1", 40), "run-1")).hasValue(40);
  }

  @Test
  void aTokenOfAnotherListing_isRefused() {
    assertThat(PageTokens.decode(PageTokens.encode("run-1", 40), "run-2")).isEmpty();
  }

  @Test
  void aHandMadeNegativeOffset_isRefused() {
    // Accepted, it indexed the history at -5 and answered 500.
    assertThat(PageTokens.decode(handMade("-5|run-1"), "run-1")).isEmpty();
  }

  @Test
  void notBase64_orNoNumber_isRefused() {
    assertThat(PageTokens.decode("***", "run-1")).isEmpty();
    assertThat(PageTokens.decode(handMade("x|run-1"), "run-1")).isEmpty();
  }
}
