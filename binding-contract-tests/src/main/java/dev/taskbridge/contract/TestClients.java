package dev.taskbridge.contract;

import java.net.URI;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.SdkEventLoopGroup;
import software.amazon.awssdk.regions.Region;

/** The client settings every test shares: loopback endpoint, a region, dummy credentials. */
public final class TestClients {

  /**
   * One event loop group for every Netty client of the test JVM: a client that owns its group waits
   * two seconds for it to shut down when closed.
   */
  public static final SdkEventLoopGroup EVENT_LOOPS =
      SdkEventLoopGroup.builder().numberOfThreads(2).build();

  private TestClients() {}

  /**
   * How a test client is configured beyond the endpoint.
   *
   * @param sdkRetries whether the SDK's own retries are on; off, a stub counts taskbridge's
   *     attempts only
   * @param apiCallTimeout the client's own API call timeout, or null for none (the SDK default)
   */
  public record Settings(boolean sdkRetries, @Nullable Duration apiCallTimeout) {
    /** The SDK's own retries off, no client-level API call timeout. */
    public static final Settings NO_SDK_RETRIES = new Settings(false, null);

    /** The SDK's own retries on (its default strategy), no client-level API call timeout. */
    public static final Settings SDK_RETRIES = new Settings(true, null);
  }

  /** A Netty client builder on the shared event loop group. */
  public static NettyNioAsyncHttpClient.Builder netty() {
    return NettyNioAsyncHttpClient.builder().eventLoopGroup(EVENT_LOOPS);
  }

  /**
   * Points {@code builder} at {@code endpoint} with static dummy credentials; with {@code
   * sdkRetries} false the SDK's own retries are off, so a stub counts taskbridge's attempts only.
   */
  public static <B extends AwsClientBuilder<B, ?>> B local(
      B builder, URI endpoint, boolean sdkRetries) {
    return local(builder, endpoint, sdkRetries ? Settings.SDK_RETRIES : Settings.NO_SDK_RETRIES);
  }

  /**
   * Points {@code builder} at {@code endpoint} with static dummy credentials and {@code settings}.
   */
  public static <B extends AwsClientBuilder<B, ?>> B local(
      B builder, URI endpoint, Settings settings) {
    builder
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")));
    Duration timeout = settings.apiCallTimeout();
    builder.overrideConfiguration(
        o -> {
          if (!settings.sdkRetries()) {
            o.retryStrategy(AwsRetryStrategy.doNotRetry());
          }
          if (timeout != null) {
            o.apiCallTimeout(timeout);
          }
        });
    return builder;
  }
}
