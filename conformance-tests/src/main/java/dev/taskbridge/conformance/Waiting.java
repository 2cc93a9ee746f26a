package dev.taskbridge.conformance;

import java.time.Duration;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** Asks a backend again until its answer is what a scenario waits for, bounded. */
final class Waiting {

  /** Long polls per wait for a task (each answers within 60 s on AWS, sooner on the emulator). */
  static final int POLLS = 5;

  private static final Duration FIRST_PAUSE = Duration.ofMillis(20);
  private static final Duration MAX_PAUSE = Duration.ofSeconds(1);

  private Waiting() {}

  /**
   * Asks {@code read} until {@code done} accepts its answer, pausing 20 ms, then twice as long each
   * time up to 1 s, for at most {@code limit}.
   *
   * @return the accepted answer, or null if none was accepted within {@code limit}
   */
  static <T> @Nullable T until(Duration limit, Supplier<T> read, Predicate<T> done) {
    long deadline = System.nanoTime() + limit.toNanos();
    Duration pause = FIRST_PAUSE;
    while (true) {
      T answer = read.get();
      if (done.test(answer)) {
        return answer;
      }
      if (System.nanoTime() + pause.toNanos() > deadline) {
        return null;
      }
      try {
        Thread.sleep(pause.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
      pause = pause.multipliedBy(2).compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause.multipliedBy(2);
    }
  }

  /**
   * Long-polls with {@code poll} up to {@value #POLLS} times, until an answer carries a task token.
   *
   * @return that answer, or null if none of the polls returned a task
   */
  static <T> @Nullable T firstTask(Supplier<T> poll, Function<T, @Nullable String> token) {
    for (int i = 0; i < POLLS; i++) {
      T answer = poll.get();
      String t = token.apply(answer);
      if (t != null && !t.isEmpty()) {
        return answer;
      }
    }
    return null;
  }
}
