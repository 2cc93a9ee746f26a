package dev.taskbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/** Region and credentials as {@code report} and {@code conformance} choose them. */
class AwsSettingsTest {

  private static CliContext context(Map<String, String> env) {
    PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
    return new CliContext(nowhere, nowhere, env);
  }

  @Test
  void isLoopback_localhostAndLoopbackLiterals_true() {
    for (String url :
        new String[] {
          "http://localhost:4566",
          "http://LOCALHOST",
          "http://127.0.0.1:1",
          "http://127.1.2.3",
          "http://[::1]:4566"
        }) {
      assertThat(AwsSettings.isLoopback(URI.create(url))).as(url).isTrue();
    }
  }

  @Test
  void isLoopback_otherHosts_false() {
    for (String url :
        new String[] {
          "https://states.us-east-1.amazonaws.com",
          "http://10.0.0.1:4566",
          "http://[2001:db8::1]",
          "http://localhost.example.com"
        }) {
      assertThat(AwsSettings.isLoopback(URI.create(url))).as(url).isFalse();
    }
  }

  @Test
  void credentials_loopbackEndpoint_dummyStatic_elseDefaultChain() {
    assertThat(AwsSettings.credentials(URI.create("http://127.0.0.1:4566")))
        .isInstanceOf(StaticCredentialsProvider.class);
    assertThat(AwsSettings.credentials(URI.create("https://swf.eu-west-1.amazonaws.com")))
        .isInstanceOf(DefaultCredentialsProvider.class);
    assertThat(AwsSettings.credentials(null)).isInstanceOf(DefaultCredentialsProvider.class);
  }

  @Test
  void region_optionThenEnvironmentThenUsEast1WithEndpoint() {
    CliContext withEnv = context(Map.of("AWS_REGION", "ap-south-1"));

    assertThat(AwsSettings.region("eu-west-1", withEnv, true)).isEqualTo(Region.EU_WEST_1);
    assertThat(AwsSettings.region(null, withEnv, true)).isEqualTo(Region.AP_SOUTH_1);
    assertThat(AwsSettings.region(null, withEnv, false)).isEqualTo(Region.AP_SOUTH_1);
    assertThat(AwsSettings.region(null, context(Map.of()), true)).isEqualTo(Region.US_EAST_1);
  }

  @Test
  void endpoint_notHttp_isUsageError() {
    assertThatThrownBy(() -> AwsSettings.endpoint("--endpoint-url", "ftp://host"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("--endpoint-url must be an http:// or https:// URL");
    assertThatThrownBy(() -> AwsSettings.endpoint("--endpoint-url", "http://bad host"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("not a valid URL");
  }
}
