package dev.taskbridge.aws.internal.testing;

import java.net.URI;
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
    builder
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")));
    if (!sdkRetries) {
      builder.overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()));
    }
    return builder;
  }
}
