package dev.taskbridge.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class TaskTokenTest {

  private static final String SECRET = "tok-SECRET-9f8e7d6c5b4a";

  private static String independentFingerprint(String value) throws NoSuchAlgorithmException {
    byte[] digest =
        MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    return "sha256:" + HexFormat.of().formatHex(digest, 0, 4);
  }

  @Test
  void of_whenNull_throwsNamingTheLimit() {
    assertThatThrownBy(() -> TaskToken.of(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2048")
        .hasMessageContaining("null");
  }

  @Test
  void of_whenEmpty_throwsNamingTheLimit() {
    assertThatThrownBy(() -> TaskToken.of(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2048")
        .hasMessageContaining("was 0");
  }

  @Test
  void of_whenLongerThan2048_throwsNamingTheLimitWithoutTheValue() {
    String chunk = "SeCrEtQ7";
    String value = chunk.repeat(256) + "Z"; // 2049 chars
    assertThat(value).hasSize(2049);

    assertThatThrownBy(() -> TaskToken.of(value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2048")
        .hasMessageContaining("2049")
        .hasMessageNotContaining(chunk);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void ofWithIssuer_whenLongerThan2048_throwsWithoutTheValue(Backend issuer) {
    String chunk = "SeCrEtQ7";
    String value = chunk.repeat(256) + "Z";

    assertThatThrownBy(() -> TaskToken.of(issuer, value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2048")
        .hasMessageNotContaining(chunk);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void ofWithIssuer_whenEmptyOrNull_throws(Backend issuer) {
    assertThatThrownBy(() -> TaskToken.of(issuer, ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2048");
    assertThatThrownBy(() -> TaskToken.of(issuer, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2048");
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 1024, 1025, 2047, 2048})
  void of_whenLengthWithinOneTo2048_accepts(int length) {
    String value = "a".repeat(length);

    TaskToken token = TaskToken.of(value);

    assertThat(token.value()).isSameAs(value);
    assertThat(token.issuer()).isEmpty();
  }

  @Test
  void of_whenIssuerNull_throwsWithoutTheValue() {
    assertThatThrownBy(() -> TaskToken.of((Backend) null, SECRET))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("issuer")
        .hasMessageNotContaining(SECRET);
  }

  @Test
  void maxLength_is2048() {
    assertThat(TaskToken.MAX_LENGTH).isEqualTo(2048);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void issuer_whenTagged_isPresent(Backend issuer) {
    TaskToken token = TaskToken.of(issuer, SECRET);

    assertThat(token.issuer()).contains(issuer);
    assertThat(token.value()).isEqualTo(SECRET);
  }

  @Test
  void issuer_whenUntagged_isEmpty() {
    assertThat(TaskToken.of(SECRET).issuer()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "a",
        "tok-SECRET-9f8e7d6c5b4a",
        "AAAAKgAAAAIAAAAAAAAAAQ==",
        "ünïcödé-tøkén",
        "emoji-\uD83D\uDE00-token"
      })
  void fingerprint_isSha256PrefixOfUtf8Bytes(String value) throws NoSuchAlgorithmException {
    TaskToken token = TaskToken.of(value);

    assertThat(token.fingerprint())
        .matches("sha256:[0-9a-f]{8}")
        .isEqualTo(independentFingerprint(value));
  }

  @Test
  void fingerprint_isStableAcrossCallsInstancesAndIssuers() {
    TaskToken a = TaskToken.of(SECRET);
    String first = a.fingerprint();

    assertThat(a.fingerprint()).isEqualTo(first);
    assertThat(TaskToken.of(SECRET).fingerprint()).isEqualTo(first);
    assertThat(TaskToken.of(Backend.SWF, SECRET).fingerprint()).isEqualTo(first);
    assertThat(TaskToken.of(Backend.SFN, SECRET).fingerprint()).isEqualTo(first);
  }

  @Test
  void fingerprint_whenValuesDiffer_differs() {
    assertThat(TaskToken.of("token-one").fingerprint())
        .isNotEqualTo(TaskToken.of("token-two").fingerprint());
  }

  @Test
  void toString_showsFingerprintAndNeverTheValue() {
    TaskToken token = TaskToken.of(SECRET);

    assertThat(token.toString())
        .contains(token.fingerprint())
        .contains("length=" + SECRET.length())
        .doesNotContain(SECRET)
        .doesNotContain("SECRET")
        .doesNotContain("issuer");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void toString_whenTagged_showsIssuerAndNeverTheValue(Backend issuer) {
    TaskToken token = TaskToken.of(issuer, SECRET);

    assertThat(token.toString())
        .isEqualTo(
            "TaskToken["
                + token.fingerprint()
                + ", issuer="
                + issuer
                + ", length="
                + SECRET.length()
                + "]")
        .doesNotContain("SECRET");
  }

  @Test
  void equals_whenSameValueAndIssuer_isEqualWithSameHashCode() {
    assertThat(TaskToken.of(SECRET)).isEqualTo(TaskToken.of(SECRET));
    assertThat(TaskToken.of(SECRET).hashCode()).isEqualTo(TaskToken.of(SECRET).hashCode());
    assertThat(TaskToken.of(Backend.SWF, SECRET)).isEqualTo(TaskToken.of(Backend.SWF, SECRET));
    assertThat(TaskToken.of(Backend.SWF, SECRET).hashCode())
        .isEqualTo(TaskToken.of(Backend.SWF, SECRET).hashCode());
  }

  @Test
  void equals_whenIssuerDiffers_isNotEqual() {
    assertThat(TaskToken.of(Backend.SWF, SECRET)).isNotEqualTo(TaskToken.of(Backend.SFN, SECRET));
    assertThat(TaskToken.of(Backend.SFN, SECRET)).isNotEqualTo(TaskToken.of(SECRET));
    assertThat(TaskToken.of(SECRET)).isNotEqualTo(TaskToken.of(Backend.SWF, SECRET));
  }

  @Test
  void equals_whenValueDiffers_isNotEqual() {
    assertThat(TaskToken.of("token-one")).isNotEqualTo(TaskToken.of("token-two"));
    assertThat(TaskToken.of(Backend.SFN, "token-one"))
        .isNotEqualTo(TaskToken.of(Backend.SFN, "token-two"));
  }

  @Test
  void equals_whenOtherTypeOrNull_isNotEqual() {
    TaskToken token = TaskToken.of(SECRET);

    Object nothing = null;
    assertThat(token.equals(nothing)).isFalse();
    assertThat(token).isNotEqualTo(SECRET);
  }
}
