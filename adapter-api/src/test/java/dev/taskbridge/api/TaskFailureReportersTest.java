package dev.taskbridge.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TaskFailureReportersTest {

  private static final String SWF_VALUE = "SWF-TOKEN-VALUE-a1b2c3";
  private static final String SFN_VALUE = "SFN-TOKEN-VALUE-d4e5f6";
  private static final TaskFailure FAILURE = TaskFailure.of("Worker.Crashed", "stack trace");

  /** A fake reporter that records what it was asked to send. */
  static final class RecordingReporter implements TaskFailureReporter {
    private final Backend backend;
    final List<TaskToken> tokens = new ArrayList<>();
    final List<TaskFailure> failures = new ArrayList<>();
    final List<String> methods = new ArrayList<>();
    final CompletableFuture<Void> future = new CompletableFuture<>();

    RecordingReporter(Backend backend) {
      this.backend = backend;
    }

    @Override
    public Backend backend() {
      return backend;
    }

    @Override
    public void report(TaskToken token, TaskFailure failure) {
      methods.add("report");
      tokens.add(token);
      failures.add(failure);
    }

    @Override
    public CompletableFuture<Void> reportAsync(TaskToken token, TaskFailure failure) {
      methods.add("reportAsync");
      tokens.add(token);
      failures.add(failure);
      return future;
    }

    @Override
    public String toString() {
      return "RecordingReporter[credentials=SECRET-ACCESS-KEY-zz9]";
    }
  }

  private final RecordingReporter swf = new RecordingReporter(Backend.SWF);
  private final RecordingReporter sfn = new RecordingReporter(Backend.SFN);

  private TaskFailureReporter both(Backend defaultBackend) {
    return TaskFailureReporters.routing(Map.of(Backend.SWF, swf, Backend.SFN, sfn), defaultBackend);
  }

  private RecordingReporter reporterFor(Backend backend) {
    return backend == Backend.SWF ? swf : sfn;
  }

  @Test
  void report_whenTokenTaggedSwf_goesToSwfReporter() {
    TaskToken token = TaskToken.of(Backend.SWF, SWF_VALUE);

    both(Backend.SFN).report(token, FAILURE);

    assertThat(swf.tokens).containsExactly(token);
    assertThat(swf.failures).singleElement().isSameAs(FAILURE);
    assertThat(swf.methods).containsExactly("report");
    assertThat(sfn.tokens).isEmpty();
  }

  @Test
  void report_whenTokenTaggedSfn_goesToSfnReporter() {
    TaskToken token = TaskToken.of(Backend.SFN, SFN_VALUE);

    both(Backend.SWF).report(token, FAILURE);

    assertThat(sfn.tokens).containsExactly(token);
    assertThat(sfn.failures).singleElement().isSameAs(FAILURE);
    assertThat(sfn.methods).containsExactly("report");
    assertThat(swf.tokens).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void report_whenTokenUntagged_goesToDefault(Backend defaultBackend) {
    TaskToken token = TaskToken.of(SFN_VALUE);

    both(defaultBackend).report(token, FAILURE);

    RecordingReporter expected = reporterFor(defaultBackend);
    RecordingReporter other =
        reporterFor(defaultBackend == Backend.SWF ? Backend.SFN : Backend.SWF);
    assertThat(expected.tokens).containsExactly(token);
    assertThat(other.tokens).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void backend_isTheDefault(Backend defaultBackend) {
    assertThat(both(defaultBackend).backend()).isEqualTo(defaultBackend);
  }

  @Test
  void reportAsync_routesByIssuerAndReturnsTheTargetsFuture() {
    TaskFailureReporter routing = both(Backend.SFN);
    TaskToken swfToken = TaskToken.of(Backend.SWF, SWF_VALUE);
    TaskToken sfnToken = TaskToken.of(Backend.SFN, SFN_VALUE);
    TaskToken untagged = TaskToken.of("untagged-token");

    CompletableFuture<Void> toSwf = routing.reportAsync(swfToken, FAILURE);
    CompletableFuture<Void> toSfn = routing.reportAsync(sfnToken, FAILURE);
    CompletableFuture<Void> toDefault = routing.reportAsync(untagged, FAILURE);

    assertThat(toSwf).isSameAs(swf.future);
    assertThat(toSfn).isSameAs(sfn.future);
    assertThat(toDefault).isSameAs(sfn.future);
    assertThat(swf.tokens).containsExactly(swfToken);
    assertThat(swf.methods).containsExactly("reportAsync");
    assertThat(sfn.tokens).containsExactly(sfnToken, untagged);
    assertThat(sfn.methods).containsExactly("reportAsync", "reportAsync");
  }

  @Test
  void routing_whenDefaultHasNoReporter_throws() {
    Map<Backend, TaskFailureReporter> onlySwf = Map.of(Backend.SWF, swf);

    assertThatThrownBy(() -> TaskFailureReporters.routing(onlySwf, Backend.SFN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("default backend SFN");
  }

  @Test
  void routing_whenEmpty_throws() {
    Map<Backend, TaskFailureReporter> none = Map.of();

    assertThatThrownBy(() -> TaskFailureReporters.routing(none, Backend.SWF))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("default backend SWF");
  }

  @Test
  void routing_whenReporterKeyedUnderWrongBackend_throws() {
    Map<Backend, TaskFailureReporter> swapped = Map.of(Backend.SWF, sfn, Backend.SFN, sfn);

    assertThatThrownBy(() -> TaskFailureReporters.routing(swapped, Backend.SFN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("reporter for SWF talks to SFN");
  }

  @Test
  void report_whenIssuerHasNoReporter_throwsNamingTaskTokenWithoutTheValue() {
    TaskFailureReporter routing =
        TaskFailureReporters.routing(Map.of(Backend.SFN, sfn), Backend.SFN);
    TaskToken token = TaskToken.of(Backend.SWF, SWF_VALUE);

    assertThatThrownBy(() -> routing.report(token, FAILURE))
        .isInstanceOfSatisfying(
            InvalidTaskFailureException.class, e -> assertThat(e.field()).isEqualTo("taskToken"))
        .hasMessageContaining("SWF")
        .hasMessageNotContaining(SWF_VALUE)
        .hasMessageNotContaining("a1b2c3");
    assertThatThrownBy(() -> routing.reportAsync(token, FAILURE))
        .isInstanceOfSatisfying(
            InvalidTaskFailureException.class, e -> assertThat(e.field()).isEqualTo("taskToken"))
        .hasMessageNotContaining(SWF_VALUE);
    assertThat(sfn.tokens).isEmpty();
  }

  @Test
  void routing_copiesTheMap() {
    Map<Backend, TaskFailureReporter> reporters = new HashMap<>();
    reporters.put(Backend.SWF, swf);
    reporters.put(Backend.SFN, sfn);
    TaskFailureReporter routing = TaskFailureReporters.routing(reporters, Backend.SFN);
    reporters.clear();
    TaskToken token = TaskToken.of(Backend.SWF, SWF_VALUE);

    routing.report(token, FAILURE);

    assertThat(swf.tokens).containsExactly(token);
  }

  @Test
  void routing_acceptsEnumMapAndSingleBackend() {
    EnumMap<Backend, RecordingReporter> reporters = new EnumMap<>(Backend.class);
    reporters.put(Backend.SWF, swf);
    TaskFailureReporter routing = TaskFailureReporters.routing(reporters, Backend.SWF);
    TaskToken token = TaskToken.of(SWF_VALUE);

    routing.report(token, FAILURE);

    assertThat(swf.tokens).containsExactly(token);
  }

  @Test
  void toString_namesBackendsAndHasNoSecrets() {
    TaskFailureReporter routing = both(Backend.SWF);
    routing.report(TaskToken.of(Backend.SWF, SWF_VALUE), FAILURE);
    routing.report(TaskToken.of(Backend.SFN, SFN_VALUE), FAILURE);

    assertThat(routing.toString())
        .contains("default=SWF")
        .contains("SFN")
        .doesNotContain("SECRET")
        .doesNotContain(SWF_VALUE)
        .doesNotContain(SFN_VALUE)
        .doesNotContain("Worker.Crashed");
  }
}
