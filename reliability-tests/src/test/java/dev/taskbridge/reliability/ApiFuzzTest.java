package dev.taskbridge.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskbridge.api.Backend;
import dev.taskbridge.api.FieldPolicy;
import dev.taskbridge.api.InvalidTaskFailureException;
import dev.taskbridge.api.ReporterOptions;
import dev.taskbridge.api.TaskFailure;
import dev.taskbridge.api.TaskFailureReporter;
import dev.taskbridge.api.TaskToken;
import dev.taskbridge.contract.StubBackend;
import dev.taskbridge.sfn.SfnTaskFailureReporter;
import dev.taskbridge.swf.SwfTaskFailureReporter;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.SdkClient;

/**
 * Random tokens, errors and causes through both reporters under both field policies, against a stub
 * that records every request: each input is either sent within the limits or refused before any
 * request is made.
 */
class ApiFuzzTest {

  private static final int INPUTS = 500;
  private static final ObjectMapper JSON = new ObjectMapper();

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (Backend b : Backend.values()) {
      for (FieldPolicy p : FieldPolicy.values()) {
        out.add(Arguments.of(b, p, false));
        out.add(Arguments.of(b, p, true));
      }
    }
    return out.stream();
  }

  @ParameterizedTest
  @MethodSource("cases")
  @Timeout(120)
  void report_randomInput_sentWithinLimitsOrRefusedBeforeAnyRequest(
      Backend backend, FieldPolicy policy, boolean async) throws Exception {
    SplittableRandom random =
        new SplittableRandom(
            backend.name().hashCode() * 31L + policy.hashCode() % 7 + (async ? 1 : 0));
    ReporterOptions options = ReporterOptions.builder().fieldPolicy(policy).maxAttempts(1).build();
    TreeMap<String, Integer> tally = new TreeMap<>();
    List<String> problems = new ArrayList<>();
    try (StubBackend stub = StubBackend.start();
        SdkClient client = client(backend, async, stub)) {
      TaskFailureReporter reporter = reporter(backend, client, options);
      for (int i = 0; i < INPUTS; i++) {
        String token = randomToken(random);
        String error = randomField(random, 256);
        String cause = randomField(random, 32768);
        int before = stub.requests().size();
        Throwable thrown = null;
        try {
          TaskToken t = TaskToken.of(backend, token);
          if (async) {
            reporter.reportAsync(t, TaskFailure.of(error, cause)).join();
          } else {
            reporter.report(t, TaskFailure.of(error, cause));
          }
        } catch (CompletionException e) {
          thrown = e.getCause();
        } catch (RuntimeException e) {
          thrown = e;
        }
        int sent = stub.requests().size() - before;
        String what = "#" + i + " " + describe(token, error, cause);
        if (thrown != null) {
          tally.merge(thrown.getClass().getSimpleName(), 1, Integer::sum);
          if (!(thrown instanceof InvalidTaskFailureException
              || thrown instanceof IllegalArgumentException)) {
            problems.add(what + ": unexpected " + thrown);
          }
          if (sent != 0) {
            problems.add(what + ": refused after " + sent + " request(s)");
          }
          continue;
        }
        tally.merge("sent", 1, Integer::sum);
        if (sent != 1) {
          problems.add(what + ": accepted with " + sent + " requests");
          continue;
        }
        checkWire(
            backend,
            policy,
            token,
            error,
            cause,
            stub.requests().get(before).body(),
            what,
            problems);
      }
    }
    System.out.println(
        "API fuzz " + backend + " " + policy + (async ? " reportAsync" : " report") + ": " + tally);
    assertThat(problems).isEmpty();
    assertThat(tally).containsKey("sent");
  }

  private static void checkWire(
      Backend backend,
      FieldPolicy policy,
      String token,
      @Nullable String error,
      @Nullable String cause,
      String body,
      String what,
      List<String> problems)
      throws IOException {
    JsonNode json = JSON.readTree(body);
    if (!token.equals(json.path("taskToken").asText(null))) {
      problems.add(what + ": token not sent as given");
    }
    String errorField = backend == Backend.SFN ? "error" : "reason";
    String causeField = backend == Backend.SFN ? "cause" : "details";
    String sentError = json.path(errorField).isTextual() ? json.path(errorField).asText() : null;
    String sentCause = json.path(causeField).isTextual() ? json.path(causeField).asText() : null;
    check(sentError, 256, true, what + " " + errorField, problems);
    check(sentCause, 32768, false, what + " " + causeField, problems);
    if (policy == FieldPolicy.REJECT) {
      if (!java.util.Objects.equals(sentError, empty(error))
          || !java.util.Objects.equals(sentCause, empty(cause))) {
        problems.add(what + ": REJECT changed a value instead of refusing");
      }
    }
  }

  private static @Nullable String empty(@Nullable String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  private static void check(
      @Nullable String value, int max, boolean error, String what, List<String> problems) {
    if (value == null) {
      return;
    }
    if (value.length() > max) {
      problems.add(what + ": " + value.length() + " > " + max);
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isHighSurrogate(c)
          && (i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1)))) {
        problems.add(what + ": lone high surrogate at " + i);
      } else if (Character.isLowSurrogate(c)
          && (i == 0 || !Character.isHighSurrogate(value.charAt(i - 1)))) {
        problems.add(what + ": lone low surrogate at " + i);
      }
    }
    if (error && value.startsWith("States.")) {
      problems.add(what + ": sent with the reserved States. prefix");
    }
  }

  private static String describe(String token, @Nullable String error, @Nullable String cause) {
    return "token len "
        + (token == null ? "null" : token.length())
        + ", error len "
        + (error == null ? "null" : error.length())
        + ", cause len "
        + (cause == null ? "null" : cause.length());
  }

  @SuppressWarnings("NullAway") // null tokens are part of the input space
  private static String randomToken(SplittableRandom random) {
    return switch (random.nextInt(10)) {
      case 0 -> null;
      case 1 -> "";
      case 2 -> text(random, 1024 + random.nextInt(3));
      case 3 -> text(random, 2047 + random.nextInt(3));
      default -> text(random, random.nextInt(3001));
    };
  }

  private static @Nullable String randomField(SplittableRandom random, int limit) {
    return switch (random.nextInt(12)) {
      case 0 -> null;
      case 1 -> "";
      case 2 -> "States." + text(random, random.nextInt(20));
      case 3 -> "States.";
      case 4 -> text(random, limit - 2 + random.nextInt(5));
      case 5 -> text(random, limit * 2 + random.nextInt(100));
      case 6 -> "\uD800".repeat(1 + random.nextInt(limit + 10));
      case 7 -> "a\uDC00b" + text(random, random.nextInt(10));
      case 8 -> "\uD83D\uDE00".repeat(limit / 2 + random.nextInt(3));
      default -> text(random, random.nextInt(300));
    };
  }

  /** Random UTF-16: ASCII, BMP, astral pairs, lone surrogates, NUL. */
  private static String text(SplittableRandom random, int length) {
    StringBuilder sb = new StringBuilder(length);
    while (sb.length() < length) {
      switch (random.nextInt(10)) {
        case 0 -> sb.append((char) (0xD800 + random.nextInt(0x800)));
        case 1 -> {
          if (sb.length() + 2 <= length) {
            sb.appendCodePoint(0x10000 + random.nextInt(0x100000));
          } else {
            sb.append('z');
          }
        }
        case 2 -> sb.append('\0');
        case 3 -> sb.append((char) (0x80 + random.nextInt(0xD800 - 0x80)));
        default -> sb.append((char) (0x20 + random.nextInt(0x5F)));
      }
    }
    return sb.toString();
  }

  private static SdkClient client(Backend backend, boolean async, StubBackend stub) {
    Duration t = Duration.ofSeconds(10);
    if (backend == Backend.SFN) {
      return async
          ? Clients.sfnAsync(stub.endpoint(), t, false, List.of())
          : Clients.sfn(stub.endpoint(), t, false, List.of());
    }
    return async
        ? Clients.swfAsync(stub.endpoint(), t, false, List.of())
        : Clients.swf(stub.endpoint(), t, false, List.of());
  }

  static TaskFailureReporter reporter(Backend backend, SdkClient client, ReporterOptions o) {
    if (client instanceof software.amazon.awssdk.services.sfn.SfnClient c) {
      return SfnTaskFailureReporter.create(c, o);
    }
    if (client instanceof software.amazon.awssdk.services.sfn.SfnAsyncClient c) {
      return SfnTaskFailureReporter.create(c, o);
    }
    if (client instanceof software.amazon.awssdk.services.swf.SwfClient c) {
      return SwfTaskFailureReporter.create(c, o);
    }
    if (client instanceof software.amazon.awssdk.services.swf.SwfAsyncClient c) {
      return SwfTaskFailureReporter.create(c, o);
    }
    throw new IllegalArgumentException(backend + " " + client);
  }
}
