package dev.taskbridge.swf;

import com.google.inject.AbstractModule;
import dev.taskbridge.api.Backend;
import dev.taskbridge.api.ReporterOptions;
import dev.taskbridge.aws.internal.GuiceContributions;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.swf.SwfAsyncClient;
import software.amazon.awssdk.services.swf.SwfClient;

/**
 * Guice module that contributes the SWF reporter to {@code Map<Backend, TaskFailureReporter>} under
 * {@link Backend#SWF}.
 *
 * <p><b>Requires</b> a binding for {@link SwfClient} ({@link #withSyncClient}) or {@link
 * SwfAsyncClient} ({@link #withAsyncClient}); the application creates, configures and closes that
 * client. <b>Exposes</b> only the map entry (a singleton); install {@code RoutingReporterModule}
 * from {@code taskbridge-guice} to get a plain {@code TaskFailureReporter}.
 *
 * <p>Immutable and side-effect free: {@code configure()} only binds. Two modules with the same
 * client kind and options are equal, so installing one twice is harmless.
 */
public final class SwfBindingModule extends AbstractModule {

  private final boolean async;
  private final ReporterOptions options;

  private SwfBindingModule(boolean async, ReporterOptions options) {
    this.async = async;
    this.options = Objects.requireNonNull(options, "options");
  }

  /** Uses the bound {@link SwfClient} and {@link ReporterOptions#defaults()}. */
  public static SwfBindingModule withSyncClient() {
    return withSyncClient(ReporterOptions.defaults());
  }

  /** Uses the bound {@link SwfClient}. */
  public static SwfBindingModule withSyncClient(ReporterOptions options) {
    return new SwfBindingModule(false, options);
  }

  /** Uses the bound {@link SwfAsyncClient} and {@link ReporterOptions#defaults()}. */
  public static SwfBindingModule withAsyncClient() {
    return withAsyncClient(ReporterOptions.defaults());
  }

  /** Uses the bound {@link SwfAsyncClient}. */
  public static SwfBindingModule withAsyncClient(ReporterOptions options) {
    return new SwfBindingModule(true, options);
  }

  @Override
  protected void configure() {
    if (async) {
      GuiceContributions.contribute(
          binder(),
          Backend.SWF,
          SwfAsyncClient.class,
          c -> SwfTaskFailureReporter.create(c, options));
    } else {
      GuiceContributions.contribute(
          binder(), Backend.SWF, SwfClient.class, c -> SwfTaskFailureReporter.create(c, options));
    }
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof SwfBindingModule other
        && async == other.async
        && options.equals(other.options);
  }

  @Override
  public int hashCode() {
    return Objects.hash(SwfBindingModule.class, async, options);
  }

  @Override
  public String toString() {
    return "SwfBindingModule[client="
        + (async ? "SwfAsyncClient" : "SwfClient")
        + ", "
        + options
        + "]";
  }
}
