package dev.taskbridge.api;

/**
 * A value of a {@link TaskClient} call (poll, succeed, heartbeat, cancel) that breaks a field rule,
 * found before any network call. Failure reports throw {@link InvalidTaskFailureException} instead.
 *
 * <p>The message names the field, the rule and the limit, never the value.
 */
public final class InvalidTaskFieldException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final String field;

  /**
   * @param field the field at fault ({@code "taskToken"}, {@code "result"}, {@code "output"},
   *     {@code "details"}, {@code "identity"}, ...)
   * @param message what rule it breaks and the limit; must not contain the value
   */
  public InvalidTaskFieldException(String field, String message) {
    super(field + ": " + message);
    this.field = field;
  }

  /** The field at fault: the backend's wire name, or the {@link TaskClient} parameter's. */
  public String field() {
    return field;
  }
}
