package dev.taskbridge.aws.internal;

import dev.taskbridge.api.TaskFailure;
import dev.taskbridge.api.TaskToken;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Keeps the task token, error and cause out of exception messages.
 *
 * <p>A backend may echo what it was sent: Coral's validation messages quote the offending value
 * ("Value 'xyz' at 'reason' failed to satisfy constraint ..."), and SWF fields are not marked
 * sensitive. The SDK copies that text into the exception message and into one suppressed exception
 * per retried attempt. Before such an exception becomes the cause of ours, every occurrence of a
 * sent value, or of its first {@value #PREFIX} characters, is replaced by {@value #MARK}. Values
 * shorter than {@value #MIN_SECRET} characters are left alone.
 */
final class Redaction {

  static final String MARK = "<redacted>";
  private static final int PREFIX = 16;
  private static final int MIN_SECRET = 4;

  private final String[] secrets;

  Redaction(TaskToken token, TaskFailure failure) {
    this(secretsOf(token, failure));
  }

  /** Redacts each of {@code values}: the token and whatever the call sent. */
  Redaction(List<String> values) {
    List<String> s = new ArrayList<>(values.size() * 2);
    for (String v : values) {
      add(s, v);
    }
    this.secrets = s.toArray(new String[0]);
  }

  private static List<String> secretsOf(TaskToken token, TaskFailure failure) {
    List<String> s = new ArrayList<>(3);
    s.add(token.value());
    if (failure.error() != null) {
      s.add(failure.error());
    }
    if (failure.cause() != null) {
      s.add(failure.cause());
    }
    return s;
  }

  private static void add(List<String> out, @Nullable String value) {
    // Shorter values occur in ordinary text by chance ("Tas" in "Task Timed Out"); replacing them
    // would garble the message without protecting anything.
    if (value == null || value.length() < MIN_SECRET) {
      return;
    }
    out.add(value);
    if (value.length() > PREFIX) {
      out.add(value.substring(0, PREFIX));
    }
  }

  /** {@code text} with every secret replaced; the same object when there was none. */
  @Nullable String clean(@Nullable String text) {
    if (text == null) {
      return null;
    }
    String result = text;
    for (String secret : secrets) {
      if (result.contains(secret)) {
        result = result.replace(secret, MARK);
      }
    }
    return result;
  }

  /**
   * {@code e} itself if its message holds no secret; otherwise, for an SDK exception a cleaned copy
   * of the same type (see {@link #clean(SdkException)}), for anything else an {@code SdkException}
   * with the cleaned message and the same stack trace.
   */
  RuntimeException clean(RuntimeException e) {
    if (e instanceof SdkException sdk) {
      return clean(sdk);
    }
    if (!containsSecret(e.getMessage())) {
      return e;
    }
    SdkException copy =
        SdkException.builder()
            .message(e.getClass().getName() + ": " + clean(e.getMessage()))
            .build();
    copy.setStackTrace(e.getStackTrace());
    return copy;
  }

  /**
   * {@code e} itself if no message in it holds a secret; otherwise a copy of the same type with
   * cleaned messages, no raw response body, and cleaned suppressed exceptions.
   */
  @SuppressWarnings("ReferenceEquality") // clean() returns its argument when nothing was replaced
  SdkException clean(SdkException e) {
    if (!leaks(e)) {
      return e;
    }
    SdkException.Builder b = e.toBuilder().message(clean(e.getMessage()));
    if (e instanceof AwsServiceException ase && ase.awsErrorDetails() != null) {
      AwsErrorDetails d = ase.awsErrorDetails();
      ((AwsServiceException.Builder) b)
          .awsErrorDetails(
              d.toBuilder().errorMessage(clean(d.errorMessage())).rawResponse(null).build());
    }
    SdkException copy = b.build();
    copy.setStackTrace(e.getStackTrace());
    for (Throwable s : e.getSuppressed()) {
      String m = s.getMessage();
      String cleaned = clean(m);
      copy.addSuppressed(
          cleaned == m
              ? s
              : SdkException.builder().message(cleaned).writableStackTrace(false).build());
    }
    return copy;
  }

  private boolean leaks(SdkException e) {
    if (containsSecret(e.getMessage())) {
      return true;
    }
    if (e instanceof AwsServiceException ase
        && ase.awsErrorDetails() != null
        && containsSecret(ase.awsErrorDetails().errorMessage())) {
      return true;
    }
    for (Throwable s : e.getSuppressed()) {
      if (containsSecret(s.getMessage())) {
        return true;
      }
    }
    return false;
  }

  private boolean containsSecret(@Nullable String text) {
    if (text == null) {
      return false;
    }
    for (String secret : secrets) {
      if (text.contains(secret)) {
        return true;
      }
    }
    return false;
  }
}
