package dev.taskbridge.emulator.internal.asl;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** The {@code States.*} error names and how Retry and Catch match them. */
public final class Errors {
  private Errors() {}

  /** Matches every error (but {@code States.Runtime}, which no retrier or catcher handles). */
  public static final String ALL = "States.ALL";

  /** Matches every error but {@code States.Timeout}. */
  public static final String TASK_FAILED = "States.TaskFailed";

  /** A task's or execution's timeout. */
  public static final String TIMEOUT = "States.Timeout";

  /** A heartbeat timeout. */
  public static final String HEARTBEAT_TIMEOUT = "States.HeartbeatTimeout";

  static final String RUNTIME = "States.Runtime";
  static final String NO_CHOICE = "States.NoChoiceMatched";
  static final String BRANCH_FAILED = "States.BranchFailed";
  static final String INTRINSIC = "States.IntrinsicFailure";
  static final String RESULT_PATH = "States.ResultPathMatchFailure";
  static final String PARAMETER_PATH = "States.ParameterPathFailure";
  static final String DATA_LIMIT = "States.DataLimitExceeded";
  static final String TOLERATED = "States.ExceedToleratedFailureThreshold";
  static final String QUERY = "States.QueryEvaluationError";
  static final String ITEM_READER = "States.ItemReaderFailed";
  static final String PERMISSIONS = "States.Permissions";

  /** The names a definition may use in ErrorEquals. */
  static final List<String> KNOWN =
      List.of(
          ALL,
          TASK_FAILED,
          TIMEOUT,
          HEARTBEAT_TIMEOUT,
          RUNTIME,
          NO_CHOICE,
          BRANCH_FAILED,
          INTRINSIC,
          RESULT_PATH,
          PARAMETER_PATH,
          DATA_LIMIT,
          TOLERATED,
          QUERY,
          ITEM_READER,
          PERMISSIONS,
          "States.ResultWriterFailed");

  /** Whether a retrier's or catcher's ErrorEquals list matches {@code error}. */
  static boolean matches(List<String> errorEquals, @Nullable String error, boolean heartbeat) {
    for (String e : errorEquals) {
      if (e.equals(error) || (heartbeat && e.equals(HEARTBEAT_TIMEOUT))) {
        return true;
      }
      if (RUNTIME.equals(error) || DATA_LIMIT.equals(error)) {
        continue;
      }
      if (e.equals(ALL)) {
        return true;
      }
      if (e.equals(TASK_FAILED) && !TIMEOUT.equals(error) && !HEARTBEAT_TIMEOUT.equals(error)) {
        return true;
      }
    }
    return false;
  }
}
