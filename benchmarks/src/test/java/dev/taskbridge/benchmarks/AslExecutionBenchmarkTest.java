package dev.taskbridge.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Runs {@link AslExecutionBenchmark} outside JMH, so that {@code mvn verify} catches a machine the
 * emulator no longer runs. Asserts nothing about speed: timing is for {@code bin/benchmarks}.
 */
class AslExecutionBenchmarkTest {

  @Test
  void execution_twice_succeedsWithTheMapsResult() {
    AslExecutionBenchmark b = new AslExecutionBenchmark();
    b.setUp();
    try {
      assertThat(b.execution()).isEqualTo(AslExecutionBenchmark.EXPECTED_OUTPUT);
      assertThat(b.execution()).isEqualTo(AslExecutionBenchmark.EXPECTED_OUTPUT);
      assertThat(b.emulator.requestCount("AWSStepFunctions.StartExecution")).isEqualTo(2);
      String arn =
          b.sfn
              .listExecutions(r -> r.stateMachineArn(b.stateMachineArn))
              .executions()
              .get(0)
              .executionArn();
      // 100 iterations of MapIterationStarted, 3 states entered and exited, MapIterationSucceeded
      assertThat(b.emulator.sfnHistory(arn)).hasSizeGreaterThan(800);
    } finally {
      b.tearDown();
    }
  }
}
