package dev.taskbridge.aws.internal;

import dev.taskbridge.api.Backend;
import dev.taskbridge.api.ReportOutcome;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * One backend's column of the translation table: the wire codes it answers and what they mean.
 *
 * <p>Codes not listed fall to the rules every AWS JSON service shares (see {@link
 * ErrorClassifier}).
 *
 * @param backend the backend
 * @param codes wire error code (the {@code __type} without namespace) to outcome
 * @param kmsKeyState reads the key state off a {@code KmsInvalidStateException}, or returns null
 * @param kmsFallbackCodes the wire codes after which a report with neither error nor cause may
 *     still fail the task (Step Functions' KMS refusals); empty for SWF
 */
public record BackendProfile(
    Backend backend,
    Map<String, ReportOutcome> codes,
    KeyStateReader kmsKeyState,
    Set<String> kmsFallbackCodes) {

  /** Reads the KMS key state off a backend's {@code KmsInvalidStateException}. */
  @FunctionalInterface
  public interface KeyStateReader {
    /** The key state, or null if {@code e} carries none. */
    @Nullable String read(AwsServiceException e);
  }

  /** Copies the collections. */
  public BackendProfile {
    codes = Map.copyOf(codes);
    kmsFallbackCodes = Set.copyOf(kmsFallbackCodes);
  }
}
