package dev.taskbridge.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskbridge.api.Backend;
import dev.taskbridge.api.ReportOutcome;
import dev.taskbridge.api.TaskToken;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SlotsAndBackoffTest {

  @Test
  void reserve_withoutAFreeSlot_waitsForARelease_whichHandsItOver() {
    Slots slots = new Slots(1);
    List<String> ran = new ArrayList<>();
    slots.reserve(() -> ran.add("first"));
    slots.reserve(() -> ran.add("second"));
    assertThat(ran).containsExactly("first");
    assertThat(slots.waiting()).isEqualTo(1);

    slots.release();
    assertThat(ran).containsExactly("first", "second");
    assertThat(slots.free()).isZero();
    slots.release();
    assertThat(slots.free()).isEqualTo(1);
  }

  @Test
  void reserveNowOr_takesAFreeSlotForTheCaller_elseQueuesTheLaterAction() {
    Slots slots = new Slots(1);
    List<String> ran = new ArrayList<>();
    assertThat(slots.reserveNowOr(() -> ran.add("not needed"))).isTrue();
    assertThat(slots.free()).isZero();
    assertThat(slots.reserveNowOr(() -> ran.add("later"))).isFalse();
    assertThat(ran).isEmpty();

    slots.release();
    assertThat(ran).containsExactly("later");
    slots.close();
    assertThat(slots.reserveNowOr(() -> ran.add("closed"))).isFalse();
    assertThat(slots.waiting()).isZero();
  }

  @Test
  void close_dropsWaitingReservationsAndRefusesNewOnes() {
    Slots slots = new Slots(1);
    List<String> ran = new ArrayList<>();
    slots.reserve(() -> ran.add("first"));
    slots.reserve(() -> ran.add("second"));
    slots.close();
    slots.release();
    slots.reserve(() -> ran.add("third"));

    assertThat(ran).containsExactly("first");
    assertThat(slots.waiting()).isZero();
  }

  @Test
  void delay_isAFullJitterDrawUnderTheCappedExponential() {
    assertThat(Backoff.delay(1, false, 0.999)).isLessThan(Backoff.BASE);
    assertThat(Backoff.delay(3, false, 0.5)).isEqualTo(Duration.ofMillis(200));
    assertThat(Backoff.delay(1000, false, 0.5)).isEqualTo(Backoff.CAP.dividedBy(2));
    assertThat(Backoff.delay(1, true, 0.5)).isEqualTo(Backoff.THROTTLED_BASE.dividedBy(2));
    assertThat(Backoff.delay(1000, true, 0.5)).isEqualTo(Backoff.THROTTLED_CAP.dividedBy(2));
    assertThat(Backoff.delay(5, false, 0.0)).isEqualTo(Duration.ZERO);
  }

  @Test
  void isThrottling_coversThrottledAndActivityWorkerLimitExceeded_only() {
    TaskToken t = TaskToken.of("p");
    assertThat(
            Backoff.isThrottling(
                InMemoryTaskClient.refusal(
                    ReportOutcome.THROTTLED, Backend.SWF, t, "LimitExceededFault")))
        .isTrue();
    assertThat(
            Backoff.isThrottling(
                InMemoryTaskClient.refusal(
                    ReportOutcome.REJECTED, Backend.SFN, t, "ActivityWorkerLimitExceeded")))
        .isTrue();
    assertThat(
            Backoff.isThrottling(
                InMemoryTaskClient.refusal(ReportOutcome.UNAVAILABLE, Backend.SFN, t, null)))
        .isFalse();
    assertThat(Backoff.isThrottling(new IllegalStateException())).isFalse();
  }
}
