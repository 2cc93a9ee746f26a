package dev.taskbridge.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.ProvisionException;
import dev.taskbridge.api.Backend;
import dev.taskbridge.api.TaskClient;
import dev.taskbridge.api.TaskToken;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ActivityWorkerModuleTest {

  private final InMemoryTaskClient swf = new InMemoryTaskClient(Backend.SWF);

  @Test
  void worker_isBuiltFromTheBoundHandlersAndOptions_andServesThem() throws InterruptedException {
    Injector injector =
        Guice.createInjector(
            new ActivityWorkerModule("guice-worker", 3),
            binder -> {
              binder.bind(TaskClient.class).toInstance(swf);
              ActivityWorkerModule.handlers(binder)
                  .addBinding(swf.source())
                  .toInstance((task, ctx) -> "from guice");
              ActivityWorkerModule.handlerOptions(binder)
                  .addBinding(swf.source())
                  .toInstance(HandlerOptions.defaults().withPollers(1));
            });
    ActivityWorker worker = injector.getInstance(ActivityWorker.class);
    assertThat(injector.getInstance(ActivityWorker.class)).isSameAs(worker);
    assertThat(worker.toString()).contains("concurrency=3").contains("state=NEW");

    worker.start();
    Await.until("the poll", () -> swf.pollsWaiting() == 1);
    assertThat(worker.slots().free()).as("one poller, as bound, holds one of 3 slots").isEqualTo(2);
    TaskToken token = swf.offer("in");
    Await.until("answered", () -> !swf.answers(token).isEmpty());
    assertThat(swf.answers(token))
        .containsExactly(new InMemoryTaskClient.Answer("succeed", "from guice", null));
    assertThat(swf.identities()).contains("guice-worker");
    Thread stop = new Thread(() -> worker.shutdown(Duration.ofSeconds(5)));
    stop.start();
    while (stop.isAlive()) {
      swf.releasePolls();
      stop.join(5);
    }
    assertThat(worker.state()).isEqualTo(Lifecycle.State.TERMINATED);
  }

  @Test
  void worker_withoutAHandler_failsNamingIt() {
    Injector injector =
        Guice.createInjector(
            new ActivityWorkerModule(null, 1),
            binder -> binder.bind(TaskClient.class).toInstance(swf));
    assertThatThrownBy(() -> injector.getInstance(ActivityWorker.class))
        .isInstanceOf(ProvisionException.class)
        .hasMessageContaining("serves no source");
  }

  @Test
  void module_withoutATaskClient_failsAtCreation() {
    assertThatThrownBy(() -> Guice.createInjector(new ActivityWorkerModule(null, 1)))
        .isInstanceOf(CreationException.class)
        .hasMessageContaining("TaskClient");
  }

  @Test
  void module_isAValue_andChecksConcurrencyAtOnce() {
    assertThat(new ActivityWorkerModule("a", 2))
        .isEqualTo(new ActivityWorkerModule("a", 2))
        .hasSameHashCodeAs(new ActivityWorkerModule("a", 2))
        .isNotEqualTo(new ActivityWorkerModule("a", 3))
        .isNotEqualTo(new ActivityWorkerModule(null, 2));
    assertThatThrownBy(() -> new ActivityWorkerModule("a", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("concurrency must be 1 to 4096");
    // Installing it twice is harmless.
    Guice.createInjector(
        new ActivityWorkerModule("a", 2),
        new ActivityWorkerModule("a", 2),
        binder -> binder.bind(TaskClient.class).toInstance(swf));
  }
}
