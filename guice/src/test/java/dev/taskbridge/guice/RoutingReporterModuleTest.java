package dev.taskbridge.guice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.AbstractModule;
import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Stage;
import com.google.inject.multibindings.MapBinder;
import dev.taskbridge.api.Backend;
import dev.taskbridge.api.TaskFailure;
import dev.taskbridge.api.TaskFailureReporter;
import dev.taskbridge.api.TaskToken;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class RoutingReporterModuleTest {

  /** Records what it was asked to report; stands in for a binding's reporter. */
  static final class RecordingReporter implements TaskFailureReporter {
    final Backend backend;
    final List<TaskToken> seen = new ArrayList<>();

    RecordingReporter(Backend backend) {
      this.backend = backend;
    }

    @Override
    public Backend backend() {
      return backend;
    }

    @Override
    public void report(TaskToken token, TaskFailure failure) {
      seen.add(token);
    }

    @Override
    public CompletableFuture<Void> reportAsync(TaskToken token, TaskFailure failure) {
      seen.add(token);
      return CompletableFuture.completedFuture(null);
    }
  }

  private final RecordingReporter sfn = new RecordingReporter(Backend.SFN);
  private final RecordingReporter swf = new RecordingReporter(Backend.SWF);

  private AbstractModule contributing(RecordingReporter... reporters) {
    return new AbstractModule() {
      @Override
      protected void configure() {
        MapBinder<Backend, TaskFailureReporter> map =
            MapBinder.newMapBinder(binder(), Backend.class, TaskFailureReporter.class);
        for (RecordingReporter r : reporters) {
          map.addBinding(r.backend).toInstance(r);
        }
      }
    };
  }

  @Test
  void reporter_sendsEachTokenToItsIssuer_andUntaggedTokensToTheDefault() {
    Injector injector =
        Guice.createInjector(
            Stage.PRODUCTION, contributing(sfn, swf), new RoutingReporterModule(Backend.SWF));
    TaskFailureReporter reporter = injector.getInstance(TaskFailureReporter.class);

    reporter.report(TaskToken.of(Backend.SFN, "a"), TaskFailure.of(null, null));
    reporter.report(TaskToken.of(Backend.SWF, "b"), TaskFailure.of(null, null));
    reporter.reportAsync(TaskToken.of("c"), TaskFailure.of(null, null)).join();

    assertThat(reporter.backend()).isEqualTo(Backend.SWF);
    assertThat(sfn.seen).containsExactly(TaskToken.of(Backend.SFN, "a"));
    assertThat(swf.seen).containsExactly(TaskToken.of(Backend.SWF, "b"), TaskToken.of("c"));
    assertThat(injector.getInstance(TaskFailureReporter.class)).isSameAs(reporter);
  }

  @Test
  void injector_withoutAReporterForTheDefaultBackend_failsAtStartSayingWhich() {
    assertThatThrownBy(
            () ->
                Guice.createInjector(
                    Stage.PRODUCTION, contributing(sfn), new RoutingReporterModule(Backend.SWF)))
        .isInstanceOf(CreationException.class)
        .hasMessageContaining("no reporter for the default backend SWF");
  }

  @Test
  void module_isAValue() {
    assertThat(new RoutingReporterModule(Backend.SFN))
        .isEqualTo(new RoutingReporterModule(Backend.SFN))
        .hasSameHashCodeAs(new RoutingReporterModule(Backend.SFN))
        .isNotEqualTo(new RoutingReporterModule(Backend.SWF));
    Injector twice =
        Guice.createInjector(
            contributing(sfn),
            new RoutingReporterModule(Backend.SFN),
            new RoutingReporterModule(Backend.SFN));
    assertThat(twice.getInstance(TaskFailureReporter.class).backend()).isEqualTo(Backend.SFN);
  }
}
