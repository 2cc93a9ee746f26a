package dev.taskbridge.emulator.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One history event in compact form: time, type, id and alternating attribute keys and values.
 * Values are String, Long, Boolean or a nested {@code Object[]} of the same form; a null value
 * means the key is absent (never {@code "key": null}).
 */
final class Event {
  final long millis;
  final String type;
  final long id;
  final @Nullable Object[] attrs;

  Event(long millis, String type, long id, @Nullable Object[] attrs) {
    this.millis = millis;
    this.type = type;
    this.id = id;
    this.attrs = attrs;
  }

  @Nullable Object attr(String key) {
    for (int i = 0; i + 1 < attrs.length; i += 2) {
      if (key.equals(attrs[i])) {
        return attrs[i + 1];
      }
    }
    return null;
  }

  static ObjectNode render(@Nullable Object[] kv, boolean includeData) {
    ObjectNode o = Json.obj();
    for (int i = 0; i + 1 < kv.length; i += 2) {
      String k = String.valueOf(kv[i]);
      Object v = kv[i + 1];
      if (v == null) {
        continue;
      }
      if (!includeData && (k.equals("input") || k.equals("output"))) {
        continue;
      }
      put(o, k, v, includeData);
    }
    return o;
  }

  private static void put(ObjectNode o, String k, Object v, boolean includeData) {
    if (v instanceof String) {
      o.put(k, (String) v);
    } else if (v instanceof Long) {
      o.put(k, (Long) v);
    } else if (v instanceof Integer) {
      o.put(k, (Integer) v);
    } else if (v instanceof Boolean) {
      o.put(k, (Boolean) v);
    } else if (v instanceof Object[]) {
      o.set(k, render((@Nullable Object[]) v, includeData));
    } else if (v instanceof JsonNode) {
      o.set(k, (JsonNode) v);
    } else if (v instanceof Map) {
      throw new IllegalStateException("maps are not event values");
    } else {
      o.put(k, v.toString());
    }
  }
}
