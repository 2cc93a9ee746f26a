package dev.taskbridge.emulator.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A request body being read and validated Coral-style: wrong JSON types fail at once with {@code
 * SerializationException}; constraint violations are collected and reported together as one {@code
 * ValidationException} by {@link #done()}.
 */
final class Req {
  static final int REQUIRED = 1;
  static final int SENSITIVE = 2;

  private final JsonNode node;
  private final String path;
  private final List<String> errors;
  private final Config cfg;

  private Req(JsonNode node, String path, List<String> errors, Config cfg) {
    this.node = node;
    this.path = path;
    this.errors = errors;
    this.cfg = cfg;
  }

  static Req parse(byte[] body, Config cfg) {
    JsonNode n;
    if (body.length == 0) {
      n = Json.obj();
    } else {
      try {
        n = Json.readTree(body);
      } catch (IOException e) {
        throw ApiException.serialization("Request body is not valid JSON");
      }
      if (n == null || n.isMissingNode()) {
        n = Json.obj();
      }
    }
    if (!n.isObject()) {
      throw ApiException.serialization(
          tokenName(n) + " can not be converted to a structure (request body)");
    }
    return new Req(n, "", new ArrayList<>(), cfg);
  }

  private static String tokenName(JsonNode n) {
    if (n.isTextual()) {
      return "STRING_VALUE";
    }
    if (n.isNumber()) {
      return "NUMBER_VALUE";
    }
    if (n.isBoolean()) {
      return "BOOLEAN_VALUE";
    }
    if (n.isArray()) {
      return "START_ARRAY";
    }
    if (n.isObject()) {
      return "START_OBJECT";
    }
    return "VALUE";
  }

  private @Nullable JsonNode field(String name, String expected) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    boolean ok;
    switch (expected) {
      case "String":
        ok = v.isTextual();
        break;
      case "Long":
      case "Integer":
        ok = v.isIntegralNumber() || (v.isNumber() && v.asDouble() == Math.rint(v.asDouble()));
        break;
      case "Boolean":
        ok = v.isBoolean();
        break;
      case "List":
        ok = v.isArray();
        break;
      default:
        ok = v.isObject();
    }
    if (!ok) {
      throw ApiException.serialization(
          tokenName(v) + " can not be converted to a " + expected + " at '" + path + name + "'");
    }
    return v;
  }

  private void missing(String name, int flags) {
    if ((flags & SENSITIVE) != 0) {
      errors.add(
          "Value at '" + path + name + "' failed to satisfy constraint: Member must not be null");
    } else {
      errors.add(
          "Value null at '"
              + path
              + name
              + "' failed to satisfy constraint: Member must not be null");
    }
  }

  private void violation(String name, String value, int flags, String constraint) {
    String v = (flags & SENSITIVE) != 0 ? "Value" : "Value '" + value + "'";
    errors.add(v + " at '" + path + name + "' failed to satisfy constraint: " + constraint);
  }

  private static final Limit ANY_LENGTH = Limit.chars("", 0, Integer.MAX_VALUE);

  private static int flags(Limit l, boolean required) {
    return (l.sensitive() ? SENSITIVE : 0) | (required ? REQUIRED : 0);
  }

  /** An optional string member, checked against its limits. */
  @Nullable String str(Member m) {
    Limit l = m.limit();
    return str(l.wire(), flags(l, false), l);
  }

  /** A required string member: "" when absent (the violation is reported by {@link #done()}). */
  String need(Member m) {
    String s = needOrNull(m);
    return s == null ? "" : s;
  }

  /** A required string member: null when absent (the violation is reported by {@link #done()}). */
  @Nullable String needOrNull(Member m) {
    Limit l = m.limit();
    return str(l.wire(), flags(l, true), l);
  }

  private @Nullable String str(String name, int flags, Limit l) {
    JsonNode v = field(name, "String");
    if (v == null) {
      if ((flags & REQUIRED) != 0) {
        missing(name, flags);
      }
      return null;
    }
    String s = v.asText();
    if (l.kind() == Limit.Kind.UTF8_BYTES) {
      // A string of n UTF-16 units has at least n and at most 3n UTF-8 bytes.
      if (s.length() > l.max() / 3 && s.getBytes(StandardCharsets.UTF_8).length > l.max()) {
        violation(name, s, flags, "Member must have length less than or equal to " + l.max());
      }
      return s;
    }
    int len = cfg.length(s);
    if (len < l.min()) {
      violation(name, s, flags, "Member must have length greater than or equal to " + l.min());
    }
    if (len > l.max()) {
      violation(name, s, flags, "Member must have length less than or equal to " + l.max());
    }
    return s;
  }

  /** A string member restricted to an enumeration. */
  @Nullable String enumStr(String name, int flags, Collection<String> allowed) {
    String s = str(name, flags & ~SENSITIVE, ANY_LENGTH);
    if (s != null && !allowed.contains(s)) {
      violation(name, s, flags, "Member must satisfy enum value set: " + allowed);
    }
    return s;
  }

  /** An optional integer member, checked against its limits. */
  @Nullable Long num(Member m) {
    Limit l = m.limit();
    String name = l.wire();
    int flags = flags(l, false);
    JsonNode v = field(name, "Integer");
    if (v == null) {
      return null;
    }
    long n = v.asLong();
    if (n < l.min()) {
      violation(
          name,
          Long.toString(n),
          flags,
          "Member must have value greater than or equal to " + l.min());
    }
    if (n > l.max()) {
      violation(
          name, Long.toString(n), flags, "Member must have value less than or equal to " + l.max());
    }
    return n;
  }

  boolean bool(String name, boolean dflt) {
    JsonNode v = field(name, "Boolean");
    return v == null ? dflt : v.asBoolean();
  }

  @Nullable Req obj(String name, int flags) {
    JsonNode v = field(name, "Structure");
    if (v == null) {
      if ((flags & REQUIRED) != 0) {
        missing(name, flags);
      }
      return null;
    }
    return new Req(v, path + name + ".", errors, cfg);
  }

  /**
   * An optional list of structures; element paths are {@code name.N.member.} (1-based), as Coral's.
   */
  List<Req> objList(Member m) {
    Limit l = m.limit();
    String name = l.wire();
    JsonNode v = field(name, "List");
    List<Req> out = new ArrayList<>();
    if (v == null) {
      return out;
    }
    tooMany(name, v, l);
    int i = 1;
    for (JsonNode e : v) {
      if (!e.isObject()) {
        throw ApiException.serialization(
            tokenName(e) + " can not be converted to a Structure at '" + path + name + "'");
      }
      out.add(new Req(e, path + name + "." + i + ".member.", errors, cfg));
      i++;
    }
    return out;
  }

  /** An optional list of strings, each limited to {@link Limit#itemMax} characters. */
  List<String> strList(Member m) {
    Limit l = m.limit();
    String name = l.wire();
    JsonNode v = field(name, "List");
    List<String> out = new ArrayList<>();
    if (v == null) {
      return out;
    }
    tooMany(name, v, l);
    for (JsonNode e : v) {
      if (!e.isTextual()) {
        throw ApiException.serialization(
            tokenName(e) + " can not be converted to a String at '" + path + name + "'");
      }
      String s = e.asText();
      if (cfg.length(s) > l.itemMax()) {
        violation(name, s, 0, "Member must have length less than or equal to " + l.itemMax());
      }
      out.add(s);
    }
    return out;
  }

  private void tooMany(String name, JsonNode list, Limit l) {
    if (list.size() > l.max()) {
      violation(
          name, "[...]", SENSITIVE, "Member must have length less than or equal to " + l.max());
    }
  }

  boolean has(String name) {
    JsonNode v = node.get(name);
    return v != null && !v.isNull();
  }

  /** Reports the collected violations, if any, as one ValidationException. */
  void done() {
    if (errors.isEmpty()) {
      return;
    }
    int n = errors.size();
    throw ApiException.validation(
        n
            + (n == 1 ? " validation error detected: " : " validation errors detected: ")
            + String.join("; ", errors));
  }
}
