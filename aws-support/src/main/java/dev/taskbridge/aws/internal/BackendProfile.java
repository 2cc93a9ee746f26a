package dev.taskbridge.aws.internal;

import dev.taskbridge.api.Backend;
import dev.taskbridge.api.ReportOutcome;
import dev.taskbridge.api.TaskCall;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * One backend's column of the translation table: the wire codes it answers and what they mean, for
 * every call.
 *
 * <p>Codes not listed fall to the rules every AWS JSON service shares (see {@link
 * ErrorClassifier}).
 *
 * @param backend the backend
 * @param codes wire error code (the {@code __type} without namespace) to outcome, for every call
 * @param callCodes codes that mean something else for one call (SWF's {@code UnknownResourceFault}
 *     on a poll names an unknown domain or task list: rejected, not "task gone")
 * @param kmsKeyState reads the key state off a {@code KmsInvalidStateException}, or returns null
 * @param kmsFallbackCodes the wire codes after which a report with neither error nor cause may
 *     still fail the task (Step Functions' KMS refusals); empty for SWF
 * @param pollTimeout the API call timeout of every poll attempt: longer than the service's 60 s
 *     hold by the margin its documentation asks for
 */
public record BackendProfile(
    Backend backend,
    Map<String, ReportOutcome> codes,
    Map<TaskCall, Map<String, ReportOutcome>> callCodes,
    KeyStateReader kmsKeyState,
    Set<String> kmsFallbackCodes,
    Duration pollTimeout) {

  /** Reads the KMS key state off a backend's {@code KmsInvalidStateException}. */
  @FunctionalInterface
  public interface KeyStateReader {
    /** The key state, or null if {@code e} carries none. */
    @Nullable String read(AwsServiceException e);
  }

  /** Copies the collections. */
  public BackendProfile {
    codes = Map.copyOf(codes);
    Map<TaskCall, Map<String, ReportOutcome>> copy = new EnumMap<>(TaskCall.class);
    callCodes.forEach((call, table) -> copy.put(call, Map.copyOf(table)));
    callCodes = java.util.Collections.unmodifiableMap(copy);
    kmsFallbackCodes = Set.copyOf(kmsFallbackCodes);
  }

  /**
   * A profile whose codes mean the same for every call, with {@code pollTimeout} 70 s; for tests of
   * the classification.
   */
  public BackendProfile(
      Backend backend,
      Map<String, ReportOutcome> codes,
      KeyStateReader kmsKeyState,
      Set<String> kmsFallbackCodes) {
    this(backend, codes, Map.of(), kmsKeyState, kmsFallbackCodes, Duration.ofSeconds(70));
  }

  /** What {@code code} means as the answer to {@code call}, or null if this table does not say. */
  public @Nullable ReportOutcome outcome(TaskCall call, String code) {
    Map<String, ReportOutcome> own = callCodes.get(call);
    ReportOutcome specific = own == null ? null : own.get(code);
    return specific != null ? specific : codes.get(code);
  }
}
