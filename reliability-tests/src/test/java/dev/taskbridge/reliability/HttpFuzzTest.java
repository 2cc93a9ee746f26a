package dev.taskbridge.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.taskbridge.emulator.LocalBackend;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.swf.SwfClient;

/**
 * Seeded fuzzing of the emulator's HTTP surface: valid requests of every supported operation,
 * mutated, plus junk bodies, headers and targets, and sizes around the limits. No fault is
 * injected, so a 5xx is always a bug; every error must be AWS-shaped; the server must keep serving.
 */
class HttpFuzzTest {

  private static final int REQUESTS = 3_000;
  private static final long SEED = 0x7A5CB41D6EL;
  private static final int MAX_BODY = 256 * 1024;
  private static final Duration TIMEOUT = Duration.ofSeconds(15);
  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
  private static final String ROLE = "arn:aws:iam::123456789012:role/reliability";
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final SplittableRandom random = new SplittableRandom(SEED);
  private final Map<Integer, Integer> statuses = new TreeMap<>();

  @Test
  @Timeout(300)
  void fuzz_neverFiveHundred_everyErrorAwsShaped_serverStaysUp() throws Exception {
    try (LocalBackend emulator =
        LocalBackend.builder()
            .pollMaxWait(Duration.ofMillis(100))
            .maxRequestBytes(MAX_BODY)
            .start()) {
      Map<String, ObjectNode> templates = templates(emulator);
      List<Map.Entry<String, ObjectNode>> targets = new ArrayList<>(templates.entrySet());
      HttpClient http =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(TIMEOUT)
              .build();
      List<String> problems = new ArrayList<>();
      for (int i = 0; i < REQUESTS; i++) {
        Map.Entry<String, ObjectNode> target = targets.get(random.nextInt(targets.size()));
        Fuzzed f = fuzz(target.getKey(), target.getValue().deepCopy(), i);
        check(http, emulator.endpoint(), f, problems);
        if (i % 250 == 249) {
          assertAlive(http, emulator.endpoint());
        }
      }
      assertAlive(http, emulator.endpoint());
      System.out.println(
          "HTTP fuzz: " + REQUESTS + " requests, seed " + SEED + ", statuses " + statuses);
      assertThat(problems).isEmpty();
      assertThat(statuses).containsKeys(200, 400, 413);
    }
  }

  /** One fuzzed request; the body is never changed after it is built. */
  @SuppressWarnings("ArrayRecordComponent")
  private record Fuzzed(
      String description, String method, Map<String, String> headers, byte[] body) {}

