package dev.taskbridge.emulator.internal;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.taskbridge.emulator.EmulatorClock;
import dev.taskbridge.emulator.LengthUnit;
import dev.taskbridge.emulator.SwfInvalidTokenResponse;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every member of the limit tables is enforced by {@link Req} with the table's bounds. */
class LimitsTableTest {
  private static final Config CFG =
      new Config(
          EmulatorClock.system(),
          200,
          1 << 20,
          false,
          LengthUnit.UTF16_CODE_UNITS,
          SwfInvalidTokenResponse.UNKNOWN_RESOURCE_FAULT,
          "us-east-1",
          "123456789012");

  static Stream<Member> members() {
    return Stream.concat(Stream.of(SwfLimits.values()), Stream.of(SfnLimits.values()));
  }

  @ParameterizedTest
  @MethodSource("members")
  void aValuePastTheGreatestIsRefusedNamingTheMember(Member m) {
    Limit l = m.limit();
    if (l.max() == Integer.MAX_VALUE) {
      return; // unbounded
    }
    ObjectNode body = Json.obj();
    switch (l.kind()) {
      case CHARS, UTF8_BYTES -> body.put(l.wire(), "x".repeat((int) l.max() + 1));
      case VALUE -> body.put(l.wire(), l.max() + 1);
      case ITEMS -> repeat(body.putArray(l.wire()), l.max() + 1, true);
      case STRINGS -> repeat(body.putArray(l.wire()), l.max() + 1, false);
    }
    refused(m, body, "less than or equal to " + l.max());
  }

  @ParameterizedTest
  @MethodSource("members")
  void aValueUnderTheLeastIsRefusedNamingTheMember(Member m) {
    Limit l = m.limit();
    if (l.min() <= 0) {
      return;
    }
    ObjectNode body = Json.obj();
    if (l.kind() == Limit.Kind.VALUE) {
      body.put(l.wire(), l.min() - 1);
    } else {
      body.put(l.wire(), "x".repeat((int) l.min() - 1));
    }
    refused(m, body, "greater than or equal to " + l.min());
  }

  @ParameterizedTest
  @MethodSource("members")
  void aValueAtTheBoundsIsAccepted(Member m) {
    Limit l = m.limit();
    if (l.max() < 0 || l.max() == Integer.MAX_VALUE) {
      return;
    }
    ObjectNode body = Json.obj();
    switch (l.kind()) {
      case CHARS, UTF8_BYTES -> body.put(l.wire(), "x".repeat((int) l.max()));
      case VALUE -> body.put(l.wire(), l.max());
      case ITEMS -> repeat(body.putArray(l.wire()), l.max(), true);
      case STRINGS -> body.putArray(l.wire()).add("x".repeat((int) l.itemMax()));
    }
    assertThatCode(() -> read(m, body).done()).doesNotThrowAnyException();
  }

  private static void repeat(ArrayNode a, long n, boolean objects) {
    for (long i = 0; i < n; i++) {
      if (objects) {
        a.addObject();
      } else {
        a.add("x");
      }
    }
  }

  private static Req read(Member m, ObjectNode body) {
    Req r = Req.parse(body.toString().getBytes(StandardCharsets.UTF_8), CFG);
    switch (m.limit().kind()) {
      case CHARS, UTF8_BYTES -> r.str(m);
      case VALUE -> r.num(m);
      case ITEMS -> r.objList(m);
      case STRINGS -> r.strList(m);
    }
    return r;
  }

  private static void refused(Member m, ObjectNode body, String constraint) {
    assertThatThrownBy(() -> read(m, body).done())
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("at '" + m.limit().wire() + "'")
        .hasMessageContaining(constraint);
  }
}
