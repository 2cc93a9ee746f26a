package dev.taskbridge.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskbridge.api.Backend;
import dev.taskbridge.api.TaskToken;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PollLoopTest {

  @Test
  void pollsAgainOnTheSameThread_whileASlotIsFreeWhenAPollEnds() throws Exception {
    InMemoryTaskClient client = new InMemoryTaskClient(Backend.SFN);
    TaskToken first = client.offer("{}");
    TaskToken second = client.offer("{}");
    Slots slots = new Slots(4);
    Lifecycle<TaskRun> lifecycle = new Lifecycle<>();
    lifecycle.start();
    ExecutorService thread = Executors.newSingleThreadExecutor();
    AtomicInteger handOffs = new AtomicInteger();
    WorkerParts parts =
        new WorkerParts(
            client,
            null,
            slots,
            lifecycle,
            new VirtualTimer(),
            command -> {
              handOffs.incrementAndGet();
              thread.execute(command);
            },
            Runnable::run,
            () -> 0.5);
    try {
      new PollLoop(parts, client.source(), (task, context) -> "{}", HandlerOptions.defaults())
          .next();
      // Two tasks, then a third poll that waits: all of them on the one submission.
      Await.until("the third poll waits", () -> client.pollsWaiting() == 1);
      assertThat(client.pollsStarted()).isEqualTo(3);
      assertThat(handOffs).hasValue(1);
      assertThat(client.answers(first)).extracting(InMemoryTaskClient.Answer::kind).hasSize(1);
      assertThat(client.answers(second)).extracting(InMemoryTaskClient.Answer::kind).hasSize(1);

      // Once no slot can be had, the loop ends and gives its thread and slot back.
      slots.close();
      client.releasePolls();
      Await.until("the loop returns its thread", () -> slots.free() == 4);
      assertThat(client.pollsStarted()).isEqualTo(3);
      assertThat(handOffs).hasValue(1);
    } finally {
      thread.shutdownNow();
      assertThat(thread.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
  }
}
