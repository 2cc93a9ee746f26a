package dev.taskbridge.emulator.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One history event in compact form: time, type, id and, under one member, details given as
 * alternating keys and values. Values are String, Long, Boolean or a nested {@code Object[]} of the
 * same form; a null value means the key is absent (never {@code "key": null}).
 */
final class Event {
  final long millis;
  final String type;
  final long id;
  private final @Nullable String detailsKey;
  private final @Nullable Object @Nullable [] details;

  /**
   * An event whose details, if both {@code detailsKey} and {@code details} are given, are rendered
   * under {@code detailsKey}.
   */
  Event(
      long millis,
      String type,
      long id,
      @Nullable String detailsKey,
      @Nullable Object @Nullable [] details) {
    this.millis = millis;
    this.type = type;
    this.id = id;
    this.detailsKey = detailsKey;
    this.details = details;
  }

  /** Alternating keys and values, as event details are given. */
  static @Nullable Object[] kv(@Nullable Object... xs) {
    return xs;
  }

  /** Renders the details, if any, into {@code o}; without input and output unless asked. */
  void putDetails(ObjectNode o, boolean includeData) {
    if (detailsKey != null && details != null) {
      o.set(detailsKey, render(details, includeData));
    }
  }

  private static ObjectNode render(@Nullable Object[] kv, boolean includeData) {
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
