package dev.taskbridge.emulator.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The subset of the Amazon States Language the emulator runs, and its parser.
 *
 * <p>Supported: top level {@code Comment, StartAt, States, Version, TimeoutSeconds}; states {@code
 * Task} (activity ARN resource; {@code TimeoutSeconds, HeartbeatSeconds, Retry, Catch, InputPath,
 * ResultPath, OutputPath}), {@code Pass} ({@code Result, InputPath, ResultPath, OutputPath}),
 * {@code Succeed} ({@code InputPath, OutputPath}) and {@code Fail} ({@code Error, Cause}). Paths
 * are reference paths {@code $} or {@code $.a.b}. Anything else is refused with {@code
 * InvalidDefinition}, never ignored.
 */
final class Asl {
  private Asl() {}

  static final String ALL = "States.ALL";
  static final String TASK_FAILED = "States.TaskFailed";
  static final String TIMEOUT = "States.Timeout";

  /** A reference path; {@code segments} empty = "$". */
  static final class Path {
    final String text;
    final List<String> segments;

    Path(String text, List<String> segments) {
      this.text = text;
      this.segments = segments;
    }
  }

  static final Path ROOT = new Path("$", List.of());

  static final class Retrier {
    final List<String> errorEquals;
    final long intervalSeconds;
    final int maxAttempts;
    final double backoffRate;

    Retrier(List<String> errorEquals, long intervalSeconds, int maxAttempts, double backoffRate) {
      this.errorEquals = errorEquals;
      this.intervalSeconds = intervalSeconds;
      this.maxAttempts = maxAttempts;
      this.backoffRate = backoffRate;
    }
  }

  static final class Catcher {
    final List<String> errorEquals;
    final String next;
    final @Nullable Path resultPath;

    Catcher(List<String> errorEquals, String next, @Nullable Path resultPath) {
      this.errorEquals = errorEquals;
      this.next = next;
      this.resultPath = resultPath;
    }
  }

  static final class State {
    final String name;
    final String type;
    @Nullable String next;
    @Nullable String resource;
    long timeoutSeconds;
    long heartbeatSeconds;
    List<Retrier> retry = List.of();
    List<Catcher> catches = List.of();
    @Nullable Path inputPath = ROOT;
    @Nullable Path outputPath = ROOT;
    @Nullable Path resultPath = ROOT;
    @Nullable JsonNode result;
    @Nullable String error;
    @Nullable String cause;

    State(String name, String type) {
      this.name = name;
      this.type = type;
    }
  }

  static final class Machine {
    final String startAt;
    final Map<String, State> states;
    final long timeoutSeconds;

    Machine(String startAt, Map<String, State> states, long timeoutSeconds) {
      this.startAt = startAt;
      this.states = states;
      this.timeoutSeconds = timeoutSeconds;
    }
  }

  static boolean matches(List<String> errorEquals, @Nullable String error) {
    for (String e : errorEquals) {
      if (e.equals(ALL)) {
        return true;
      }
      if (e.equals(TASK_FAILED) && !TIMEOUT.equals(error)) {
        return true;
      }
      if (e.equals(error)) {
        return true;
      }
    }
    return false;
  }

  private static ApiException invalid(String code, String what, String where) {
    return ApiException.sfn(
        "InvalidDefinition",
        "Invalid State Machine Definition: '" + code + ": " + what + " at " + where + "'");
  }

  private static ApiException schema(String what, String where) {
    return invalid("SCHEMA_VALIDATION_FAILED", what, where);
  }

  private static final Set<String> TOP =
      Set.of("Comment", "StartAt", "States", "Version", "TimeoutSeconds");
  private static final Set<String> TASK =
      Set.of(
          "Type",
          "Comment",
          "Next",
          "End",
          "Resource",
          "TimeoutSeconds",
          "HeartbeatSeconds",
          "Retry",
          "Catch",
          "InputPath",
          "ResultPath",
          "OutputPath");
  private static final Set<String> PASS =
      Set.of("Type", "Comment", "Next", "End", "Result", "InputPath", "ResultPath", "OutputPath");
  private static final Set<String> SUCCEED = Set.of("Type", "Comment", "InputPath", "OutputPath");
  private static final Set<String> FAIL = Set.of("Type", "Comment", "Error", "Cause");
  private static final Set<String> RETRY =
      Set.of("ErrorEquals", "IntervalSeconds", "MaxAttempts", "BackoffRate", "Comment");
  private static final Set<String> CATCH = Set.of("ErrorEquals", "Next", "ResultPath", "Comment");

