package dev.taskbridge.emulator.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Iterator;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The emulator's control plane: plain JSON over HTTP under {@code /_taskbridge/}, beside the AWS
 * API (which is {@code POST /} with {@code X-Amz-Target}). It advances the clock and injects faults
 * for a client that has no Java handle on the emulator, such as the conformance kit running against
 * a standalone emulator. Bad requests get 400 with {@code {"message": …}}, unknown paths 404, a
 * known path with the wrong method 405.
 */
final class ControlPlane {

  /** The path prefix of every control request. */
  static final String PREFIX = "/_taskbridge/";

  /** The largest single clock advance accepted: ten years. */
  static final long MAX_ADVANCE_MILLIS = 3650L * 24 * 60 * 60 * 1000;

  /** The largest injected delay accepted: ten minutes. */
  static final long MAX_DELAY_MILLIS = 10L * 60 * 1000;

  private static final String SFN_PREFIX = "AWSStepFunctions.";
  private static final String SWF_PREFIX = "SimpleWorkflowService.";

  private final ControlHook hook;

  ControlPlane(ControlHook hook) {
    this.hook = hook;
  }

  static boolean isControlPath(@Nullable String path) {
    return path != null && (path.equals("/_taskbridge") || path.startsWith(PREFIX));
  }

  /** An answer: status, JSON body, and the methods allowed (for 405). */
  static final class Answer {
    final int status;
    final byte[] body;
    final @Nullable String allow;

    Answer(int status, byte[] body, @Nullable String allow) {
      this.status = status;
      this.body = body;
      this.allow = allow;
    }
  }

  Answer handle(String method, String path, byte[] body) {
    try {
      switch (path) {
        case PREFIX + "capabilities":
          return method.equals("GET") ? capabilities() : notAllowed("GET");
        case PREFIX + "clock/advance":
          return method.equals("POST") ? advance(object(body)) : notAllowed("POST");
        case PREFIX + "faults":
          switch (method) {
            case "POST":
              return addFault(object(body));
            case "DELETE":
              hook.clearFaults();
              return ok(Json.obj());
            case "GET":
              return listFaults();
            default:
              return notAllowed("GET, POST, DELETE");
          }
        case PREFIX + "sfn/callbacks":
          return method.equals("GET") ? callbacks() : notAllowed("GET");
        default:
          return message(404, "no such control resource: " + path);
      }
    } catch (BadRequest | IllegalArgumentException | IllegalStateException e) {
      return message(400, String.valueOf(e.getMessage()));
    } catch (RuntimeException e) {
      // a bug, not a bad request: say so rather than drop the connection
      return message(500, "internal error: " + e);
    }
  }

  private Answer capabilities() {
    ObjectNode out = Json.obj();
    ArrayNode caps = out.putArray("capabilities");
    if (hook.clockControllable()) {
      caps.add("CONTROLLABLE_CLOCK");
    }
    caps.add("FAULT_INJECTION");
    return ok(out);
  }

  private Answer advance(ObjectNode req) {
    only(req, Set.of("millis"));
    long millis = longMember(req, "millis", 0, MAX_ADVANCE_MILLIS);
    if (!hook.clockControllable()) {
      throw new BadRequest("the emulator's clock cannot be advanced (it is a plain system clock)");
    }
    long now = hook.advanceClock(millis);
    ObjectNode out = Json.obj();
    out.put("now", Instant.ofEpochMilli(now).toString());
    return ok(out);
  }

  private Answer addFault(ObjectNode req) {
    only(req, Set.of("selector", "times", "fault", "keyState", "millis"));
    String selector = selector(textMember(req, "selector"));
    String fault = textMember(req, "fault");
    JsonNode t = req.get("times");
    long times = t != null && !t.isNull() ? longMember(req, "times", 1, Integer.MAX_VALUE) : 1;
    JsonNode ks = req.get("keyState");
    String keyState = null;
    if (ks != null && !ks.isNull()) {
      keyState = textMember(req, "keyState");
    }
    Long millis = null;
    JsonNode m = req.get("millis");
    if (m != null && !m.isNull()) {
      millis = longMember(req, "millis", 0, MAX_DELAY_MILLIS);
    }
    String id = hook.addFault(selector, (int) times, fault, keyState, millis);
    ObjectNode out = Json.obj();
    out.put("rule", id);
    return ok(out);
  }

