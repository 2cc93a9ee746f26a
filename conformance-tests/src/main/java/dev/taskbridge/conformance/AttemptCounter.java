package dev.taskbridge.conformance;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts the HTTP attempts of one operation as the client sends them, so scenarios can check that
 * terminal answers are sent once and retryable ones retried, against any target. It also remembers
 * the last operation any call of the client started, to say which call could not run.
 */
final class AttemptCounter implements ExecutionInterceptor {

  private final String operation;
  private final AtomicInteger attempts = new AtomicInteger();
  private final Map<String, AtomicInteger> others = new ConcurrentHashMap<>();
  private volatile @Nullable String lastOperation;

  AttemptCounter(String operation) {
    this.operation = operation;
  }

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    lastOperation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
  }

  @Override
  public void beforeTransmission(
      Context.BeforeTransmission context, ExecutionAttributes attributes) {
    String name = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    if (operation.equals(name)) {
      attempts.incrementAndGet();
    } else if (name != null) {
      others.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
    }
  }

  int reset() {
    others.clear();
    return attempts.getAndSet(0);
  }

  /** Attempts of {@code name} (an SDK operation name such as SendTaskSuccess) since the reset. */
  int count(String name) {
    if (operation.equals(name)) {
      return attempts.get();
    }
    AtomicInteger n = others.get(name);
    return n == null ? 0 : n.get();
  }

  int count() {
    return attempts.get();
  }

  /** The operation the client's last call started, if any. */
  @Nullable String lastOperation() {
    return lastOperation;
  }
}
