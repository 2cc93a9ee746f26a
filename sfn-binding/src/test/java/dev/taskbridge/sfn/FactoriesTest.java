package dev.taskbridge.sfn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskbridge.api.Backend;
import dev.taskbridge.api.ReporterOptions;
import dev.taskbridge.contract.TestClients;
import java.net.URI;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnAsyncClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ActivityFailedEventDetails;

/** The no-options factories and the module's value semantics (found by mutation testing). */
class FactoriesTest {

  private static final URI NOWHERE = URI.create("http://127.0.0.1:9");

  @Test
  void create_withoutOptions_usesDefaults() {
    try (SfnClient sync =
            TestClients.blocking(
                SfnClient.builder(), NOWHERE, TestClients.Settings.NO_SDK_RETRIES);
        SfnAsyncClient async =
            TestClients.nonBlocking(
                SfnAsyncClient.builder(), NOWHERE, TestClients.Settings.NO_SDK_RETRIES)) {
      assertThat(SfnTaskFailureReporter.create(sync).backend()).isEqualTo(Backend.SFN);
      assertThat(SfnTaskFailureReporter.create(sync).toString())
          .contains(ReporterOptions.defaults().toString());
      assertThat(SfnTaskFailureReporter.create(async).backend()).isEqualTo(Backend.SFN);
      assertThat(SfnTaskFailureReporter.create(async).toString())
          .contains("SfnAsyncClient", ReporterOptions.defaults().toString());
    }
  }

  @Test
  void module_valueSemantics_andDescription() {
    assertThat(SfnBindingModule.withSyncClient())
        .isEqualTo(SfnBindingModule.withSyncClient(ReporterOptions.defaults()))
        .hasSameHashCodeAs(SfnBindingModule.withSyncClient(ReporterOptions.defaults()));
    assertThat(SfnBindingModule.withAsyncClient())
        .isEqualTo(SfnBindingModule.withAsyncClient(ReporterOptions.defaults()));
    assertThat(SfnBindingModule.withSyncClient().hashCode())
        .isNotEqualTo(SfnBindingModule.withAsyncClient().hashCode());
    assertThat(SfnBindingModule.withSyncClient().toString())
        .startsWith("SfnBindingModule[client=SfnClient, ");
    assertThat(SfnBindingModule.withAsyncClient().toString())
        .startsWith("SfnBindingModule[client=SfnAsyncClient, ");
  }

  @Test
  @SuppressWarnings("NullAway") // the point of the test
  void publicEntryPoints_withNull_throwNamingTheParameter() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> SfnTaskFailureReporter.create((SfnClient) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("client");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> SfnTaskFailureReporter.create((SfnAsyncClient) null, ReporterOptions.defaults()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("client");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> SfnVocabulary.failureOf((ActivityFailedEventDetails) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageMatching("details|attributes");
    try (SfnClient client =
        TestClients.blocking(
            SfnClient.builder(),
            URI.create("http://127.0.0.1:1"),
            TestClients.Settings.NO_SDK_RETRIES)) {
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> SfnTaskFailureReporter.create(client, null))
          .isInstanceOf(NullPointerException.class)
          .hasMessage("options");
      dev.taskbridge.api.TaskFailureReporter r = SfnTaskFailureReporter.create(client);
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
