package dev.taskbridge.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskbridge.api.Backend;
import dev.taskbridge.api.ReporterOptions;
import dev.taskbridge.api.TaskFailure;
import dev.taskbridge.api.TaskFailureReporter;
import dev.taskbridge.api.TaskToken;
import dev.taskbridge.conformance.ConformanceKit;
import dev.taskbridge.conformance.Matrix;
import dev.taskbridge.conformance.ReporterFactory;
import dev.taskbridge.conformance.Target;
import dev.taskbridge.conformance.Targets;
import dev.taskbridge.contract.LogCapture;
import dev.taskbridge.emulator.LocalBackend;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.swf.SwfClient;

/**
 * Runs the conformance kit's scenarios and the soak's error paths with every logger at TRACE and
 * fails if a task token, error or cause that was reported shows up in a log line, or in the message
 * or {@code toString()} of any exception seen (with its causes and suppressed exceptions).
 */
class SecretsTest {

  /**
   * Shorter values are left out: they occur in ordinary text by chance (the kit reports errors such
   * as {@code "E"}); taskbridge's redaction also starts at 4 characters.
   */
  private static final int MIN_SECRET = 8;

  /** Everything sent and every exception seen, through a recording decorator. */
  private static final class Recorder {
    final Set<String> secrets = Collections.synchronizedSet(new LinkedHashSet<>());
    final List<Throwable> thrown = Collections.synchronizedList(new ArrayList<>());

    void sent(TaskToken token, TaskFailure failure) {
      add(token.value());
      add(failure.error());
      add(failure.cause());
    }

    void add(@Nullable String s) {
      if (s != null && s.length() >= MIN_SECRET) {
        secrets.add(s);
      }
    }

    TaskFailureReporter wrap(TaskFailureReporter delegate) {
      return new TaskFailureReporter() {
        @Override
        public dev.taskbridge.api.Backend backend() {
          return delegate.backend();
        }

        @Override
        public void report(TaskToken token, TaskFailure failure) {
          sent(token, failure);
          try {
            delegate.report(token, failure);
          } catch (RuntimeException e) {
            thrown.add(e);
            throw e;
          }
        }

        @Override
        public CompletableFuture<Void> reportAsync(TaskToken token, TaskFailure failure) {
          sent(token, failure);
          return delegate
              .reportAsync(token, failure)
              .whenComplete(
                  (v, e) -> {
                    if (e != null) {
                      thrown.add(e);
                    }
                  });
        }

        @Override
        public String toString() {
          return delegate.toString();
        }
      };
    }
  }

  @Test
  @Timeout(240)
  void conformanceScenariosAndSoakErrorPaths_atTrace_leakNoTokenErrorOrCause() {
    Recorder recorder = new Recorder();
    ReporterFactory taskbridge = ReporterFactory.taskbridge();
    ReporterFactory recording =
        new ReporterFactory() {
          @Override
          public String name() {
            return "taskbridge (recorded)";
          }

          @Override
          public TaskFailureReporter sfn(SfnClient client, ReporterOptions options) {
            return recorder.wrap(taskbridge.sfn(client, options));
          }

          @Override
          public TaskFailureReporter swf(SwfClient client, ReporterOptions options) {
            return recorder.wrap(taskbridge.swf(client, options));
          }
        };
    List<String> lines;
    List<Soak.Result> soaks = new ArrayList<>();
    try (LogCapture logs = new LogCapture()) {
      try (Target target = Targets.embeddedEmulator()) {
        Matrix matrix = ConformanceKit.builder().target(target).reporters(recording).build().run();
        assertThat(matrix.passed()).as(matrix.toText()).isTrue();
      }
      for (Backend b : Backend.values()) {
        try (LocalBackend emulator = SoakTest.emulator()) {
          soaks.add(Soak.run(emulator, b, 60, 77L));
        }
      }
      lines = logs.lines();
    }
    for (Soak.Result r : soaks) {
      for (Soak.Outcome o : r.outcomes()) {
        recorder.add(o.token());
        recorder.add(o.failure().error());
        recorder.add(o.failure().cause());
        if (o.error() != null) {
          recorder.thrown.add(o.error());
        }
      }
    }
    List<String> texts = new ArrayList<>(lines);
    for (Throwable t : recorder.thrown) {
      collect(t, texts, Collections.newSetFromMap(new IdentityHashMap<>()));
    }
    List<String> leaks = new ArrayList<>();
    List<String> secrets = List.copyOf(recorder.secrets);
    for (String text : texts) {
      for (String secret : secrets) {
        if (text.contains(secret)) {
          leaks.add(
              "secret of length "
                  + secret.length()
                  + " in: "
                  + text.substring(0, Math.min(200, text.length())).replace(secret, "<HERE>"));
          break;
        }
      }
    }
    System.out.println(
        "Secrets: "
            + secrets.size()
            + " values checked against "
            + lines.size()
            + " log lines and "
            + recorder.thrown.size()
            + " exceptions");
    assertThat(secrets).hasSizeGreaterThan(500);
    assertThat(lines).hasSizeGreaterThan(1000);
    assertThat(recorder.thrown).isNotEmpty();
    assertThat(leaks).isEmpty();
  }

  private static void collect(Throwable t, List<String> out, Set<Throwable> seen) {
    if (!seen.add(t)) {
      return;
    }
    out.add(String.valueOf(t.getMessage()));
    out.add(t.toString());
    Throwable cause =
        t instanceof CompletionException && t.getCause() != null ? t.getCause() : null;
    if (cause != null) {
      collect(cause, out, seen);
    }
    if (t.getCause() != null) {
      collect(t.getCause(), out, seen);
    }
    for (Throwable s : t.getSuppressed()) {
      collect(s, out, seen);
    }
  }
}
