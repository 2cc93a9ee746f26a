package dev.taskbridge.conformance;

import dev.taskbridge.api.Backend;
import java.net.URI;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * A backend deployment the kit runs against: the embedded emulator, a standalone emulator,
 * LocalStack, or the real services. See {@link Targets}.
 *
 * <p>The kit reaches a target only through the services' public APIs at {@link #endpoint}; what it
 * can do beyond that is declared by {@link #capabilities()} and done through {@link #control()}.
 */
public interface Target extends AutoCloseable {

  /** A short name for reports, e.g. {@code embedded-emulator}. */
  String name();

  /** Where {@code backend}'s API is served. */
  URI endpoint(Backend backend);

  /** The region to sign requests for. */
  Region region();

  /** The credentials to sign requests with. */
  AwsCredentialsProvider credentials();

  /** The IAM role given to CreateStateMachine (emulators ignore it; AWS requires a real one). */
  String sfnRoleArn();

  /** What the kit may do beyond the public APIs. */
  Set<Capability> capabilities();

  /** The control for {@link #capabilities()}; empty when there are none. */
  Optional<TargetControl> control();

  /** Releases what the target started (the embedded emulator); idempotent. */
  @Override
  void close();
}
