package dev.taskbridge.emulator.internal.asl;

/** A definition the service would refuse; the message is the service's diagnostic. */
public final class DefinitionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The diagnostic code, e.g. {@code SCHEMA_VALIDATION_FAILED}. */
  public final String code;

  /** The JSON pointer-like location, e.g. {@code /States/Work/Next}. */
  public final String location;

  /** The diagnostic text without code and location. */
  public final String detail;

  DefinitionException(String code, String detail, String location) {
    super(
        "Invalid State Machine Definition: '" + code + ": " + detail + " at " + location + "'",
        null,
        false,
        false);
    this.code = code;
    this.location = location;
    this.detail = detail;
  }

  static DefinitionException schema(String detail, String location) {
    return new DefinitionException("SCHEMA_VALIDATION_FAILED", detail, location);
  }
}
