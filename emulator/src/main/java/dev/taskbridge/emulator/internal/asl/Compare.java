package dev.taskbridge.emulator.internal.asl;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskbridge.emulator.internal.asl.Model.Op;
import java.util.Iterator;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The comparison operators of Choice rules, and JSON equality by value. */
final class Compare {
  private Compare() {}

  /** JSON equality with numbers compared by value. */
  static boolean jsonEquals(JsonNode a, JsonNode b) {
    if (a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue()) == 0;
    }
    if (a.isObject() && b.isObject()) {
      if (a.size() != b.size()) {
        return false;
      }
      Iterator<Map.Entry<String, JsonNode>> it = a.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        JsonNode o = b.get(e.getKey());
        if (o == null || !jsonEquals(e.getValue(), o)) {
          return false;
        }
      }
      return true;
    }
    if (a.isArray() && b.isArray()) {
      if (a.size() != b.size()) {
        return false;
      }
      for (int i = 0; i < a.size(); i++) {
        if (!jsonEquals(a.get(i), b.get(i))) {
          return false;
        }
      }
      return true;
    }
    return a.equals(b);
  }

  /**
   * Applies {@code op} to the variable's value ({@code null} when the path matched nothing) and the
   * operand.
   */
  static boolean test(Op op, @Nullable JsonNode v, @Nullable JsonNode operand) {
    if (operand == null) {
      return false;
    }
    switch (op) {
      case IS_PRESENT:
        return (v != null) == operand.asBoolean();
      case IS_NULL:
        return (v != null && v.isNull()) == operand.asBoolean();
      case IS_NUMERIC:
        return (v != null && v.isNumber()) == operand.asBoolean();
      case IS_STRING:
        return (v != null && v.isTextual()) == operand.asBoolean();
      case IS_BOOLEAN:
        return (v != null && v.isBoolean()) == operand.asBoolean();
      case IS_TIMESTAMP:
        return (v != null && v.isTextual() && Times.parse(v.asText()) != null)
            == operand.asBoolean();
      default:
        break;
    }
    if (v == null) {
      return false;
    }
    switch (op) {
      case BOOLEAN_EQUALS:
        return v.isBoolean() && operand.isBoolean() && v.asBoolean() == operand.asBoolean();
      case STRING_MATCHES:
        return v.isTextual() && operand.isTextual() && matches(v.asText(), operand.asText());
      default:
        break;
    }
    String n = op.name();
    int c;
    if (n.startsWith("STRING")) {
      if (!v.isTextual() || !operand.isTextual()) {
        return false;
      }
      c = v.asText().compareTo(operand.asText());
    } else if (n.startsWith("NUMERIC")) {
      if (!v.isNumber() || !operand.isNumber()) {
        return false;
      }
      c = v.decimalValue().compareTo(operand.decimalValue());
    } else {
      if (!v.isTextual() || !operand.isTextual()) {
        return false;
      }
      Long a = Times.parse(v.asText());
      Long b = Times.parse(operand.asText());
      if (a == null || b == null) {
        return false;
      }
      c = Long.compare(a, b);
    }
    if (n.endsWith("LESS_THAN_EQUALS")) {
      return c <= 0;
    }
    if (n.endsWith("GREATER_THAN_EQUALS")) {
      return c >= 0;
    }
    if (n.endsWith("LESS_THAN")) {
      return c < 0;
    }
    if (n.endsWith("GREATER_THAN")) {
      return c > 0;
    }
    return c == 0;
  }

  /** StringMatches: {@code *} matches any run of characters; {@code \*} and {@code \\} escape. */
  private static boolean matches(String s, String pattern) {
    return matches(s, 0, pattern, 0);
  }

  private static boolean matches(String s, int i, String p, int j) {
    while (j < p.length()) {
      char c = p.charAt(j);
      if (c == '*') {
        for (int k = i; k <= s.length(); k++) {
          if (matches(s, k, p, j + 1)) {
            return true;
          }
        }
        return false;
      }
      if (c == '\\' && j + 1 < p.length()) {
        c = p.charAt(++j);
      }
      if (i >= s.length() || s.charAt(i) != c) {
        return false;
      }
      i++;
      j++;
    }
    return i == s.length();
  }
}
