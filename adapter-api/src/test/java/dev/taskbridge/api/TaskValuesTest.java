package dev.taskbridge.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TaskValuesTest {

  @Test
  void taskSource_namesItsBackendAndParts() {
    TaskSource sfn = TaskSource.sfnActivity("arn:x");
    assertThat(sfn.backend()).isEqualTo(Backend.SFN);
    assertThat(sfn.activityArn()).contains("arn:x");
    assertThat(sfn.domain()).isEmpty();
    assertThat(sfn.taskList()).isEmpty();
    assertThat(sfn).hasToString("TaskSource[SFN activity=arn:x]");
    TaskSource swf = TaskSource.swfTaskList("d", "t");
    assertThat(swf.backend()).isEqualTo(Backend.SWF);
    assertThat(swf.domain()).contains("d");
    assertThat(swf.taskList()).contains("t");
    assertThat(swf.activityArn()).isEmpty();
    assertThat(swf).hasToString("TaskSource[SWF domain=d, taskList=t]");
  }

  @Test
  void taskSource_equalityCoversEveryPart() {
    assertThat(TaskSource.swfTaskList("d", "t"))
        .isEqualTo(TaskSource.swfTaskList("d", "t"))
        .hasSameHashCodeAs(TaskSource.swfTaskList("d", "t"))
        .isNotEqualTo(TaskSource.swfTaskList("d", "u"))
        .isNotEqualTo(TaskSource.swfTaskList("e", "t"))
        .isNotEqualTo("d");
    assertThat(TaskSource.sfnActivity("a"))
        .isEqualTo(TaskSource.sfnActivity("a"))
        .isNotEqualTo(TaskSource.sfnActivity("b"));
  }

  @Test
  void taskSource_namesOutsideOneTo256_areRefusedNamingTheField() {
    assertThat(TaskSource.sfnActivity("a".repeat(256)).activityArn()).isPresent();
    assertThatThrownBy(() -> TaskSource.sfnActivity("a".repeat(257)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("activityArn must be 1 to 256 characters, was 257");
    assertThatThrownBy(() -> TaskSource.swfTaskList("", "t"))
        .hasMessage("domain must be 1 to 256 characters, was 0");
    assertThatThrownBy(() -> TaskSource.swfTaskList("d", ""))
        .hasMessage("taskList must be 1 to 256 characters, was 0");
  }

  @Test
  void heartbeatAnswer_isTheFlag() {
    assertThat(HeartbeatAnswer.of(true).cancelRequested()).isTrue();
    assertThat(HeartbeatAnswer.of(false).cancelRequested()).isFalse();
    assertThat(HeartbeatAnswer.of(true))
        .isEqualTo(HeartbeatAnswer.of(true))
        .hasSameHashCodeAs(HeartbeatAnswer.of(true))
        .isNotEqualTo(HeartbeatAnswer.of(false))
        .isNotEqualTo("x")
        .hasToString("HeartbeatAnswer[cancelRequested=true]");
    assertThat(HeartbeatAnswer.of(false).hashCode())
        .isNotEqualTo(HeartbeatAnswer.of(true).hashCode());
  }

  @Test
  void activityTask_keepsEveryPart_andShowsNoSecret() {
    TaskSource source = TaskSource.swfTaskList("d", "t");
    TaskToken token = TaskToken.of(Backend.SWF, "secret-token-value");
    ActivityTask task =
        ActivityTask.builder(source, token)
            .input("private input")
            .activityId("a1")
            .activityType(new ActivityTask.ActivityType("charge", "1"))
            .workflowExecution(new ActivityTask.WorkflowExecution("w", "r"))
            .build();
    assertThat(task.source()).isEqualTo(source);
    assertThat(task.token()).isEqualTo(token);
    assertThat(task.input()).isEqualTo("private input");
    assertThat(task.activityId()).contains("a1");
    assertThat(task.activityType()).contains(new ActivityTask.ActivityType("charge", "1"));
    assertThat(task.workflowExecution()).contains(new ActivityTask.WorkflowExecution("w", "r"));
    assertThat(task.toString())
        .doesNotContain("secret-token-value")
        .doesNotContain("private input")
        .contains(token.fingerprint())
        .contains("inputLength=13")
        .contains("activityId=a1")
        .contains("activityType=charge/1")
        .contains("workflowId=w")
        .contains("runId=r");
  }

  @Test
  void activityTask_onSfn_hasNoSwfParts() {
    TaskSource source = TaskSource.sfnActivity("arn");
    ActivityTask task = ActivityTask.builder(source, TaskToken.of(Backend.SFN, "tok")).build();
    assertThat(task.input()).isNull();
    assertThat(task.activityId()).isEmpty();
    assertThat(task.activityType()).isEmpty();
    assertThat(task.workflowExecution()).isEmpty();
    assertThat(task.toString()).contains("inputLength=null").doesNotContain("activityId");
  }

  @Test
  void activityTask_equalityCoversEveryPart() {
    TaskSource source = TaskSource.swfTaskList("d", "t");
    TaskToken token = TaskToken.of(Backend.SWF, "tok");
    ActivityTask base = ActivityTask.builder(source, token).input("i").activityId("a").build();
    assertThat(base)
        .isEqualTo(ActivityTask.builder(source, token).input("i").activityId("a").build())
        .hasSameHashCodeAs(ActivityTask.builder(source, token).input("i").activityId("a").build())
        .isNotEqualTo(ActivityTask.builder(source, token).input("j").activityId("a").build())
        .isNotEqualTo(ActivityTask.builder(source, token).input("i").activityId("b").build())
        .isNotEqualTo(
            ActivityTask.builder(source, TaskToken.of(Backend.SWF, "other"))
                .input("i")
                .activityId("a")
                .build())
        .isNotEqualTo(
            ActivityTask.builder(TaskSource.swfTaskList("d", "u"), token)
                .input("i")
                .activityId("a")
                .build())
        .isNotEqualTo(
            ActivityTask.builder(source, token)
                .input("i")
                .activityId("a")
                .activityType(new ActivityTask.ActivityType("n", "v"))
                .build())
        .isNotEqualTo(
            ActivityTask.builder(source, token)
                .input("i")
                .activityId("a")
                .workflowExecution(new ActivityTask.WorkflowExecution("w", "r"))
                .build())
        .isNotEqualTo("x");
  }

  @Test
  void activityTask_tokenOfAnotherBackend_isRefused() {
    assertThatThrownBy(
            () ->
                ActivityTask.builder(
                    TaskSource.sfnActivity("arn"), TaskToken.of(Backend.SWF, "tok")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("SWF")
        .hasMessageContaining("SFN source");
    assertThat(
            ActivityTask.builder(TaskSource.sfnActivity("arn"), TaskToken.of("untagged"))
                .build()
                .token()
                .issuer())
        .isEmpty();
  }
}