  private Fuzzed fuzz(String target, ObjectNode body, int i) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/x-amz-json-1.0");
    headers.put("X-Amz-Target", target);
    headers.put("Authorization", "AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/x/aws4");
    String method = "POST";
    String what;
    byte[] bytes;
    int kind = random.nextInt(20);
    switch (kind) {
      case 0 -> {
        what = "valid";
        bytes = write(body);
      }
      case 1, 2 -> {
        String field = randomField(body);
        body.remove(field);
        what = "drop " + field;
        bytes = write(body);
      }
      case 3, 4 -> {
        String field = randomField(body);
        body.set(field, randomValue(0));
        what = "retype " + field;
        bytes = write(body);
      }
      case 5, 6 -> {
        String field = randomField(body);
        body.put(field, randomString(random.nextInt(64)));
        what = "random string " + field;
        bytes = write(body);
      }
      case 7 -> {
        String field = randomField(body);
        int[] sizes = {255, 256, 257, 1024, 1025, 2048, 2049, 32768, 32769, 262144, 262145};
        int n = sizes[random.nextInt(sizes.length)];
        body.put(field, random.nextBoolean() ? "x".repeat(n) : "\uD83D\uDE00".repeat(n / 2 + 1));
        what = "huge " + field + " " + n;
        bytes = write(body);
      }
      case 8 -> {
        String field = randomField(body);
        String text = new String(write(body), StandardCharsets.US_ASCII);
        // a duplicate member, written as text (Jackson's tree cannot hold one)
        text = "{\"" + field + "\":" + randomValue(0) + "," + text.substring(1);
        what = "duplicate " + field;
        bytes = text.getBytes(StandardCharsets.US_ASCII);
      }
      case 9 -> {
        int depth = 1 + random.nextInt(random.nextBoolean() ? 50 : 5_000);
        String nested = "[".repeat(depth) + "]".repeat(depth);
        String field = randomField(body);
        String text = new String(write(body), StandardCharsets.US_ASCII);
        text = "{\"" + field + "\":" + nested + "," + text.substring(1);
        what = "nesting " + depth;
        bytes = text.getBytes(StandardCharsets.US_ASCII);
      }
      case 10 -> {
        byte[] full = write(body);
        bytes = Arrays.copyOf(full, random.nextInt(Math.max(1, full.length)));
        what = "truncated";
      }
      case 11 -> {
        bytes = new byte[random.nextInt(2048)];
        random.nextBytes(bytes);
        what = "binary junk";
      }
      case 12 -> {
        byte[] full = write(body);
        for (int k = 0; k < 1 + random.nextInt(8); k++) {
          full[random.nextInt(full.length)] = (byte) random.nextInt(256);
        }
        bytes = full;
        what = "flipped bytes";
      }
      case 13 -> {
        // raw, invalid UTF-8 inside a string value: a CESU-8 lone surrogate, an overlong NUL
        String text = new String(write(body), StandardCharsets.US_ASCII);
        String field = randomField(body);
        byte[] head = ("{\"" + field + "\":\"a").getBytes(StandardCharsets.US_ASCII);
        byte[] junk = {(byte) 0xED, (byte) 0xA0, (byte) 0x80, (byte) 0xC0, (byte) 0x80, 0};
        byte[] tail = ("\"," + text.substring(1)).getBytes(StandardCharsets.US_ASCII);
        bytes = concat(head, junk, tail);
        what = "invalid utf-8";
      }
      case 14 -> {
        headers.put("X-Amz-Target", mutateTarget(target));
        what = "target " + headers.get("X-Amz-Target");
        bytes = write(body);
      }
      case 15 -> {
        if (random.nextBoolean()) {
          headers.remove("X-Amz-Target");
        }
        if (random.nextBoolean()) {
          headers.remove("Content-Type");
        } else {
          headers.put("Content-Type", randomHeaderValue());
        }
        for (int k = 0; k < random.nextInt(6); k++) {
          headers.put("X-" + randomToken(), randomHeaderValue());
        }
        what = "headers";
        bytes = write(body);
      }
      case 16 -> {
        String[] methods = {"GET", "PUT", "DELETE", "PATCH", "OPTIONS"};
        method = methods[random.nextInt(methods.length)];
        what = "method " + method;
        bytes = method.equals("GET") || method.equals("DELETE") ? new byte[0] : write(body);
      }
      case 17 -> {
        int[] sizes = {0, 1, MAX_BODY - 1, MAX_BODY, MAX_BODY + 1, 2 * MAX_BODY};
        int n = sizes[random.nextInt(sizes.length)];
        String prefix = "{\"x\":\"";
        String text =
            n < prefix.length() + 2
                ? "{".repeat(n)
                : prefix + "y".repeat(n - prefix.length() - 2) + "\"}";
        what = "size " + n;
        bytes = text.getBytes(StandardCharsets.US_ASCII);
      }
      case 18 -> {
        String[] odd = {"", "null", "[]", "\"s\"", "1", "true", "{}", "{\"a\":", "\uFEFF{}"};
        what = "odd body";
        bytes = odd[random.nextInt(odd.length)].getBytes(StandardCharsets.UTF_8);
      }
      default -> {
        ObjectNode nested = body;
        for (String f : List.of(randomField(body), randomField(body))) {
          nested.set(f, randomValue(0));
        }
        what = "mixed";
        bytes = write(nested);
      }
    }
    return new Fuzzed("#" + i + " " + target + ": " + what, method, headers, bytes);
  }

  private void check(HttpClient http, URI endpoint, Fuzzed f, List<String> problems)
      throws InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(endpoint)
            .timeout(TIMEOUT)
            .method(f.method(), HttpRequest.BodyPublishers.ofByteArray(f.body()));
    f.headers().forEach(b::header);
    HttpResponse<String> r;
    try {
      r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      // A body over the limit is refused while it is still being sent; anything else is a bug.
      statuses.merge(-1, 1, Integer::sum);
      if (f.body().length <= MAX_BODY) {
        problems.add(f.description() + ": " + e);
      }
      return;
    }
    statuses.merge(r.statusCode(), 1, Integer::sum);
    if (r.statusCode() >= 500) {
      problems.add(f.description() + ": HTTP " + r.statusCode() + " " + r.body());
      return;
    }
    if (r.headers().firstValue("x-amzn-RequestId").isEmpty()) {
      problems.add(f.description() + ": no x-amzn-RequestId");
    }
    if (r.statusCode() >= 400) {
      try {
        JsonNode error = JSON.readTree(r.body());
        if (!error.path("__type").isTextual() || !error.path("message").isTextual()) {
          problems.add(f.description() + ": error not AWS-shaped: " + r.body());
        }
      } catch (IOException e) {
        problems.add(f.description() + ": error body not JSON: " + r.body());
      }
    } else if (!r.body().isEmpty()) {
      try {
        JSON.readTree(r.body());
      } catch (IOException e) {
        problems.add(f.description() + ": 2xx body not JSON");
      }
    }
  }

  private static void assertAlive(HttpClient http, URI endpoint) throws Exception {
    HttpRequest valid =
        HttpRequest.newBuilder(endpoint)
            .timeout(TIMEOUT)
            .header("X-Amz-Target", "AWSStepFunctions.CreateActivity")
            .header("Content-Type", "application/x-amz-json-1.0")
            .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"alive\"}"))
            .build();
    HttpResponse<String> r = http.send(valid, HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("a valid request after fuzzing: %s", r.body()).isEqualTo(200);
  }

  private byte[] write(JsonNode body) {
    try {
      return JSON.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }

  private String randomField(ObjectNode body) {
    List<String> names = new ArrayList<>();
    Iterator<String> it = body.fieldNames();
    it.forEachRemaining(names::add);
    if (names.isEmpty() || random.nextInt(8) == 0) {
      return randomString(1 + random.nextInt(12));
    }
    return names.get(random.nextInt(names.size()));
  }

  private JsonNode randomValue(int depth) {
    int k = random.nextInt(depth > 3 ? 6 : 8);
    return switch (k) {
      case 0 -> NODES.nullNode();
      case 1 -> NODES.numberNode(random.nextLong());
      case 2 -> NODES.numberNode(random.nextDouble() * 1e300);
      case 3 -> NODES.booleanNode(random.nextBoolean());
      case 4, 5 -> NODES.textNode(randomString(random.nextInt(40)));
      case 6 -> {
        ArrayNode a = NODES.arrayNode();
        for (int i = 0; i < random.nextInt(4); i++) {
          a.add(randomValue(depth + 1));
        }
        yield a;
      }
      default -> {
        ObjectNode o = NODES.objectNode();
        for (int i = 0; i < random.nextInt(4); i++) {
          o.set(randomString(1 + random.nextInt(6)), randomValue(depth + 1));
        }
        yield o;
      }
    };
  }

  /** Random text: ASCII, controls, NUL, astral pairs, lone surrogates, noncharacters. */
  String randomString(int length) {
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      switch (random.nextInt(8)) {
        case 0 -> sb.append('\0');
        case 1 -> sb.append((char) (0xD800 + random.nextInt(0x800))); // lone surrogate
        case 2 -> sb.appendCodePoint(0x10000 + random.nextInt(0x100000)); // astral
        case 3 -> sb.append((char) random.nextInt(0x20));
        case 4 -> sb.append((char) (0xFFFE + random.nextInt(2)));
        case 5 -> sb.append((char) (0x80 + random.nextInt(0xD800 - 0x80)));
        default -> sb.append((char) (0x20 + random.nextInt(0x5F)));
      }
    }
    return sb.toString();
  }

  private String mutateTarget(String target) {
    return switch (random.nextInt(7)) {
      case 0 -> "";
      case 1 -> target.toLowerCase(java.util.Locale.ROOT);
      case 2 -> target + "X";
      case 3 -> target.substring(0, target.indexOf('.') + 1);
      case 4 -> "com.amazonaws.swf.service.model." + target;
      case 5 -> "AWSStepFunctions." + randomToken();
      default -> randomToken() + "." + randomToken();
    };
  }

  private String randomToken() {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 1 + random.nextInt(16); i++) {
      sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return sb.toString();
  }

  private String randomHeaderValue() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < random.nextInt(40); i++) {
      sb.append((char) (0x21 + random.nextInt(0x5E)));
    }
    return sb.toString();
  }

  /** A valid request body for every supported operation, on resources that exist. */
  private static Map<String, ObjectNode> templates(LocalBackend emulator) throws IOException {
    Map<String, String> t = new LinkedHashMap<>();
    String sfnToken;
    String activity;
    String machine;
    String execution;
    try (SfnClient sfn = Clients.sfnSetup(emulator.endpoint())) {
      activity = sfn.createActivity(b -> b.name("fuzz")).activityArn();
      String def =
          "{\"StartAt\":\"W\",\"States\":{\"W\":{\"Type\":\"Task\",\"Resource\":\""
              + activity
              + "\",\"End\":true}}}";
      machine =
          sfn.createStateMachine(b -> b.name("fuzz").definition(def).roleArn(ROLE))
              .stateMachineArn();
      execution = sfn.startExecution(b -> b.stateMachineArn(machine)).executionArn();
      sfnToken = sfn.getActivityTask(b -> b.activityArn(activity)).taskToken();
    }
    String def =
        JSON.writeValueAsString(
            "{\"StartAt\":\"W\",\"States\":{\"W\":{\"Type\":\"Task\",\"Resource\":\""
                + activity
                + "\",\"End\":true}}}");
    String sfn = "AWSStepFunctions.";
    t.put(sfn + "CreateActivity", "{\"name\":\"fuzz-a\"}");
    t.put(sfn + "DescribeActivity", "{\"activityArn\":\"" + activity + "\"}");
    t.put(sfn + "DeleteActivity", "{\"activityArn\":\"" + activity + "-gone\"}");
    t.put(
        sfn + "CreateStateMachine",
        "{\"name\":\"fuzz-m\",\"definition\":" + def + ",\"roleArn\":\"" + ROLE + "\"}");
    t.put(sfn + "DescribeStateMachine", "{\"stateMachineArn\":\"" + machine + "\"}");
    t.put(sfn + "DeleteStateMachine", "{\"stateMachineArn\":\"" + machine + "-gone\"}");
    t.put(
        sfn + "StartExecution",
        "{\"stateMachineArn\":\"" + machine + "\",\"input\":\"{}\",\"name\":\"e1\"}");
    t.put(sfn + "DescribeExecution", "{\"executionArn\":\"" + execution + "\"}");
    t.put(
        sfn + "StopExecution",
        "{\"executionArn\":\"" + execution + "-x\",\"error\":\"E\",\"cause\":\"C\"}");
    t.put(
        sfn + "GetExecutionHistory",
        "{\"executionArn\":\""
            + execution
            + "\",\"maxResults\":10,\"reverseOrder\":true,\"includeExecutionData\":true}");
    t.put(sfn + "GetActivityTask", "{\"activityArn\":\"" + activity + "\",\"workerName\":\"w\"}");
    t.put(
        sfn + "SendTaskFailure",
        "{\"taskToken\":\"" + sfnToken + "\",\"error\":\"E\",\"cause\":\"C\"}");
    t.put(sfn + "SendTaskSuccess", "{\"taskToken\":\"" + sfnToken + "\",\"output\":\"{}\"}");
    t.put(sfn + "SendTaskHeartbeat", "{\"taskToken\":\"" + sfnToken + "\"}");

    String swfToken;
    String domain = "fuzz";
    String runId;
    try (SwfClient swf = Clients.swfSetup(emulator.endpoint())) {
      swf.registerDomain(b -> b.name(domain).workflowExecutionRetentionPeriodInDays("1"));
      swf.registerWorkflowType(
          b ->
              b.domain(domain)
                  .name("wf")
                  .version("1")
                  .defaultTaskList(l -> l.name("d"))
                  .defaultExecutionStartToCloseTimeout("3600")
                  .defaultTaskStartToCloseTimeout("60")
                  .defaultChildPolicy("TERMINATE"));
      swf.registerActivityType(
          b ->
              b.domain(domain)
                  .name("act")
                  .version("1")
                  .defaultTaskList(l -> l.name("a"))
                  .defaultTaskScheduleToStartTimeout("NONE")
                  .defaultTaskScheduleToCloseTimeout("NONE")
                  .defaultTaskStartToCloseTimeout("NONE")
                  .defaultTaskHeartbeatTimeout("NONE"));
      runId =
          swf.startWorkflowExecution(
                  b ->
                      b.domain(domain)
                          .workflowId("w1")
                          .workflowType(x -> x.name("wf").version("1")))
              .runId();
      swfToken =
          swf.pollForDecisionTask(b -> b.domain(domain).taskList(l -> l.name("d"))).taskToken();
    }
    String swf = "SimpleWorkflowService.";
    String exec = "{\"workflowId\":\"w1\",\"runId\":\"" + runId + "\"}";
    t.put(
        swf + "RegisterDomain",
        "{\"name\":\"fuzz-d\",\"workflowExecutionRetentionPeriodInDays\":\"1\",\"description\":\"d\"}");
    t.put(swf + "DescribeDomain", "{\"name\":\"fuzz\"}");
    t.put(
        swf + "RegisterActivityType",
        "{\"domain\":\"fuzz\",\"name\":\"a2\",\"version\":\"1\",\"defaultTaskList\":{\"name\":\"a\"}}");
    t.put(
        swf + "RegisterWorkflowType",
        "{\"domain\":\"fuzz\",\"name\":\"w2\",\"version\":\"1\",\"defaultChildPolicy\":\"TERMINATE\"}");
    t.put(
        swf + "StartWorkflowExecution",
        "{\"domain\":\"fuzz\",\"workflowId\":\"w2\",\"workflowType\":{\"name\":\"wf\",\"version\":\"1\"},"
            + "\"input\":\"i\",\"taskList\":{\"name\":\"d\"},\"childPolicy\":\"TERMINATE\"}");
    t.put(swf + "DescribeWorkflowExecution", "{\"domain\":\"fuzz\",\"execution\":" + exec + "}");
    t.put(
        swf + "TerminateWorkflowExecution",
        "{\"domain\":\"fuzz\",\"workflowId\":\"w9\",\"reason\":\"r\",\"details\":\"d\"}");
    t.put(
        swf + "GetWorkflowExecutionHistory",
        "{\"domain\":\"fuzz\",\"execution\":"
            + exec
            + ",\"maximumPageSize\":5,\"reverseOrder\":true}");
    t.put(
        swf + "PollForDecisionTask",
        "{\"domain\":\"fuzz\",\"taskList\":{\"name\":\"d\"},\"identity\":\"x\"}");
    t.put(
        swf + "RespondDecisionTaskCompleted",
        "{\"taskToken\":\""
            + swfToken
            + "\",\"decisions\":[{\"decisionType\":\"ScheduleActivityTask\","
            + "\"scheduleActivityTaskDecisionAttributes\":{\"activityType\":{\"name\":\"act\","
            + "\"version\":\"1\"},\"activityId\":\"a1\",\"input\":\"in\"}},"
            + "{\"decisionType\":\"RecordMarker\",\"recordMarkerDecisionAttributes\":"
            + "{\"markerName\":\"m\",\"details\":\"d\"}}]}");
    t.put(
        swf + "PollForActivityTask",
        "{\"domain\":\"fuzz\",\"taskList\":{\"name\":\"a\"},\"identity\":\"x\"}");
    t.put(
        swf + "RespondActivityTaskCompleted",
        "{\"taskToken\":\"" + swfToken + "\",\"result\":\"r\"}");
    t.put(
        swf + "RespondActivityTaskFailed",
        "{\"taskToken\":\"" + swfToken + "\",\"reason\":\"r\",\"details\":\"d\"}");
    t.put(
        swf + "RespondActivityTaskCanceled",
        "{\"taskToken\":\"" + swfToken + "\",\"details\":\"d\"}");
    t.put(
        swf + "RecordActivityTaskHeartbeat",
        "{\"taskToken\":\"" + swfToken + "\",\"details\":\"d\"}");

    Map<String, ObjectNode> out = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : t.entrySet()) {
      out.put(e.getKey(), (ObjectNode) JSON.readTree(e.getValue()));
    }
    return out;
  }
}
