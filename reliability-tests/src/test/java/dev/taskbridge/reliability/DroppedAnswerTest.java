package dev.taskbridge.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.taskbridge.api.Backend;
import dev.taskbridge.api.TaskFailure;
import dev.taskbridge.api.TaskFailureReporter;
import dev.taskbridge.api.TaskGoneException;
import dev.taskbridge.api.TaskToken;
import dev.taskbridge.contract.ReporterContractTest.Mode;
import dev.taskbridge.emulator.Fault;
import dev.taskbridge.emulator.LocalBackend;
import dev.taskbridge.sfn.SfnTaskFailureReporter;
import dev.taskbridge.swf.SwfTaskFailureReporter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.SdkClient;

/**
 * The emulator applies the report and drops the connection before answering; the retry then finds
 * the task closed. The adapter must say the report may have landed, not that it was lost.
 */
class DroppedAnswerTest {

  private static final LocalBackend EMULATOR = LocalBackend.start();

  @AfterAll
  static void stop() {
    EMULATOR.close();
  }

  static Stream<Arguments> cases() {
    return Stream.of(Backend.values())
        .flatMap(b -> Stream.of(Mode.values()).map(m -> Arguments.of(b, m)));
  }

  @ParameterizedTest
  @MethodSource("cases")
  @Timeout(60)
  void report_whenAnswerDroppedAfterApply_throwsTaskGoneThatMayHaveLanded_andRecordsOnce(
      Backend backend, Mode mode) throws Exception {
    OpenTasks tasks =
        backend == Backend.SFN ? OpenTasks.sfn(EMULATOR, 1) : OpenTasks.swf(EMULATOR, 1);
    String token = tasks.tokens().get(0);
    TaskFailure failure = TaskFailure.of("Dropped.Answer", "cause of " + mode + " " + backend);
    EMULATOR.faults().next(1, Soak.target(backend), Fault.dropAfterApply());
    long before = EMULATOR.requestCount(Soak.target(backend));

    SdkClient client = client(backend, mode);
    try (client) {
      TaskFailureReporter reporter = reporter(backend, client);
      Throwable thrown =
          catchThrowable(
              () -> {
                if (mode.asyncCall()) {
                  reporter.reportAsync(TaskToken.of(backend, token), failure).join();
                } else {
                  reporter.report(TaskToken.of(backend, token), failure);
                }
              });
      if (thrown instanceof CompletionException ce && ce.getCause() != null) {
        thrown = ce.getCause();
      }
      assertThat(thrown)
          .isInstanceOf(TaskGoneException.class)
          .satisfies(t -> assertThat(((TaskGoneException) t).mayHaveLanded()).isTrue());
    }
    assertThat(EMULATOR.requestCount(Soak.target(backend)) - before).isEqualTo(2);
    assertThat(tasks.recordedByCause()).containsEntry(failure.cause(), 1).hasSize(1);
  }

  private static SdkClient client(Backend backend, Mode mode) {
    // SDK retries on for the async client: then the SDK itself resends after the drop, and the
    // "may have landed" comes from its suppressed attempt exception.
    Duration timeout = Duration.ofSeconds(5);
    if (backend == Backend.SFN) {
      return mode.asyncClient()
          ? Clients.sfnAsync(EMULATOR.endpoint(), timeout, true, List.of())
          : Clients.sfn(EMULATOR.endpoint(), timeout, false, List.of());
    }
    return mode.asyncClient()
        ? Clients.swfAsync(EMULATOR.endpoint(), timeout, true, List.of())
        : Clients.swf(EMULATOR.endpoint(), timeout, false, List.of());
  }

  private static TaskFailureReporter reporter(Backend backend, SdkClient client) {
    if (client instanceof software.amazon.awssdk.services.sfn.SfnClient c) {
      return SfnTaskFailureReporter.create(c, Soak.OPTIONS);
    }
    if (client instanceof software.amazon.awssdk.services.sfn.SfnAsyncClient c) {
      return SfnTaskFailureReporter.create(c, Soak.OPTIONS);
    }
    if (client instanceof software.amazon.awssdk.services.swf.SwfClient c) {
      return SwfTaskFailureReporter.create(c, Soak.OPTIONS);
    }
    if (client instanceof software.amazon.awssdk.services.swf.SwfAsyncClient c) {
      return SwfTaskFailureReporter.create(c, Soak.OPTIONS);
    }
    throw new IllegalArgumentException(backend + " " + client);
  }
}
