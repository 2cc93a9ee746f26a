package dev.taskbridge.emulator.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The emulator's control plane: plain JSON over HTTP under {@code /_taskbridge/}, beside the AWS
 * API (which is {@code POST /} with {@code X-Amz-Target}). It advances the clock and injects faults
 * for a client that has no Java handle on the emulator, such as the conformance kit running against
 * a standalone emulator. Bad requests get 400 with {@code {"message": …}}, unknown paths 404, a
 * known path with the wrong method 405.
 *
 * <p>Only this machine's own clients may drive it: a request whose {@code Host} is not {@code
 * localhost} or the bound address (DNS rebinding), or that carries an {@code Origin} of any other
 * host (a web page), gets 403; a request with a body that is not {@code application/json} (a
 * cross-site form or {@code text/plain} POST) gets 415. Nothing changes on a refused request.
 */
final class ControlPlane {

  /** The path prefix of every control request. */
  static final String PREFIX = "/_taskbridge/";

  /** The largest single clock advance accepted: ten years. */
  static final long MAX_ADVANCE_MILLIS = 3650L * 24 * 60 * 60 * 1000;

  /** The largest injected delay accepted: ten minutes. */
  static final long MAX_DELAY_MILLIS = 10L * 60 * 1000;

  private static final Logger LOG = LoggerFactory.getLogger(ControlPlane.class);

  private static final String SFN_PREFIX = "AWSStepFunctions.";
  private static final String SWF_PREFIX = "SimpleWorkflowService.";

  private final ControlHook hook;
  private final String boundHost;
  private final boolean boundToAny;
  private final String boundPort;

  ControlPlane(ControlHook hook, InetSocketAddress bound) {
    this.hook = hook;
    InetAddress a = bound.getAddress();
    String h = a.getHostAddress();
    this.boundHost = (h.contains(":") ? "[" + h + "]" : h).toLowerCase(Locale.ROOT);
    this.boundToAny = a.isAnyLocalAddress();
    this.boundPort = Integer.toString(bound.getPort());
  }

  /** Answers a control request, after checking that it comes from this machine's own client. */
  Answer handle(HttpExchange ex) {
    if (!hostAllowed(ex.host)) {
      return message(
          403, "Host " + quote(ex.host) + " is not this emulator's address or localhost");
    }
    String origin = ex.origin;
    if (origin != null && !originAllowed(origin)) {
      return message(403, "requests from Origin " + quote(origin) + " are refused");
    }
    if ((ex.method.equals("POST") || ex.body.length > 0) && !isJson(ex.contentType)) {
      return message(415, "Content-Type must be application/json");
    }
    return handle(ex.method, ex.path, ex.body);
  }

  private static String quote(@Nullable String value) {
    if (value == null) {
      return "(none)";
    }
    String v = value.length() > 100 ? value.substring(0, 100) + "…" : value;
    return "'" + v + "'";
  }

  private static boolean isJson(@Nullable String contentType) {
    if (contentType == null) {
      return false;
    }
    int semi = contentType.indexOf(';');
    String media = (semi >= 0 ? contentType.substring(0, semi) : contentType).trim();
    return media.equalsIgnoreCase("application/json");
  }

  private boolean originAllowed(String origin) {
    String o = origin.trim().toLowerCase(Locale.ROOT);
    return o.startsWith("http://") && hostAllowed(o.substring("http://".length()));
  }

  /** Whether {@code host} (a Host header: name and optional port) names this emulator. */
  boolean hostAllowed(@Nullable String host) {
    if (host == null) {
      return false;
    }
    String h = host.trim().toLowerCase(Locale.ROOT);
    String name;
    String port = null;
    if (h.startsWith("[")) {
      int end = h.indexOf(']');
      if (end < 0) {
        return false;
      }
      name = h.substring(0, end + 1);
      String rest = h.substring(end + 1);
      if (!rest.isEmpty()) {
        if (!rest.startsWith(":")) {
          return false;
        }
        port = rest.substring(1);
      }
    } else {
      int colon = h.indexOf(':');
      if (colon >= 0) {
        if (h.indexOf(':', colon + 1) >= 0) {
          return false;
        }
        name = h.substring(0, colon);
        port = h.substring(colon + 1);
      } else {
        name = h;
      }
    }
    if (port != null && !port.equals(boundPort)) {
      return false;
    }
    if (name.equals("localhost") || name.equals(boundHost)) {
      return true;
    }
    // bound to every address: any IP literal names it, but no DNS name (rebinding)
    return boundToAny && (name.startsWith("[") || IPV4.matcher(name).matches());
  }

  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

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

  private Answer handle(String method, String path, byte[] body) {
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
      // a bug, not a bad request: say so (by type: a message may quote the request)
      LOG.error("control request failed: {}", e.getClass().getName());
      return message(500, "internal error: " + e.getClass().getName());
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
