package dev.taskbridge.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** {@link ReportExecutor#join}: what a blocking call over an async client rethrows. */
class ReportExecutorJoinTest {

  @Test
  void join_rethrowsUncheckedUnwrapped_wrapsChecked_throwsErrors() {
    IllegalStateException unchecked = new IllegalStateException("x");
    assertThatThrownBy(() -> ReportExecutor.join(CompletableFuture.failedFuture(unchecked)))
        .isSameAs(unchecked);
    IOException checked = new IOException("y");
    assertThatThrownBy(() -> ReportExecutor.join(CompletableFuture.failedFuture(checked)))
        .isInstanceOf(CompletionException.class)
        .hasCause(checked);
    AssertionError error = new AssertionError("z");
    assertThatThrownBy(() -> ReportExecutor.join(CompletableFuture.failedFuture(error)))
        .isSameAs(error);
    ReportExecutor.join(CompletableFuture.completedFuture(null));
  }

  @Test
  void join_whenInterrupted_cancelsTheReport_andKeepsTheInterrupt() {
    CompletableFuture<Void> never = new CompletableFuture<>();
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> ReportExecutor.join(never))
          .isInstanceOf(CompletionException.class)
          .hasMessageContaining("interrupted");
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
      assertThat(never).isCancelled();
    } finally {
      Thread.interrupted();
    }
  }
}
