package dev.taskbridge.api;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How a reporter applies the field rules and retries: an immutable value, shared by both bindings.
 *
 * <p>Retries: a throttled or unavailable answer (see {@link ReportOutcome#retryable()}) is sent
 * again after a full-jitter exponential backoff (a random delay between 0 and {@code
 * min(maxBackoff, initialBackoff * 2^(n-1))}), until {@link #maxAttempts()} attempts were made or
 * {@link #deadline()} passed since the call began. The deadline bounds the whole call, including
 * the SDK client's own retries inside each attempt: each attempt is sent with an API call timeout
 * of the time left, unless the client's own API call timeout is already no longer than that.
 * Terminal answers are never retried.
 *
 * <p>The SDK client's own retry strategy still runs inside each attempt (by default it retries
 * throttling, 5xx and I/O errors up to 3 times); taskbridge adds what it does not do, such as
 * retrying {@code KmsThrottlingException} and SWF {@code LimitExceededFault}.
 */
public final class ReporterOptions {

  private static final ReporterOptions DEFAULTS = builder().build();

  private final FieldPolicy fieldPolicy;
  private final Duration deadline;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final int maxAttempts;
  private final boolean kmsFallback;

  private ReporterOptions(Builder b) {
    this.fieldPolicy = b.fieldPolicy;
    this.deadline = b.deadline;
    this.initialBackoff = b.initialBackoff;
    this.maxBackoff = b.maxBackoff;
    this.maxAttempts = b.maxAttempts;
    this.kmsFallback = b.kmsFallback;
  }

  /**
   * The defaults: {@link FieldPolicy#TRUNCATE}, a 30 s deadline, backoff from 100 ms up to 5 s, at
   * most 10 attempts, no KMS fallback.
   */
  public static ReporterOptions defaults() {
    return DEFAULTS;
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from these options. */
  public Builder toBuilder() {
    return new Builder()
        .fieldPolicy(fieldPolicy)
        .deadline(deadline)
        .initialBackoff(initialBackoff)
        .maxBackoff(maxBackoff)
        .maxAttempts(maxAttempts)
        .kmsFallback(kmsFallback);
  }

  /** What to do with a failure that breaks a field rule. */
  public FieldPolicy fieldPolicy() {
    return fieldPolicy;
  }

  /** The longest a report may take, retries and backoff included. */
  public Duration deadline() {
    return deadline;
  }

  /** The upper bound of the first backoff delay. */
  public Duration initialBackoff() {
    return initialBackoff;
  }

  /** The largest upper bound of any backoff delay. */
  public Duration maxBackoff() {
    return maxBackoff;
  }

  /** The most attempts taskbridge makes (each may hold SDK-internal retries). */
  public int maxAttempts() {
    return maxAttempts;
  }

  /**
   * Whether a Step Functions report refused with {@code KmsAccessDeniedException} or {@code
   * KmsInvalidStateException} is sent once more with neither error nor cause. That needs no KMS
   * permission, so the task fails now instead of timing out; the refusal is still thrown, with
   * {@link TaskReportException#failedWithoutDetails()} true. Off by default; SWF ignores it.
   */
  public boolean kmsFallback() {
    return kmsFallback;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof ReporterOptions other
        && fieldPolicy == other.fieldPolicy
        && deadline.equals(other.deadline)
        && initialBackoff.equals(other.initialBackoff)
        && maxBackoff.equals(other.maxBackoff)
        && maxAttempts == other.maxAttempts
        && kmsFallback == other.kmsFallback;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        fieldPolicy, deadline, initialBackoff, maxBackoff, maxAttempts, kmsFallback);
  }

  @Override
  public String toString() {
    return "ReporterOptions[fieldPolicy="
        + fieldPolicy
        + ", deadline="
        + deadline
        + ", initialBackoff="
        + initialBackoff
        + ", maxBackoff="
        + maxBackoff
        + ", maxAttempts="
        + maxAttempts
        + (kmsFallback ? ", kmsFallback=true" : "")
        + "]";
  }

  /** Builds {@link ReporterOptions}; every setter checks its argument. */
  public static final class Builder {
    private FieldPolicy fieldPolicy = FieldPolicy.TRUNCATE;
    private Duration deadline = Duration.ofSeconds(30);
    private Duration initialBackoff = Duration.ofMillis(100);
    private Duration maxBackoff = Duration.ofSeconds(5);
    private int maxAttempts = 10;
    private boolean kmsFallback;

    private Builder() {}

    /** Sets the field policy; default {@link FieldPolicy#TRUNCATE}. */
    public Builder fieldPolicy(FieldPolicy fieldPolicy) {
      this.fieldPolicy = Objects.requireNonNull(fieldPolicy, "fieldPolicy");
      return this;
    }

    /** Sets the deadline of one report, retries included; positive; default 30 s. */
    public Builder deadline(Duration deadline) {
      this.deadline = positive(deadline, "deadline");
      return this;
    }

    /** Sets the upper bound of the first backoff delay; positive; default 100 ms. */
    public Builder initialBackoff(Duration initialBackoff) {
      this.initialBackoff = positive(initialBackoff, "initialBackoff");
      return this;
    }

    /** Sets the largest upper bound of a backoff delay; positive; default 5 s. */
    public Builder maxBackoff(Duration maxBackoff) {
      this.maxBackoff = positive(maxBackoff, "maxBackoff");
      return this;
    }

    /** Sets the most attempts; at least 1 (1 disables taskbridge's retries); default 10. */
    public Builder maxAttempts(int maxAttempts) {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
      }
      this.maxAttempts = maxAttempts;
      return this;
    }

    /** Turns the Step Functions KMS fallback on or off; default off. See {@link #kmsFallback()}. */
    public Builder kmsFallback(boolean kmsFallback) {
      this.kmsFallback = kmsFallback;
      return this;
    }

    /**
     * Builds the options.
     *
     * @throws IllegalArgumentException if {@code initialBackoff} exceeds {@code maxBackoff}
     */
    public ReporterOptions build() {
      if (initialBackoff.compareTo(maxBackoff) > 0) {
        throw new IllegalArgumentException(
            "initialBackoff ("
                + initialBackoff
                + ") must not exceed maxBackoff ("
                + maxBackoff
                + ")");
      }
      return new ReporterOptions(this);
    }

    private static Duration positive(Duration d, String name) {
      Objects.requireNonNull(d, name);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, was " + d);
      }
      return d;
    }
  }
}
