package dev.taskbridge.sfn;

import com.google.inject.AbstractModule;
import dev.taskbridge.api.Backend;
import dev.taskbridge.api.ReporterOptions;
import dev.taskbridge.aws.internal.GuiceContributions;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.sfn.SfnAsyncClient;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * Guice module that contributes the Step Functions reporter to {@code Map<Backend,
 * TaskFailureReporter>} under {@link Backend#SFN}.
 *
 * <p><b>Requires</b> a binding for {@link SfnClient} ({@link #withSyncClient}) or {@link
 * SfnAsyncClient} ({@link #withAsyncClient}); the application creates, configures and closes that
 * client. <b>Exposes</b> only the map entry (a singleton); install {@code RoutingReporterModule}
 * from {@code taskbridge-guice} to get a plain {@code TaskFailureReporter}.
 *
 * <p>Immutable and side-effect free: {@code configure()} only binds. Two modules with the same
 * client kind and options are equal, so installing one twice is harmless.
 */
public final class SfnBindingModule extends AbstractModule {

  private final boolean async;
  private final ReporterOptions options;

  private SfnBindingModule(boolean async, ReporterOptions options) {
    this.async = async;
    this.options = Objects.requireNonNull(options, "options");
  }

  /** Uses the bound {@link SfnClient} and {@link ReporterOptions#defaults()}. */
  public static SfnBindingModule withSyncClient() {
    return withSyncClient(ReporterOptions.defaults());
  }

  /** Uses the bound {@link SfnClient}. */
  public static SfnBindingModule withSyncClient(ReporterOptions options) {
    return new SfnBindingModule(false, options);
  }

  /** Uses the bound {@link SfnAsyncClient} and {@link ReporterOptions#defaults()}. */
  public static SfnBindingModule withAsyncClient() {
    return withAsyncClient(ReporterOptions.defaults());
  }

  /** Uses the bound {@link SfnAsyncClient}. */
  public static SfnBindingModule withAsyncClient(ReporterOptions options) {
    return new SfnBindingModule(true, options);
  }

  @Override
  protected void configure() {
    if (async) {
      GuiceContributions.contribute(
          binder(),
          Backend.SFN,
          SfnAsyncClient.class,
          c -> SfnTaskFailureReporter.create(c, options));
    } else {
      GuiceContributions.contribute(
          binder(), Backend.SFN, SfnClient.class, c -> SfnTaskFailureReporter.create(c, options));
    }
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof SfnBindingModule other
        && async == other.async
        && options.equals(other.options);
  }

  @Override
  public int hashCode() {
    return Objects.hash(SfnBindingModule.class, async, options);
  }

  @Override
  public String toString() {
    return "SfnBindingModule[client="
        + (async ? "SfnAsyncClient" : "SfnClient")
        + ", "
        + options
        + "]";
  }
}
