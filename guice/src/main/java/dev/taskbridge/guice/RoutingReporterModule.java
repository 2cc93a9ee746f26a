package dev.taskbridge.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Key;
import com.google.inject.Provider;
import com.google.inject.Scopes;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.MapBinder;
import dev.taskbridge.api.Backend;
import dev.taskbridge.api.TaskFailureReporter;
import dev.taskbridge.api.TaskFailureReporters;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Guice module that binds {@link TaskFailureReporter} to a routing reporter: each report goes to
 * the backend that issued its token, tokens without an issuer to the default backend.
 *
 * <p><b>Requires</b> the {@code Map<Backend, TaskFailureReporter>} entries contributed by {@code
 * SfnBindingModule} and/or {@code SwfBindingModule}, including one for the default backend (the
 * injector fails to start otherwise, naming what is missing). <b>Exposes</b> {@link
 * TaskFailureReporter} as a singleton.
 *
 * <p>Immutable and side-effect free; modules with the same default backend are equal.
 */
public final class RoutingReporterModule extends AbstractModule {

  private static final Key<Map<Backend, TaskFailureReporter>> REPORTERS =
      Key.get(new TypeLiteral<Map<Backend, TaskFailureReporter>>() {});

  private final Backend defaultBackend;

  /** Routes tokens without an issuer to {@code defaultBackend}. */
  public RoutingReporterModule(Backend defaultBackend) {
    this.defaultBackend = Objects.requireNonNull(defaultBackend, "defaultBackend");
  }

  @Override
  protected void configure() {
    // Declares the map even when no binding module contributes, for a clear error message.
    MapBinder.newMapBinder(binder(), Backend.class, TaskFailureReporter.class);
    Provider<Map<Backend, TaskFailureReporter>> reporters = getProvider(REPORTERS);
    Backend fallback = defaultBackend;
    // A provider instance rather than a @Provides method: Guice generates a class for each
    // provider method it calls, which costs start-up time (issue 7).
    bind(TaskFailureReporter.class)
        .toProvider(() -> TaskFailureReporters.routing(reporters.get(), fallback))
        .in(Scopes.SINGLETON);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof RoutingReporterModule other && defaultBackend == other.defaultBackend;
  }

  @Override
  public int hashCode() {
    return Objects.hash(RoutingReporterModule.class, defaultBackend);
  }

  @Override
  public String toString() {
    return "RoutingReporterModule[default=" + defaultBackend + "]";
  }
}
