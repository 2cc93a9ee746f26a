package dev.taskbridge.api.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskbridge.api.FieldPolicy;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class TruncationTest {

  private static final String MARKER = FieldPolicy.TRUNCATION_MARKER;
  private static final int ITERATIONS = 2_000;

  /** Random text mixing ASCII, NUL, BMP, astral code points and lone surrogates. */
  private static String randomText(Random random) {
    int length = random.nextInt(601);
    StringBuilder sb = new StringBuilder(length + 1);
    while (sb.length() < length) {
      switch (random.nextInt(7)) {
        case 0, 1 -> sb.append((char) (0x20 + random.nextInt(0x5F)));
        case 2 -> sb.append('\u0000');
        case 3 -> {
          // BMP, outside the surrogate range.
          int c = 0x80 + random.nextInt(0xFFFF - 0x80 - 0x800);
          sb.append((char) (c >= 0xD800 ? c + 0x800 : c));
        }
        case 4 -> sb.appendCodePoint(0x10000 + random.nextInt(0x10FFFF - 0x10000 + 1));
        case 5 -> sb.append((char) (0xD800 + random.nextInt(0x400))); // lone high, unless paired
        default -> sb.append((char) (0xDC00 + random.nextInt(0x400))); // lone low, unless paired
      }
    }
    return sb.toString();
  }

  private static String escape(String s) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c < 0x7F) {
        sb.append(c);
      } else {
        sb.append(String.format("\\u%04X", (int) c));
      }
    }
    return sb.toString();
  }

  /** Independent oracle: code points in the surrogate range are exactly the lone surrogates. */
  private static String oracleReplace(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    s.codePoints().forEach(cp -> sb.appendCodePoint(cp >= 0xD800 && cp <= 0xDFFF ? 0xFFFD : cp));
    return sb.toString();
  }

  private static int oracleFirstLone(String s) {
    int i = 0;
    while (i < s.length()) {
      int cp = s.codePointAt(i);
      if (cp >= 0xD800 && cp <= 0xDFFF) {
        return i;
      }
      i += Character.charCount(cp);
    }
    return -1;
  }

  @Test
  void truncate_randomInputs_holdTheContract() {
    long seed = ThreadLocalRandom.current().nextLong();
    Random random = new Random(seed);
    for (int iteration = 0; iteration < ITERATIONS; iteration++) {
      String input = randomText(random);
      int limit = MARKER.length() + random.nextInt(620 - MARKER.length());
      int it = iteration;
      Supplier<String> where =
          () ->
              String.format(
                  "seed=%d iteration=%d limit=%d input=%s", seed, it, limit, escape(input));

      String result = Truncation.truncate(input, limit, MARKER);

      assertThat(result.length()).as(where).isLessThanOrEqualTo(limit);
      if (input.length() <= limit) {
        assertThat(result).as(where).isSameAs(input);
        continue;
      }
      assertThat(result).as(where).endsWith(MARKER);
      String kept = result.substring(0, result.length() - MARKER.length());
      assertThat(input).as(where).startsWith(kept);
      assertThat(kept.length()).as(where).isGreaterThanOrEqualTo(limit - MARKER.length() - 1);
      // No pair split by the cut: a kept part ending with a high surrogate would only be at a
      // code-point boundary if that high surrogate was already lone in the input (followed by
      // something other than a low surrogate), e.g. two lone highs in a row.
      if (!kept.isEmpty() && Character.isHighSurrogate(kept.charAt(kept.length() - 1))) {
        assertThat(Character.isLowSurrogate(input.charAt(kept.length())))
            .as(() -> where.get() + " kept ends with the high half of a pair")
            .isFalse();
      }
      if (Truncation.firstLoneSurrogate(input) < 0) {
        assertThat(Truncation.firstLoneSurrogate(result)).as(where).isEqualTo(-1);
      }
    }
  }

  @Test
  void truncate_randomInputsWithoutLoneSurrogates_neverEndKeptPartWithHighSurrogate() {
    long seed = ThreadLocalRandom.current().nextLong();
    Random random = new Random(seed);
    for (int iteration = 0; iteration < ITERATIONS; iteration++) {
      // What FieldRules does: lone surrogates are replaced before any cut.
      String input = Truncation.replaceLoneSurrogates(randomText(random));
      int limit = MARKER.length() + random.nextInt(620 - MARKER.length());
      int it = iteration;
      Supplier<String> where =
          () ->
              String.format(
                  "seed=%d iteration=%d limit=%d input=%s", seed, it, limit, escape(input));

      String result = Truncation.truncate(input, limit, MARKER);

      assertThat(result.length()).as(where).isLessThanOrEqualTo(limit);
      assertThat(Truncation.firstLoneSurrogate(result)).as(where).isEqualTo(-1);
      if (input.length() <= limit) {
        assertThat(result).as(where).isSameAs(input);
        continue;
      }
      assertThat(result).as(where).endsWith(MARKER);
      String kept = result.substring(0, result.length() - MARKER.length());
      assertThat(input).as(where).startsWith(kept);
      assertThat(kept.length()).as(where).isGreaterThanOrEqualTo(limit - MARKER.length() - 1);
      if (!kept.isEmpty()) {
        assertThat(Character.isHighSurrogate(kept.charAt(kept.length() - 1)))
            .as(() -> where.get() + " kept ends with a high surrogate")
            .isFalse();
      }
    }
  }

  @Test
  void loneSurrogates_randomInputs_agreeWithOracle() {
    long seed = ThreadLocalRandom.current().nextLong();
    Random random = new Random(seed);
    for (int iteration = 0; iteration < ITERATIONS; iteration++) {
      String input = randomText(random);
      int it = iteration;
      Supplier<String> where =
          () -> String.format("seed=%d iteration=%d input=%s", seed, it, escape(input));

      int first = Truncation.firstLoneSurrogate(input);
      String replaced = Truncation.replaceLoneSurrogates(input);

      assertThat(first).as(where).isEqualTo(oracleFirstLone(input));
      assertThat(replaced).as(where).isEqualTo(oracleReplace(input));
      assertThat(replaced.length()).as(where).isEqualTo(input.length());
      assertThat(Truncation.firstLoneSurrogate(replaced)).as(where).isEqualTo(-1);
      int firstDifference = -1;
      for (int i = 0; i < input.length(); i++) {
        if (input.charAt(i) != replaced.charAt(i)) {
          int at = i;
          assertThat(replaced.charAt(i)).as(() -> where.get() + " at " + at).isEqualTo('\uFFFD');
          assertThat(Character.isSurrogate(input.charAt(i)))
              .as(() -> where.get() + " at " + at)
              .isTrue();
          if (firstDifference < 0) {
            firstDifference = i;
          }
        }
      }
      assertThat(firstDifference).as(where).isEqualTo(first);
      if (first < 0) {
        assertThat(replaced).as(where).isEqualTo(input);
      }
    }
  }

  @Test
  void truncate_whenFits_returnsSameInstance() {
    String s = "exactly";

    assertThat(Truncation.truncate(s, 7, "...")).isSameAs(s);
    assertThat(Truncation.truncate("", 0, "...")).isEmpty();
  }

  @Test
  void truncate_whenTooLong_cutsAndAppendsMarker() {
    assertThat(Truncation.truncate("abcdefghij", 6, "..")).isEqualTo("abcd..");
  }

  @Test
  void truncate_whenCutFallsInsidePair_dropsTheHighHalf() {
    String s = "ab\uD83D\uDE00cd";

    assertThat(Truncation.truncate(s, 4, "|")).isEqualTo("ab|");
    assertThat(Truncation.truncate(s, 5, "|")).isEqualTo("ab\uD83D\uDE00|");
  }

  @Test
  void truncate_whenMarkerEqualsLimit_returnsMarkerOnly() {
    assertThat(Truncation.truncate("abcdef", 3, "...")).isEqualTo("...");
  }

  @Test
  void truncate_whenMarkerLongerThanLimitAndInputTooLong_throws() {
    assertThatThrownBy(() -> Truncation.truncate("abcdef", 2, "..."))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2");
  }

  @Test
  void firstLoneSurrogate_findsUnpairedHalves() {
    assertThat(Truncation.firstLoneSurrogate("")).isEqualTo(-1);
    assertThat(Truncation.firstLoneSurrogate("plain")).isEqualTo(-1);
    assertThat(Truncation.firstLoneSurrogate("\uD83D\uDE00")).isEqualTo(-1);
    assertThat(Truncation.firstLoneSurrogate("\uD83D")).isEqualTo(0);
    assertThat(Truncation.firstLoneSurrogate("a\uDE00")).isEqualTo(1);
    assertThat(Truncation.firstLoneSurrogate("\uDE00\uD83D")).isEqualTo(0);
    assertThat(Truncation.firstLoneSurrogate("\uD83D\uD83D\uDE00")).isEqualTo(0);
    assertThat(Truncation.firstLoneSurrogate("\uD83D\uDE00\uDE00")).isEqualTo(2);
  }

  @Test
  void replaceLoneSurrogates_replacesOnlyUnpairedHalves() {
    assertThat(Truncation.replaceLoneSurrogates("\uD83D\uD83D\uDE00\uDE00x"))
        .isEqualTo("\uFFFD\uD83D\uDE00\uFFFDx");
    assertThat(Truncation.replaceLoneSurrogates("\uDE00\uD83D")).isEqualTo("\uFFFD\uFFFD");
    assertThat(Truncation.replaceLoneSurrogates("")).isEmpty();
  }
}
