package dev.taskbridge.api.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskbridge.api.Backend;
import dev.taskbridge.api.FieldPolicy;
import dev.taskbridge.api.InvalidTaskFieldException;
import dev.taskbridge.api.TaskCall;
import dev.taskbridge.api.TaskClient;
import dev.taskbridge.api.TaskFailure;
import dev.taskbridge.api.TaskSource;
import dev.taskbridge.api.TaskToken;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CallRulesTest {

  private static final TaskToken SFN = TaskToken.of(Backend.SFN, "sfn-token-value");
  private static final TaskToken SWF = TaskToken.of(Backend.SWF, "swf-token-value");
  private static final FieldPolicy T = FieldPolicy.TRUNCATE;

  @Test
  void poll_ofTheOtherBackendsSource_isRefusedNamingTheSource() {
    assertThatThrownBy(() -> CallRules.poll(Backend.SWF, TaskSource.sfnActivity("arn:a"), null, T))
        .isInstanceOf(InvalidTaskFieldException.class)
        .hasMessageContaining("source")
        .hasMessageContaining("SFN source");
  }

  @Test
  void poll_keepsSourceAndIdentity_andTurnsEmptyIdentityIntoNull() {
    TaskSource source = TaskSource.swfTaskList("d", "t");
    Delivery d = CallRules.poll(Backend.SWF, source, "worker-1", T);
    assertThat(d.call()).isEqualTo(TaskCall.POLL);
    assertThat(d.pollSource()).isEqualTo(source);
    assertThat(d.identity()).isEqualTo("worker-1");
    assertThat(d.token()).isNull();
    assertThat(CallRules.poll(Backend.SWF, source, "", T).identity()).isNull();
    assertThatThrownBy(d::tokenValue).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void poll_identityOverTheLimit_isRefusedUnderReject() {
    String id = "i".repeat(CallRules.MAX_IDENTITY_LENGTH + 1);
    assertThatThrownBy(
            () -> CallRules.poll(Backend.SFN, TaskSource.sfnActivity("a"), id, FieldPolicy.REJECT))
        .hasMessageContaining("identity")
        .hasMessageContaining("256");
    assertThat(
            CallRules.poll(Backend.SFN, TaskSource.sfnActivity("a"), "i".repeat(256), T).identity())
        .hasSize(256);
  }

  @Test
  void succeed_onSwf_sendsFreeTextUpToTheLimitAndNeverCuts() {
    assertThat(CallRules.succeed(Backend.SWF, SWF, "not json", T).payload()).isEqualTo("not json");
    assertThat(CallRules.succeed(Backend.SWF, SWF, "", T).payload()).isNull();
    assertThat(CallRules.succeed(Backend.SWF, SWF, null, T).payload()).isNull();
    String atLimit = "r".repeat(CallRules.MAX_SWF_RESULT_LENGTH);
    assertThat(CallRules.succeed(Backend.SWF, SWF, atLimit, T).payload()).isEqualTo(atLimit);
    assertThatThrownBy(() -> CallRules.succeed(Backend.SWF, SWF, atLimit + "r", T))
        .isInstanceOf(InvalidTaskFieldException.class)
        .hasMessageContaining("result")
        .hasMessageContaining("32768")
        .hasMessageContaining("was 32769");
  }

  @Test
  void succeed_onSfn_sendsJsonNullForNoResult_andOnlyValidJson() {
    assertThat(CallRules.succeed(Backend.SFN, SFN, null, T).payload()).isEqualTo("null");
    assertThat(CallRules.succeed(Backend.SFN, SFN, "", T).payload()).isEqualTo("null");
    Delivery d = CallRules.succeed(Backend.SFN, SFN, "{\"a\":1}", T);
    assertThat(d.payload()).isEqualTo("{\"a\":1}");
    assertThat(d.call()).isEqualTo(TaskCall.SUCCEED);
    assertThat(d.tokenValue()).isEqualTo("sfn-token-value");
    assertThatThrownBy(() -> CallRules.succeed(Backend.SFN, SFN, "not json", T))
        .hasMessageContaining("output")
        .hasMessageContaining("not JSON at character");
    assertThatThrownBy(() -> CallRules.succeed(Backend.SFN, SFN, "1 2", T))
        .hasMessageContaining("more than one JSON value");
    assertThatThrownBy(() -> CallRules.succeed(Backend.SFN, SFN, "   ", T))
        .hasMessageContaining("holds no JSON value");
  }

  @Test
  void succeed_onSfn_countsUtf8Bytes() {
    // "é" is 2 bytes: 131,072 of them are exactly the limit, one more is over.
    String atLimit = "\"" + "é".repeat((CallRules.MAX_SFN_OUTPUT_BYTES - 2) / 2) + "\"";
    assertThat(CallRules.utf8Length(atLimit)).isEqualTo(CallRules.MAX_SFN_OUTPUT_BYTES);
    assertThat(CallRules.succeed(Backend.SFN, SFN, atLimit, T).payload()).isEqualTo(atLimit);
    String over = "\"" + "é".repeat((CallRules.MAX_SFN_OUTPUT_BYTES - 2) / 2) + "a\"";
    assertThatThrownBy(() -> CallRules.succeed(Backend.SFN, SFN, over, T))
        .hasMessageContaining("262144 UTF-8 bytes, was 262145");
  }

  @Test
  void succeed_onSfn_limitsUtf8BytesWithEveryWidthAndPairsAtTheBoundary() {
    int max = CallRules.MAX_SFN_OUTPUT_BYTES;
    // A pair ending exactly at the limit; the same pair one byte further is over.
    String pairAtLimit = "\"" + "a".repeat(max - 6) + "\uD83D\uDE00\"";
    String pairOver = "\"" + "a".repeat(max - 5) + "\uD83D\uDE00\"";
    // 3-byte characters, closed by a 2-byte one to land on the limit.
    String threesAtLimit = "\"" + "\u20ac".repeat((max - 4) / 3) + "\u00e9\"";
    String threesOver = "\"" + "\u20ac".repeat((max - 4) / 3) + "\u00e9a\"";
    for (String atLimit : new String[] {pairAtLimit, threesAtLimit}) {
      assertThat(atLimit.getBytes(StandardCharsets.UTF_8)).hasSize(max);
      for (FieldPolicy policy : FieldPolicy.values()) {
        assertThat(CallRules.succeed(Backend.SFN, SFN, atLimit, policy).payload())
            .isSameAs(atLimit);
      }
    }
    for (String over : new String[] {pairOver, threesOver}) {
      assertThat(over.getBytes(StandardCharsets.UTF_8)).hasSize(max + 1);
      for (FieldPolicy policy : FieldPolicy.values()) {
        assertThatThrownBy(() -> CallRules.succeed(Backend.SFN, SFN, over, policy))
            .isInstanceOf(InvalidTaskFieldException.class)
            .hasMessage(tooLong(max + 1));
      }
    }
  }

  @Test
  void succeed_onSfn_loneSurrogateAndOversize_refusedForTheSurrogateOrMeasuredRepaired() {
    int max = CallRules.MAX_SFN_OUTPUT_BYTES;
    String output = "\"" + "a".repeat(max) + "\uD83D\"";
    assertThatThrownBy(() -> CallRules.succeed(Backend.SFN, SFN, output, FieldPolicy.REJECT))
        .isInstanceOf(InvalidTaskFieldException.class)
        .hasMessage(lone(max + 1));
    // Repaired, U+FFFD takes 3 bytes, as the lone half was counted.
    assertThatThrownBy(() -> CallRules.succeed(Backend.SFN, SFN, output, T))
        .isInstanceOf(InvalidTaskFieldException.class)
        .hasMessage(tooLong(max + 5));
    // Not JSON as well: the surrogate rule still comes first, then the size.
    String notJson = output.substring(1);
    assertThatThrownBy(() -> CallRules.succeed(Backend.SFN, SFN, notJson, FieldPolicy.REJECT))
        .hasMessage(lone(max));
    assertThatThrownBy(() -> CallRules.succeed(Backend.SFN, SFN, notJson, T))
        .hasMessage(tooLong(max + 4));
  }

  @Test
  void succeed_onSfn_loneSurrogateAtTheLimit_isRepairedUnderTruncateAndMeasuredAfter() {
    int max = CallRules.MAX_SFN_OUTPUT_BYTES;
    String atLimit = "\"" + "a".repeat(max - 5) + "\uDE00\"";
    assertThat(CallRules.succeed(Backend.SFN, SFN, atLimit, T).payload())
        .isEqualTo("\"" + "a".repeat(max - 5) + "\uFFFD\"");
    assertThatThrownBy(() -> CallRules.succeed(Backend.SFN, SFN, "a" + atLimit, T))
        .hasMessage(tooLong(max + 1));
  }

  @Test
  void succeed_onSfn_notJsonAndOversize_isRefusedForTheSize() {
    int max = CallRules.MAX_SFN_OUTPUT_BYTES;
    // Not JSON from its second character on, and from its first.
    for (String output : new String[] {"{" + "a".repeat(max), "x".repeat(max + 1)}) {
      for (FieldPolicy policy : FieldPolicy.values()) {
        assertThatThrownBy(() -> CallRules.succeed(Backend.SFN, SFN, output, policy))
            .isInstanceOf(InvalidTaskFieldException.class)
            .hasMessage(tooLong(max + 1));
      }
    }
    // Within the limit, the JSON rule speaks.
    assertThatThrownBy(() -> CallRules.succeed(Backend.SFN, SFN, "{" + "a".repeat(max - 1), T))
        .hasMessage(notJson(1));
  }

  @Test
  void succeed_onSfn_surrogatesAtTheEnd() {
    FieldPolicy r = FieldPolicy.REJECT;
    // A valid pair at the very end: not JSON, and no surrogate rule is broken.
    for (FieldPolicy policy : FieldPolicy.values()) {
      assertThatThrownBy(() -> CallRules.succeed(Backend.SFN, SFN, "\"a\uD83D\uDE00", policy))
          .hasMessage(notJson(4));
      assertThatThrownBy(() -> CallRules.succeed(Backend.SFN, SFN, "[1]\uD83D\uDE00", policy))
          .hasMessage(notJson(3));
      assertThat(CallRules.succeed(Backend.SFN, SFN, "\"a\uD83D\uDE00\"", policy).payload())
          .isEqualTo("\"a\uD83D\uDE00\"");
    }
    // A lone high half at the very end: refused for it, or repaired and then not JSON.
    assertThatThrownBy(() -> CallRules.succeed(Backend.SFN, SFN, "\"a\uD83D", r))
        .hasMessage(lone(2));
    assertThatThrownBy(() -> CallRules.succeed(Backend.SFN, SFN, "\"a\uD83D", T))
        .hasMessage(notJson(3));
    assertThatThrownBy(() -> CallRules.succeed(Backend.SFN, SFN, "[1]\uD83D", r))
        .hasMessage(lone(3));
    assertThatThrownBy(() -> CallRules.succeed(Backend.SFN, SFN, "[1]\uD83D", T))
        .hasMessage(notJson(3));
    // Before the closing quote: refused, or repaired into valid JSON.
    assertThatThrownBy(() -> CallRules.succeed(Backend.SFN, SFN, "\"a\uD83D\"", r))
        .hasMessage(lone(2));
    assertThat(CallRules.succeed(Backend.SFN, SFN, "\"a\uD83D\"", T).payload())
        .isEqualTo("\"a\uFFFD\"");
  }

  private static String tooLong(long bytes) {
    return "output: must be at most 262144 UTF-8 bytes, was "
        + bytes
        + "; an output is never cut (cut JSON is not JSON)";
  }

  private static String lone(int index) {
    return "output: must not contain a lone surrogate; found one at index " + index;
  }

  private static String notJson(int at) {
    return "output: must be one valid JSON value (Step Functions: InvalidOutput); not JSON at"
        + " character "
        + at;
  }

  @Test
  void utf8Length_countsEachEncodingWidth() {
    assertThat(CallRules.utf8Length("a")).isEqualTo(1);
    assertThat(CallRules.utf8Length("\u007f")).isEqualTo(1);
    assertThat(CallRules.utf8Length("\u0080")).isEqualTo(2);
    assertThat(CallRules.utf8Length("\u07ff")).isEqualTo(2);
    assertThat(CallRules.utf8Length("\u0800")).isEqualTo(3);
    assertThat(CallRules.utf8Length("\uD83D\uDE00")).isEqualTo(4);
    assertThat(CallRules.utf8Length("\uD83D")).isEqualTo(3);
    assertThat(CallRules.utf8Length("\uD83Dx")).isEqualTo(4);
    assertThat(CallRules.utf8Length("\uDE00")).isEqualTo(3);
  }

  @Test
  void heartbeat_checksDetailsOnBothBackends() {
    String at = "d".repeat(CallRules.MAX_HEARTBEAT_DETAILS_LENGTH);
    for (Backend b : Backend.values()) {
      TaskToken token = b == Backend.SFN ? SFN : SWF;
      Delivery d = CallRules.heartbeat(b, token, at, T);
      assertThat(d.call()).isEqualTo(TaskCall.HEARTBEAT);
      assertThat(d.payload()).isEqualTo(at);
      assertThat(CallRules.heartbeat(b, token, "", T).payload()).isNull();
      assertThatThrownBy(() -> CallRules.heartbeat(b, token, at + "d", FieldPolicy.REJECT))
          .hasMessageContaining("details")
          .hasMessageContaining("2048");
    }
  }

  @Test
  void cancel_onSwfSendsDetails_onSfnFailsWithTheCanceledCode() {
    Delivery swf = CallRules.cancel(Backend.SWF, SWF, "why", T);
    assertThat(swf.call()).isEqualTo(TaskCall.CANCEL);
    assertThat(swf.payload()).isEqualTo("why");
    assertThat(swf.failure()).isEqualTo(TaskFailure.of(null, null));
    Delivery sfn = CallRules.cancel(Backend.SFN, SFN, "why", T);
    assertThat(sfn.call()).isEqualTo(TaskCall.CANCEL);
    assertThat(sfn.failure()).isEqualTo(TaskFailure.of(TaskClient.CANCELED_ERROR, "why"));
    assertThat(sfn.secrets())
        .containsExactly("sfn-token-value", TaskClient.CANCELED_ERROR, "why", "why");
    assertThat(CallRules.cancel(Backend.SFN, SFN, "", T).failure().cause()).isNull();
  }

  @Test
  void tokenOfTheOtherBackend_isRefusedBeforeAnyCall() {
    assertThatThrownBy(() -> CallRules.succeed(Backend.SWF, SFN, "r", T))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CallRules.heartbeat(Backend.SFN, SWF, null, T))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void report_isAFailingDelivery() {
    Delivery d = CallRules.report(Backend.SWF, SWF, TaskFailure.of("E", "c"), T);
    assertThat(d.call()).isEqualTo(TaskCall.REPORT);
    assertThat(d.failure()).isEqualTo(TaskFailure.of("E", "c"));
    assertThat(d.payload()).isNull();
    assertThat(d.withFailure(TaskFailure.of(null, null)).failure().error()).isNull();
    assertThat(d.toString())
        .doesNotContain("swf-token-value")
        .contains("REPORT")
        .contains("payloadLength=null");
    assertThatThrownBy(d::pollSource).isInstanceOf(IllegalStateException.class);
  }
}
