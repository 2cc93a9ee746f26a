package dev.taskbridge.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The opaque token that identifies an activity task to the backend that issued it.
 *
 * <p>A task token is a bearer credential: whoever holds it can close the task. This class never
 * shows it: {@link #toString()} prints a {@linkplain #fingerprint() fingerprint} (the first 8 hex
 * digits of the token's SHA-256), which is enough to correlate log lines and not enough to use.
 *
 * <p>A token may be tagged with the backend that issued it, so that a routing reporter can send the
 * report there (see {@link TaskFailureReporters#routing}). Its length is checked here against the
 * largest limit of either service (2048 characters); the SWF binding also enforces SWF's 1024.
 */
public final class TaskToken {

  /** The longest token either service accepts, in characters (Step Functions' limit). */
  public static final int MAX_LENGTH = 2048;

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final String value;
  private final @Nullable Backend issuer;
  private volatile @Nullable String fingerprint;

  private TaskToken(String value, @Nullable Backend issuer) {
    this.value = value;
    this.issuer = issuer;
  }

  /**
   * A token whose issuer is not known.
   *
   * @throws IllegalArgumentException if {@code value} is null, empty or longer than {@value
   *     #MAX_LENGTH} characters; the message names the limit and never shows the value
   */
  public static TaskToken of(@Nullable String value) {
    return new TaskToken(checkValue(value), null);
  }

  /**
   * A token issued by {@code issuer}.
   *
   * @throws IllegalArgumentException as {@link #of(String)}, or if {@code issuer} is null
   */
  public static TaskToken of(@Nullable Backend issuer, @Nullable String value) {
    if (issuer == null) {
      throw new IllegalArgumentException("taskToken issuer must not be null");
    }
    return new TaskToken(checkValue(value), issuer);
  }

  private static String checkValue(@Nullable String value) {
    if (value == null) {
      throw new IllegalArgumentException(
          "taskToken must be 1 to " + MAX_LENGTH + " characters, was null");
    }
    if (value.isEmpty() || value.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "taskToken must be 1 to " + MAX_LENGTH + " characters, was " + value.length());
    }
    return value;
  }

  /** The token as the backend issued it. Treat it as a secret: never log it. */
  public String value() {
    return value;
  }

  /** The backend that issued this token, when known. */
  public Optional<Backend> issuer() {
    return Optional.ofNullable(issuer);
  }

  /**
   * A short, stable, non-reversible name for this token: {@code "sha256:"} and the first 8 hex
   * digits of the SHA-256 of its UTF-8 bytes. Safe to log.
   */
  public String fingerprint() {
    String result = fingerprint;
    if (result == null) {
      result = computeFingerprint(value);
      fingerprint = result;
    }
    return result;
  }

  static String computeFingerprint(String value) {
    byte[] digest;
    try {
      digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      // Every Java platform must provide SHA-256 (MessageDigest javadoc).
      throw new AssertionError("SHA-256 is not available", e);
    }
    StringBuilder sb = new StringBuilder("sha256:".length() + 8).append("sha256:");
    for (int i = 0; i < 4; i++) {
      sb.append(HEX[(digest[i] >> 4) & 0xF]).append(HEX[digest[i] & 0xF]);
    }
    return sb.toString();
  }

  /** Equal when value and issuer are equal. */
  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof TaskToken other && value.equals(other.value) && issuer == other.issuer;
  }

  @Override
  public int hashCode() {
    return Objects.hash(value, issuer);
  }

  /** {@code TaskToken[sha256:1a2b3c4d, issuer=SFN]}; never the token itself. */
  @Override
  public String toString() {
    return "TaskToken["
        + fingerprint()
        + (issuer == null ? "" : ", issuer=" + issuer)
        + ", length="
        + value.length()
        + "]";
  }
}
