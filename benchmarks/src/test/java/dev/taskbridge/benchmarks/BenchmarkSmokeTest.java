package dev.taskbridge.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskbridge.api.Backend;
import dev.taskbridge.api.TaskFailure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs every benchmark method once, outside JMH, so that {@code mvn verify} catches a benchmark
 * that no longer works. Asserts nothing about speed: timing is for {@code bin/benchmarks}.
 */
class BenchmarkSmokeTest {

  @ParameterizedTest
  @ValueSource(strings = {"none", "deadline"})
  void overheadBenchmark_eachMethodOnce_completesWithoutError(String clientApiCallTimeout) {
    OverheadBenchmark b = new OverheadBenchmark();
    b.clientApiCallTimeout = clientApiCallTimeout;
    b.setUp();
    try {
      assertThat(b.sfnRaw()).isNotNull();
      assertThat(b.sfnRawWithSharedApiCallTimeout()).isNotNull();
      b.sfnAdapter();
      assertThat(b.swfRaw()).isNotNull();
      assertThat(b.swfRawWithSharedApiCallTimeout()).isNotNull();
      b.swfAdapter();
    } finally {
      b.tearDown();
    }
  }

  @Test
  void conversionBenchmark_eachMethodOnce_givesFailuresWithinTheLimits() {
    ConversionBenchmark b = new ConversionBenchmark();
    b.setUp();
    for (TaskFailure f :
        new TaskFailure[] {b.typical(), b.deepChain(), b.hugeMessage(), b.oversized()}) {
      assertThat(f.error()).isNotNull();
      assertThat(f.cause()).isNotNull().hasSizeLessThanOrEqualTo(TaskFailure.MAX_CAUSE_LENGTH);
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void asyncLoopbackBenchmark_rawAndAdapter_closeOpenTasksWithoutFailure(Backend backend)
      throws Exception {
    AsyncLoopbackBenchmark b = new AsyncLoopbackBenchmark();
    b.backend = backend;
    b.inFlight = 1;
    b.setUp();
    try {
      b.reserve = 4;
      b.topUp();
      int open = b.emulator.openActivityTasks();
      b.raw();
      b.adapter();
      b.drain(); // throws if either report failed
      assertThat(b.emulator.openActivityTasks()).isEqualTo(open - 2);
    } finally {
      b.tearDown();
    }
  }
}
