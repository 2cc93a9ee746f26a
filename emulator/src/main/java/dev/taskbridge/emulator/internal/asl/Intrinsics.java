package dev.taskbridge.emulator.internal.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The intrinsic functions of JSONPath mode ({@code States.Format(...)} and the others): their call
 * syntax, parsed when the definition is created, and their evaluation.
 */
final class Intrinsics {
  private Intrinsics() {}

  /** An argument of an intrinsic call. */
  sealed interface Arg permits Lit, PathArg, Call {}

  /** A literal: string, number, boolean or null. */
  record Lit(JsonNode value) implements Arg {}

  /** A path on the input, the context object or a variable. */
  record PathArg(String path) implements Arg {}

  /** A nested call. */
  record Call(String name, List<Arg> args) implements Arg {}

  static final Set<String> NAMES =
      Set.of(
          "States.Format",
          "States.StringToJson",
          "States.JsonToString",
          "States.Array",
          "States.ArrayPartition",
          "States.ArrayContains",
          "States.ArrayRange",
          "States.ArrayGetItem",
          "States.ArrayLength",
          "States.ArrayUnique",
          "States.Base64Encode",
          "States.Base64Decode",
          "States.Hash",
          "States.JsonMerge",
          "States.MathRandom",
          "States.MathAdd",
          "States.StringSplit",
          "States.UUID");

  static boolean looksLikeCall(String s) {
    return s.startsWith("States.");
  }

