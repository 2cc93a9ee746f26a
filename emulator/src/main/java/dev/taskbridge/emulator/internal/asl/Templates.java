package dev.taskbridge.emulator.internal.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Payload templates: JSONPath mode's {@code Parameters}, {@code ResultSelector}, {@code
 * ItemSelector} and {@code Assign} ({@code "key.$"} fields hold a path or an intrinsic call), and
 * JSONata mode's values in which every {@code {% ... %}} string is an expression.
 */
final class Templates {
  private Templates() {}

  private static final Map<String, Intrinsics.Call> CALLS = new ConcurrentHashMap<>();

  /** Validates every {@code .$} field of a JSONPath template. */
  static void check(JsonNode template, String where) {
    if (template.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> it = template.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        String key = e.getKey();
        JsonNode v = e.getValue();
        if (key.endsWith(".$")) {
          if (!v.isTextual() || !validExpression(v.asText())) {
            throw DefinitionException.schema(
                "The value for the field '"
                    + key
                    + "' must be a valid JSONPath or a valid intrinsic function call",
                where);
          }
        } else {
          check(v, where);
        }
      }
    } else if (template.isArray()) {
      for (JsonNode v : template) {
        check(v, where);
      }
    }
  }

  private static boolean validExpression(String s) {
    if (Intrinsics.looksLikeCall(s)) {
      return call(s) != null;
    }
    return Paths.isValid(s);
  }

  private static Intrinsics.@Nullable Call call(String s) {
    Intrinsics.Call c = CALLS.get(s);
    if (c == null) {
      c = Intrinsics.parse(s);
      if (c != null && CALLS.size() < 10_000) {
        CALLS.put(s, c);
      }
    }
    return c;
  }

  /** Resolves a path of a JSONPath template; throws the state's error if it matches nothing. */
  interface PathReader {
    JsonNode read(String path, String field);
  }

  /** Evaluates a JSONPath payload template. */
  static JsonNode jsonPath(JsonNode template, PathReader paths) {
    if (template.isObject()) {
      ObjectNode out = Nodes.obj();
      Iterator<Map.Entry<String, JsonNode>> it = template.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        String key = e.getKey();
        JsonNode v = e.getValue();
        if (key.endsWith(".$") && v.isTextual()) {
          String expr = v.asText();
          String name = key.substring(0, key.length() - 2);
          if (Intrinsics.looksLikeCall(expr)) {
            out.set(
                name,
                Intrinsics.eval(
                    java.util.Objects.requireNonNull(call(expr)), p -> paths.read(p, key)));
          } else {
            out.set(name, paths.read(expr, key));
          }
        } else {
          out.set(key, jsonPath(v, paths));
        }
      }
      return out;
    }
    if (template.isArray()) {
      ArrayNode out = Nodes.NODES.arrayNode();
      for (JsonNode v : template) {
        out.add(jsonPath(v, paths));
      }
      return out;
    }
    return template;
  }

  /** Evaluates one JSONata expression string of a field. */
  interface ExprEval {
    JsonNode eval(String expression, String field);
  }

  /** Evaluates a JSONata template: each {@code {% %}} string within it is an expression. */
  static JsonNode jsonata(JsonNode template, String field, ExprEval eval) {
    if (template.isTextual() && Jsonata.isExpression(template.asText())) {
      return eval.eval(template.asText(), field);
    }
    if (template.isObject()) {
      ObjectNode out = Nodes.obj();
      Iterator<Map.Entry<String, JsonNode>> it = template.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        out.set(e.getKey(), jsonata(e.getValue(), field + "/" + e.getKey(), eval));
      }
      return out;
    }
    if (template.isArray()) {
      ArrayNode out = Nodes.NODES.arrayNode();
      int i = 0;
      for (JsonNode v : template) {
        out.add(jsonata(v, field + "[" + i++ + "]", eval));
      }
      return out;
    }
    return template;
  }
}
