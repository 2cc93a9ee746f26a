package dev.taskbridge.api;

/**
 * What a reporter does with a failure that breaks a field rule, before anything is sent.
 *
 * <p>The rules, the same on both backends, checked on the final values after every transform:
 *
 * <ul>
 *   <li>{@code error} (SWF {@code reason}) is at most {@value TaskFailure#MAX_ERROR_LENGTH} and
 *       {@code cause} (SWF {@code details}) at most {@value TaskFailure#MAX_CAUSE_LENGTH} UTF-16
 *       code units. That is the strictest reading of the services' limits, so a value that passes
 *       fits whichever unit the service counts in.
 *   <li>Neither holds a lone surrogate (half of a UTF-16 pair): its encoding is undefined, and
 *       Java's UTF-8 encoders silently turn it into {@code ?}.
 *   <li>{@code error} does not begin with {@code "States."}: that prefix is reserved for the Step
 *       Functions language's own errors ({@code States.Timeout}, {@code States.TaskFailed}, ...),
 *       and a worker sending one would impersonate the service. The rule applies on SWF too, so a
 *       worker behaves the same after migrating.
 * </ul>
 *
 * <p>A task token longer than the backend accepts (SWF: 1024, Step Functions: 2048) or issued by
 * the other backend is always rejected: no repair can make it valid.
 */
public enum FieldPolicy {
  /**
   * Repair the failure so that the report lands (the default). A lone surrogate becomes U+FFFD; an
   * error named {@code States.X} is sent as {@code Custom.States.X}; an over-long field is cut at a
   * code-point boundary (never between the two halves of a surrogate pair) and ends with {@value
   * #TRUNCATION_MARKER}, all within the limit.
   */
  TRUNCATE,

  /** Throw {@link InvalidTaskFailureException} naming the field and the rule; send nothing. */
  REJECT;

  /** The text that ends a field cut by {@link #TRUNCATE}. */
  public static final String TRUNCATION_MARKER = "...[truncated]";

  /** The prefix {@link #TRUNCATE} puts before an error name that begins with {@code "States."}. */
  public static final String RESERVED_NAME_PREFIX = "Custom.";
}
