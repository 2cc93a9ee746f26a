package dev.taskbridge.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskbridge.api.Backend;
import dev.taskbridge.api.ReportOutcome;
import dev.taskbridge.api.TaskToken;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The worker's log lines (System.Logger, here on java.util.logging at every level) carry a task's
 * fingerprint, never its token, input, result, heartbeat details, error or cause.
 */
class WorkerLogsTest {

  private static final Logger JUL = Logger.getLogger(ActivityWorker.class.getName());
  private static final SimpleFormatter FORMAT = new SimpleFormatter();

  private final VirtualTimer timer = new VirtualTimer();
  private final InMemoryTaskClient swf = new InMemoryTaskClient(Backend.SWF);
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord r) {
          StringWriter thrown = new StringWriter();
          if (r.getThrown() != null) {
            r.getThrown().printStackTrace(new PrintWriter(thrown));
          }
          lines.add(r.getLevel() + " " + FORMAT.formatMessage(r) + thrown);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };
  private @Nullable Level previous;

  @BeforeEach
  void capture() {
    previous = JUL.getLevel();
    JUL.setLevel(Level.ALL);
    capture.setLevel(Level.ALL);
    JUL.addHandler(capture);
  }

  @AfterEach
  void release() {
    JUL.removeHandler(capture);
    JUL.setLevel(previous);
  }

  private static RuntimeException unavailable(String tokenValue) {
    return InMemoryTaskClient.refusal(
        ReportOutcome.UNAVAILABLE, Backend.SWF, TaskToken.of(Backend.SWF, tokenValue), null);
  }

  @Test
  void everyLogLine_namesTheTaskByFingerprint_neverByItsSecrets() throws InterruptedException {
    swf.failPolls(1, () -> unavailable("SECRET-POLL-TOKEN"));
    swf.failHeartbeats(1, () -> unavailable("SECRET-HEARTBEAT-TOKEN"));
    CountDownLatch heartbeated = new CountDownLatch(1);
    CountDownLatch answer = new CountDownLatch(1);
    ActivityWorker w =
        ActivityWorker.builder(swf)
            .handle(
                swf.source(),
                (task, ctx) -> {
                  ctx.heartbeat("SECRET-DETAILS");
                  heartbeated.countDown();
                  answer.await();
                  if ("SECRET-INPUT-fails".equals(task.input())) {
                    throw new IllegalStateException(
                        "SECRET-ERROR", new IllegalArgumentException("SECRET-CAUSE"));
                  }
                  return "SECRET-RESULT";
                },
                HandlerOptions.defaults()
                    .withHeartbeatTimeout(Duration.ofSeconds(3))
                    .withPollers(1))
            .concurrency(1)
            .timer(timer)
            .random(() -> 0.5)
            .build();
    w.start();
    Await.until("the failed poll's backoff", () -> timer.delays().size() == 1);
    timer.advance(timer.delays().get(0));

    // A task whose heartbeat fails once, then is gone by the time its result is sent.
    TaskToken gone = swf.offer("SECRET-INPUT-gone");
    assertThat(heartbeated.await(10, TimeUnit.SECONDS)).isTrue();
    timer.advance(Duration.ofSeconds(1)); // the automatic heartbeat: refused
    swf.expire(gone);
    answer.countDown();
    Await.until("the gone task logged", () -> lines.stream().anyMatch(l -> l.contains("was gone")));
    // A task whose handler throws.
    TaskToken fails = swf.offer("SECRET-INPUT-fails");
    Await.until("its failure sent", () -> !swf.answers(fails).isEmpty());
    Await.until("the heartbeat failure logged", () -> lines.size() >= 3);

    Thread stop = new Thread(() -> w.shutdown(Duration.ZERO));
    stop.start();
    while (stop.isAlive()) {
      swf.releasePolls();
      stop.join(5);
    }

    assertThat(swf.answers(fails).get(0).detail()).contains("SECRET-ERROR"); // sent, not logged
    assertThat(lines)
        .as("a poll failure, a heartbeat failure and a task gone were logged")
        .hasSizeGreaterThanOrEqualTo(3)
        .anyMatch(l -> l.contains(gone.fingerprint()));
    for (String secret : List.of("SECRET", gone.value(), fails.value())) {
      assertThat(lines).noneMatch(l -> l.contains(secret));
    }
  }
}
