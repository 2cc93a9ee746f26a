package dev.taskbridge.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskbridge.aws.internal.AttemptRecorder.Attachment;
import dev.taskbridge.contract.TestClients;
import java.net.URI;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.swf.SwfAsyncClient;
import software.amazon.awssdk.services.swf.SwfClient;

/**
 * SWF clients get the attempt recorder from aws-support's {@code services/swf} interceptor list, so
 * the SWF binding hands its log off instead of adding a plugin to every request.
 */
class SwfAttachmentTest {

  private static final URI UNUSED = URI.create("http://127.0.0.1:9");

  @Test
  void swfClientsBuiltWithThisJarOnTheClasspath_haveTheServiceRecorder() {
    try (SwfClient blocking =
            TestClients.blocking(SwfClient.builder(), UNUSED, TestClients.Settings.NO_SDK_RETRIES);
        SwfAsyncClient async =
            TestClients.nonBlocking(
                SwfAsyncClient.builder(), UNUSED, TestClients.Settings.NO_SDK_RETRIES)) {
      assertThat(Attachment.of(blocking)).isEqualTo(Attachment.HAND_OFF);
      assertThat(Attachment.of(async)).isEqualTo(Attachment.HAND_OFF);
    }
  }
}
