package dev.taskbridge.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The shutdown state machine on its own: no backend, no handler, virtual time. */
class LifecycleTest {

  private final Lifecycle<String> lifecycle = new Lifecycle<>();
  private final VirtualTimer timer = new VirtualTimer();
  private final AtomicInteger drains = new AtomicInteger();
  private final List<List<String>> deadlines = new CopyOnWriteArrayList<>();
  private final AtomicBoolean last = new AtomicBoolean();

  private Thread shutdownInBackground(Duration grace) {
    Thread t =
        new Thread(
            () ->
                last.set(
                    lifecycle.shutdown(
                        grace, timer, drains::incrementAndGet, l -> deadlines.add(l))));
    t.start();
    Await.until("draining", () -> lifecycle.state() != Lifecycle.State.RUNNING);
    return t;
  }

  @Test
  void start_movesNewToRunning_andOnlyOnce() {
    assertThat(lifecycle.state()).isEqualTo(Lifecycle.State.NEW);
    assertThat(lifecycle.accepting()).isFalse();
    lifecycle.start();
    assertThat(lifecycle.state()).isEqualTo(Lifecycle.State.RUNNING);
    assertThat(lifecycle.accepting()).isTrue();
    assertThatThrownBy(lifecycle::start)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("RUNNING");
  }

  @Test
  void beginPoll_beforeStart_isRefused() {
    assertThat(lifecycle.beginPoll()).isFalse();
    assertThat(lifecycle.pollsInFlight()).isZero();
  }

  @Test
  void shutdown_whenNew_terminatesAtOnceWithoutDraining() {
    assertThat(
            lifecycle.shutdown(
                Duration.ofSeconds(1), timer, drains::incrementAndGet, deadlines::add))
        .isTrue();
    assertThat(lifecycle.state()).isEqualTo(Lifecycle.State.TERMINATED);
    assertThat(drains).hasValue(0);
    assertThatThrownBy(lifecycle::start).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void shutdown_whenIdle_drainsOnceAndTerminates() {
    lifecycle.start();
    assertThat(
            lifecycle.shutdown(
                Duration.ofSeconds(1), timer, drains::incrementAndGet, deadlines::add))
        .isTrue();
    assertThat(lifecycle.state()).isEqualTo(Lifecycle.State.TERMINATED);
    assertThat(drains).hasValue(1);
    assertThat(deadlines).isEmpty();
    assertThat(timer.pending()).as("the deadline is called off").isZero();
    // A second shutdown is a no-op that reports it did not terminate the lifecycle.
    assertThat(lifecycle.shutdown(Duration.ZERO, timer, drains::incrementAndGet, deadlines::add))
        .isFalse();
    assertThat(drains).hasValue(1);
  }

  @Test
  void shutdown_waitsForThePollInFlight_andRefusesNewPolls() throws InterruptedException {
    lifecycle.start();
    assertThat(lifecycle.beginPoll()).isTrue();
    Thread t = shutdownInBackground(Duration.ofSeconds(1));

    assertThat(lifecycle.state()).isEqualTo(Lifecycle.State.DRAINING);
    assertThat(lifecycle.beginPoll()).isFalse();
    t.join(50);
    assertThat(t.isAlive()).isTrue();
    assertThat(lifecycle.endPoll(null)).isTrue();
    t.join(10_000);
    assertThat(t.isAlive()).isFalse();
    assertThat(last).isTrue();
    assertThat(lifecycle.state()).isEqualTo(Lifecycle.State.TERMINATED);
  }

  @Test
  void shutdown_pastTheGrace_stillWaitsForThePoll_andRefusesTheTaskItReturns()
      throws InterruptedException {
    lifecycle.start();
    assertThat(lifecycle.beginPoll()).isTrue();
    Thread t = shutdownInBackground(Duration.ofSeconds(2));
    Await.until("the deadline scheduled", () -> timer.pending() == 1);
    timer.advance(Duration.ofSeconds(2));
    Await.until("the deadline handled", () -> deadlines.size() == 1);
    assertThat(deadlines.get(0)).isEmpty();
    t.join(50);
    assertThat(t.isAlive()).as("a poll in flight is never abandoned").isTrue();

    assertThat(lifecycle.endPoll("late task")).isFalse();
    assertThat(lifecycle.outstanding()).isEqualTo(1);
    t.join(50);
    assertThat(t.isAlive()).as("the refused task still holds the shutdown").isTrue();
    lifecycle.taskDone("late task");
    t.join(10_000);
    assertThat(t.isAlive()).isFalse();
    assertThat(deadlines).hasSize(1);
  }

  @Test
  void shutdown_atTheGrace_handsTheOutstandingTasksOverOnce() throws InterruptedException {
    lifecycle.start();
    assertThat(lifecycle.beginPoll()).isTrue();
    assertThat(lifecycle.endPoll("a")).isTrue();
    assertThat(lifecycle.beginPoll()).isTrue();
    assertThat(lifecycle.endPoll("b")).isTrue();
    Thread t = shutdownInBackground(Duration.ofSeconds(5));
    Await.until("the deadline scheduled", () -> timer.pending() == 1);
    timer.advance(Duration.ofMillis(4999));
    t.join(20);
    assertThat(deadlines).isEmpty();
    lifecycle.taskDone("a");
    timer.advance(Duration.ofMillis(1));
    Await.until("the deadline handled", () -> deadlines.size() == 1);

    assertThat(deadlines.get(0)).containsExactly("b");
    lifecycle.taskDone("b");
    t.join(10_000);
    assertThat(t.isAlive()).isFalse();
    assertThat(deadlines).hasSize(1);
  }

  @Test
  void shutdown_concurrently_bothWaitForTheSameEnd_andOneTerminates() throws InterruptedException {
    lifecycle.start();
    assertThat(lifecycle.beginPoll()).isTrue();
    List<Boolean> results = new CopyOnWriteArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      Thread t =
          new Thread(
              () ->
                  results.add(
                      lifecycle.shutdown(
                          Duration.ofSeconds(1), timer, drains::incrementAndGet, deadlines::add)));
      t.start();
      threads.add(t);
    }
    Await.until("draining", () -> lifecycle.state() == Lifecycle.State.DRAINING);
    lifecycle.endPoll(null);
    for (Thread t : threads) {
      t.join(10_000);
    }

    assertThat(results).containsExactlyInAnyOrder(true, false);
    assertThat(drains).hasValue(1);
  }

  @Test
  void shutdown_whenTheCallerIsInterrupted_endsTheGraceAndKeepsTheFlag()
      throws InterruptedException {
    lifecycle.start();
    assertThat(lifecycle.beginPoll()).isTrue();
    assertThat(lifecycle.endPoll("a")).isTrue();
    AtomicBoolean flagKept = new AtomicBoolean();
    Thread t =
        new Thread(
            () -> {
              lifecycle.shutdown(
                  Duration.ofDays(1),
                  timer,
                  () -> {},
                  l -> {
                    deadlines.add(l);
                    l.forEach(lifecycle::taskDone);
                  });
              flagKept.set(Thread.currentThread().isInterrupted());
            });
    t.start();
    Await.until("draining", () -> lifecycle.state() == Lifecycle.State.DRAINING);
    t.interrupt();
    t.join(10_000);

    assertThat(deadlines).containsExactly(List.of("a"));
    assertThat(flagKept).isTrue();
  }
}
