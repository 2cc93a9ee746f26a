package dev.taskbridge.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Records, per task token, how every SDK call of the report operation ended, as the client saw it:
 * {@code "200"}, the AWS error code, or {@value #NO_ANSWER} when it got no answer (dropped
 * connection, attempt timeout). taskbridge makes one SDK call per attempt of its own, so this is
 * the sequence of answers taskbridge acted on. (Interceptors' per-attempt hooks are not used: under
 * load the answer to an attempt the client already abandoned can still reach them.)
 */
final class WireLog implements ExecutionInterceptor {

  static final String NO_ANSWER = "?";

  /** Answers after which resending is right: throttling, 5xx, no answer. */
  static final Set<String> RETRYABLE =
      Set.of(
          NO_ANSWER,
          "ThrottlingException",
          "KmsThrottlingException",
          "LimitExceededFault",
          "InternalFailure",
          "ServiceUnavailableException");

  private final String operation;
  private final Map<String, List<String>> calls = new ConcurrentHashMap<>();

  /** Records calls of {@code operation} (e.g. {@code SendTaskFailure}) only. */
  WireLog(String operation) {
    this.operation = operation;
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attrs) {
    record(context.request(), "200");
  }

  @Override
  public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attrs) {
    Throwable e = context.exception();
    String answer =
        e instanceof AwsServiceException s && s.awsErrorDetails() != null
            ? s.awsErrorDetails().errorCode()
            : NO_ANSWER;
    record(context.request(), answer == null ? NO_ANSWER : answer);
  }

  private void record(SdkRequest request, String answer) {
    token(request)
        .ifPresent(
            t -> {
              List<String> list = calls.computeIfAbsent(t, k -> new ArrayList<>());
              synchronized (list) {
                list.add(answer);
              }
            });
  }

  private Optional<String> token(SdkRequest request) {
    if (!request.getClass().getSimpleName().startsWith(operation)) {
      return Optional.empty();
    }
    return request.getValueForField("taskToken", String.class);
  }

  /** The answers seen for {@code token}, in order, of its calls {@code [from, to)}. */
  List<String> answers(String token, int from, int to) {
    List<String> list = calls.get(token);
    if (list == null) {
      return List.of();
    }
    synchronized (list) {
      int end = Math.min(to, list.size());
      return List.copyOf(list.subList(Math.min(from, end), end));
    }
  }

  /** How many calls were seen for {@code token}. */
  int count(String token) {
    List<String> list = calls.get(token);
    if (list == null) {
      return 0;
    }
    synchronized (list) {
      return list.size();
    }
  }
}
