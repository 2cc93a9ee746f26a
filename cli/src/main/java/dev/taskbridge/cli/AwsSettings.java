package dev.taskbridge.cli;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/** Endpoint, region and credentials as the commands choose them; see the README. */
final class AwsSettings {

  /** The region used with an endpoint URL when neither --region nor AWS_REGION says one. */
  static final Region ENDPOINT_DEFAULT_REGION = Region.US_EAST_1;

  private AwsSettings() {}

  /** Parses an {@code http(s)://host[:port]} URL given as {@code option}. */
  static URI endpoint(String option, String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new UsageException(option + " is not a valid URL: " + e.getReason());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
      throw new UsageException(
          option + " must be an http:// or https:// URL with a host, e.g. http://127.0.0.1:4566");
    }
    return uri;
  }

  /**
   * The region: {@code --region}, else {@code AWS_REGION}, else us-east-1 when an endpoint URL is
   * given (emulators accept any region), else the SDK's default region chain (profile, instance
   * metadata).
   */
  static Region region(@Nullable String option, CliContext context, boolean endpointGiven) {
    if (option != null && !option.isBlank()) {
      return Region.of(option.trim());
    }
    String env = context.env("AWS_REGION");
    if (env != null) {
      return Region.of(env.trim());
    }
    if (endpointGiven) {
      return ENDPOINT_DEFAULT_REGION;
    }
    try {
      return DefaultAwsRegionProviderChain.builder().build().getRegion();
    } catch (SdkClientException e) {
      throw new UsageException("no region: pass --region or set AWS_REGION");
    }
  }

  /**
   * The credentials: dummy static ones when the endpoint is on loopback (an emulator, which does
   * not check signatures), otherwise the SDK's default chain.
   */
  static AwsCredentialsProvider credentials(@Nullable URI endpoint) {
    if (endpoint != null && isLoopback(endpoint)) {
      return StaticCredentialsProvider.create(
          AwsBasicCredentials.create("AKIDTASKBRIDGELOCAL", "taskbridge-local"));
    }
    return DefaultCredentialsProvider.builder().build();
  }

  /** Whether {@code endpoint}'s host is {@code localhost} or a loopback IP literal (no DNS). */
  static boolean isLoopback(URI endpoint) {
    String host = endpoint.getHost();
    if (host == null) {
      return false;
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    if (host.equalsIgnoreCase("localhost")) {
      return true;
    }
    boolean literal = host.contains(":") || host.matches("[0-9.]+");
    if (!literal) {
      return false;
    }
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
