package dev.taskbridge.emulator.internal;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Issues and recognises task tokens.
 *
 * <p>A token is base64url of {@code kind(1) | a(8) | b(8) | nonce(16, SecureRandom) |
 * HMAC-SHA256(key, all before)[0..16)}, the key being random per emulator instance. Open tasks are
 * found by the exact token string in a map (O(1)); a token not in the map but carrying a valid MAC
 * was issued by this instance for a task that is now closed, which lets the emulator tell a closed
 * task ({@code TaskTimedOut}, "Unknown activity") from garbage ({@code InvalidToken}) while keeping
 * memory proportional to open tasks only. The kind byte binds a token to the service and task kind
 * that issued it.
 */
final class Tokens {
  static final byte SFN_ACTIVITY = 1;
  static final byte SWF_ACTIVITY = 2;
  static final byte SWF_DECISION = 3;

  private static final int PAYLOAD = 1 + 8 + 8 + 16;
  private static final int MAC_LEN = 16;
  private static final Base64.Encoder ENC = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DEC = Base64.getUrlDecoder();

  private final SecretKeySpec key;
  private final SecureRandom random = new SecureRandom();
  private final ThreadLocal<Mac> macs;

  /** A token's decoded content. */
  static final class Decoded {
    final long a;
    final long b;

    Decoded(long a, long b) {
      this.a = a;
      this.b = b;
    }
  }

  Tokens() {
    byte[] k = new byte[32];
    random.nextBytes(k);
    this.key = new SecretKeySpec(k, "HmacSHA256");
    this.macs =
        ThreadLocal.withInitial(
            () -> {
              try {
                Mac m = Mac.getInstance("HmacSHA256");
                m.init(key);
                return m;
              } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
              }
            });
  }

  String issue(byte kind, long a, long b) {
    byte[] buf = new byte[PAYLOAD + MAC_LEN];
    ByteBuffer bb = ByteBuffer.wrap(buf);
    bb.put(kind).putLong(a).putLong(b);
    byte[] nonce = new byte[16];
    random.nextBytes(nonce);
    bb.put(nonce);
    Mac mac = macs.get();
    mac.update(buf, 0, PAYLOAD);
    byte[] full = mac.doFinal();
    System.arraycopy(full, 0, buf, PAYLOAD, MAC_LEN);
    return ENC.encodeToString(buf);
  }

  /** Returns the content of a token this instance issued with {@code kind}, else null. */
  @Nullable Decoded decode(byte kind, String token) {
    if (token.length() != 66) {
      return null;
    }
    byte[] buf;
    try {
      buf = DEC.decode(token);
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (buf.length != PAYLOAD + MAC_LEN || buf[0] != kind) {
      return null;
    }
    // the last character carries 4 unused bits: only the canonical spelling is a token
    if (!ENC.encodeToString(buf).equals(token)) {
      return null;
    }
    Mac mac = macs.get();
    mac.update(buf, 0, PAYLOAD);
    byte[] full = mac.doFinal();
    byte[] expected = new byte[MAC_LEN];
    System.arraycopy(full, 0, expected, 0, MAC_LEN);
    byte[] actual = new byte[MAC_LEN];
    System.arraycopy(buf, PAYLOAD, actual, 0, MAC_LEN);
    if (!MessageDigest.isEqual(expected, actual)) {
      return null;
    }
    ByteBuffer bb = ByteBuffer.wrap(buf, 1, 16);
    return new Decoded(bb.getLong(), bb.getLong());
  }
}
