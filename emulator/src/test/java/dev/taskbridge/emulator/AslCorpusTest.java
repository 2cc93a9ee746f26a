package dev.taskbridge.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.sfn.SfnAsyncClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;
import software.amazon.awssdk.services.sfn.model.SfnException;

/**
 * Runs every case of the shared ASL corpus ({@code ../shared/asl-corpus}, outcomes recorded on real
 * AWS) through unmodified SDK clients over HTTP and compares status, output, error and cause. A
 * case listed in {@code asl-corpus-known-failures.txt} is reported as skipped with its reason, and
 * fails if it starts passing (so the list stays true). The run writes {@code
 * target/asl-corpus-results.md}, the table in the emulator's README.
 */
class AslCorpusTest {
  static final Path CORPUS = Path.of("../../shared/asl-corpus");
  static final ObjectMapper JSON = new ObjectMapper();
  static final String ROLE = "arn:aws:iam::123456789012:role/corpus";
  static final Pattern ACTIVITY =
      Pattern.compile("arn:aws:states:[a-z0-9-]+:\\d{12}:activity:[A-Za-z0-9_.-]+");

  static LocalBackend backend;
  static ManualClock clock;
  static SfnAsyncClient sfn;
  static final AtomicInteger SEQ = new AtomicInteger();
  static final Map<String, String> KNOWN = known();
  static final Map<String, String> RESULTS = new ConcurrentHashMap<>();

  @BeforeAll
  static void start() {
    clock = new ManualClock();
    backend = LocalBackend.builder().clock(clock).pollMaxWait(Duration.ofMillis(50)).start();
    sfn = TestClients.sfnAsync(backend.endpoint());
  }

  @AfterAll
  static void stop() throws IOException {
    sfn.close();
    backend.close();
    writeTable();
  }

  static Stream<Path> cases() throws IOException {
    try (Stream<Path> files = Files.list(CORPUS)) {
      return files
          .filter(p -> p.getFileName().toString().endsWith(".json"))
          .sorted()
          .toList()
          .stream();
    }
  }

