package dev.taskbridge.worker;

import com.google.inject.AbstractModule;
import com.google.inject.Binder;
import com.google.inject.Key;
import com.google.inject.Provider;
import com.google.inject.Scopes;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.MapBinder;
import dev.taskbridge.api.TaskClient;
import dev.taskbridge.api.TaskSource;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Guice module that binds {@link ActivityWorker} to a worker built from the handlers bound per
 * source, not started.
 *
 * <p><b>Requires</b> a {@link TaskClient} binding (the application creates the SDK client and the
 * task client, and closes them) and at least one handler in the {@code Map<TaskSource,
 * ActivityHandler>} filled with {@link #handlers(Binder)}; optionally {@link HandlerOptions} per
 * source with {@link #handlerOptions(Binder)}. <b>Exposes</b> {@link ActivityWorker} as a
 * singleton: the application calls {@link ActivityWorker#start()} and, at its end, {@link
 * ActivityWorker#close()} (the module starts nothing, opens nothing).
 *
 * <pre>{@code
 * Guice.createInjector(
 *     new ActivityWorkerModule("billing-worker-1", 16),
 *     binder -> {
 *       binder.bind(TaskClient.class).toInstance(SwfTaskClient.create(swf));
 *       ActivityWorkerModule.handlers(binder)
 *           .addBinding(TaskSource.swfTaskList("billing", "charge"))
 *           .to(ChargeCard.class);
 *     });
 * }</pre>
 *
 * <p>Immutable and side-effect free; modules with the same identity and concurrency are equal, so
 * installing one twice is harmless.
 */
public final class ActivityWorkerModule extends AbstractModule {

  private static final Key<Map<TaskSource, ActivityHandler>> HANDLERS =
      Key.get(new TypeLiteral<Map<TaskSource, ActivityHandler>>() {});
  private static final Key<Map<TaskSource, HandlerOptions>> OPTIONS =
      Key.get(new TypeLiteral<Map<TaskSource, HandlerOptions>>() {});

  private final @Nullable String identity;
  private final int concurrency;

  /**
   * A module for a worker with {@code identity} (null for none) and {@code concurrency} slots.
   *
   * @throws IllegalArgumentException if {@code concurrency} is not between 1 and 4096
   */
  public ActivityWorkerModule(@Nullable String identity, int concurrency) {
    // Checks the value now, where the mistake is, rather than when the injector is created.
    this.concurrency = ActivityWorker.checkConcurrency(concurrency);
    this.identity = identity;
  }

  /** The map binder to add a handler per source to, from any module. */
  public static MapBinder<TaskSource, ActivityHandler> handlers(Binder binder) {
    return MapBinder.newMapBinder(binder, TaskSource.class, ActivityHandler.class);
  }

  /** The map binder to add {@link HandlerOptions} per source to; a source without gets defaults. */
  public static MapBinder<TaskSource, HandlerOptions> handlerOptions(Binder binder) {
    return MapBinder.newMapBinder(binder, TaskSource.class, HandlerOptions.class);
  }

  @Override
  protected void configure() {
    // Declared here too, so that a missing handler gives a clear error rather than a missing key.
    handlers(binder());
    handlerOptions(binder());
    Provider<TaskClient> client = getProvider(TaskClient.class);
    Provider<Map<TaskSource, ActivityHandler>> handlers = getProvider(HANDLERS);
    Provider<Map<TaskSource, HandlerOptions>> options = getProvider(OPTIONS);
    @Nullable String name = identity;
    int slots = concurrency;
    bind(ActivityWorker.class)
        .toProvider(
            () -> {
              ActivityWorker.Builder b =
                  ActivityWorker.builder(client.get()).identity(name).concurrency(slots);
              Map<TaskSource, HandlerOptions> perSource = options.get();
              handlers
                  .get()
                  .forEach(
                      (source, handler) ->
                          b.handle(
                              source,
                              handler,
                              perSource.getOrDefault(source, HandlerOptions.defaults())));
              return b.build();
            })
        .in(Scopes.SINGLETON);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof ActivityWorkerModule other
        && Objects.equals(identity, other.identity)
        && concurrency == other.concurrency;
  }

  @Override
  public int hashCode() {
    return Objects.hash(ActivityWorkerModule.class, identity, concurrency);
  }

  @Override
  public String toString() {
    return "ActivityWorkerModule[identity=" + identity + ", concurrency=" + concurrency + "]";
  }
}
