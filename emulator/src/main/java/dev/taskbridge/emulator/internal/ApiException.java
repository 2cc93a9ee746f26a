package dev.taskbridge.emulator.internal;

import org.jspecify.annotations.Nullable;

/** An AWS-shaped error answer: HTTP status, {@code __type} and message. */
final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  static final String SFN = "com.amazonaws.swf.service.v2.model#";
  static final String SWF = "com.amazonaws.swf.base.model#";
  static final String VALIDATION = "com.amazon.coral.validate#ValidationException";
  static final String SERIALIZATION = "com.amazon.coral.service#SerializationException";
  static final String UNKNOWN_OPERATION = "com.amazon.coral.service#UnknownOperationException";

  final int status;
  final String type;
  final @Nullable String extraKey;
  final @Nullable String extraValue;

  ApiException(int status, String type, String message) {
    this(status, type, message, null, null);
  }

  ApiException(
      int status,
      String type,
      String message,
      @Nullable String extraKey,
      @Nullable String extraValue) {
    super(message, null, false, false);
    this.status = status;
    this.type = type;
    this.extraKey = extraKey;
    this.extraValue = extraValue;
  }

  static ApiException sfn(String code, String message) {
    return new ApiException(400, SFN + code, message);
  }

  static ApiException swf(String code, String message) {
    return new ApiException(400, SWF + code, message);
  }

  static ApiException validation(String message) {
    return new ApiException(400, VALIDATION, message);
  }

  static ApiException serialization(String message) {
    return new ApiException(400, SERIALIZATION, message);
  }
}
