package dev.taskbridge.benchmarks;

import dev.taskbridge.api.TaskFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@code TaskFailure.from(Throwable)}: a typical exception (three levels of causes, ~60 frames in
 * all, short messages) and two that need shortening (a 10,000-deep cause chain; a 10 MB message).
 * Sample-time mode, so the table can give the median. The exceptions are built once: their stack
 * traces are already materialised, as they are once anything (a logger, say) has looked at them.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@SuppressWarnings("NullAway.Init") // fields are set in @Setup, before any benchmark method runs
public class ConversionBenchmark {

  Throwable typical;
  Throwable deepChain;
  Throwable hugeMessage;
  Throwable oversized;

  /** Builds the three exceptions once per fork. */
  @Setup(Level.Trial)
  public void setUp() {
    typical = typicalException();
    deepChain = deepChain(10_000);
    hugeMessage = new IllegalStateException("x".repeat(10 * 1024 * 1024), typicalException());
    oversized = oversized(30, 50);
    // Materialise every stack trace once, outside the measurement.
    for (Throwable t : new Throwable[] {typical, deepChain, hugeMessage, oversized}) {
      for (Throwable c = t; c != null; c = c.getCause()) {
        StackTraceElement[] unused = c.getStackTrace();
      }
    }
  }

  /** Three levels of causes, ~20 frames each, short messages. */
  static Throwable typicalException() {
    IOException io = atDepth(20, () -> new IOException("connection reset by peer"));
    UncheckedIOException mid =
        atDepth(20, () -> new UncheckedIOException("gateway call failed: POST /charges", io));
    return atDepth(
        16, () -> new IllegalStateException("payment 4711 could not be charged (attempt 3)", mid));
  }

  /** A chain of {@code depth} causes, each with a short message and a short stack. */
  static Throwable deepChain(int depth) {
    Throwable t = new IllegalArgumentException("root cause");
    for (int i = 1; i < depth; i++) {
      t = new IllegalStateException("wrapped " + i, t);
    }
    return t;
  }

  /**
   * An exception with {@code suppressed} suppressed exceptions of {@code frames} distinct frames
   * each (a batch job's collected failures): about 120 KB of document at 30 x 50, so it has to be
   * shortened by structure (fewer frames, then fewer suppressed) to fit 32,768 characters.
   */
  static Throwable oversized(int suppressed, int frames) {
    IllegalStateException top = new IllegalStateException("batch 42: 30 of 500 records failed");
    for (int s = 0; s < suppressed; s++) {
      IllegalArgumentException e = new IllegalArgumentException("record " + s + " rejected");
      StackTraceElement[] trace = new StackTraceElement[frames];
      for (int f = 0; f < frames; f++) {
        trace[f] =
            new StackTraceElement(
                "com.example.batch.stage" + s + ".RecordValidator" + f,
                "validateField" + f,
                "RecordValidator" + f + ".java",
                100 + f);
      }
      e.setStackTrace(trace);
      top.addSuppressed(e);
    }
    return top;
  }

  /** Creates the exception {@code frames} calls deep (plus this harness's own frames). */
  private static <T extends Throwable> T atDepth(int frames, java.util.function.Supplier<T> make) {
    return frames <= 0 ? make.get() : atDepth(frames - 1, make);
  }

  /** A typical exception: within every limit, nothing cut. */
  @Benchmark
  public TaskFailure typical() {
    return TaskFailure.from(typical);
  }

  /** A 10,000-deep cause chain: causes beyond 20 levels dropped. */
  @Benchmark
  public TaskFailure deepChain() {
    return TaskFailure.from(deepChain);
  }

  /** Shortened by structure to fit the cause limit. */
  @Benchmark
  public TaskFailure oversized() {
    return TaskFailure.from(oversized);
  }

  /** A 10 MB message: cut to 8,192 characters. */
  @Benchmark
  public TaskFailure hugeMessage() {
    return TaskFailure.from(hugeMessage);
  }
}
