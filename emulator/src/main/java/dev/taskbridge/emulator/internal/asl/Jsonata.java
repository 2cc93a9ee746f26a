package dev.taskbridge.emulator.internal.asl;

import com.dashjoin.jsonata.Functions;
import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata.Fn0;
import com.dashjoin.jsonata.Jsonata.Fn1;
import com.dashjoin.jsonata.Jsonata.Fn2;
import com.dashjoin.jsonata.Jsonata.Fn3;
import com.dashjoin.jsonata.Jsonata.Frame;
import com.dashjoin.jsonata.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * JSONata expressions ({@code {% ... %}}) through dashjoin's jsonata, with the Step Functions
 * bindings ({@code $states} and the variables) and its extra functions ({@code $partition}, {@code
 * $range}, {@code $hash}, {@code $random}, {@code $uuid}, {@code $parse}).
 */
final class Jsonata {
  private Jsonata() {}

  private static final Map<String, com.dashjoin.jsonata.Jsonata> CACHE = new ConcurrentHashMap<>();

  static boolean isExpression(String s) {
    return s.startsWith("{%") && s.endsWith("%}") && s.length() >= 4;
  }

  static String body(String s) {
    return s.substring(2, s.length() - 2).trim();
  }

  static com.dashjoin.jsonata.Jsonata compile(String body, String where) {
    com.dashjoin.jsonata.Jsonata j = CACHE.get(body);
    if (j != null) {
      return j;
    }
    try {
      j = com.dashjoin.jsonata.Jsonata.jsonata(body);
    } catch (JException | IllegalArgumentException e) {
      throw DefinitionException.schema("The JSONata expression '" + body + "' is not valid", where);
    }
    if (CACHE.size() < 10_000) {
      CACHE.put(body, j);
    }
    return j;
  }

  /** Thrown when an expression evaluates to nothing. */
  static final class Undefined extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Undefined() {
      super("undefined", null, false, false);
    }
  }

  /** Thrown when an expression evaluates to something that is not JSON (a function). */
  static final class NotJson extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotJson() {
      super("not JSON", null, false, false);
    }
  }

  /** Thrown when evaluation fails; the message is the library's. */
  static final class Failed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Failed(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * Evaluates an expression body with {@code $states} and the variables bound.
   *
   * <p>The library's {@code evaluate} answers Java null both for "nothing" and for a JSON {@code
   * null} result (it turns its null marker back into null on the way out), which Step Functions
   * tells apart: {@code $states.input.items} at a JSON null is {@code null}, a missing member is
   * nothing ({@code States.QueryEvaluationError}). So a null result is asked once more, as {@code
   * $exists((body))}, which is true for a JSON null and false for nothing.
   */
  static JsonNode eval(String body, JsonNode states, Map<String, JsonNode> variables) {
    Object result = evaluate(compile(body, ""), states, variables);
    if (result == null) {
      Object exists = evaluate(compile("$exists((\n" + body + "\n))", ""), states, variables);
      if (Boolean.TRUE.equals(exists)) {
        return Nodes.NODES.nullNode();
      }
      throw new Undefined();
    }
    return toJson(result);
  }

  private static @Nullable Object evaluate(
      com.dashjoin.jsonata.Jsonata j, JsonNode states, Map<String, JsonNode> variables) {
    try {
      Frame f = j.createFrame();
      f.bind("states", toJava(states));
      for (Map.Entry<String, JsonNode> v : variables.entrySet()) {
        f.bind(v.getKey(), toJava(v.getValue()));
      }
      bindFunctions(f);
      return j.evaluate(toJava(states.path("input")), f);
    } catch (JException e) {
      throw new Failed(String.valueOf(e.getMessage()));
    } catch (RuntimeException e) {
      throw new Failed(e.getClass().getSimpleName());
    }
  }

  private static @Nullable Object toJava(JsonNode n) {
    if (n.isMissingNode()) {
      return null;
    }
    if (n.isNull()) {
      return com.dashjoin.jsonata.Jsonata.NULL_VALUE;
    }
    if (n.isTextual()) {
      return n.asText();
    }
    if (n.isBoolean()) {
      return n.asBoolean();
    }
    if (n.isIntegralNumber() && n.canConvertToLong()) {
      return n.asLong();
    }
    if (n.isNumber()) {
      return n.asDouble();
    }
    if (n.isArray()) {
      List<@Nullable Object> out = new ArrayList<>(n.size());
      n.forEach(e -> out.add(toJava(e)));
      return out;
    }
    Map<String, @Nullable Object> out = new LinkedHashMap<>();
    n.fields().forEachRemaining(e -> out.put(e.getKey(), toJava(e.getValue())));
    return out;
  }

  static JsonNode toJson(@Nullable Object o) {
    if (o == null || o == com.dashjoin.jsonata.Jsonata.NULL_VALUE) {
      return Nodes.NODES.nullNode();
    }
    if (o instanceof String s) {
      return Nodes.NODES.textNode(s);
    }
    if (o instanceof Boolean b) {
      return Nodes.NODES.booleanNode(b);
    }
    if (Functions.isLambda(o) || o instanceof com.dashjoin.jsonata.Jsonata.JFunction) {
      throw new NotJson();
    }
    if (o instanceof Number || o instanceof Map || o instanceof List) {
      JsonNode n = Nodes.tryParse(Functions.string(o, false));
      if (n == null) {
        throw new NotJson();
      }
      return n;
    }
    throw new NotJson();
  }

  private static void bindFunctions(Frame f) {
    f.bind(
        "partition",
        (Fn2<List<Object>, Number, List<Object>>)
            (arr, size) -> {
              List<Object> out = new ArrayList<>();
              int n = size.intValue();
              if (n <= 0) {
                throw new JException("The size must be positive", 0);
              }
              for (int i = 0; i < arr.size(); i += n) {
                out.add(new ArrayList<>(arr.subList(i, Math.min(arr.size(), i + n))));
              }
              return out;
            });
    f.bind(
        "range",
        com.dashjoin.jsonata.Jsonata.function(
            "range",
            (Fn3<Number, Number, Number, Object>)
                (start, end, step) -> {
                  List<Object> out = new ArrayList<>();
                  long s = step.longValue();
                  if (s == 0) {
                    throw new JException("The step must not be 0", 0);
                  }
                  for (long v = start.longValue();
                      s > 0 ? v <= end.longValue() : v >= end.longValue();
                      v += s) {
                    out.add(v);
                    if (out.size() > 1000) {
                      throw new JException("The range has more than 1000 items", 0);
                    }
                  }
                  // a one-item sequence is its item, as JSONata's own functions give it
                  return out.size() == 1 ? out.get(0) : out;
                },
            null));
    f.bind(
        "hash",
        (Fn2<Object, String, String>)
            (data, alg) -> {
              JsonNode h =
                  Intrinsics.eval(
                      new Intrinsics.Call(
                          "States.Hash",
                          List.of(
                              new Intrinsics.Lit(toJson(data)),
                              new Intrinsics.Lit(Nodes.NODES.textNode(alg)))),
                      p -> Nodes.NODES.nullNode());
              return h.asText();
            });
    f.bind("random", (Fn0<Double>) Math::random);
    f.bind("uuid", (Fn0<String>) () -> UUID.randomUUID().toString());
    f.bind(
        "parse",
        (Fn1<String, Object>)
            s -> {
              JsonNode n = Nodes.tryParse(s);
              if (n == null) {
                throw new JException("The string is not valid JSON", 0);
              }
              return Json.parseJson(s);
            });
  }
}
