package dev.taskbridge.emulator.internal;

import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/** A complete HTTP answer: status, body and (for errors) the bare error code. */
final class Reply {
  static final byte[] EMPTY = new byte[0];
  static final Reply EMPTY_OK = new Reply(200, EMPTY, null);
  static final Reply EMPTY_JSON_OK = new Reply(200, "{}".getBytes(StandardCharsets.UTF_8), null);

  final int status;
  final byte[] body;
  final @Nullable String errorCode;

  Reply(int status, byte[] body, @Nullable String errorCode) {
    this.status = status;
    this.body = body;
    this.errorCode = errorCode;
  }

  static Reply ok(byte[] body) {
    return new Reply(200, body, null);
  }

  static Reply error(ApiException e) {
    return error(e.status, e.type, e.getMessage(), e.extraKey, e.extraValue);
  }

  static Reply error(
      int status,
      String type,
      @Nullable String message,
      @Nullable String extraKey,
      @Nullable String extraValue) {
    byte[] body = Json.errorBody(type, message, extraKey, extraValue);
    int hash = type.indexOf('#');
    return new Reply(status, body, hash >= 0 ? type.substring(hash + 1) : type);
  }
}
