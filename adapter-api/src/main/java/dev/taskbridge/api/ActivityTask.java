package dev.taskbridge.api;

import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One activity task handed out by a poll, on either backend.
 *
 * <p>The {@linkplain #token() token} is tagged with the backend that issued it, so a routing
 * reporter or client sends every answer there. SWF also names the activity type, the activity id
 * and the workflow execution; Step Functions names none of them, and those accessors are empty.
 *
 * <p>The token is a bearer credential and the input may hold personal data: {@link #toString()}
 * shows neither (the token's fingerprint and the input's length only).
 */
public final class ActivityTask {

  /** An SWF activity type: its name and version. */
  public record ActivityType(String name, String version) {
    /** Checks both parts are present. */
    public ActivityType {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(version, "version");
    }
  }

  /** An SWF workflow execution: its workflow id and run id. */
  public record WorkflowExecution(String workflowId, String runId) {
    /** Checks both parts are present. */
    public WorkflowExecution {
      Objects.requireNonNull(workflowId, "workflowId");
      Objects.requireNonNull(runId, "runId");
    }
  }

  private final TaskSource source;
  private final TaskToken token;
  private final @Nullable String input;
  private final @Nullable String activityId;
  private final @Nullable ActivityType activityType;
  private final @Nullable WorkflowExecution workflowExecution;

  private ActivityTask(Builder b) {
    this.source = b.source;
    this.token = b.token;
    this.input = b.input;
    this.activityId = b.activityId;
    this.activityType = b.activityType;
    this.workflowExecution = b.workflowExecution;
  }

  /**
   * Starts a task from {@code source} with {@code token}. Bindings build the tasks they poll with
   * it; tests use it to call a handler directly.
   *
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the token is tagged with another backend than the source's
   */
  public static Builder builder(TaskSource source, TaskToken token) {
    return new Builder(source, token);
  }

  /** The source the task was polled from. */
  public TaskSource source() {
    return source;
  }

  /** The task's token, tagged with its backend. A bearer credential: never log it. */
  public TaskToken token() {
    return token;
  }

  /**
   * The task's input as the backend sent it: JSON on Step Functions, free text on SWF; null when
   * the backend sent none. May hold personal data: never log it.
   */
  public @Nullable String input() {
    return input;
  }

  /** SWF's activity id; empty on Step Functions. */
  public Optional<String> activityId() {
    return Optional.ofNullable(activityId);
  }

  /** SWF's activity type; empty on Step Functions. */
  public Optional<ActivityType> activityType() {
    return Optional.ofNullable(activityType);
  }

  /** SWF's workflow execution the task belongs to; empty on Step Functions. */
  public Optional<WorkflowExecution> workflowExecution() {
    return Optional.ofNullable(workflowExecution);
  }

  /** Equal when every part is equal. */
  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof ActivityTask other
        && source.equals(other.source)
        && token.equals(other.token)
        && Objects.equals(input, other.input)
        && Objects.equals(activityId, other.activityId)
        && Objects.equals(activityType, other.activityType)
        && Objects.equals(workflowExecution, other.workflowExecution);
  }

  @Override
  public int hashCode() {
    return Objects.hash(source, token, input, activityId, activityType, workflowExecution);
  }

  /** The source, the token's fingerprint, the input's length and SWF's names; never a secret. */
  @Override
  public String toString() {
    StringBuilder sb =
        new StringBuilder("ActivityTask[")
            .append(source)
            .append(", token=")
            .append(token.fingerprint())
            .append(", inputLength=")
            .append(input == null ? "null" : String.valueOf(input.length()));
    if (activityId != null) {
      sb.append(", activityId=").append(activityId);
    }
    if (activityType != null) {
      sb.append(", activityType=").append(activityType.name()).append('/');
      sb.append(activityType.version());
    }
    if (workflowExecution != null) {
      sb.append(", workflowId=").append(workflowExecution.workflowId());
      sb.append(", runId=").append(workflowExecution.runId());
    }
    return sb.append(']').toString();
  }

  /** Builds an {@link ActivityTask}; not thread-safe. */
  public static final class Builder {
    private final TaskSource source;
    private final TaskToken token;
    private @Nullable String input;
    private @Nullable String activityId;
    private @Nullable ActivityType activityType;
    private @Nullable WorkflowExecution workflowExecution;

    private Builder(TaskSource source, TaskToken token) {
      this.source = Objects.requireNonNull(source, "source");
      this.token = Objects.requireNonNull(token, "token");
      Backend issuer = token.issuer().orElse(source.backend());
      if (issuer != source.backend()) {
        throw new IllegalArgumentException(
            "token issued by " + issuer + " cannot belong to a " + source.backend() + " source");
      }
    }

    /** The input; null or absent when the backend sent none. */
    public Builder input(@Nullable String input) {
      this.input = input;
      return this;
    }

    /** SWF's activity id. */
    public Builder activityId(@Nullable String activityId) {
      this.activityId = activityId;
      return this;
    }

    /** SWF's activity type. */
    public Builder activityType(@Nullable ActivityType activityType) {
      this.activityType = activityType;
      return this;
    }

    /** SWF's workflow execution. */
    public Builder workflowExecution(@Nullable WorkflowExecution workflowExecution) {
      this.workflowExecution = workflowExecution;
      return this;
    }

    /** The task. */
    public ActivityTask build() {
      return new ActivityTask(this);
    }
  }
}
