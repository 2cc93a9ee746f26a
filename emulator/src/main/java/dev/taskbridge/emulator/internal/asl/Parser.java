package dev.taskbridge.emulator.internal.asl;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskbridge.emulator.internal.asl.Model.Branch;
import dev.taskbridge.emulator.internal.asl.Model.Catcher;
import dev.taskbridge.emulator.internal.asl.Model.Compare;
import dev.taskbridge.emulator.internal.asl.Model.Dyn;
import dev.taskbridge.emulator.internal.asl.Model.Flow;
import dev.taskbridge.emulator.internal.asl.Model.Graph;
import dev.taskbridge.emulator.internal.asl.Model.Lang;
import dev.taskbridge.emulator.internal.asl.Model.Op;
import dev.taskbridge.emulator.internal.asl.Model.Retrier;
import dev.taskbridge.emulator.internal.asl.Model.Rule;
import dev.taskbridge.emulator.internal.asl.Model.State;
import dev.taskbridge.emulator.internal.asl.Model.Transition;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Parses and validates a definition as CreateStateMachine does, giving the service's diagnostic
 * ({@code SCHEMA_VALIDATION_FAILED}, {@code MISSING_TRANSITION_TARGET}, ...) for what it refuses.
 */
public final class Parser {
  private final Predicate<String> resourceAccepted;

  /**
   * Creates a parser; {@code resourceAccepted} tells whether a Task resource that is neither an
   * activity nor a {@code .waitForTaskToken} callback can run (a handler is registered for it).
   */
  public Parser(Predicate<String> resourceAccepted) {
    this.resourceAccepted = resourceAccepted;
  }

  private static final Set<String> TOP =
      Set.of("Comment", "StartAt", "States", "Version", "TimeoutSeconds", "QueryLanguage");
  private static final Set<String> COMMON = Set.of("Type", "Comment", "QueryLanguage");
  private static final Set<String> PATHS =
      Set.of("InputPath", "OutputPath", "Parameters", "ResultPath", "ResultSelector");
  private static final Set<String> TRANSITION = Set.of("Next", "End");
  private static final Set<String> JSONATA_ONLY = Set.of("Arguments", "Output");
  private static final Set<String> JSONPATH_ONLY =
      Set.of(
          "InputPath",
          "OutputPath",
          "Parameters",
          "ResultPath",
          "ResultSelector",
          "ItemsPath",
          "SecondsPath",
          "TimestampPath",
          "ErrorPath",
          "CausePath",
          "TimeoutSecondsPath",
          "HeartbeatSecondsPath",
          "MaxConcurrencyPath",
          "ToleratedFailureCountPath",
          "ToleratedFailurePercentagePath",
          "ItemSelector_JSONPATH");

  /** Parses a definition text. */
  public Model.Machine parse(String definition) {
    JsonNode root = Nodes.tryParse(definition);
    if (root == null || !root.isObject()) {
      throw new DefinitionException(
          "INVALID_JSON_DESCRIPTION", "the definition is not a JSON object", "/");
    }
    only(root, TOP, "");
    long timeout = 0;
    if (root.has("TimeoutSeconds")) {
      timeout = positive(root.get("TimeoutSeconds"), "/TimeoutSeconds");
    }
    Lang lang = lang(root, Lang.JSONPATH, "");
    return new Model.Machine(graph(root, "", lang), timeout);
  }

  private static Lang lang(JsonNode n, Lang inherited, String where) {
    JsonNode q = n.get("QueryLanguage");
    if (q == null) {
      return inherited;
    }
    if ("JSONata".equals(q.asText()) && q.isTextual()) {
      return Lang.JSONATA;
    }
    if ("JSONPath".equals(q.asText()) && q.isTextual()) {
      if (inherited == Lang.JSONATA && !where.isEmpty()) {
        throw DefinitionException.schema(
            "'QueryLanguage' cannot be 'JSONPath' in a state when the state machine's is 'JSONata'",
            where + "/QueryLanguage");
      }
      return Lang.JSONPATH;
    }
    throw DefinitionException.schema(
        "The field 'QueryLanguage' must be 'JSONPath' or 'JSONata'", where + "/QueryLanguage");
  }

