package dev.taskbridge.conformance;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/**
 * Why a scenario could not run, said from the exception's structure: the operation, the HTTP status
 * and wire code of an answer, or the exception types of a call that got no answer. The text of an
 * SDK exception is never used: the backend writes part of it.
 */
final class CouldNotRun {

  private CouldNotRun() {}

  /**
   * {@code CreateActivity got no answer (SdkClientException, ConnectException)}, {@code
   * DescribeDomain answered HTTP 400 UnknownOperationException}, or the kit's own message.
   *
   * @param operation the SDK operation the scenario called last, if known
   */
  static String describe(Throwable e, @Nullable String operation) {
    String op = operation == null ? "a call" : operation;
    if (e instanceof SdkServiceException answered) {
      String code =
          answered instanceof AwsServiceException aws && aws.awsErrorDetails() != null
              ? aws.awsErrorDetails().errorCode()
              : null;
      return op
          + " answered HTTP "
          + answered.statusCode()
          + (code == null ? " (no AWS error code)" : " " + code)
          + (answered.requestId() == null ? "" : ", request id " + answered.requestId());
    }
    if (e instanceof SdkException) {
      return op + " got no answer (" + String.join(", ", types(e)) + ")";
    }
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  /** The simple names of {@code e} and its causes, outermost first. */
  static List<String> types(Throwable e) {
    List<String> names = new ArrayList<>();
    for (Throwable t = e;
        t != null && names.size() < 8;
        t = t.getCause() == t ? null : t.getCause()) {
      names.add(t.getClass().getSimpleName());
    }
    return names;
  }
}
