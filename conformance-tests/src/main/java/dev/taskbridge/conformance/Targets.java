package dev.taskbridge.conformance;

import dev.taskbridge.api.Backend;
import dev.taskbridge.emulator.Fault;
import dev.taskbridge.emulator.LocalBackend;
import dev.taskbridge.emulator.ManualClock;
import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/** The targets the kit ships with. */
public final class Targets {

  /** The role ARN given to CreateStateMachine when none is configured. */
  public static final String PLACEHOLDER_ROLE_ARN =
      "arn:aws:iam::000000000000:role/taskbridge-conformance";

  private Targets() {}

  /**
   * Starts a taskbridge emulator on a free loopback port, with a controllable clock and fault
   * injection. Close the target to stop it.
   */
  public static Target embeddedEmulator() {
    ManualClock clock = new ManualClock();
    LocalBackend backend = LocalBackend.builder().clock(clock).start();
    return new EmbeddedTarget(backend, clock);
  }

  /**
   * Any endpoint serving the SWF and Step Functions APIs (LocalStack, another emulator, AWS), with
   * no capability beyond the public APIs. Credentials come from the default provider chain when
   * {@code useDefaultCredentials}, otherwise dummy static ones (enough for emulators).
   */
  public static Target endpoint(
      String name,
      URI sfnEndpoint,
      URI swfEndpoint,
      Region region,
      boolean useDefaultCredentials,
      String sfnRoleArn) {
    return new EndpointTarget(
        name, sfnEndpoint, swfEndpoint, region, useDefaultCredentials, sfnRoleArn);
  }

  static AwsCredentialsProvider dummyCredentials() {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDCONFORMANCE", "x"));
  }

  private record EndpointTarget(
      String name,
      URI sfn,
      URI swf,
      Region region,
      boolean useDefaultCredentials,
      String sfnRoleArn)
      implements Target {

    EndpointTarget {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(sfn, "sfnEndpoint");
      Objects.requireNonNull(swf, "swfEndpoint");
      Objects.requireNonNull(region, "region");
      Objects.requireNonNull(sfnRoleArn, "sfnRoleArn");
    }

    @Override
    public URI endpoint(Backend backend) {
      return backend == Backend.SFN ? sfn : swf;
    }

    @Override
    public AwsCredentialsProvider credentials() {
      return useDefaultCredentials
          ? DefaultCredentialsProvider.builder().build()
          : dummyCredentials();
    }

    @Override
    public Set<Capability> capabilities() {
      return EnumSet.noneOf(Capability.class);
    }

    @Override
    public Optional<TargetControl> control() {
      return Optional.empty();
    }

    @Override
    public void close() {}

    @Override
    public String toString() {
      return "Target[" + name + ", sfn=" + sfn + ", swf=" + swf + ", region=" + region + "]";
    }
  }

  private static final class EmbeddedTarget implements Target, TargetControl {
    private final LocalBackend backend;
    private final ManualClock clock;

    EmbeddedTarget(LocalBackend backend, ManualClock clock) {
      this.backend = backend;
      this.clock = clock;
    }

    @Override
    public String name() {
      return "embedded-emulator";
    }

    @Override
    public URI endpoint(Backend b) {
      return backend.endpoint();
    }

    @Override
    public Region region() {
      return Region.US_EAST_1;
    }

    @Override
    public AwsCredentialsProvider credentials() {
      return dummyCredentials();
    }

    @Override
    public String sfnRoleArn() {
      return PLACEHOLDER_ROLE_ARN;
    }

    @Override
    public Set<Capability> capabilities() {
      return EnumSet.allOf(Capability.class);
    }

    @Override
    public Optional<TargetControl> control() {
      return Optional.of(this);
    }

    @Override
    public void advanceClock(Duration amount) {
      clock.advance(amount);
      backend.tick();
    }

    @Override
    public void inject(String operation, int times, InjectedFault fault) {
      backend.faults().next(times, operation, emulatorFault(fault));
    }

    @Override
    public void clearFaults() {
      backend.faults().clear();
    }

    @Override
    public void close() {
      backend.close();
    }

    @Override
    public String toString() {
      return "Target[embedded-emulator, " + backend.endpoint() + "]";
    }
  }

  static Fault emulatorFault(InjectedFault fault) {
    return switch (fault) {
      case THROTTLING -> Fault.throttling();
      case KMS_THROTTLING -> Fault.kmsThrottling();
      case LIMIT_EXCEEDED ->
          Fault.error(400, "com.amazonaws.swf.base.model#LimitExceededFault", "Limit exceeded");
      case ACCESS_DENIED -> Fault.accessDenied();
      case OPERATION_NOT_PERMITTED -> Fault.operationNotPermitted();
      case KMS_ACCESS_DENIED -> Fault.kmsAccessDenied();
      case KMS_INVALID_STATE -> Fault.kmsInvalidState("DISABLED");
      case INTERNAL_FAILURE -> Fault.internalFailure();
      case SERVICE_UNAVAILABLE -> Fault.serviceUnavailable();
      case DROP_AFTER_APPLY -> Fault.dropAfterApply();
    };
  }
}
