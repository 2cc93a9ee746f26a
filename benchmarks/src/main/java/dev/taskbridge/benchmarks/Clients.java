package dev.taskbridge.benchmarks;

import java.net.URI;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnAsyncClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.swf.SwfAsyncClient;
import software.amazon.awssdk.services.swf.SwfClient;

/**
 * SDK clients as every benchmark builds them: explicit region, static credentials (the emulator
 * does not verify signatures, but the SDK still signs, as it would against AWS) and an explicit
 * HTTP client.
 */
final class Clients {

  static final URI UNUSED_ENDPOINT = URI.create("http://127.0.0.1:9");

  private static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDBENCHMARK", "secret"));

  private Clients() {}

  static SfnClient sfn(URI endpoint, SdkHttpClient http) {
    return sfn(endpoint, http, null);
  }

  /** With {@code apiCallTimeout} as the client's own API call timeout, if not null. */
  static SfnClient sfn(URI endpoint, SdkHttpClient http, @Nullable Duration apiCallTimeout) {
    return local(SfnClient.builder(), endpoint, apiCallTimeout).httpClient(http).build();
  }

  /**
   * A blocking client for long polls held at most {@code pollHold}: {@code url-connection-client}
   * with a socket timeout 9 s past it, so a held poll never ends on the client's side.
   */
  static SfnClient sfnForPolls(URI endpoint, Duration pollHold) {
    return sfn(endpoint, pollHttp(pollHold));
  }

  /** As {@link #sfnForPolls}, for SWF. */
  static SwfClient swfForPolls(URI endpoint, Duration pollHold) {
    return swf(endpoint, pollHttp(pollHold));
  }

  /** {@code url-connection-client} with a socket timeout 9 s past {@code pollHold}. */
  private static SdkHttpClient pollHttp(Duration pollHold) {
    return UrlConnectionHttpClient.builder().socketTimeout(pollHold.plusSeconds(9)).build();
  }

  static SwfClient swf(URI endpoint, SdkHttpClient http) {
    return swf(endpoint, http, null);
  }

  /** With {@code apiCallTimeout} as the client's own API call timeout, if not null. */
  static SwfClient swf(URI endpoint, SdkHttpClient http, @Nullable Duration apiCallTimeout) {
    return local(SwfClient.builder(), endpoint, apiCallTimeout).httpClient(http).build();
  }

  /** Netty with room for {@code maxConcurrency} calls in flight (the default is 50). */
  static SfnAsyncClient sfnAsync(URI endpoint, int maxConcurrency) {
    return sfnAsync(endpoint, maxConcurrency, null);
  }

  /** With {@code apiCallTimeout} as the client's own API call timeout, if not null. */
  static SfnAsyncClient sfnAsync(
      URI endpoint, int maxConcurrency, @Nullable Duration apiCallTimeout) {
    return local(SfnAsyncClient.builder(), endpoint, apiCallTimeout)
        .httpClientBuilder(netty(maxConcurrency))
        .build();
  }

  static SwfAsyncClient swfAsync(URI endpoint, int maxConcurrency) {
    return swfAsync(endpoint, maxConcurrency, null);
  }

  /** With {@code apiCallTimeout} as the client's own API call timeout, if not null. */
  static SwfAsyncClient swfAsync(
      URI endpoint, int maxConcurrency, @Nullable Duration apiCallTimeout) {
    return local(SwfAsyncClient.builder(), endpoint, apiCallTimeout)
        .httpClientBuilder(netty(maxConcurrency))
        .build();
  }

  /**
   * Endpoint, region, credentials and the client's own API call timeout, the same for every client.
   */
  private static <B extends AwsClientBuilder<B, ?>> B local(
      B builder, URI endpoint, @Nullable Duration apiCallTimeout) {
    return builder
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(CREDENTIALS)
        .overrideConfiguration(o -> o.apiCallTimeout(apiCallTimeout));
  }

  private static NettyNioAsyncHttpClient.Builder netty(int maxConcurrency) {
    return NettyNioAsyncHttpClient.builder()
        .maxConcurrency(maxConcurrency)
        .maxPendingConnectionAcquires(10_000)
        .connectionAcquisitionTimeout(Duration.ofSeconds(60));
  }
}
