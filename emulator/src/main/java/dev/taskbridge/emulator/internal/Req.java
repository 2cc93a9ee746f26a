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

  private void required(String name, int flags) {
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

  /** A string field measured in characters (see {@link Config#lengthUnit}). */
  @Nullable String str(String name, int flags, int min, int max) {
    JsonNode v = field(name, "String");
    if (v == null) {
      if ((flags & REQUIRED) != 0) {
        required(name, flags);
      }
      return null;
    }
    String s = v.asText();
    int len = cfg.length(s);
    if (len < min) {
      violation(name, s, flags, "Member must have length greater than or equal to " + min);
    }
    if (len > max) {
      violation(name, s, flags, "Member must have length less than or equal to " + max);
    }
    return s;
  }

  /** A required string field: "" when absent (the violation is reported by {@link #done()}). */
  String need(String name, int flags, int min, int max) {
    String s = str(name, flags | REQUIRED, min, max);
    return s == null ? "" : s;
  }

  /** A required string field limited in UTF-8 bytes; "" when absent. */
  String needBytes(String name, int flags, int maxBytes) {
    String s = strBytes(name, flags | REQUIRED, maxBytes);
    return s == null ? "" : s;
  }

  /** A string field limited in UTF-8 bytes (SFN input/output). */
  @Nullable String strBytes(String name, int flags, int maxBytes) {
    JsonNode v = field(name, "String");
    if (v == null) {
      if ((flags & REQUIRED) != 0) {
        required(name, flags);
      }
      return null;
    }
    String s = v.asText();
    if (s.length() > maxBytes / 3 && s.getBytes(StandardCharsets.UTF_8).length > maxBytes) {
      violation(name, s, flags, "Member must have length less than or equal to " + maxBytes);
    }
    return s;
  }

  /** A string field restricted to an enumeration. */
  @Nullable String enumStr(String name, int flags, Collection<String> allowed) {
    String s = str(name, flags & ~SENSITIVE, 0, Integer.MAX_VALUE);
    if (s != null && !allowed.contains(s)) {
      violation(name, s, flags, "Member must satisfy enum value set: " + allowed);
    }
    return s;
  }

  @Nullable Long num(String name, int flags, long min, long max) {
    JsonNode v = field(name, "Integer");
    if (v == null) {
      if ((flags & REQUIRED) != 0) {
        required(name, flags);
      }
      return null;
    }
    long n = v.asLong();
    if (n < min) {
      violation(
          name, Long.toString(n), flags, "Member must have value greater than or equal to " + min);
    }
    if (n > max) {
      violation(
          name, Long.toString(n), flags, "Member must have value less than or equal to " + max);
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
        required(name, flags);
      }
      return null;
    }
    return new Req(v, path + name + ".", errors, cfg);
  }

  /** A list of structures; element paths are {@code name.N.member.} (1-based), as Coral's. */
  List<Req> objList(String name, int flags, int maxItems) {
    JsonNode v = field(name, "List");
    List<Req> out = new ArrayList<>();
    if (v == null) {
      if ((flags & REQUIRED) != 0) {
        required(name, flags);
      }
      return out;
    }
    if (v.size() > maxItems) {
      violation(
          name, "[...]", SENSITIVE, "Member must have length less than or equal to " + maxItems);
    }
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

  /** A list of strings, each limited to {@code maxLen} characters. */
  List<String> strList(String name, int maxItems, int maxLen) {
    JsonNode v = field(name, "List");
    List<String> out = new ArrayList<>();
    if (v == null) {
      return out;
    }
    if (v.size() > maxItems) {
      violation(
          name, "[...]", SENSITIVE, "Member must have length less than or equal to " + maxItems);
    }
    for (JsonNode e : v) {
      if (!e.isTextual()) {
        throw ApiException.serialization(
            tokenName(e) + " can not be converted to a String at '" + path + name + "'");
      }
      String s = e.asText();
      if (cfg.length(s) > maxLen) {
        violation(name, s, 0, "Member must have length less than or equal to " + maxLen);
      }
      out.add(s);
    }
    return out;
  }

  boolean has(String name) {
    JsonNode v = node.get(name);
    return v != null && !v.isNull();
  }

  /** Validates SFN tags: [{key (1..128), value (0..256)}]. */
  void tags(String name) {
    for (Req t : objList(name, 0, 50)) {
      t.str("key", REQUIRED, 1, 128);
      t.str("value", REQUIRED, 0, 256);
    }
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
