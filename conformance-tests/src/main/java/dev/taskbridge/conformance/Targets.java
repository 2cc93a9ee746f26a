package dev.taskbridge.conformance;

import dev.taskbridge.api.Backend;
import dev.taskbridge.emulator.LocalBackend;
import dev.taskbridge.emulator.ManualClock;
import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * The targets the kit ships with.
 *
 * <p>Both reach the taskbridge emulator's control through the same code: its HTTP control plane
 * ({@code /_taskbridge/…} on the API port), whose {@code GET /_taskbridge/capabilities} tells the
 * kit what it may do. So a run against a standalone emulator gives the same matrix as one against
 * the embedded emulator.
 */
public final class Targets {

  /** The role ARN given to CreateStateMachine when none is configured. */
  public static final String PLACEHOLDER_ROLE_ARN =
      "arn:aws:iam::000000000000:role/taskbridge-conformance";

  /** The embedded emulator answers on loopback; a generous timeout only guards a slow machine. */
  private static final Duration EMBEDDED_PROBE_TIMEOUT = Duration.ofSeconds(15);

  /** How long the embedded emulator holds an idle long poll before it answers empty. */
  static final Duration EMBEDDED_POLL_WAIT = Duration.ofSeconds(2);

  private Targets() {}

  /**
   * Starts a taskbridge emulator on a free loopback port, on a {@link ManualClock}, and controls it
   * (clock, faults) through its HTTP control plane. Its idle long polls answer empty after {@link
   * #EMBEDDED_POLL_WAIT}, not the services' 60 s, so R21 costs seconds. Close the target to stop
   * it.
   *
   * @throws IllegalStateException if the emulator's control plane does not answer
   */
  public static Target embeddedEmulator() {
    LocalBackend backend =
        LocalBackend.builder().clock(new ManualClock()).pollMaxWait(EMBEDDED_POLL_WAIT).start();
    try {
      HttpTargetControl control =
          HttpTargetControl.probe(backend.endpoint(), EMBEDDED_PROBE_TIMEOUT)
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "the embedded emulator's control plane did not answer at "
                              + backend.endpoint()));
      return new EndpointTarget(
          "embedded-emulator",
          backend.endpoint(),
          backend.endpoint(),
          Region.US_EAST_1,
          false,
          PLACEHOLDER_ROLE_ARN,
          control,
          backend);
    } catch (RuntimeException e) {
      backend.close();
      throw e;
    }
  }

  /**
   * Any endpoint serving the SWF and Step Functions APIs: a standalone taskbridge emulator,
   * LocalStack, AWS. Credentials come from the default provider chain when {@code
   * useDefaultCredentials}, otherwise dummy static ones (enough for emulators).
   *
   * <p>Asks {@code GET {sfnEndpoint}/_taskbridge/capabilities} once, waiting at most 2 s. A
   * taskbridge emulator with its control plane on answers, and the target gets the capabilities it
   * lists, exercised over that control plane; anything else (LocalStack, AWS, a refused connection,
   * a timeout) gives a target with no capability beyond the public APIs. The probe never fails the
   * run.
   */
  public static Target endpoint(
      String name,
      URI sfnEndpoint,
      URI swfEndpoint,
      Region region,
      boolean useDefaultCredentials,
      String sfnRoleArn) {
    Objects.requireNonNull(sfnEndpoint, "sfnEndpoint");
    return new EndpointTarget(
        name,
        sfnEndpoint,
        swfEndpoint,
        region,
        useDefaultCredentials,
        sfnRoleArn,
        HttpTargetControl.probe(sfnEndpoint, HttpTargetControl.PROBE_TIMEOUT).orElse(null),
        null);
  }

  static AwsCredentialsProvider dummyCredentials() {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDCONFORMANCE", "x"));
  }

  private static final class EndpointTarget implements Target {
    private final String name;
    private final URI sfn;
    private final URI swf;
    private final Region region;
    private final boolean useDefaultCredentials;
    private final String sfnRoleArn;
    private final @Nullable HttpTargetControl control;
    private final @Nullable LocalBackend owned;

    EndpointTarget(
        String name,
        URI sfn,
        URI swf,
        Region region,
        boolean useDefaultCredentials,
        String sfnRoleArn,
        @Nullable HttpTargetControl control,
        @Nullable LocalBackend owned) {
      this.name = Objects.requireNonNull(name, "name");
      this.sfn = Objects.requireNonNull(sfn, "sfnEndpoint");
      this.swf = Objects.requireNonNull(swf, "swfEndpoint");
      this.region = Objects.requireNonNull(region, "region");
      this.useDefaultCredentials = useDefaultCredentials;
      this.sfnRoleArn = Objects.requireNonNull(sfnRoleArn, "sfnRoleArn");
      this.control = control;
      this.owned = owned;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public URI endpoint(Backend backend) {
      return backend == Backend.SFN ? sfn : swf;
    }

    @Override
    public Region region() {
      return region;
    }

    @Override
    public AwsCredentialsProvider credentials() {
      return useDefaultCredentials
          ? DefaultCredentialsProvider.builder().build()
          : dummyCredentials();
    }

    @Override
    public String sfnRoleArn() {
      return sfnRoleArn;
    }

    @Override
    public Set<Capability> capabilities() {
      HttpTargetControl c = control;
      return c == null ? EnumSet.noneOf(Capability.class) : EnumSet.copyOf(c.capabilities());
    }

    @Override
    public Optional<TargetControl> control() {
      return Optional.ofNullable(control);
    }

    @Override
    public void close() {
      LocalBackend b = owned;
      if (b != null) {
        b.close();
      }
    }

    @Override
    public String toString() {
      return "Target["
          + name
          + ", sfn="
          + sfn
          + ", swf="
          + swf
          + ", region="
          + region
          + ", capabilities="
          + capabilities()
          + "]";
    }
  }
}