  private static Map<String, String> known() {
    Map<String, String> out = new TreeMap<>();
    try {
      Path p = Path.of("src/test/resources/asl-corpus-known-failures.txt");
      for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        int tab = line.indexOf('\t');
        out.put(line.substring(0, tab).trim(), line.substring(tab + 1).trim());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** A listed case that is no longer in the corpus would never be run, hence never checked. */
  @Test
  void everyKnownFailure_isACaseOfTheCorpus() throws IOException {
    Set<String> ids = new HashSet<>();
    for (Path file : cases().toList()) {
      ids.add(JSON.readTree(file.toFile()).get("id").asText());
    }
    assertThat(ids).containsAll(KNOWN.keySet());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void corpusCase(Path file) throws IOException {
    JsonNode c = JSON.readTree(file.toFile());
    String id = c.get("id").asText();
    @Nullable String mismatch;
    try {
      mismatch = run(c);
    } catch (RuntimeException e) {
      mismatch = "error: " + e.getClass().getSimpleName() + " " + e.getMessage();
    }
    String reason = KNOWN.get(id);
    RESULTS.put(id, mismatch == null ? "" : mismatch);
    if (reason != null) {
      if (mismatch == null) {
        fail(id + " passes now: remove it from asl-corpus-known-failures.txt");
      }
      Assumptions.abort("known failure: " + reason);
    }
    if (mismatch != null) {
      fail(id + ": " + mismatch);
    }
  }

  /** Runs one case; returns null if it matches what AWS recorded, else what differs. */
  private static @Nullable String run(JsonNode c) {
    JsonNode expect = c.get("expect");
    String definition = c.get("definition").toString();
    Map<String, String> markers = new LinkedHashMap<>();
    markers.put("roleArn", ROLE);
    Matcher m = ACTIVITY.matcher(definition);
    Set<String> arns = new LinkedHashSet<>();
    while (m.find()) {
      arns.add(m.group());
    }
    int n = SEQ.incrementAndGet();
    for (String arn : arns) {
      String created = join(sfn.createActivity(b -> b.name("corpusActivity" + n))).activityArn();
      definition = definition.replace(arn, created);
      markers.put("activityArn", created);
      if (c.path("activityDeletedBeforeStart").asBoolean()) {
        join(sfn.deleteActivity(b -> b.activityArn(created)));
      }
    }
    String smName = "corpusMachine" + n;
    String def = definition;
    String smArn;
    try {
      smArn =
          join(sfn.createStateMachine(b -> b.name(smName).definition(def).roleArn(ROLE)))
              .stateMachineArn();
    } catch (CompletionException ce) {
      if (!(ce.getCause() instanceof SfnException e)) {
        throw ce;
      }
      if (!expect.get("status").asText().equals("CREATE_FAILED")) {
        return "CreateStateMachine refused: " + e.awsErrorDetails().errorMessage();
      }
      String code = e.awsErrorDetails().errorCode();
      if (!code.equals(expect.get("error").asText())) {
        return "refused with " + code;
      }
      String msg = expect.path("message").asText(null);
      if (msg != null && !msg.equals(e.awsErrorDetails().errorMessage())) {
        return "message differs: " + e.awsErrorDetails().errorMessage();
      }
      return null;
    }
    if (expect.get("status").asText().equals("CREATE_FAILED")) {
      return "CreateStateMachine accepted an invalid definition";
    }
    markers.put("stateMachineArn", smArn);
    markers.put("stateMachineName", smName);
    String input = c.get("input").toString();
    String execArn =
        join(sfn.startExecution(b -> b.stateMachineArn(smArn).input(input).name("run")))
            .executionArn();
    markers.put("executionArn", execArn);
    markers.put("executionName", "run");

    List<JsonNode> steps = new ArrayList<>();
    c.path("worker").forEach(steps::add);
    boolean callback = c.path("callback").asBoolean();
    String worker = c.path("workerName").asText(null);
    int stepIndex = 0;
    int tokensUsed = 0;
    DescribeExecutionResponse d = join(sfn.describeExecution(b -> b.executionArn(execArn)));
    for (int i = 0; i < 2000 && d.status() == ExecutionStatus.RUNNING; i++) {
      boolean acted = false;
      if (stepIndex < steps.size()) {
        String token = null;
        if (callback) {
          List<String> tokens = callbackTokens(execArn);
          if (tokens.size() > tokensUsed) {
            token = tokens.get(tokensUsed++);
          }
        } else if (!markers.containsKey("taskToken")) {
          String arn = markers.get("activityArn");
          var t = join(sfn.getActivityTask(b -> b.activityArn(arn).workerName(worker)));
          token = t.taskToken();
          if (token != null) {
            markers.put("taskToken", token);
          }
        } else {
          token = markers.get("taskToken");
        }
        if (token != null) {
          act(steps.get(stepIndex++), token);
          acted = true;
        }
      } else if (!callback && markers.containsKey("activityArn") && !markers.containsKey("taken")) {
        String arn = markers.get("activityArn");
        if (!c.path("activityDeletedBeforeStart").asBoolean()) {
          var t = join(sfn.getActivityTask(b -> b.activityArn(arn).workerName(worker)));
          if (t.taskToken() != null) {
            markers.put("taken", "yes");
          }
        }
      }
      if (!acted) {
        clock.advance(Duration.ofSeconds(1));
      }
      d = join(sfn.describeExecution(b -> b.executionArn(execArn)));
    }
    String status = d.statusAsString();
    if (!status.equals(expect.get("status").asText())) {
      return "status "
          + status
          + " (error "
          + d.error()
          + ", cause "
          + shorten(d.cause())
          + ", output "
          + shorten(d.output())
          + ")";
    }
    if (status.equals("SUCCEEDED")) {
      JsonNode actual;
      try {
        actual = JSON.readTree(d.output());
      } catch (IOException e) {
        return "output is not JSON";
      }
      if (!matches(expect.get("output"), actual, markers)) {
        return "output " + shorten(d.output());
      }
      return null;
    }
    if (!textMatches(expect.get("error"), d.error(), markers)) {
      return "error " + d.error();
    }
    if (!textMatches(expect.get("cause"), d.cause(), markers)) {
      return "cause " + shorten(d.cause());
    }
    return null;
  }

  private static <T> T join(CompletableFuture<T> f) {
    return f.join();
  }

  private static String shorten(@Nullable String s) {
    if (s == null) {
      return "null";
    }
    return s.length() > 300 ? s.substring(0, 300) + "..." : s;
  }

  private static void act(JsonNode step, String token) {
    switch (step.get("op").asText()) {
      case "SendTaskSuccess" ->
          join(sfn.sendTaskSuccess(b -> b.taskToken(token).output(step.get("output").toString())));
      case "SendTaskFailure" ->
          join(
              sfn.sendTaskFailure(
                  b ->
                      b.taskToken(token)
                          .error(step.path("error").asText(null))
                          .cause(step.path("cause").asText(null))));
      case "SendTaskHeartbeat" -> join(sfn.sendTaskHeartbeat(b -> b.taskToken(token)));
      default -> throw new IllegalArgumentException(step.toString());
    }
  }

  /** The tokens in the TaskScheduled events' parameters, in order (as the judging runner reads). */
  private static List<String> callbackTokens(String execArn) {
    List<String> out = new ArrayList<>();
    for (HistoryEvent e :
        join(sfn.getExecutionHistory(b -> b.executionArn(execArn).maxResults(1000))).events()) {
      if (e.type() == HistoryEventType.TASK_SCHEDULED) {
        try {
          collectTokens(JSON.readTree(e.taskScheduledEventDetails().parameters()), out);
        } catch (IOException ex) {
          throw new UncheckedIOException(ex);
        }
      }
    }
    return out;
  }

  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{66}");

  private static void collectTokens(JsonNode n, List<String> out) {
    if (n.isTextual() && TOKEN.matcher(n.asText()).matches()) {
      out.add(n.asText());
    }
    n.elements().forEachRemaining(x -> collectTokens(x, out));
  }

  private static boolean textMatches(
      JsonNode expected, String actual, Map<String, String> markers) {
    if (expected == null || expected.isNull()) {
      return actual == null;
    }
    return actual != null && pattern(expected.asText(), markers).matcher(actual).matches();
  }

  private static final Pattern MARKER = Pattern.compile("\\{\\{([a-zA-Z]+)}}");

  private static Pattern pattern(String expected, Map<String, String> markers) {
    StringBuilder b = new StringBuilder();
    Matcher m = MARKER.matcher(expected);
    int last = 0;
    while (m.find()) {
      b.append(Pattern.quote(expected.substring(last, m.start())));
      String name = m.group(1);
      String value = markers.get(name);
      b.append(
          switch (name) {
            case "timestamp" -> "\\d{4}-\\d{2}-\\d{2}T[0-9:.]+(Z|[+-]\\d{2}:?\\d{2})?";
            case "uuid" -> "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
            case "number" -> "-?[0-9.eE+-]+";
            case "any" -> "(?s).*";
            default -> value == null ? "(?s).*" : Pattern.quote(value);
          });
      last = m.end();
    }
    b.append(Pattern.quote(expected.substring(last)));
    return Pattern.compile(b.toString(), Pattern.DOTALL);
  }

  private static boolean matches(JsonNode expected, JsonNode actual, Map<String, String> markers) {
    if (expected.isTextual()) {
      String e = expected.asText();
      if (e.equals("{{number}}")) {
        return actual.isNumber();
      }
      if (e.equals("{{any}}")) {
        return true;
      }
      return actual.isTextual() && pattern(e, markers).matcher(actual.asText()).matches();
    }
    if (expected.isNumber()) {
      return actual.isNumber() && expected.decimalValue().compareTo(actual.decimalValue()) == 0;
    }
    if (expected.isObject()) {
      if (!actual.isObject() || actual.size() != expected.size()) {
        return false;
      }
      Iterator<Map.Entry<String, JsonNode>> it = expected.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        JsonNode a = actual.get(e.getKey());
        if (a == null || !matches(e.getValue(), a, markers)) {
          return false;
        }
      }
      return true;
    }
    if (expected.isArray()) {
      if (!actual.isArray() || actual.size() != expected.size()) {
        return false;
      }
      for (int i = 0; i < expected.size(); i++) {
        if (!matches(expected.get(i), actual.get(i), markers)) {
          return false;
        }
      }
      return true;
    }
    return expected.equals(actual);
  }

  private static void writeTable() throws IOException {
    if (RESULTS.isEmpty()) {
      return;
    }
    long passed = RESULTS.values().stream().filter(String::isEmpty).count();
    StringBuilder b = new StringBuilder();
    b.append("Corpus: ")
        .append(passed)
        .append(" of ")
        .append(RESULTS.size())
        .append(" cases pass.\n\n| case | result |\n|---|---|\n");
    new TreeMap<>(RESULTS)
        .forEach(
            (id, r) -> {
              if (!r.isEmpty()) {
                String reason = KNOWN.getOrDefault(id, r);
                b.append("| `")
                    .append(id)
                    .append("` | fails: ")
                    .append(reason.replace("|", "\\|").replace("\n", " "))
                    .append(" |\n");
              }
            });
    Files.createDirectories(Path.of("target"));
    Files.writeString(Path.of("target/asl-corpus-results.md"), b.toString());
  }
}
