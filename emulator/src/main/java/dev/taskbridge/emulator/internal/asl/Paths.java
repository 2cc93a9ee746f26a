package dev.taskbridge.emulator.internal.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.JsonPathException;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * JSONPath as Step Functions reads it, through json-path on Jackson trees: {@code $...} on the
 * state's input, {@code $$...} on the context object, {@code $name...} on a variable. A definite
 * path that matches nothing is an error; an indefinite one gives the list of its matches.
 */
final class Paths {
  private Paths() {}

  static final Configuration CONF =
      Configuration.builder()
          .jsonProvider(new JacksonJsonNodeJsonProvider(Nodes.MAPPER))
          .mappingProvider(new JacksonMappingProvider(Nodes.MAPPER))
          .build();

  /** Indefinite paths give the (possibly empty) list of their matches, never an error. */
  static final Configuration LISTS =
      CONF.addOptions(com.jayway.jsonpath.Option.SUPPRESS_EXCEPTIONS);

  private static final Map<String, JsonPath> CACHE = new ConcurrentHashMap<>();

  /** A path split into what it reads from and the JSONPath on that. */
  record Split(Source source, @Nullable String variable, String jsonPath) {}

  /** What a path reads from. */
  enum Source {
    INPUT,
    CONTEXT,
    VARIABLE
  }

  static Split split(String p) {
    if (p.startsWith("$$")) {
      return new Split(Source.CONTEXT, null, p.substring(1));
    }
    if (p.length() > 1 && p.charAt(0) == '$' && isNameStart(p.charAt(1))) {
      int i = 1;
      while (i < p.length() && isNamePart(p.charAt(i))) {
        i++;
      }
      return new Split(Source.VARIABLE, p.substring(1, i), "$" + p.substring(i));
    }
    return new Split(Source.INPUT, null, p);
  }

  private static boolean isNameStart(char c) {
    return Character.isLetter(c) || c == '_';
  }

  private static boolean isNamePart(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }

  static JsonPath compiled(String jsonPath) {
    JsonPath p = CACHE.get(jsonPath);
    if (p == null) {
      p = JsonPath.compile(literalBackslashes(jsonPath));
      if (CACHE.size() < 10_000) {
        CACHE.put(jsonPath, p);
      }
    }
    return p;
  }

  /**
   * {@code jsonPath} with every backslash inside a single-quoted name doubled, except one before a
   * quote: Step Functions reads {@code $['a\"b']} as the member {@code a\"b} (the backslash is a
   * character of the name), json-path would read {@code \"} as an escaped quote. {@code \'} stays
   * the escape of a quote.
   */
  static String literalBackslashes(String jsonPath) {
    if (jsonPath.indexOf('\\') < 0) {
      return jsonPath;
    }
    StringBuilder out = new StringBuilder(jsonPath.length() + 8);
    boolean quoted = false;
    for (int i = 0; i < jsonPath.length(); i++) {
      char c = jsonPath.charAt(i);
      if (quoted && c == '\\') {
        boolean beforeQuote = i + 1 < jsonPath.length() && jsonPath.charAt(i + 1) == '\'';
        out.append(beforeQuote ? "\\'" : "\\\\");
        if (beforeQuote) {
          i++;
        }
        continue;
      }
      if (c == '\'') {
        quoted = !quoted;
      }
      out.append(c);
    }
    return out.toString();
  }

  /** Whether {@code p} is a path Step Functions accepts; throws a diagnostic if not. */
  static void check(String p, String where) {
    if (!isValid(p)) {
      throw DefinitionException.schema(
          "The value for the field '" + field(where) + "' must be a valid JSONPath", parent(where));
    }
  }

  static boolean isValid(String p) {
    if (!p.startsWith("$")) {
      return false;
    }
    try {
      compiled(split(p).jsonPath());
      return true;
    } catch (InvalidPathException e) {
      return false;
    }
  }

