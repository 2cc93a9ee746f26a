package dev.taskbridge.swf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskbridge.api.Backend;
import dev.taskbridge.api.ReporterOptions;
import dev.taskbridge.contract.TestClients;
import java.net.URI;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.swf.SwfAsyncClient;
import software.amazon.awssdk.services.swf.SwfClient;
import software.amazon.awssdk.services.swf.model.ActivityTaskFailedEventAttributes;

/** The no-options factories and the module's value semantics (found by mutation testing). */
class FactoriesTest {

  private static final URI NOWHERE = URI.create("http://127.0.0.1:9");

  @Test
  void create_withoutOptions_usesDefaults() {
    try (SwfClient sync =
            TestClients.blocking(
                SwfClient.builder(), NOWHERE, TestClients.Settings.NO_SDK_RETRIES);
        SwfAsyncClient async =
            TestClients.nonBlocking(
                SwfAsyncClient.builder(), NOWHERE, TestClients.Settings.NO_SDK_RETRIES)) {
      assertThat(SwfTaskFailureReporter.create(sync).backend()).isEqualTo(Backend.SWF);
      assertThat(SwfTaskFailureReporter.create(sync).toString())
          .contains(ReporterOptions.defaults().toString());
      assertThat(SwfTaskFailureReporter.create(async).backend()).isEqualTo(Backend.SWF);
      assertThat(SwfTaskFailureReporter.create(async).toString())
          .contains("SwfAsyncClient", ReporterOptions.defaults().toString());
    }
  }

  @Test
  void module_valueSemantics_andDescription() {
    assertThat(SwfBindingModule.withSyncClient())
        .isEqualTo(SwfBindingModule.withSyncClient(ReporterOptions.defaults()))
        .hasSameHashCodeAs(SwfBindingModule.withSyncClient(ReporterOptions.defaults()));
    assertThat(SwfBindingModule.withAsyncClient())
        .isEqualTo(SwfBindingModule.withAsyncClient(ReporterOptions.defaults()));
    assertThat(SwfBindingModule.withSyncClient().hashCode())
        .isNotEqualTo(SwfBindingModule.withAsyncClient().hashCode());
    assertThat(SwfBindingModule.withSyncClient().toString())
        .startsWith("SwfBindingModule[client=SwfClient, ");
    assertThat(SwfBindingModule.withAsyncClient().toString())
        .startsWith("SwfBindingModule[client=SwfAsyncClient, ");
  }

  @Test
  @SuppressWarnings("NullAway") // the point of the test
  void publicEntryPoints_withNull_throwNamingTheParameter() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> SwfTaskFailureReporter.create((SwfClient) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("client");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> SwfTaskFailureReporter.create((SwfAsyncClient) null, ReporterOptions.defaults()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("client");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> SwfVocabulary.failureOf((ActivityTaskFailedEventAttributes) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageMatching("details|attributes");
    try (SwfClient client =
        TestClients.blocking(
            SwfClient.builder(),
            URI.create("http://127.0.0.1:1"),
            TestClients.Settings.NO_SDK_RETRIES)) {
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> SwfTaskFailureReporter.create(client, null))
          .isInstanceOf(NullPointerException.class)
          .hasMessage("options");
      dev.taskbridge.api.TaskFailureReporter r = SwfTaskFailureReporter.create(client);
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> r.report(null, dev.taskbridge.api.TaskFailure.of(null, null)))
          .isInstanceOf(NullPointerException.class)
          .hasMessage("token");
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> r.reportAsync(dev.taskbridge.api.TaskToken.of("tok-1234"), null))
          .isInstanceOf(NullPointerException.class)
          .hasMessage("failure");
    }
  }
}
