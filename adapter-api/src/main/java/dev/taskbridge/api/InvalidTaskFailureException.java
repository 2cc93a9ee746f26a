package dev.taskbridge.api;

/**
 * A token or failure that breaks a field rule, found before any network call.
 *
 * <p>The message names the field, the rule and the limit, never the value.
 */
public final class InvalidTaskFailureException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final String field;

  /**
   * @param field the wire field at fault ({@code "taskToken"}, {@code "error"}, {@code "reason"},
   *     ...)
   * @param message what rule it breaks and the limit; must not contain the value
   */
  public InvalidTaskFailureException(String field, String message) {
    super(field + ": " + message);
    this.field = field;
  }

  /** The wire field at fault, as the backend names it. */
  public String field() {
    return field;
  }
}
