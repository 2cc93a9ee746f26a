package dev.taskbridge.aws.internal;

import com.google.inject.Binder;
import com.google.inject.Provider;
import com.google.inject.Scopes;
import com.google.inject.multibindings.MapBinder;
import dev.taskbridge.api.Backend;
import dev.taskbridge.api.TaskFailureReporter;
import java.util.function.Function;

/** The one binding both Guice modules make. Loaded only by them, so Guice stays optional. */
public final class GuiceContributions {

  private GuiceContributions() {}

  /**
   * Contributes {@code backend -> factory(client)} to {@code Map<Backend, TaskFailureReporter>}, as
   * a singleton built from the application's binding of {@code clientType}.
   */
  public static <C> void contribute(
      Binder binder,
      Backend backend,
      Class<C> clientType,
      Function<? super C, TaskFailureReporter> factory) {
    Provider<C> client = binder.getProvider(clientType);
    MapBinder.newMapBinder(binder, Backend.class, TaskFailureReporter.class)
        .addBinding(backend)
        .toProvider(() -> factory.apply(client.get()))
        .in(Scopes.SINGLETON);
  }
}
