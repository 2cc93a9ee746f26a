package dev.taskbridge.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.taskbridge.api.ActivityTask;
import dev.taskbridge.api.Backend;
import dev.taskbridge.api.ReporterOptions;
import dev.taskbridge.api.TaskCall;
import dev.taskbridge.api.TaskClient;
import dev.taskbridge.api.TaskFailure;
import dev.taskbridge.api.TaskGoneException;
import dev.taskbridge.api.TaskSource;
import dev.taskbridge.contract.ReporterContractTest.Mode;
import dev.taskbridge.emulator.LocalBackend;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The whole task of a binding's {@link TaskClient} against the emulator: tasks scheduled as a state
 * machine or a decider would ({@link EmulatorTasks}), then polled, heartbeaten, succeeded,
 * cancelled and failed through the client over real HTTP, and read back from the history. One
 * emulator serves the whole class; every test schedules tasks of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class TaskClientEmulatorContractTest {

  /** An emulator whose idle polls answer after 200 ms instead of 60 s. */
  protected final LocalBackend emulator =
      LocalBackend.builder().pollMaxWait(Duration.ofMillis(200)).start();

  protected final EmulatorTasks tasks = new EmulatorTasks(emulator.endpoint());
  private final List<AutoCloseable> toClose = new ArrayList<>();

  /** The backend under test. */
  protected abstract Backend backend();

  /**
   * A task client over a real SDK client pointed at {@code endpoint}; see {@link #closeAfterTest}.
   */
  protected abstract TaskClient client(boolean asyncClient, URI endpoint, ReporterOptions options);

  /** Schedules one task on a source of its own and returns the source. */
  protected abstract TaskSource schedule();

  /** A source on which nothing was scheduled. */
  protected abstract TaskSource idleSource();

  /** The history event types of the last scheduled task's execution, oldest first. */
  protected abstract List<String> history();

  /** The history event type a success records (SFN {@code ActivitySucceeded}, ...). */
  protected abstract String succeededEvent();

  /** The history event type a cancellation records. */
  protected abstract String canceledEvent();

  /** The history event type a failure report records. */
  protected abstract String failedEvent();

  /** Closes {@code c} after the test. */
  protected final <T extends AutoCloseable> T closeAfterTest(T c) {
    toClose.add(c);
    return c;
  }

  @AfterAll
  final void closeAll() throws Exception {
    for (AutoCloseable c : toClose) {
      c.close();
    }
    tasks.close();
    emulator.close();
  }

  /** Fast backoff, long deadline: see {@link ReporterContractTest#fast()}. */
  protected static ReporterOptions fast() {
    return ReporterContractTest.fast();
  }

  private TaskClient client(Mode mode) {
    return client(mode.asyncClient(), emulator.endpoint(), fast());
  }

  private static ActivityTask poll(Mode mode, TaskClient c, TaskSource source) {
    Optional<ActivityTask> task =
        TaskClientContractTest.call(
            mode, () -> c.poll(source, "contract-worker"), () -> c.pollAsync(source, "w"));
    assertThat(task).as("the scheduled task is handed out").isPresent();
    return task.get();
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  @Timeout(30)
  final void wholeTask_pollHeartbeatSucceed_recordsTheSuccess_andASecondSuccessIsTaskGone(
      Mode mode) {
    TaskClient c = client(mode);
    ActivityTask task = poll(mode, c, schedule());
    assertThat(task.token().issuer()).contains(backend());
    assertThat(task.input()).isNotNull();

    assertThat(
            TaskClientContractTest.call(
                    mode,
                    () -> c.heartbeat(task.token(), "half way"),
                    () -> c.heartbeatAsync(task.token(), "half way"))
                .cancelRequested())
        .isFalse();
    TaskClientContractTest.call(
        mode,
        () -> {
          c.succeed(task.token(), "{\"done\":true}");
          return null;
        },
        () -> c.succeedAsync(task.token(), "{\"done\":true}"));

    assertThat(history()).contains(succeededEvent());
    Throwable again = catchThrowable(() -> c.succeed(task.token(), "{\"done\":true}"));
    assertThat(again).isInstanceOf(TaskGoneException.class);
    assertThat(((TaskGoneException) again).call()).isEqualTo(TaskCall.SUCCEED);
    assertThat(emulator.openActivityTasks()).isZero();
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  @Timeout(30)
  final void poll_whenNothingIsScheduled_returnsEmpty(Mode mode) {
    TaskClient c = client(mode);
    TaskSource idle = idleSource();

    Optional<ActivityTask> task =
        TaskClientContractTest.call(mode, () -> c.poll(idle, null), () -> c.pollAsync(idle, null));

    assertThat(task).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  @Timeout(30)
  final void cancel_closesTheTaskAsTheBackendRecordsACancellation(Mode mode) {
    TaskClient c = client(mode);
    ActivityTask task = poll(mode, c, schedule());

    TaskClientContractTest.call(
        mode,
        () -> {
          c.cancel(task.token(), "stopped by operator");
          return null;
        },
        () -> c.cancelAsync(task.token(), "stopped by operator"));

    assertThat(history()).contains(canceledEvent());
    assertThat(emulator.openActivityTasks()).isZero();
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  @Timeout(30)
  final void report_closesTheTaskAsFailed(Mode mode) {
    TaskClient c = client(mode);
    ActivityTask task = poll(mode, c, schedule());

    ReporterContractTest.call(
        mode, c, task.token(), TaskFailure.of("com.example.Declined", "{\"why\":\"card\"}"));

    assertThat(history()).contains(failedEvent());
  }
}
