package dev.taskbridge.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A {@link TargetControl} speaking the taskbridge emulator's HTTP control plane ({@code
 * /_taskbridge/…} beside the AWS API on the same port), used for the embedded emulator and for any
 * endpoint whose probe answers.
 */
final class HttpTargetControl implements TargetControl {

  /** How long the capability probe may take before the target is taken to have none. */
  static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final Set<Capability> capabilities;
  private final HttpClient http;

  private HttpTargetControl(URI base, Set<Capability> capabilities, HttpClient http) {
    this.base = base;
    this.capabilities = Collections.unmodifiableSet(EnumSet.copyOf(capabilities));
    this.http = http;
  }

  /**
   * Asks {@code GET {endpoint}/_taskbridge/capabilities} once. Anything but a 200 JSON answer
   * listing capabilities — a refused connection, a timeout, an AWS error, HTML — means the target
   * has no control plane; the probe never throws.
   */
  static Optional<HttpTargetControl> probe(URI endpoint, Duration timeout) {
    URI base = base(endpoint);
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/_taskbridge/capabilities"))
                  .timeout(timeout)
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        return Optional.empty();
      }
      JsonNode caps = JSON.readTree(r.body()).path("capabilities");
      if (!caps.isArray()) {
        return Optional.empty();
      }
      Set<Capability> found = EnumSet.noneOf(Capability.class);
      for (JsonNode c : caps) {
        for (Capability known : Capability.values()) {
          if (known.name().equals(c.asText())) {
            found.add(known);
          }
        }
      }
      return found.isEmpty()
          ? Optional.empty()
          : Optional.of(new HttpTargetControl(base, found, http));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      // not a taskbridge emulator, or not reachable: the run goes on with the public APIs only
      return Optional.empty();
    }
  }

  /** The endpoint without a trailing slash, query or fragment. */
  private static URI base(URI endpoint) {
    String path = Objects.requireNonNullElse(endpoint.getRawPath(), "");
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    return URI.create(endpoint.getScheme() + "://" + endpoint.getRawAuthority() + path);
  }

  /** The capabilities the target declared. */
  Set<Capability> capabilities() {
    return capabilities;
  }

  @Override
  public void advanceClock(Duration amount) {
    require(Capability.CONTROLLABLE_CLOCK);
    ObjectNode body = JSON.createObjectNode().put("millis", amount.toMillis());
    call("POST", "/_taskbridge/clock/advance", body);
  }

  @Override
  public void inject(String operation, int times, InjectedFault fault) {
    require(Capability.FAULT_INJECTION);
    ObjectNode body =
        JSON.createObjectNode()
            .put("selector", operation)
            .put("times", times)
            .put("fault", fault.name());
    call("POST", "/_taskbridge/faults", body);
  }

  @Override
  public void clearFaults() {
    if (capabilities.contains(Capability.FAULT_INJECTION)) {
      call("DELETE", "/_taskbridge/faults", null);
    }
  }

  private void require(Capability capability) {
    if (!capabilities.contains(capability)) {
      throw new UnsupportedOperationException(base + " does not offer " + capability);
    }
  }

  private void call(String method, String path, @Nullable JsonNode body) {
    HttpRequest.BodyPublisher publisher =
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body.toString());
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(CALL_TIMEOUT)
            .header("Content-Type", "application/json")
            .method(method, publisher)
            .build();
    HttpResponse<String> r;
    try {
      r = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + base + path + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(method + " " + base + path + " interrupted", e);
    }
    if (r.statusCode() != 200) {
      throw new IllegalStateException(
          method + " " + base + path + " answered " + r.statusCode() + ": " + r.body());
    }
  }

  @Override
  public String toString() {
    return "HttpTargetControl[" + base + ", " + capabilities + "]";
  }
}
