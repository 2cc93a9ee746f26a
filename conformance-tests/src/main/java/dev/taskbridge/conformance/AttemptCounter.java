package dev.taskbridge.conformance;

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
    if (operation.equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))) {
      attempts.incrementAndGet();
    }
  }

  int reset() {
    return attempts.getAndSet(0);
  }

  int count() {
    return attempts.get();
  }

  /** The operation the client's last call started, if any. */
  @Nullable String lastOperation() {
    return lastOperation;
  }
}
