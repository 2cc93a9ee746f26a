package dev.taskbridge.sfn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskbridge.api.ActivityTask;
import dev.taskbridge.api.Backend;
import dev.taskbridge.api.ReporterOptions;
import dev.taskbridge.api.TaskClient;
import dev.taskbridge.api.TaskSource;
import dev.taskbridge.contract.EmulatorTasks;
import dev.taskbridge.contract.TaskClientEmulatorContractTest;
import dev.taskbridge.contract.TestClients;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;

/** The Step Functions task client's whole task against the emulator. */
class SfnTaskClientEmulatorTest extends TaskClientEmulatorContractTest {

  private EmulatorTasks.@Nullable SfnScheduled last;

  @Override
  protected Backend backend() {
    return Backend.SFN;
  }

  @Override
  protected TaskClient client(boolean asyncClient, URI endpoint, ReporterOptions options) {
    return SfnTestClients.client(
        asyncClient, endpoint, options, TestClients.Settings.SDK_RETRIES, this::closeAfterTest);
  }

  @Override
  protected TaskSource schedule() {
    EmulatorTasks.SfnScheduled s = tasks.scheduleSfn(0);
    last = s;
    return TaskSource.sfnActivity(s.activityArn());
  }

  @Override
  protected TaskSource idleSource() {
    String name = "idle-" + UUID.randomUUID();
    return TaskSource.sfnActivity(tasks.sfn().createActivity(b -> b.name(name)).activityArn());
  }

  private List<HistoryEvent> events() {
    return tasks.sfnHistory(Objects.requireNonNull(last, "nothing scheduled"));
  }

  @Override
  protected List<String> history() {
    return events().stream().map(HistoryEvent::typeAsString).toList();
  }

  @Override
  protected String succeededEvent() {
    return "ActivitySucceeded";
  }

  @Override
  protected String canceledEvent() {
    return "ActivityFailed";
  }

  @Override
  protected String failedEvent() {
    return "ActivityFailed";
  }

  @Test
  void cancel_failsTheTaskWithTheDocumentedErrorCode_andTheDetailsAsCause() {
    TaskClient c = client(false, emulator.endpoint(), fast());
    ActivityTask task = c.poll(schedule(), "w").orElseThrow();

    c.cancel(task.token(), "stopped by operator");

    HistoryEvent failed =
        events().stream()
            .filter(e -> e.type() == HistoryEventType.ACTIVITY_FAILED)
            .findFirst()
            .orElseThrow();
    assertThat(failed.activityFailedEventDetails().error()).isEqualTo(TaskClient.CANCELED_ERROR);
    assertThat(failed.activityFailedEventDetails().cause()).isEqualTo("stopped by operator");
  }

  @Test
  void succeed_recordsTheOutputAsSent() {
    TaskClient c = client(true, emulator.endpoint(), fast());
    ActivityTask task = c.poll(schedule(), "w").orElseThrow();

    c.succeed(task.token(), "{\"charged\":42}");

    HistoryEvent succeeded =
        events().stream()
            .filter(e -> e.type() == HistoryEventType.ACTIVITY_SUCCEEDED)
            .findFirst()
            .orElseThrow();
    assertThat(succeeded.activitySucceededEventDetails().output()).isEqualTo("{\"charged\":42}");
  }
}
