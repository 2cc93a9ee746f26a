package dev.taskbridge.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskbridge.api.Backend;
import dev.taskbridge.api.TaskFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
      assertThat(b.sfnSucceedRaw()).isNotNull();
      b.sfnSucceedAdapter();
      assertThat(b.swfSucceedRaw()).isNotNull();
      b.swfSucceedAdapter();
    } finally {
      b.tearDown();
    }
  }

  @Test
  void resultsTable_writesTheSucceedRowsAndTheWorkerSection(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("interleaved.json"),
        "{\"blocks\":2,\"callsPerBlock\":10,\"none\":{\"sfnSucceed\":{\"rawCpuMicros\":20.0,"
            + "\"adapterCpuMicros\":20.4,\"adapterCpuRatio\":1.02,\"adapterWallRatio\":1.01,"
            + "\"rawBytesPerCall\":1000,\"adapterBytesPerCall\":1300}}}");
    Files.writeString(
        dir.resolve("worker.json"),
        "{\"tasks\":100,\"rounds\":1,\"sfn\":{\"16\":{\"rawTasksPerSecond\":300,"
            + "\"bindingTasksPerSecond\":290,\"workerTasksPerSecond\":280,"
            + "\"rawThreadCpuMicrosPerTask\":1000,\"bindingThreadCpuMicrosPerTask\":1020,"
            + "\"workerThreadCpuMicrosPerTask\":1100,\"rawProcessCpuMicrosPerTask\":2000,"
            + "\"workerProcessCpuMicrosPerTask\":2100}},\"swf\":{\"64\":{"
            + "\"rawTasksPerSecond\":400,\"bindingTasksPerSecond\":400,"
            + "\"workerTasksPerSecond\":390,\"rawThreadCpuMicrosPerTask\":500,"
            + "\"bindingThreadCpuMicrosPerTask\":500,\"workerThreadCpuMicrosPerTask\":510,"
            + "\"rawProcessCpuMicrosPerTask\":600,\"workerProcessCpuMicrosPerTask\":612}}}");
    Path readme = dir.resolve("README.md");
    Files.writeString(readme, "x\n" + ResultsTable.BEGIN + "\nold\n" + ResultsTable.END + "\n");
    ResultsTable.main(new String[] {dir.toString(), readme.toString(), "cmd", "machine"});
    String text = Files.readString(readme);
    assertThat(text)
        .doesNotContain("\nold\n")
        .contains(
            "| `succeed` | SFN | none (SDK default) | 20.00 | 20.40 | **1.020** | 1.010 | n/a | 1000"
                + " | 1300 | **300** | met |")
        .contains(
            "| Step Functions | 16 | 300 | 290 | 280 | **0.933** | 1000 | 1020 | 1100 | 1.020 |"
                + " **1.100** | 1.050 | **missed** |")
        .contains(
            "| SWF | 64 | 400 | 400 | 390 | **0.975** | 500 | 500 | 510 | 1.000 | **1.020** |"
                + " 1.020 | met |")
        .doesNotContain("| Step Functions | 1 |");
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
