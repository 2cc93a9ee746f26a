package com.example.routing;

import com.google.inject.AbstractModule;
import dev.taskbridge.api.Backend;
import dev.taskbridge.guice.RoutingReporterModule;
import dev.taskbridge.sfn.SfnBindingModule;
import dev.taskbridge.swf.SwfBindingModule;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.swf.SwfClient;

/**
 * The application's wiring: its two SDK clients, both bindings, and one {@code TaskFailureReporter}
 * that sends each report to the backend that issued its token (untagged tokens go to SWF, where
 * this application's older workers run).
 */
public final class ReportingModule extends AbstractModule {

  private final SfnClient sfn;
  private final SwfClient swf;

  /** Binds the clients the application created (and closes). */
  public ReportingModule(SfnClient sfn, SwfClient swf) {
    this.sfn = sfn;
    this.swf = swf;
  }

  @Override
  protected void configure() {
    bind(SfnClient.class).toInstance(sfn);
    bind(SwfClient.class).toInstance(swf);
    install(SfnBindingModule.withSyncClient());
    install(SwfBindingModule.withSyncClient());
    install(new RoutingReporterModule(Backend.SWF));
  }
}
