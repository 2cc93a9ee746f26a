package dev.taskbridge.api;

import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Where a worker polls for activity tasks: a Step Functions activity or an SWF task list.
 *
 * <p>A source names its backend, so a {@link TaskClient} for the other backend refuses it before
 * any network call. Names are not secrets and show in {@link #toString()}.
 */
public final class TaskSource {

  /** The longest activity ARN, domain or task list name either service accepts (256). */
  public static final int MAX_NAME_LENGTH = 256;

  private final Backend backend;
  private final @Nullable String activityArn;
  private final @Nullable String domain;
  private final @Nullable String taskList;

  private TaskSource(
      Backend backend,
      @Nullable String activityArn,
      @Nullable String domain,
      @Nullable String taskList) {
    this.backend = backend;
    this.activityArn = activityArn;
    this.domain = domain;
    this.taskList = taskList;
  }

  /**
   * A Step Functions activity, polled with {@code GetActivityTask}.
   *
   * @throws NullPointerException if {@code activityArn} is null
   * @throws IllegalArgumentException if it is empty or longer than {@value #MAX_NAME_LENGTH}
   *     characters
   */
  public static TaskSource sfnActivity(String activityArn) {
    return new TaskSource(Backend.SFN, checkName(activityArn, "activityArn"), null, null);
  }

  /**
   * An SWF task list of a domain, polled with {@code PollForActivityTask}.
   *
   * @throws NullPointerException if either argument is null
   * @throws IllegalArgumentException if either is empty or longer than {@value #MAX_NAME_LENGTH}
   *     characters
   */
  public static TaskSource swfTaskList(String domain, String taskList) {
    return new TaskSource(
        Backend.SWF, null, checkName(domain, "domain"), checkName(taskList, "taskList"));
  }

  private static String checkName(String value, String field) {
    Objects.requireNonNull(value, field);
    if (value.isEmpty() || value.length() > MAX_NAME_LENGTH) {
      throw new IllegalArgumentException(
          field + " must be 1 to " + MAX_NAME_LENGTH + " characters, was " + value.length());
    }
    return value;
  }

  /** The backend this source belongs to. */
  public Backend backend() {
    return backend;
  }

  /** The activity's ARN, for a Step Functions source. */
  public Optional<String> activityArn() {
    return Optional.ofNullable(activityArn);
  }

  /** The SWF domain, for an SWF source. */
  public Optional<String> domain() {
    return Optional.ofNullable(domain);
  }

  /** The SWF task list name, for an SWF source. */
  public Optional<String> taskList() {
    return Optional.ofNullable(taskList);
  }

  /** Equal when backend and names are equal. */
  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof TaskSource other
        && backend == other.backend
        && Objects.equals(activityArn, other.activityArn)
        && Objects.equals(domain, other.domain)
        && Objects.equals(taskList, other.taskList);
  }

  @Override
  public int hashCode() {
    return Objects.hash(backend, activityArn, domain, taskList);
  }

  /** {@code TaskSource[SFN activity=arn:...]} or {@code TaskSource[SWF domain=d, taskList=t]}. */
  @Override
  public String toString() {
    return backend == Backend.SFN
        ? "TaskSource[SFN activity=" + activityArn + "]"
        : "TaskSource[SWF domain=" + domain + ", taskList=" + taskList + "]";
  }
}