  static Machine parse(String definition) {
    JsonNode root = Json.tryParse(definition);
    if (root == null || !root.isObject()) {
      throw invalid("INVALID_JSON_DESCRIPTION", "the definition is not a JSON object", "/");
    }
    checkFields(root, TOP, "");
    JsonNode startAt = root.get("StartAt");
    if (startAt == null || !startAt.isTextual()) {
      throw schema("The field 'StartAt' should be non-null and a string", "/StartAt");
    }
    long timeout = 0;
    if (root.has("TimeoutSeconds")) {
      timeout = positiveInt(root.get("TimeoutSeconds"), "/TimeoutSeconds");
    }
    JsonNode statesNode = root.get("States");
    if (statesNode == null || !statesNode.isObject() || statesNode.isEmpty()) {
      throw schema("The field 'States' should be a non-empty object", "/States");
    }
    Map<String, State> states = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = statesNode.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      String name = e.getKey();
      if (name.isEmpty() || name.length() > 80) {
        throw schema("State names must be 1-80 characters long", "/States/" + name);
      }
      states.put(name, parseState(name, e.getValue()));
    }
    String start = startAt.asText();
    if (!states.containsKey(start)) {
      throw invalid("MISSING_TRANSITION_TARGET", "Missing 'Next' target: " + start, "/StartAt");
    }
    for (State s : states.values()) {
      String where = "/States/" + s.name;
      if (s.next != null && !states.containsKey(s.next)) {
        throw invalid(
            "MISSING_TRANSITION_TARGET", "Missing 'Next' target: " + s.next, where + "/Next");
      }
      for (Catcher c : s.catches) {
        if (!states.containsKey(c.next)) {
          throw invalid(
              "MISSING_TRANSITION_TARGET", "Missing 'Next' target: " + c.next, where + "/Catch");
        }
      }
    }
    return new Machine(start, Collections.unmodifiableMap(states), timeout);
  }

  private static void checkFields(JsonNode node, Set<String> allowed, String where) {
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String f = names.next();
      if (!allowed.contains(f)) {
        throw invalid(
            "SCHEMA_VALIDATION_FAILED",
            "The field '" + f + "' is not supported by the taskbridge emulator",
            where + "/" + f);
      }
    }
  }

  private static long positiveInt(JsonNode n, String where) {
    if (!n.isIntegralNumber() || n.asLong() < 1 || n.asLong() > 99999999L) {
      throw schema("The value must be a positive integer", where);
    }
    return n.asLong();
  }

  private static @Nullable String text(JsonNode node, String field, String where) {
    JsonNode v = node.get(field);
    if (v == null) {
      return null;
    }
    if (!v.isTextual()) {
      throw schema("The field '" + field + "' must be a string", where + "/" + field);
    }
    return v.asText();
  }

  private static State parseState(String name, JsonNode n) {
    String where = "/States/" + name;
    if (!n.isObject()) {
      throw schema("A state must be an object", where);
    }
    String type = text(n, "Type", where);
    if (type == null) {
      throw schema("The field 'Type' should be non-null", where + "/Type");
    }
    State s = new State(name, type);
    switch (type) {
      case "Task":
        checkFields(n, TASK, where);
        parseTask(s, n, where);
        transition(s, n, where);
        break;
      case "Pass":
        checkFields(n, PASS, where);
        s.result = n.get("Result");
        s.inputPath = path(n, "InputPath", where);
        s.outputPath = path(n, "OutputPath", where);
        s.resultPath = path(n, "ResultPath", where);
        transition(s, n, where);
        break;
      case "Succeed":
        checkFields(n, SUCCEED, where);
        s.inputPath = path(n, "InputPath", where);
        s.outputPath = path(n, "OutputPath", where);
        break;
      case "Fail":
        checkFields(n, FAIL, where);
        s.error = text(n, "Error", where);
        s.cause = text(n, "Cause", where);
        break;
      case "Choice":
      case "Wait":
      case "Parallel":
      case "Map":
        throw schema(
            "The state type '" + type + "' is not supported by the taskbridge emulator",
            where + "/Type");
      default:
        throw schema("The field 'Type' has an invalid value: " + type, where + "/Type");
    }
    return s;
  }

  private static void transition(State s, JsonNode n, String where) {
    String next = text(n, "Next", where);
    JsonNode end = n.get("End");
    boolean isEnd = end != null && end.isBoolean() && end.asBoolean();
    if (end != null && !end.isBoolean()) {
      throw schema("The field 'End' must be a boolean", where + "/End");
    }
    if (next != null && isEnd) {
      throw schema("Only one of 'Next' or 'End' may be set", where);
    }
    if (next == null && !isEnd) {
      throw schema("Exactly one of 'Next' or 'End' must be set", where);
    }
    s.next = next;
  }

  private static void parseTask(State s, JsonNode n, String where) {
    String resource = text(n, "Resource", where);
    if (resource == null) {
      throw schema("The field 'Resource' should be non-null", where + "/Resource");
    }
    if (!isActivityArn(resource)) {
      throw invalid(
          "SCHEMA_VALIDATION_FAILED",
          "The resource '"
              + resource
              + "' is not supported by the taskbridge emulator (only activity ARNs are)",
          where + "/Resource");
    }
    s.resource = resource;
    s.timeoutSeconds =
        n.has("TimeoutSeconds")
            ? positiveInt(n.get("TimeoutSeconds"), where + "/TimeoutSeconds")
            : 0;
    s.heartbeatSeconds =
        n.has("HeartbeatSeconds")
            ? positiveInt(n.get("HeartbeatSeconds"), where + "/HeartbeatSeconds")
            : 0;
    if (s.heartbeatSeconds > 0 && s.timeoutSeconds > 0 && s.heartbeatSeconds >= s.timeoutSeconds) {
      throw schema(
          "HeartbeatSeconds must be smaller than TimeoutSeconds", where + "/HeartbeatSeconds");
    }
    s.inputPath = path(n, "InputPath", where);
    s.outputPath = path(n, "OutputPath", where);
    s.resultPath = path(n, "ResultPath", where);
    JsonNode retry = n.get("Retry");
    if (retry != null) {
      if (!retry.isArray()) {
        throw schema("The field 'Retry' must be an array", where + "/Retry");
      }
      List<Retrier> list = new ArrayList<>();
      int i = 0;
      for (JsonNode r : retry) {
        String w = where + "/Retry[" + i + "]";
        if (!r.isObject()) {
          throw schema("A retrier must be an object", w);
        }
        checkFields(r, RETRY, w);
        List<String> ee = errorEquals(r, w, i == retry.size() - 1);
        long interval = 1;
        if (r.has("IntervalSeconds")) {
          interval = positiveInt(r.get("IntervalSeconds"), w + "/IntervalSeconds");
        }
        int max = 3;
        if (r.has("MaxAttempts")) {
          JsonNode m = r.get("MaxAttempts");
          if (!m.isIntegralNumber() || m.asLong() < 0 || m.asLong() > 99999999L) {
            throw schema("MaxAttempts must be a non-negative integer", w + "/MaxAttempts");
          }
          max = m.asInt();
        }
        double backoff = 2.0;
        if (r.has("BackoffRate")) {
          JsonNode b = r.get("BackoffRate");
          if (!b.isNumber() || b.asDouble() < 1.0) {
            throw schema("BackoffRate must be a number >= 1.0", w + "/BackoffRate");
          }
          backoff = b.asDouble();
        }
        list.add(new Retrier(ee, interval, max, backoff));
        i++;
      }
      s.retry = List.copyOf(list);
    }
    JsonNode cat = n.get("Catch");
    if (cat != null) {
      if (!cat.isArray()) {
        throw schema("The field 'Catch' must be an array", where + "/Catch");
      }
      List<Catcher> list = new ArrayList<>();
      int i = 0;
      for (JsonNode c : cat) {
        String w = where + "/Catch[" + i + "]";
        if (!c.isObject()) {
          throw schema("A catcher must be an object", w);
        }
        checkFields(c, CATCH, w);
        List<String> ee = errorEquals(c, w, i == cat.size() - 1);
        String next = text(c, "Next", w);
        if (next == null) {
          throw schema("The field 'Next' should be non-null", w + "/Next");
        }
        list.add(new Catcher(ee, next, path(c, "ResultPath", w)));
        i++;
      }
      s.catches = List.copyOf(list);
    }
  }

  private static List<String> errorEquals(JsonNode r, String where, boolean last) {
    JsonNode ee = r.get("ErrorEquals");
    if (ee == null || !ee.isArray() || ee.isEmpty()) {
      throw schema("The field 'ErrorEquals' should be a non-empty array", where + "/ErrorEquals");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode e : ee) {
      if (!e.isTextual()) {
        throw schema("Error names must be strings", where + "/ErrorEquals");
      }
      String name = e.asText();
      if (name.startsWith("States.")
          && !name.equals(ALL)
          && !name.equals(TASK_FAILED)
          && !name.equals(TIMEOUT)) {
        throw schema(
            "The error name '" + name + "' is not supported by the taskbridge emulator",
            where + "/ErrorEquals");
      }
      out.add(name);
    }
    if (out.contains(ALL) && (out.size() != 1 || !last)) {
      throw schema(
          "States.ALL must appear alone in the last retrier or catcher", where + "/ErrorEquals");
    }
    return List.copyOf(out);
  }

  /** Parses a reference path; a JSON null gives null (discard / empty object). */
  private static @Nullable Path path(JsonNode n, String field, String where) {
    if (!n.has(field)) {
      return ROOT;
    }
    JsonNode v = n.get(field);
    if (v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw schema("The field '" + field + "' must be a string or null", where + "/" + field);
    }
    String p = v.asText();
    if (p.equals("$")) {
      return ROOT;
    }
    if (!p.startsWith("$.") || p.length() < 3) {
      throw schema(
          "The path '" + p + "' is not supported by the taskbridge emulator ($ or $.a.b only)",
          where + "/" + field);
    }
    List<String> segs = new ArrayList<>();
    for (String seg : p.substring(2).split("\\.", -1)) {
      if (seg.isEmpty()) {
        throw schema("The path '" + p + "' is invalid", where + "/" + field);
      }
      for (int i = 0; i < seg.length(); i++) {
        char c = seg.charAt(i);
        if ("[]*@?()'\"$ ".indexOf(c) >= 0) {
          throw schema(
              "The path '" + p + "' is not supported by the taskbridge emulator ($ or $.a.b only)",
              where + "/" + field);
        }
      }
      segs.add(seg);
    }
    return new Path(p, List.copyOf(segs));
  }

  static boolean isActivityArn(String arn) {
    String[] parts = arn.split(":", 7);
    return parts.length == 7
        && parts[0].equals("arn")
        && parts[2].equals("states")
        && parts[5].equals("activity")
        && !parts[6].isEmpty();
  }

  /** Selects {@code path} in {@code input}; null if absent (a runtime error). */
  static @Nullable JsonNode select(@Nullable Path path, JsonNode input) {
    if (path == null) {
      return Json.obj();
    }
    JsonNode cur = input;
    for (String seg : path.segments) {
      if (!cur.isObject() || !cur.has(seg)) {
        return null;
      }
      cur = cur.get(seg);
    }
    return cur;
  }

  /** Places {@code result} into {@code input} at {@code path}; null if impossible. */
  static @Nullable JsonNode place(@Nullable Path path, JsonNode input, JsonNode result) {
    if (path == null) {
      return input;
    }
    if (path.segments.isEmpty()) {
      return result;
    }
    if (!input.isObject()) {
      return null;
    }
    ObjectNode root = ((ObjectNode) input).deepCopy();
    ObjectNode cur = root;
    List<String> segs = path.segments;
    for (int i = 0; i < segs.size() - 1; i++) {
      JsonNode child = cur.get(segs.get(i));
      if (child == null) {
        cur = cur.putObject(segs.get(i));
      } else if (child.isObject()) {
        cur = (ObjectNode) child;
      } else {
        return null;
      }
    }
    cur.set(segs.get(segs.size() - 1), result);
    return root;
  }
}
