package dev.taskbridge.emulator;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnAsyncClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.swf.SwfAsyncClient;
import software.amazon.awssdk.services.swf.SwfClient;

/** Unmodified AWS SDK v2 clients pointed at an emulator. */
final class TestClients {
  private TestClients() {}

  static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret"));

  static SfnClient sfn(URI endpoint) {
    return local(SfnClient.builder(), endpoint)
        .httpClient(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(70)).build())
        .build();
  }

  static SfnClient sfnNoRetry(URI endpoint) {
    return noRetry(local(SfnClient.builder(), endpoint))
        .httpClient(UrlConnectionHttpClient.builder().build())
        .build();
  }

  static SfnAsyncClient sfnAsync(URI endpoint) {
    return local(SfnAsyncClient.builder(), endpoint)
        .httpClient(NettyNioAsyncHttpClient.builder().build())
        .build();
  }

  static SfnAsyncClient sfnAsyncNoRetry(URI endpoint) {
    return noRetry(local(SfnAsyncClient.builder(), endpoint))
        .httpClient(NettyNioAsyncHttpClient.builder().build())
        .build();
  }

  static SwfClient swf(URI endpoint) {
    return local(SwfClient.builder(), endpoint)
        .httpClient(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(95)).build())
        .build();
  }

  static SwfClient swfNoRetry(URI endpoint) {
    return noRetry(local(SwfClient.builder(), endpoint))
        .httpClient(UrlConnectionHttpClient.builder().build())
        .build();
  }

  static SwfAsyncClient swfAsync(URI endpoint) {
    return local(SwfAsyncClient.builder(), endpoint)
        .httpClient(NettyNioAsyncHttpClient.builder().build())
        .build();
  }

  /** Points the builder at the emulator, in us-east-1, with dummy credentials. */
  private static <B extends AwsClientBuilder<B, ?>> B local(B builder, URI endpoint) {
    return builder
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(CREDENTIALS);
  }

  /** Turns the SDK's own retries off. */
  private static <B extends AwsClientBuilder<B, ?>> B noRetry(B builder) {
    return builder.overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()));
  }
}