  private Graph graph(JsonNode n, String where, Lang lang) {
    JsonNode startAt = n.get("StartAt");
    if (startAt == null || !startAt.isTextual()) {
      throw DefinitionException.schema(
          "The field 'StartAt' should be non-null and a string", where + "/StartAt");
    }
    JsonNode statesNode = n.get("States");
    if (statesNode == null || !statesNode.isObject() || statesNode.isEmpty()) {
      throw DefinitionException.schema(
          "The field 'States' should be a non-empty object", where + "/States");
    }
    Map<String, State> states = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = statesNode.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      String name = e.getKey();
      String w = where + "/States/" + name;
      if (name.isEmpty() || name.length() > 80) {
        throw DefinitionException.schema("State names must be 1-80 characters long", w);
      }
      states.put(name, state(name, e.getValue(), w, lang));
    }
    String start = startAt.asText();
    if (!states.containsKey(start)) {
      throw new DefinitionException(
          "MISSING_TRANSITION_TARGET", "Missing 'Next' target: " + start, where + "/StartAt");
    }
    for (State s : states.values()) {
      String w = where + "/States/" + s.name();
      for (String target : targets(s)) {
        if (!states.containsKey(target)) {
          throw new DefinitionException(
              "MISSING_TRANSITION_TARGET", "Missing 'Next' target: " + target, w);
        }
      }
    }
    return new Graph(start, Collections.unmodifiableMap(states), lang);
  }

  private static List<String> targets(State s) {
    List<String> out = new ArrayList<>();
    if (s instanceof Model.Task t) {
      addNext(out, t.transition());
      t.catches().forEach(c -> out.add(c.next()));
    } else if (s instanceof Model.Pass p) {
      addNext(out, p.transition());
    } else if (s instanceof Model.Wait w) {
      addNext(out, w.transition());
    } else if (s instanceof Model.Parallel p) {
      addNext(out, p.transition());
      p.catches().forEach(c -> out.add(c.next()));
    } else if (s instanceof Model.MapState m) {
      addNext(out, m.transition());
      m.catches().forEach(c -> out.add(c.next()));
    } else if (s instanceof Model.Choice c) {
      c.choices().forEach(b -> out.add(b.next()));
      if (c.defaultNext() != null) {
        out.add(c.defaultNext());
      }
    }
    return out;
  }

  private static void addNext(List<String> out, Transition t) {
    if (t.next() != null) {
      out.add(t.next());
    }
  }

  // ------------------------------------------------------------------ states

  private State state(String name, JsonNode n, String where, Lang inherited) {
    if (!n.isObject()) {
      throw DefinitionException.schema("A state must be an object", where);
    }
    String type = text(n, "Type", where);
    if (type == null) {
      throw DefinitionException.schema("The field 'Type' should be non-null", where + "/Type");
    }
    Lang lang = lang(n, inherited, where);
    Set<String> allowed = new HashSet<>(COMMON);
    allowed.add("Assign");
    State s;
    switch (type) {
      case "Task" -> {
        allowed.addAll(PATHS);
        allowed.addAll(TRANSITION);
        allowed.addAll(JSONATA_ONLY);
        allowed.addAll(
            Set.of(
                "Resource",
                "TimeoutSeconds",
                "TimeoutSecondsPath",
                "HeartbeatSeconds",
                "HeartbeatSecondsPath",
                "Retry",
                "Catch",
                "Credentials"));
        s = task(name, n, where, lang);
      }
      case "Pass" -> {
        allowed.addAll(Set.of("InputPath", "OutputPath", "Parameters", "ResultPath", "Result"));
        allowed.addAll(TRANSITION);
        allowed.add("Output");
        s = new Model.Pass(name, flow(n, where, lang), transition(n, where), n.get("Result"));
      }
      case "Choice" -> {
        allowed.addAll(Set.of("InputPath", "OutputPath", "Choices", "Default", "Output"));
        s = choice(name, n, where, lang);
      }
      case "Wait" -> {
        allowed.addAll(Set.of("InputPath", "OutputPath", "Output"));
        allowed.addAll(TRANSITION);
        allowed.addAll(Set.of("Seconds", "SecondsPath", "Timestamp", "TimestampPath"));
        s = waitState(name, n, where, lang);
      }
      case "Succeed" -> {
        allowed.addAll(Set.of("InputPath", "OutputPath", "Output"));
        s = new Model.Succeed(name, flow(n, where, lang));
      }
      case "Fail" -> {
        allowed.addAll(Set.of("Error", "ErrorPath", "Cause", "CausePath"));
        s =
            new Model.Fail(
                name,
                flow(n, where, lang),
                dyn(n, "Error", "ErrorPath", where, lang, JsonNode::isTextual),
                dyn(n, "Cause", "CausePath", where, lang, JsonNode::isTextual));
      }
      case "Parallel" -> {
        allowed.addAll(PATHS);
        allowed.addAll(TRANSITION);
        allowed.addAll(JSONATA_ONLY);
        allowed.addAll(Set.of("Branches", "Retry", "Catch"));
        s = parallel(name, n, where, lang);
      }
      case "Map" -> {
        allowed.addAll(PATHS);
        allowed.addAll(TRANSITION);
        allowed.addAll(JSONATA_ONLY);
        allowed.addAll(
            Set.of(
                "Iterator",
                "ItemProcessor",
                "ItemsPath",
                "Items",
                "ItemSelector",
                "ItemReader",
                "ItemBatcher",
                "ResultWriter",
                "MaxConcurrency",
                "MaxConcurrencyPath",
                "ToleratedFailureCount",
                "ToleratedFailureCountPath",
                "ToleratedFailurePercentage",
                "ToleratedFailurePercentagePath",
                "Label",
                "Retry",
                "Catch"));
        s = map(name, n, where, lang);
      }
      default ->
          throw DefinitionException.schema(
              "The field 'Type' has an invalid value: " + type, where + "/Type");
    }
    only(n, allowed, where);
    if (lang == Lang.JSONATA) {
      for (String f : JSONPATH_ONLY) {
        if (n.has(f)) {
          throw DefinitionException.schema(
              "The field '" + f + "' is not supported for the query language JSONata",
              where + "/" + f);
        }
      }
    } else {
      for (String f : JSONATA_ONLY) {
        if (n.has(f)) {
          throw DefinitionException.schema(
              "The field '" + f + "' is not supported for the query language JSONPath",
              where + "/" + f);
        }
      }
    }
    return s;
  }

  private Model.Task task(String name, JsonNode n, String where, Lang lang) {
    String resource = text(n, "Resource", where);
    if (resource == null) {
      throw DefinitionException.schema(
          "The field 'Resource' should be non-null", where + "/Resource");
    }
    if (!Resources.isActivity(resource)
        && !Resources.isCallback(resource)
        && !resourceAccepted.test(resource)) {
      throw DefinitionException.schema(
          "The resource '"
              + resource
              + "' is not run by the taskbridge emulator: register a task handler for it"
              + " (LocalBackend.Builder.taskHandler), or use an activity or a"
              + " .waitForTaskToken callback",
          where + "/Resource");
    }
    Dyn timeout = dyn(n, "TimeoutSeconds", "TimeoutSecondsPath", where, lang, Parser::isPositive);
    Dyn heartbeat =
        dyn(n, "HeartbeatSeconds", "HeartbeatSecondsPath", where, lang, Parser::isPositive);
    if (timeout.literal() != null
        && heartbeat.literal() != null
        && heartbeat.literal().asLong() >= timeout.literal().asLong()) {
      throw DefinitionException.schema(
          "HeartbeatSeconds must be smaller than TimeoutSeconds", where + "/HeartbeatSeconds");
    }
    return new Model.Task(
        name,
        flow(n, where, lang),
        transition(n, where),
        resource,
        timeout,
        heartbeat,
        retry(n, where),
        catches(n, where, lang));
  }

  private static boolean isPositive(JsonNode v) {
    return v.isIntegralNumber() && v.asLong() >= 1 && v.asLong() <= 99999999L;
  }

  private Model.Choice choice(String name, JsonNode n, String where, Lang lang) {
    JsonNode choices = n.get("Choices");
    if (choices == null || !choices.isArray() || choices.isEmpty()) {
      throw DefinitionException.schema(
          "The field 'Choices' should be a non-empty array", where + "/Choices");
    }
    List<Branch> out = new ArrayList<>();
    int i = 0;
    for (JsonNode c : choices) {
      String w = where + "/Choices[" + i++ + "]";
      String next = text(c, "Next", w);
      if (next == null) {
        throw DefinitionException.schema("The field 'Next' should be non-null", w + "/Next");
      }
      out.add(new Branch(rule(c, w, lang, true), next, c.get("Assign"), c.get("Output")));
    }
    String dflt = text(n, "Default", where);
    return new Model.Choice(name, flow(n, where, lang), List.copyOf(out), dflt);
  }

  private static final Map<String, Op> OPS = new LinkedHashMap<>();

  static {
    for (Op op : Op.values()) {
      OPS.put(op.aslName(), op);
    }
  }

  private Rule rule(JsonNode c, String where, Lang lang, boolean top) {
    if (!c.isObject()) {
      throw DefinitionException.schema("A choice rule must be an object", where);
    }
    if (lang == Lang.JSONATA) {
      JsonNode literal = c.get("Condition");
      if (literal != null && literal.isBoolean()) {
        return new Model.Condition(literal.asBoolean() ? "{% true %}" : "{% false %}");
      }
      String cond = text(c, "Condition", where);
      if (cond == null || !Jsonata.isExpression(cond)) {
        throw DefinitionException.schema(
            "The field 'Condition' must be a JSONata expression {% ... %}", where + "/Condition");
      }
      Jsonata.compile(Jsonata.body(cond), where + "/Condition");
      return new Model.Condition(cond);
    }
    if (c.has("And") || c.has("Or")) {
      String k = c.has("And") ? "And" : "Or";
      JsonNode arr = c.get(k);
      if (!arr.isArray() || arr.isEmpty()) {
        throw DefinitionException.schema(
            "The field '" + k + "' should be a non-empty array", where + "/" + k);
      }
      List<Rule> rules = new ArrayList<>();
      int i = 0;
      for (JsonNode r : arr) {
        rules.add(rule(r, where + "/" + k + "[" + i++ + "]", lang, false));
      }
      return k.equals("And") ? new Model.And(List.copyOf(rules)) : new Model.Or(List.copyOf(rules));
    }
    if (c.has("Not")) {
      return new Model.Not(rule(c.get("Not"), where + "/Not", lang, false));
    }
    String variable = text(c, "Variable", where);
    if (variable == null) {
      throw DefinitionException.schema(
          "The field 'Variable' should be non-null", where + "/Variable");
    }
    Paths.check(variable, where + "/Variable");
    Iterator<String> names = c.fieldNames();
    while (names.hasNext()) {
      String f = names.next();
      if (f.equals("Variable") || f.equals("Next") || f.equals("Comment")) {
        continue;
      }
      if (top && (f.equals("Assign") || f.equals("Output"))) {
        continue;
      }
      boolean isPath = f.endsWith("Path") && OPS.containsKey(f.substring(0, f.length() - 4));
      Op op = OPS.get(isPath ? f.substring(0, f.length() - 4) : f);
      if (op == null) {
        throw DefinitionException.schema(
            "The field '" + f + "' is not supported by Step Functions", where + "/" + f);
      }
      JsonNode v = c.get(f);
      if (isPath) {
        if (!v.isTextual()) {
          throw DefinitionException.schema(
              "The field '" + f + "' must be a string", where + "/" + f);
        }
        Paths.check(v.asText(), where + "/" + f);
        return new Compare(variable, op, null, v.asText());
      }
      String ok = literalType(op);
      boolean valid =
          switch (ok) {
            case "string" -> v.isTextual();
            case "number" -> v.isNumber();
            default -> v.isBoolean();
          };
      if (!valid) {
        throw DefinitionException.schema(
            "The value of the field '" + f + "' must be a " + ok, where + "/" + f);
      }
      if (ok.equals("string")
          && op.name().startsWith("TIMESTAMP")
          && Times.parse(v.asText()) == null) {
        throw DefinitionException.schema(
            "String does not match RFC3339 timestamp", where + "/" + f);
      }
      return new Compare(variable, op, v, null);
    }
    throw DefinitionException.schema("A choice rule needs a comparison operator", where);
  }

  private static String literalType(Op op) {
    String n = op.name();
    if (n.startsWith("STRING") || n.startsWith("TIMESTAMP")) {
      return "string";
    }
    if (n.startsWith("NUMERIC")) {
      return "number";
    }
    return "boolean";
  }

  private Model.Wait waitState(String name, JsonNode n, String where, Lang lang) {
    Dyn seconds =
        dyn(n, "Seconds", "SecondsPath", where, lang, v -> v.isIntegralNumber() && v.asLong() >= 0);
    Dyn ts = dyn(n, "Timestamp", "TimestampPath", where, lang, JsonNode::isTextual);
    if (ts.literal() != null && Times.parse(ts.literal().asText()) == null) {
      throw DefinitionException.schema(
          "String does not match RFC3339 timestamp", where + "/Timestamp");
    }
    if (seconds.absent() == ts.absent()) {
      throw DefinitionException.schema(
          "A Wait state needs exactly one of Seconds, SecondsPath, Timestamp, TimestampPath",
          where);
    }
    return new Model.Wait(name, flow(n, where, lang), transition(n, where), seconds, ts);
  }

  private Model.Parallel parallel(String name, JsonNode n, String where, Lang lang) {
    JsonNode branches = n.get("Branches");
    if (branches == null || !branches.isArray() || branches.isEmpty()) {
      throw DefinitionException.schema(
          "The field 'Branches' should be a non-empty array", where + "/Branches");
    }
    List<Graph> gs = new ArrayList<>();
    int i = 0;
    for (JsonNode b : branches) {
      String w = where + "/Branches[" + i++ + "]";
      gs.add(graph(b, w, lang(b, lang, w)));
    }
    return new Model.Parallel(
        name,
        flow(n, where, lang),
        transition(n, where),
        List.copyOf(gs),
        retry(n, where),
        catches(n, where, lang));
  }

  private Model.MapState map(String name, JsonNode n, String where, Lang lang) {
    String key = n.has("ItemProcessor") ? "ItemProcessor" : "Iterator";
    JsonNode proc = n.get(key);
    if (proc == null || !proc.isObject()) {
      throw DefinitionException.schema(
          "The field 'ItemProcessor' should be non-null", where + "/ItemProcessor");
    }
    boolean distributed = false;
    JsonNode cfg = proc.get("ProcessorConfig");
    if (cfg != null && "DISTRIBUTED".equals(cfg.path("Mode").asText())) {
      distributed = true;
    }
    Lang plang = lang(proc, lang, where + "/" + key);
    Graph g = graphIgnoring(proc, where + "/" + key, plang);
    if (n.has("ItemReader")) {
      throw DefinitionException.schema(
          "ItemReader (items from S3) is not supported by the taskbridge emulator",
          where + "/ItemReader");
    }
    String itemsPath = null;
    if (n.has("ItemsPath")) {
      itemsPath = n.get("ItemsPath").asText();
      Paths.check(itemsPath, where + "/ItemsPath");
    }
    JsonNode selector = n.has("ItemSelector") ? n.get("ItemSelector") : n.get("Parameters");
    if (selector != null && lang == Lang.JSONPATH) {
      Templates.check(selector, where + (n.has("ItemSelector") ? "/ItemSelector" : "/Parameters"));
    }
    return new Model.MapState(
        name,
        flowWithout(n, where, lang, "Parameters"),
        transition(n, where),
        g,
        itemsPath,
        n.get("Items"),
        selector,
        dyn(
            n,
            "MaxConcurrency",
            "MaxConcurrencyPath",
            where,
            lang,
            v -> v.isIntegralNumber() && v.asLong() >= 0),
        dyn(
            n,
            "ToleratedFailureCount",
            "ToleratedFailureCountPath",
            where,
            lang,
            v -> v.isIntegralNumber() && v.asLong() >= 0),
        dyn(
            n,
            "ToleratedFailurePercentage",
            "ToleratedFailurePercentagePath",
            where,
            lang,
            v -> v.isNumber() && v.asDouble() >= 0 && v.asDouble() <= 100),
        distributed,
        retry(n, where),
        catches(n, where, lang));
  }

  private Graph graphIgnoring(JsonNode proc, String where, Lang lang) {
    only(proc, Set.of("StartAt", "States", "ProcessorConfig", "Comment", "QueryLanguage"), where);
    return graph(proc, where, lang);
  }

  // ------------------------------------------------------------------ shared fields

  private Flow flow(JsonNode n, String where, Lang lang) {
    return flowWithout(n, where, lang, "");
  }

  private Flow flowWithout(JsonNode n, String where, Lang lang, String skip) {
    JsonNode params = skip.equals("Parameters") ? null : n.get("Parameters");
    if (params != null) {
      Templates.check(params, where + "/Parameters");
    }
    JsonNode selector = n.get("ResultSelector");
    if (selector != null) {
      Templates.check(selector, where + "/ResultSelector");
    }
    JsonNode assign = n.get("Assign");
    if (assign != null) {
      if (!assign.isObject()) {
        throw DefinitionException.schema("The field 'Assign' must be an object", where + "/Assign");
      }
      if (lang == Lang.JSONPATH) {
        Templates.check(assign, where + "/Assign");
      }
    }
    return new Flow(
        lang,
        path(n, "InputPath", where),
        isNull(n, "InputPath"),
        params,
        selector,
        path(n, "ResultPath", where),
        isNull(n, "ResultPath"),
        path(n, "OutputPath", where),
        isNull(n, "OutputPath"),
        n.get("Arguments"),
        n.get("Output"),
        assign);
  }

  private static boolean isNull(JsonNode n, String f) {
    JsonNode v = n.get(f);
    return v != null && v.isNull();
  }

  private static @Nullable String path(JsonNode n, String field, String where) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw DefinitionException.schema(
          "The field '" + field + "' must be a string or null", where + "/" + field);
    }
    String p = v.asText();
    if (field.equals("ResultPath")) {
      Paths.checkReference(p, where + "/" + field);
    } else {
      Paths.check(p, where + "/" + field);
    }
    return p;
  }

  private static Transition transition(JsonNode n, String where) {
    String next = text(n, "Next", where);
    JsonNode end = n.get("End");
    if (end != null && !end.isBoolean()) {
      throw DefinitionException.schema("The field 'End' must be a boolean", where + "/End");
    }
    boolean isEnd = end != null && end.asBoolean();
    if (next != null && isEnd) {
      throw DefinitionException.schema("Only one of 'Next' or 'End' may be set", where);
    }
    if (next == null && !isEnd) {
      throw DefinitionException.schema("Exactly one of 'Next' or 'End' must be set", where);
    }
    return new Transition(next);
  }

  /** A value given literally, by a {@code ...Path} field, or as a JSONata string. */
  private static Dyn dyn(
      JsonNode n, String field, String pathField, String where, Lang lang, Predicate<JsonNode> ok) {
    JsonNode v = n.get(field);
    JsonNode p = n.get(pathField);
    if (v != null && p != null) {
      throw DefinitionException.schema(
          "Only one of '" + field + "' or '" + pathField + "' may be set", where);
    }
    if (p != null) {
      if (!p.isTextual()) {
        throw DefinitionException.schema(
            "The field '" + pathField + "' must be a string", where + "/" + pathField);
      }
      if (!(Intrinsics.looksLikeCall(p.asText()) && Intrinsics.parse(p.asText()) != null)) {
        Paths.check(p.asText(), where + "/" + pathField);
      }
      return new Dyn(null, p.asText(), null);
    }
    if (v == null) {
      return Dyn.NONE;
    }
    if (v.isTextual() && Jsonata.isExpression(v.asText()) && lang == Lang.JSONATA) {
      Jsonata.compile(Jsonata.body(v.asText()), where + "/" + field);
      return new Dyn(null, null, v.asText());
    }
    if (!ok.test(v)) {
      throw DefinitionException.schema(
          "The field '" + field + "' has an invalid value", where + "/" + field);
    }
    return new Dyn(v, null, null);
  }

  private static List<Retrier> retry(JsonNode n, String where) {
    JsonNode retry = n.get("Retry");
    if (retry == null) {
      return List.of();
    }
    if (!retry.isArray()) {
      throw DefinitionException.schema("The field 'Retry' must be an array", where + "/Retry");
    }
    List<Retrier> list = new ArrayList<>();
    int i = 0;
    for (JsonNode r : retry) {
      String w = where + "/Retry[" + i + "]";
      only(
          r,
          Set.of(
              "ErrorEquals",
              "IntervalSeconds",
              "MaxAttempts",
              "BackoffRate",
              "MaxDelaySeconds",
              "JitterStrategy",
              "Comment"),
          w);
      List<String> ee = errorEquals(r, w, i == retry.size() - 1);
      long interval = r.has("IntervalSeconds") ? positive(r.get("IntervalSeconds"), w) : 1;
      int max = 3;
      if (r.has("MaxAttempts")) {
        JsonNode m = r.get("MaxAttempts");
        if (!m.isIntegralNumber() || m.asLong() < 0 || m.asLong() > 99999999L) {
          throw DefinitionException.schema(
              "MaxAttempts must be a non-negative integer", w + "/MaxAttempts");
        }
        max = m.asInt();
      }
      double backoff = 2.0;
      if (r.has("BackoffRate")) {
        JsonNode b = r.get("BackoffRate");
        if (!b.isNumber() || b.asDouble() < 1.0) {
          throw DefinitionException.schema(
              "BackoffRate must be a number >= 1.0", w + "/BackoffRate");
        }
        backoff = b.asDouble();
      }
      long maxDelay = r.has("MaxDelaySeconds") ? positive(r.get("MaxDelaySeconds"), w) : 0;
      boolean full = false;
      if (r.has("JitterStrategy")) {
        String j = r.get("JitterStrategy").asText();
        if (!j.equals("FULL") && !j.equals("NONE")) {
          throw DefinitionException.schema(
              "JitterStrategy must be FULL or NONE", w + "/JitterStrategy");
        }
        full = j.equals("FULL");
      }
      list.add(new Retrier(ee, interval, max, backoff, maxDelay, full));
      i++;
    }
    return List.copyOf(list);
  }

  private static List<Catcher> catches(JsonNode n, String where, Lang lang) {
    JsonNode cat = n.get("Catch");
    if (cat == null) {
      return List.of();
    }
    if (!cat.isArray()) {
      throw DefinitionException.schema("The field 'Catch' must be an array", where + "/Catch");
    }
    List<Catcher> list = new ArrayList<>();
    int i = 0;
    for (JsonNode c : cat) {
      String w = where + "/Catch[" + i + "]";
      only(c, Set.of("ErrorEquals", "Next", "ResultPath", "Comment", "Output", "Assign"), w);
      List<String> ee = errorEquals(c, w, i == cat.size() - 1);
      String next = text(c, "Next", w);
      if (next == null) {
        throw DefinitionException.schema("The field 'Next' should be non-null", w + "/Next");
      }
      if (lang == Lang.JSONATA && c.has("ResultPath")) {
        throw DefinitionException.schema(
            "The field 'ResultPath' is not supported for the query language JSONata",
            w + "/ResultPath");
      }
      list.add(
          new Catcher(
              ee,
              next,
              path(c, "ResultPath", w),
              isNull(c, "ResultPath"),
              c.get("Output"),
              c.get("Assign")));
      i++;
    }
    return List.copyOf(list);
  }

  private static List<String> errorEquals(JsonNode r, String where, boolean last) {
    JsonNode ee = r.get("ErrorEquals");
    if (ee == null || !ee.isArray() || ee.isEmpty()) {
      throw DefinitionException.schema(
          "The field 'ErrorEquals' should be a non-empty array", where + "/ErrorEquals");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode e : ee) {
      if (!e.isTextual()) {
        throw DefinitionException.schema("Error names must be strings", where + "/ErrorEquals");
      }
      String name = e.asText();
      if (name.startsWith("States.") && !Errors.KNOWN.contains(name)) {
        throw DefinitionException.schema(
            "The error name '" + name + "' is not a known States error", where + "/ErrorEquals");
      }
      out.add(name);
    }
    if (out.contains(Errors.ALL) && (out.size() != 1 || !last)) {
      throw DefinitionException.schema(
          "States.ALL must appear alone in the last retrier or catcher", where + "/ErrorEquals");
    }
    return List.copyOf(out);
  }

  private static void only(JsonNode node, Set<String> allowed, String where) {
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String f = names.next();
      if (!allowed.contains(f)) {
        throw DefinitionException.schema(
            "The field '" + f + "' is not supported by Step Functions", where + "/" + f);
      }
    }
  }

  private static long positive(JsonNode n, String where) {
    if (!n.isIntegralNumber() || n.asLong() < 1 || n.asLong() > 99999999L) {
      throw DefinitionException.schema("The value must be a positive integer", where);
    }
    return n.asLong();
  }

  private static @Nullable String text(JsonNode node, String field, String where) {
    JsonNode v = node.get(field);
    if (v == null) {
      return null;
    }
    if (!v.isTextual()) {
      throw DefinitionException.schema(
          "The field '" + field + "' must be a string", where + "/" + field);
    }
    return v.asText();
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
