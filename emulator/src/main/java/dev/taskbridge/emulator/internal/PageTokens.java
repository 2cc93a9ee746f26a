package dev.taskbridge.emulator.internal;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Page tokens of both engines: the offset of the next item and the key of the listing (an ARN, a
 * run id), so that a token is refused by any other listing.
 */
final class PageTokens {
  private static final Logger LOG = LoggerFactory.getLogger(PageTokens.class);

  private PageTokens() {}

  static String encode(String key, int offset) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((offset + "|" + key).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The offset in a token made by {@link #encode} for {@code key}; empty for any other token,
   * including a hand-made one with a negative offset.
   */
  static OptionalInt decode(String token, String key) {
    try {
      String s = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      int bar = s.indexOf('|');
      if (bar > 0 && s.substring(bar + 1).equals(key)) {
        int offset = Integer.parseInt(s.substring(0, bar));
        return offset >= 0 ? OptionalInt.of(offset) : OptionalInt.empty();
      }
    } catch (IllegalArgumentException e) {
      // Not Base64, or no number before the bar: the caller refuses the token.
      LOG.debug("page token refused: {}", e.getClass().getName());
    }
    return OptionalInt.empty();
  }
}