  private Answer callbacks() {
    ObjectNode out = Json.obj();
    ArrayNode list = out.putArray("callbacks");
    for (dev.taskbridge.emulator.PendingCallback c : hook.pendingCallbacks()) {
      ObjectNode o = list.addObject();
      o.put("executionArn", c.executionArn());
      o.put("stateName", c.stateName());
      o.put("resource", c.resource());
      o.put("parameters", c.parameters());
      o.put("taskToken", c.taskToken());
    }
    return ok(out);
  }

  private Answer listFaults() {
    ObjectNode out = Json.obj();
    ArrayNode rules = out.putArray("rules");
    for (ControlHook.RuleInfo r : hook.faults()) {
      ObjectNode o = rules.addObject();
      o.put("rule", r.id());
      o.put("selector", r.selector());
      o.put("fault", r.fault());
      o.put("applied", r.applied());
      o.put("remaining", r.remaining());
    }
    return ok(out);
  }

  /** An exact canonical target of an emulated operation, a whole service, or everything. */
  private static String selector(String raw) {
    String s = EmulatorServer.normalize(raw.trim());
    if (s.equals("*") || s.equals(SFN_PREFIX + "*") || s.equals(SWF_PREFIX + "*")) {
      return s;
    }
    if (s.startsWith(SFN_PREFIX) && SfnEngine.OPS.contains(s.substring(SFN_PREFIX.length()))) {
      return s;
    }
    if (s.startsWith(SWF_PREFIX) && SwfEngine.OPS.contains(s.substring(SWF_PREFIX.length()))) {
      return s;
    }
    throw new BadRequest(
        "selector must be an emulated operation such as AWSStepFunctions.SendTaskFailure or"
            + " SimpleWorkflowService.RespondActivityTaskFailed, AWSStepFunctions.*,"
            + " SimpleWorkflowService.* or *; got '"
            + raw
            + "'");
  }

  private static ObjectNode object(byte[] body) {
    JsonNode node = Json.tryParse(new String(body, StandardCharsets.UTF_8));
    if (!(node instanceof ObjectNode)) {
      throw new BadRequest("the body must be a JSON object");
    }
    return (ObjectNode) node;
  }

  private static void only(ObjectNode req, Set<String> allowed) {
    for (Iterator<String> it = req.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!allowed.contains(name)) {
        throw new BadRequest(
            "unknown member '"
                + name
                + "'; expected "
                + String.join(", ", allowed.stream().sorted().toList()));
      }
    }
  }

  private static String textMember(ObjectNode req, String name) {
    JsonNode v = req.get(name);
    if (v == null || v.isNull()) {
      throw new BadRequest("'" + name + "' is required");
    }
    if (!v.isTextual() || v.asText().isBlank()) {
      throw new BadRequest("'" + name + "' must be a non-empty string");
    }
    return v.asText();
  }

  private static long longMember(ObjectNode req, String name, long min, long max) {
    JsonNode v = req.get(name);
    if (v == null || v.isNull()) {
      throw new BadRequest("'" + name + "' is required");
    }
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw new BadRequest("'" + name + "' must be an integer");
    }
    long n = v.asLong();
    if (n < min || n > max) {
      throw new BadRequest("'" + name + "' must be between " + min + " and " + max + "; got " + n);
    }
    return n;
  }

  private static Answer ok(ObjectNode body) {
    return new Answer(200, Json.write(body), null);
  }

  private static Answer notAllowed(String allow) {
    Answer a = message(405, "method not allowed; use " + allow);
    return new Answer(a.status, a.body, allow);
  }

  private static Answer message(int status, String message) {
    ObjectNode out = Json.obj();
    out.put("message", message);
    return new Answer(status, Json.write(out), null);
  }

  /** A malformed control request. */
  private static final class BadRequest extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadRequest(String message) {
      super(message, null, false, false);
    }
  }
}
