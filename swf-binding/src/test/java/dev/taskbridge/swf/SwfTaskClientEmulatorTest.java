package dev.taskbridge.swf;

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
import software.amazon.awssdk.services.swf.model.HistoryEvent;

/** The SWF task client's whole task against the emulator. */
class SwfTaskClientEmulatorTest extends TaskClientEmulatorContractTest {

  private EmulatorTasks.@Nullable SwfScheduled last;

  @Override
  protected Backend backend() {
    return Backend.SWF;
  }

  @Override
  protected TaskClient client(boolean asyncClient, URI endpoint, ReporterOptions options) {
    return SwfTestClients.client(
        asyncClient, endpoint, options, TestClients.Settings.SDK_RETRIES, this::closeAfterTest);
  }

  @Override
  protected TaskSource schedule() {
    EmulatorTasks.SwfScheduled s = tasks.scheduleSwf();
    last = s;
    return TaskSource.swfTaskList(s.domain(), s.taskList());
  }

  @Override
  protected TaskSource idleSource() {
    return TaskSource.swfTaskList(tasks.scheduleSwf().domain(), "idle-" + UUID.randomUUID());
  }

  private List<HistoryEvent> events() {
    return tasks.swfHistory(Objects.requireNonNull(last, "nothing scheduled"));
  }

  @Override
  protected List<String> history() {
    return events().stream().map(HistoryEvent::eventTypeAsString).toList();
  }

  @Override
  protected String succeededEvent() {
    return "ActivityTaskCompleted";
  }

  @Override
  protected String canceledEvent() {
    return "ActivityTaskCanceled";
  }

  @Override
  protected String failedEvent() {
    return "ActivityTaskFailed";
  }

  @Test
  void poll_readsTheActivityTypeIdAndExecutionTheDeciderScheduled() {
    TaskClient c = client(false, emulator.endpoint(), fast());

    ActivityTask task = c.poll(schedule(), "w").orElseThrow();

    EmulatorTasks.SwfScheduled s = Objects.requireNonNull(last);
    assertThat(task.activityType()).contains(new ActivityTask.ActivityType("work", "1"));
    assertThat(task.activityId()).isPresent();
    assertThat(task.workflowExecution())
        .contains(new ActivityTask.WorkflowExecution(s.workflowId(), s.runId()));
    assertThat(task.input()).startsWith("activity-input-");
  }

  @Test
  void succeed_recordsTheResultAsSent() {
    TaskClient c = client(true, emulator.endpoint(), fast());
    ActivityTask task = c.poll(schedule(), "w").orElseThrow();

    c.succeed(task.token(), "plain text result");

    assertThat(
            events().stream()
                .filter(e -> e.activityTaskCompletedEventAttributes() != null)
                .map(e -> e.activityTaskCompletedEventAttributes().result()))
        .containsExactly("plain text result");
  }
}
