package dev.taskbridge.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReporterOptionsTest {

  private static ReporterOptions custom() {
    return ReporterOptions.builder()
        .fieldPolicy(FieldPolicy.REJECT)
        .deadline(Duration.ofSeconds(7))
        .initialBackoff(Duration.ofMillis(20))
        .maxBackoff(Duration.ofMillis(900))
        .maxAttempts(4)
        .build();
  }

  @Test
  void defaults_areTruncate30s100ms5s10() {
    ReporterOptions options = ReporterOptions.defaults();

    assertThat(options.fieldPolicy()).isEqualTo(FieldPolicy.TRUNCATE);
    assertThat(options.deadline()).isEqualTo(Duration.ofSeconds(30));
    assertThat(options.initialBackoff()).isEqualTo(Duration.ofMillis(100));
    assertThat(options.maxBackoff()).isEqualTo(Duration.ofSeconds(5));
    assertThat(options.maxAttempts()).isEqualTo(10);
  }

  @Test
  void builder_whenNothingSet_buildsTheDefaults() {
    assertThat(ReporterOptions.builder().build()).isEqualTo(ReporterOptions.defaults());
  }

  @Test
  void builder_whenEverythingSet_keepsEveryValue() {
    ReporterOptions options = custom();

    assertThat(options.fieldPolicy()).isEqualTo(FieldPolicy.REJECT);
    assertThat(options.deadline()).isEqualTo(Duration.ofSeconds(7));
    assertThat(options.initialBackoff()).isEqualTo(Duration.ofMillis(20));
    assertThat(options.maxBackoff()).isEqualTo(Duration.ofMillis(900));
    assertThat(options.maxAttempts()).isEqualTo(4);
  }

  @ParameterizedTest
  @ValueSource(longs = {0, -1, -30_000})
  void deadline_whenNotPositive_throwsNamingTheSetting(long millis) {
    assertThatThrownBy(() -> ReporterOptions.builder().deadline(Duration.ofMillis(millis)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("deadline")
        .hasMessageContaining("positive");
  }

  @ParameterizedTest
  @ValueSource(longs = {0, -1, -100})
  void initialBackoff_whenNotPositive_throwsNamingTheSetting(long millis) {
    assertThatThrownBy(() -> ReporterOptions.builder().initialBackoff(Duration.ofMillis(millis)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("initialBackoff")
        .hasMessageContaining("positive");
  }

  @ParameterizedTest
  @ValueSource(longs = {0, -1, -5_000})
  void maxBackoff_whenNotPositive_throwsNamingTheSetting(long millis) {
    assertThatThrownBy(() -> ReporterOptions.builder().maxBackoff(Duration.ofMillis(millis)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxBackoff")
        .hasMessageContaining("positive");
  }

  @Test
  void durations_whenOneNanosecond_accepted() {
    Duration tiny = Duration.ofNanos(1);

    ReporterOptions options =
        ReporterOptions.builder()
            .deadline(tiny)
            .initialBackoff(tiny)
            .maxBackoff(tiny)
            .maxAttempts(1)
            .build();

    assertThat(options.deadline()).isEqualTo(tiny);
    assertThat(options.initialBackoff()).isEqualTo(tiny);
    assertThat(options.maxBackoff()).isEqualTo(tiny);
    assertThat(options.maxAttempts()).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
  void maxAttempts_whenLessThanOne_throwsNamingTheSetting(int attempts) {
    assertThatThrownBy(() -> ReporterOptions.builder().maxAttempts(attempts))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxAttempts")
        .hasMessageContaining("at least 1")
        .hasMessageContaining(String.valueOf(attempts));
  }

  @Test
  @SuppressWarnings("NullAway") // null on purpose: the builder must name the setting
  void nullArguments_throwNamingTheSetting() {
    ReporterOptions.Builder builder = ReporterOptions.builder();

    assertThatThrownBy(() -> builder.fieldPolicy(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("fieldPolicy");
    assertThatThrownBy(() -> builder.deadline(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("deadline");
    assertThatThrownBy(() -> builder.initialBackoff(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("initialBackoff");
    assertThatThrownBy(() -> builder.maxBackoff(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("maxBackoff");
  }

  @Test
  void build_whenInitialBackoffExceedsMaxBackoff_throwsNamingBoth() {
    ReporterOptions.Builder builder =
        ReporterOptions.builder()
            .initialBackoff(Duration.ofSeconds(2))
            .maxBackoff(Duration.ofSeconds(1));

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("initialBackoff")
        .hasMessageContaining("maxBackoff")
        .hasMessageContaining("PT2S")
        .hasMessageContaining("PT1S");
  }

  @Test
  void build_whenInitialBackoffExceedsMaxBackoffByOneNanosecond_throws() {
    ReporterOptions.Builder builder =
        ReporterOptions.builder()
            .initialBackoff(Duration.ofMillis(300).plusNanos(1))
            .maxBackoff(Duration.ofMillis(300));

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("initialBackoff");
  }

  @Test
  void build_whenInitialBackoffAboveDefaultMax_throws() {
    ReporterOptions.Builder builder =
        ReporterOptions.builder().initialBackoff(Duration.ofSeconds(6));

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("initialBackoff");
  }

  @Test
  void build_whenInitialBackoffEqualsMaxBackoff_accepts() {
    Duration same = Duration.ofMillis(250);

    assertThatCode(() -> ReporterOptions.builder().initialBackoff(same).maxBackoff(same).build())
        .doesNotThrowAnyException();
  }

  @Test
  void toBuilder_roundTripsEveryValue() {
    ReporterOptions options = custom();

    assertThat(options.toBuilder().build()).isEqualTo(options);
    assertThat(ReporterOptions.defaults().toBuilder().build())
        .isEqualTo(ReporterOptions.defaults());
  }

  @Test
  void toBuilder_whenOneValueChanged_keepsTheOthersAndLeavesOriginalUnchanged() {
    ReporterOptions options = custom();

    ReporterOptions changed = options.toBuilder().maxAttempts(9).build();

    assertThat(changed.maxAttempts()).isEqualTo(9);
    assertThat(changed.fieldPolicy()).isEqualTo(FieldPolicy.REJECT);
    assertThat(changed.deadline()).isEqualTo(Duration.ofSeconds(7));
    assertThat(changed.initialBackoff()).isEqualTo(Duration.ofMillis(20));
    assertThat(changed.maxBackoff()).isEqualTo(Duration.ofMillis(900));
    assertThat(options.maxAttempts()).isEqualTo(4);
  }

  @Test
  void equals_whenSameValues_isEqualWithSameHashCode() {
    assertThat(custom()).isEqualTo(custom());
    assertThat(custom().hashCode()).isEqualTo(custom().hashCode());
  }

  @Test
  void equals_whenAnyValueDiffers_isNotEqual() {
    ReporterOptions base = custom();

    assertThat(base.toBuilder().fieldPolicy(FieldPolicy.TRUNCATE).build()).isNotEqualTo(base);
    assertThat(base.toBuilder().deadline(Duration.ofSeconds(8)).build()).isNotEqualTo(base);
    assertThat(base.toBuilder().initialBackoff(Duration.ofMillis(21)).build()).isNotEqualTo(base);
    assertThat(base.toBuilder().maxBackoff(Duration.ofMillis(901)).build()).isNotEqualTo(base);
    assertThat(base.toBuilder().maxAttempts(5).build()).isNotEqualTo(base);
    assertThat(base).isNotEqualTo("ReporterOptions");
  }

  @Test
  void toString_showsEveryValue() {
    assertThat(custom().toString())
        .isEqualTo(
            "ReporterOptions[fieldPolicy=REJECT, deadline=PT7S, initialBackoff=PT0.02S,"
                + " maxBackoff=PT0.9S, maxAttempts=4]");
  }
}
