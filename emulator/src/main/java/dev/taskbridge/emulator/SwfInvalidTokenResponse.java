package dev.taskbridge.emulator;

/**
 * What SWF answers for a task token it never issued (garbage); the real answer is not documented.
 */
public enum SwfInvalidTokenResponse {
  /**
   * HTTP 400 {@code com.amazonaws.swf.base.model#UnknownResourceFault}, message {@code Unknown or
   * expired task token} (the default: clients treat it like any other "task gone" answer).
   */
  UNKNOWN_RESOURCE_FAULT,
  /**
   * HTTP 400 {@code com.amazon.coral.validate#ValidationException}, message {@code Invalid token}
   * (what moto and LocalStack answer).
   */
  VALIDATION_EXCEPTION
}