  /** Parses a whole call, or returns null if it is not a valid one. */
  static @Nullable Call parse(String s) {
    try {
      Reader r = new Reader(s);
      Call c = r.call();
      r.skipSpace();
      return r.pos == s.length() ? c : null;
    } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
      return null;
    }
  }

  private static final class Reader {
    final String s;
    int pos;

    Reader(String s) {
      this.s = s;
    }

    void skipSpace() {
      while (pos < s.length() && s.charAt(pos) == ' ') {
        pos++;
      }
    }

    Call call() {
      int open = s.indexOf('(', pos);
      if (open < 0) {
        throw new IllegalArgumentException();
      }
      String name = s.substring(pos, open).trim();
      if (!NAMES.contains(name)) {
        throw new IllegalArgumentException();
      }
      pos = open + 1;
      List<Arg> args = new ArrayList<>();
      skipSpace();
      if (s.charAt(pos) == ')') {
        pos++;
        return new Call(name, List.copyOf(args));
      }
      while (true) {
        skipSpace();
        args.add(arg());
        skipSpace();
        char c = s.charAt(pos++);
        if (c == ')') {
          return new Call(name, List.copyOf(args));
        }
        if (c != ',') {
          throw new IllegalArgumentException();
        }
      }
    }

    Arg arg() {
      char c = s.charAt(pos);
      if (c == '\'') {
        return new Lit(Nodes.NODES.textNode(string()));
      }
      if (c == '$') {
        int start = pos;
        int depth = 0;
        boolean quoted = false;
        while (pos < s.length()) {
          char d = s.charAt(pos);
          if (quoted) {
            if (d == '\'') {
              quoted = false;
            }
          } else if (d == '\'') {
            quoted = true;
          } else if (d == '[' || d == '(') {
            depth++;
          } else if (d == ']' || (d == ')' && depth > 0)) {
            depth--;
          } else if (depth == 0 && (d == ',' || d == ')')) {
            break;
          }
          pos++;
        }
        String p = s.substring(start, pos).trim();
        if (!Paths.isValid(p)) {
          throw new IllegalArgumentException();
        }
        return new PathArg(p);
      }
      if (s.startsWith("States.", pos)) {
        return call();
      }
      int start = pos;
      while (pos < s.length() && s.charAt(pos) != ',' && s.charAt(pos) != ')') {
        pos++;
      }
      String lit = s.substring(start, pos).trim();
      JsonNode v = Nodes.tryParse(lit);
      if (v == null || !(v.isNumber() || v.isBoolean() || v.isNull())) {
        throw new IllegalArgumentException();
      }
      return new Lit(v);
    }

    /** A single-quoted string; the escapes are \' \{ \} and \\ . */
    String string() {
      StringBuilder b = new StringBuilder();
      pos++;
      while (true) {
        char c = s.charAt(pos++);
        if (c == '\'') {
          return b.toString();
        }
        if (c == '\\') {
          char e = s.charAt(pos++);
          if (e != '\'' && e != '{' && e != '}' && e != '\\') {
            throw new IllegalArgumentException();
          }
          if (e == '{' || e == '}') {
            b.append('\\');
          }
          b.append(e);
        } else {
          b.append(c);
        }
      }
    }
  }

  // ------------------------------------------------------------------ evaluation

  private static AslError fail(String cause) {
    return new AslError(Errors.INTRINSIC, cause);
  }

  static JsonNode eval(Call c, Function<String, JsonNode> paths) {
    List<JsonNode> a = new ArrayList<>(c.args().size());
    for (Arg arg : c.args()) {
      if (arg instanceof Lit l) {
        a.add(l.value());
      } else if (arg instanceof PathArg p) {
        a.add(paths.apply(p.path()));
      } else {
        a.add(eval((Call) arg, paths));
      }
    }
    return apply(c.name(), c.args(), a);
  }

  /** Renders an argument of States.Format: text plain, objects and arrays as the service does. */
  private static void formatArg(StringBuilder b, JsonNode v, boolean top) {
    if (v.isTextual()) {
      b.append(top ? plain(v) : v.asText());
    } else if (v.isObject()) {
      b.append('{');
      var it = v.fields();
      boolean first = true;
      while (it.hasNext()) {
        var e = it.next();
        if (!first) {
          b.append(", ");
        }
        first = false;
        b.append(e.getKey()).append('=');
        formatArg(b, e.getValue(), false);
      }
      b.append('}');
    } else if (v.isArray()) {
      b.append('[');
      for (int i = 0; i < v.size(); i++) {
        if (i > 0) {
          b.append(", ");
        }
        formatArg(b, v.get(i), false);
      }
      b.append(']');
    } else {
      b.append(Nodes.text(v));
    }
  }

  private static String plain(JsonNode v) {
    return v.isTextual() ? v.asText().replace("\\{", "{").replace("\\}", "}") : v.asText();
  }

  private static void arity(String name, List<JsonNode> a, int min, int max) {
    if (a.size() < min || a.size() > max) {
      throw fail(
          "Invalid arguments in "
              + name
              + ": expected "
              + (min == max ? String.valueOf(min) : min + " to " + max)
              + " arguments but got "
              + a.size());
    }
  }

  private static String str(String name, JsonNode v) {
    if (!v.isTextual()) {
      throw fail(
          "Invalid arguments in " + name + ": expected a string but got " + Nodes.typeName(v));
    }
    return plain(v);
  }

  private static ArrayNode arr(String name, JsonNode v) {
    if (!v.isArray()) {
      throw fail(
          "Invalid arguments in " + name + ": expected an array but got " + Nodes.typeName(v));
    }
    return (ArrayNode) v;
  }

  private static long integer(String name, JsonNode v) {
    if (!v.isNumber() || v.asDouble() != Math.rint(v.asDouble())) {
      throw fail(
          "Invalid arguments in " + name + ": expected an integer but got " + Nodes.typeName(v));
    }
    return v.asLong();
  }

  private static long rounded(String name, JsonNode v) {
    if (!v.isNumber()) {
      throw fail(
          "Invalid arguments in " + name + ": expected a number but got " + Nodes.typeName(v));
    }
    return Math.round(v.asDouble());
  }

  private static JsonNode apply(String name, List<Arg> raw, List<JsonNode> a) {
    switch (name) {
      case "States.Format" -> {
        if (a.isEmpty()) {
          arity(name, a, 1, Integer.MAX_VALUE);
        }
        JsonNode t = a.get(0);
        if (!t.isTextual()) {
          throw fail("Invalid arguments in States.Format: the template must be a string");
        }
        String template = t.asText();
        StringBuilder b = new StringBuilder();
        int next = 1;
        for (int i = 0; i < template.length(); i++) {
          char ch = template.charAt(i);
          if (ch == '\\' && i + 1 < template.length()) {
            b.append(template.charAt(++i));
          } else if (ch == '{' && i + 1 < template.length() && template.charAt(i + 1) == '}') {
            if (next >= a.size()) {
              throw fail(
                  "Invalid arguments in States.Format: the template has more placeholders than"
                      + " arguments");
            }
            JsonNode v = a.get(next++);
            formatArg(b, v, true);
            i++;
          } else {
            b.append(ch);
          }
        }
        if (next != a.size()) {
          throw fail(
              "Invalid arguments in States.Format: the number of arguments does not match the"
                  + " placeholders");
        }
        return Nodes.NODES.textNode(b.toString());
      }
      case "States.StringToJson" -> {
        arity(name, a, 1, 1);
        String s = str(name, a.get(0));
        if (s.isBlank()) {
          return Nodes.NODES.nullNode();
        }
        JsonNode v = Nodes.tryParse(s);
        if (v == null) {
          throw fail("Invalid arguments in States.StringToJson: the string is not valid JSON");
        }
        return v;
      }
      case "States.JsonToString" -> {
        arity(name, a, 1, 1);
        return Nodes.NODES.textNode(Nodes.text(a.get(0)));
      }
      case "States.Array" -> {
        ArrayNode out = Nodes.NODES.arrayNode();
        a.forEach(v -> out.add(v.isTextual() ? Nodes.NODES.textNode(plain(v)) : v));
        return out;
      }
      case "States.ArrayPartition" -> {
        arity(name, a, 2, 2);
        ArrayNode in = arr(name, a.get(0));
        long size = integer(name, a.get(1));
        if (size <= 0) {
          throw fail("Invalid arguments in States.ArrayPartition: the chunk size must be positive");
        }
        ArrayNode out = Nodes.NODES.arrayNode();
        ArrayNode chunk = null;
        for (JsonNode v : in) {
          if (chunk == null || chunk.size() == size) {
            chunk = out.addArray();
          }
          chunk.add(v);
        }
        return out;
      }
      case "States.ArrayContains" -> {
        arity(name, a, 2, 2);
        ArrayNode in = arr(name, a.get(0));
        for (JsonNode v : in) {
          if (Compare.jsonEquals(v, a.get(1))) {
            return Nodes.NODES.booleanNode(true);
          }
        }
        return Nodes.NODES.booleanNode(false);
      }
      case "States.ArrayRange" -> {
        arity(name, a, 3, 3);
        long start = integer(name, a.get(0));
        long end = integer(name, a.get(1));
        long step = integer(name, a.get(2));
        if (step == 0) {
          throw fail("Invalid arguments in States.ArrayRange: the step must not be 0");
        }
        ArrayNode out = Nodes.NODES.arrayNode();
        for (long v = start; step > 0 ? v <= end : v >= end; v += step) {
          out.add(v);
          if (out.size() > 1000) {
            throw fail(
                "Invalid arguments in States.ArrayRange: the array would have more than 1000"
                    + " items");
          }
        }
        return out;
      }
      case "States.ArrayGetItem" -> {
        arity(name, a, 2, 2);
        ArrayNode in = arr(name, a.get(0));
        long i = integer(name, a.get(1));
        if (i < 0 || i >= in.size()) {
          throw fail("Invalid arguments in States.ArrayGetItem: the index is out of bounds");
        }
        return in.get((int) i);
      }
      case "States.ArrayLength" -> {
        arity(name, a, 1, 1);
        return Nodes.NODES.numberNode(arr(name, a.get(0)).size());
      }
      case "States.ArrayUnique" -> {
        arity(name, a, 1, 1);
        Set<JsonNode> seen = new LinkedHashSet<>();
        arr(name, a.get(0)).forEach(seen::add);
        ArrayNode out = Nodes.NODES.arrayNode();
        seen.forEach(out::add);
        return out;
      }
      case "States.Base64Encode" -> {
        arity(name, a, 1, 1);
        return Nodes.NODES.textNode(
            Base64.getEncoder()
                .encodeToString(str(name, a.get(0)).getBytes(StandardCharsets.UTF_8)));
      }
      case "States.Base64Decode" -> {
        arity(name, a, 1, 1);
        try {
          return Nodes.NODES.textNode(
              new String(Base64.getDecoder().decode(str(name, a.get(0))), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
          throw fail("Invalid arguments in States.Base64Decode: the string is not base64");
        }
      }
      case "States.Hash" -> {
        arity(name, a, 2, 2);
        JsonNode data = a.get(0);
        String alg = str(name, a.get(1));
        String javaAlg = HASHES.get(alg);
        if (javaAlg == null) {
          throw fail(
              "Invalid arguments in States.Hash: the algorithm must be one of MD5, SHA-1, SHA-256,"
                  + " SHA-384, SHA-512");
        }
        String text = data.isTextual() ? plain(data) : Nodes.text(data);
        try {
          byte[] h =
              MessageDigest.getInstance(javaAlg).digest(text.getBytes(StandardCharsets.UTF_8));
          return Nodes.NODES.textNode(HexFormat.of().formatHex(h));
        } catch (NoSuchAlgorithmException e) {
          throw new IllegalStateException(e);
        }
      }
      case "States.JsonMerge" -> {
        arity(name, a, 3, 3);
        if (!a.get(0).isObject() || !a.get(1).isObject()) {
          throw fail("Invalid arguments in States.JsonMerge: expected two objects");
        }
        if (!a.get(2).isBoolean() || a.get(2).asBoolean()) {
          throw fail("Invalid arguments in States.JsonMerge: deep merge is not supported");
        }
        ObjectNode out = ((ObjectNode) a.get(0)).deepCopy();
        out.setAll((ObjectNode) a.get(1));
        return out;
      }
      case "States.MathRandom" -> {
        arity(name, a, 2, 3);
        long start = integer(name, a.get(0));
        long end = integer(name, a.get(1));
        if (end <= start) {
          throw fail("Invalid arguments in States.MathRandom: the end must be above the start");
        }
        Random r = a.size() == 3 ? new Random(integer(name, a.get(2))) : new Random();
        return Nodes.NODES.numberNode(start + (long) (r.nextDouble() * (end - start)));
      }
      case "States.MathAdd" -> {
        arity(name, a, 2, 2);
        return Nodes.NODES.numberNode(rounded(name, a.get(0)) + rounded(name, a.get(1)));
      }
      case "States.StringSplit" -> {
        arity(name, a, 2, 2);
        String s = str(name, a.get(0));
        String delims = str(name, a.get(1));
        ArrayNode out = Nodes.NODES.arrayNode();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
          char c = s.charAt(i);
          if (delims.indexOf(c) >= 0) {
            if (cur.length() > 0) {
              out.add(cur.toString());
            }
            cur.setLength(0);
          } else {
            cur.append(c);
          }
        }
        if (cur.length() > 0) {
          out.add(cur.toString());
        }
        return out;
      }
      case "States.UUID" -> {
        arity(name, a, 0, 0);
        return Nodes.NODES.textNode(UUID.randomUUID().toString());
      }
      default -> throw fail("Unknown intrinsic function " + name + " (" + raw.size() + ")");
    }
  }

  private static final Map<String, String> HASHES =
      Map.of(
          "MD5", "MD5", "SHA-1", "SHA-1", "SHA-256", "SHA-256", "SHA-384", "SHA-384", "SHA-512",
          "SHA-512");
}
