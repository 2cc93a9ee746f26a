package dev.taskbridge.emulator.internal.asl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResourcesTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "arn:aws:states:us-east-1:123456789012:activity:work",
        "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
        "arn:aws:states:::lambda:invoke:with:more:colons",
        "arn:aws:states:us-east-1:123456789012:activity:",
        "arn:aws:states:us-east-1:123456789012:activity",
        "arn:aws:lambda:us-east-1:123456789012:function:f",
        "arn:aws:states:us-east-1:123456789012:stateMachine:m",
        "arnx:aws:states:r:a:activity:work",
        "ar:aws:states:r:a:activity:work",
        "arn:aws:statesx:r:a:activity:work",
        "arn:aws:states:r:a:activityx:work",
        "arn:aws:states:r:a:activit:work",
        "::::::",
        "",
        "work"
      })
  void typeNameAndActivity_areThoseOfTheSevenPartSplit(String arn) {
    String[] parts = arn.split(":", 7);
    boolean seven = parts.length == 7;
    assertThat(Resources.type(arn)).isEqualTo(seven ? parts[5] : "");
    assertThat(Resources.name(arn)).isEqualTo(seven ? parts[6] : arn);
    assertThat(Resources.isActivity(arn))
        .isEqualTo(
            seven
                && parts[0].equals("arn")
                && parts[2].equals("states")
                && parts[5].equals("activity")
                && !parts[6].isEmpty());
  }

  @ParameterizedTest
  @ValueSource(strings = {"arn:aws:states:::sqs:sendMessage.waitForTaskToken"})
  void callbackResource_namesItsIntegrationAndAction(String arn) {
    assertThat(Resources.type(arn)).isEqualTo("sqs");
    assertThat(Resources.name(arn)).isEqualTo("sendMessage.waitForTaskToken");
    assertThat(Resources.isCallback(arn)).isTrue();
    assertThat(Resources.isActivity(arn)).isFalse();
  }
}