  /** A ResultPath: a definite path on the input. */
  static void checkReference(String p, String where) {
    check(p, where);
    if (p.startsWith("$$") || !compiled(p).isDefinite()) {
      throw DefinitionException.schema(
          "The value for the field '" + field(where) + "' must be a valid reference path",
          parent(where));
    }
  }

  private static String field(String where) {
    return where.substring(where.lastIndexOf('/') + 1);
  }

  private static String parent(String where) {
    int i = where.lastIndexOf('/');
    return i <= 0 ? where : where.substring(0, i);
  }

  /** Thrown when a definite path matches nothing. */
  static final class NoMatch extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NoMatch(String path) {
      super(path, null, false, false);
    }
  }

  /** Reads {@code jsonPath} (no {@code $$} or variable prefix) from {@code doc}. */
  static JsonNode read(String jsonPath, JsonNode doc) {
    if (jsonPath.equals("$")) {
      return doc;
    }
    JsonPath p = compiled(jsonPath);
    Object r;
    try {
      r = p.read(doc, p.isDefinite() ? CONF : LISTS);
      if (r == null && !p.isDefinite()) {
        return Nodes.NODES.arrayNode();
      }
    } catch (JsonPathException e) {
      throw new NoMatch(jsonPath);
    }
    if (r == null) {
      return Nodes.NODES.nullNode();
    }
    return r instanceof JsonNode ? (JsonNode) r : Nodes.MAPPER.valueToTree(r);
  }

  /** The normalized form json-path gives a path, e.g. {@code $['a']['b'][0]}. */
  static String normalized(String jsonPath) {
    return compiled(jsonPath).getPath();
  }

  /**
   * Places {@code value} in a copy of {@code doc} at the definite {@code path}, creating missing
   * objects on the way; null if the path runs through a value that is not an object or array.
   */
  static @Nullable JsonNode place(String path, JsonNode doc, JsonNode value) {
    if (path.equals("$")) {
      return value;
    }
    List<Object> steps = steps(normalized(path));
    if (steps.isEmpty()) {
      return value;
    }
    JsonNode root = doc.deepCopy();
    if (!root.isObject() && !(root.isArray() && steps.get(0) instanceof Integer)) {
      return null;
    }
    JsonNode cur = root;
    for (int i = 0; i < steps.size(); i++) {
      Object s = steps.get(i);
      boolean last = i == steps.size() - 1;
      if (s instanceof String key) {
        if (!cur.isObject()) {
          return null;
        }
        ObjectNode o = (ObjectNode) cur;
        if (last) {
          o.set(key, value);
          return root;
        }
        JsonNode child = o.get(key);
        if (child == null || child.isNull()) {
          child = steps.get(i + 1) instanceof Integer ? o.putArray(key) : o.putObject(key);
        }
        cur = child;
      } else {
        int idx = (Integer) s;
        if (!cur.isArray() || idx >= cur.size()) {
          return null;
        }
        ArrayNode a = (ArrayNode) cur;
        if (last) {
          a.set(idx, value);
          return root;
        }
        cur = a.get(idx);
      }
    }
    return root;
  }

  /** The steps of a normalized definite path: String keys and Integer indexes. */
  private static List<Object> steps(String normalized) {
    List<Object> out = new ArrayList<>();
    int i = 1;
    int n = normalized.length();
    while (i < n) {
      if (normalized.charAt(i) != '[') {
        throw new IllegalArgumentException("not a normalized path");
      }
      if (normalized.charAt(i + 1) == '\'') {
        StringBuilder b = new StringBuilder();
        int j = i + 2;
        while (normalized.charAt(j) != '\'') {
          char c = normalized.charAt(j);
          if (c == '\\' && j + 1 < n) {
            j++;
            c = normalized.charAt(j);
          }
          b.append(c);
          j++;
        }
        out.add(b.toString());
        i = j + 2;
      } else {
        int j = normalized.indexOf(']', i);
        out.add(Integer.parseInt(normalized.substring(i + 1, j).trim()));
        i = j + 1;
      }
    }
    return out;
  }
}
