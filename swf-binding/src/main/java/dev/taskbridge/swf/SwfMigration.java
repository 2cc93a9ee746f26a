package dev.taskbridge.swf;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.taskbridge.api.Backend;
import dev.taskbridge.api.FieldPolicy;
import dev.taskbridge.api.TaskFailure;
import dev.taskbridge.api.TaskToken;
import dev.taskbridge.api.internal.FieldRules;
import dev.taskbridge.api.internal.Truncation;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.swf.model.ActivityTaskFailedEventAttributes;
import software.amazon.awssdk.services.swf.model.RespondActivityTaskFailedRequest;

/**
 * Moves a failure between SWF's words ({@code reason}, {@code details}) and Step Functions' ({@code
 * error}, {@code cause}), for teams migrating workers and tools that read one history and write the
 * other.
 *
 * <p><b>SWF to Step Functions</b> ({@link #toStepFunctions}). On Step Functions the error is a
 * routing key that {@code ErrorEquals} matches exactly, while an SWF reason is often free text.
 *
 * <ul>
 *   <li>A reason that already is a code becomes the error, and the details become the cause,
 *       unchanged. A code is 1 to 256 characters: a letter, {@code _} or {@code $}, then letters,
 *       digits and {@code _ $ . : / + -}, and it does not begin with {@code States.}. Examples:
 *       {@code com.example.CardDeclined}, {@code Payment.Declined}.
 *   <li>Any other reason becomes the configured code (default {@value #DEFAULT_ERROR_CODE}), and
 *       the reason travels inside the cause as the JSON {@code {"reason": ..., "details": ...}}. If
 *       that JSON would exceed 32768 UTF-16 code units, the details are cut first, then the reason,
 *       at code-point boundaries, each ending with {@link FieldPolicy#TRUNCATION_MARKER}, so the
 *       cause stays valid JSON within the limit.
 *   <li>A null reason stays a null error and the details stay the cause.
 * </ul>
 *
 * <p><b>Step Functions to SWF</b> ({@link #toSwf}): error becomes reason and cause becomes details,
 * after the field rules, exactly as the SWF reporter sends them.
 *
 * <p>Both directions go through the binding's MapStruct mapper. Instances are immutable and
 * thread-safe.
 */
public final class SwfMigration {

  /** The error used for a reason that is not a code. */
  public static final String DEFAULT_ERROR_CODE = "Swf.ActivityTaskFailed";

  private static final Pattern CODE = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$.:/+-]{0,255}");
  private static final JsonFactory JSON = new JsonFactory();
  private static final SwfMigration DEFAULTS = new SwfMigration(DEFAULT_ERROR_CODE);

  private final String errorCode;

  private SwfMigration(String errorCode) {
    this.errorCode = errorCode;
  }

  /** The rules with {@value #DEFAULT_ERROR_CODE} for reasons that are not codes. */
  public static SwfMigration defaults() {
    return DEFAULTS;
  }

  /**
   * The rules with {@code errorCode} for reasons that are not codes.
   *
   * @throws IllegalArgumentException if {@code errorCode} is not a code itself
   */
  public static SwfMigration withErrorCode(String errorCode) {
    Objects.requireNonNull(errorCode, "errorCode");
    if (!isCode(errorCode)) {
      throw new IllegalArgumentException(
          "errorCode must be 1 to 256 characters of [A-Za-z0-9_$.:/+-], start with a letter, _ or $,"
              + " and not begin with States.");
    }
    return new SwfMigration(errorCode);
  }

  /** Whether {@code reason} can serve as a Step Functions error name as it is. */
  public static boolean isCode(@Nullable String reason) {
    return reason != null && CODE.matcher(reason).matches() && !reason.startsWith("States.");
  }

  /** The Step Functions failure for an SWF {@code ActivityTaskFailed} event. */
  public TaskFailure toStepFunctions(ActivityTaskFailedEventAttributes attributes) {
    return SwfWire.MAPPER.migrate(attributes, this);
  }

  /** The Step Functions failure for an SWF reason and details. */
  public TaskFailure toStepFunctions(@Nullable String reason, @Nullable String details) {
    return toStepFunctions(
        ActivityTaskFailedEventAttributes.builder().reason(reason).details(details).build());
  }

  /**
   * The SWF request that reports {@code failure} for {@code token}: error to reason, cause to
   * details, after the field rules under {@link FieldPolicy#TRUNCATE}.
   */
  public RespondActivityTaskFailedRequest toSwf(TaskToken token, TaskFailure failure) {
    TaskFailure sent = FieldRules.prepare(Backend.SWF, token, failure, FieldPolicy.TRUNCATE);
    RespondActivityTaskFailedRequest.Builder b = RespondActivityTaskFailedRequest.builder();
    SwfWire.MAPPER.fill(token.value(), sent, b);
    return b.build();
  }

  @Nullable String errorFor(@Nullable String reason) {
    if (reason == null || reason.isEmpty()) {
      return null;
    }
    return isCode(reason) ? reason : errorCode;
  }

  @Nullable String causeFor(@Nullable String reason, @Nullable String details) {
    if (reason == null || reason.isEmpty() || isCode(reason)) {
      return details;
    }
    String r = reason;
    String d = details;
    String json = json(r, d);
    while (json.length() > TaskFailure.MAX_CAUSE_LENGTH) {
      int excess = json.length() - TaskFailure.MAX_CAUSE_LENGTH;
      if (d != null && d.length() > FieldPolicy.TRUNCATION_MARKER.length()) {
        d = cut(d, excess);
      } else {
        r = cut(r, excess);
      }
      json = json(r, d);
    }
    return json;
  }

  private static String cut(String s, int excess) {
    int keep = Math.max(FieldPolicy.TRUNCATION_MARKER.length(), s.length() - excess);
    return Truncation.truncate(s, keep, FieldPolicy.TRUNCATION_MARKER);
  }

  private static String json(String reason, @Nullable String details) {
    StringWriter out =
        new StringWriter(reason.length() + (details == null ? 0 : details.length()) + 32);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("reason", reason);
      if (details != null) {
        g.writeStringField("details", details);
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringWriter does not fail
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return "SwfMigration[errorCode=" + errorCode + "]";
  }
}
