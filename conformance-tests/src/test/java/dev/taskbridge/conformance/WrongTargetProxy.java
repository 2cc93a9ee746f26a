package dev.taskbridge.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A loopback HTTP proxy in front of an emulator that answers some calls as a different backend
 * would: a deliberately wrong (or merely different) target for the kit's self-test. Everything it
 * does not change is forwarded as it is, the emulator's control plane included.
 */
final class WrongTargetProxy implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> NOT_FORWARDED =
      Set.of("host", "content-length", "connection", "expect", "upgrade", "transfer-encoding");

  /** An HTTP answer. */
  record Answer(int status, Map<String, String> headers, String body) {
    static Answer json(int status, String body) {
      return new Answer(status, Map.of("Content-Type", "application/x-amz-json-1.0"), body);
    }
  }

  /** How the proxy answers one AWS call: forward it, change the answer, or answer itself. */
  interface Behaviour {
    Answer answer(String amzTarget, JsonNode request, Supplier<Answer> forward);
  }

  private final HttpServer server;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  WrongTargetProxy(URI upstream, Behaviour behaviour) {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext(
        "/",
        ex -> {
          try {
            byte[] body = ex.getRequestBody().readAllBytes();
            Supplier<Answer> forward = () -> forward(upstream, ex, body);
            String target = ex.getRequestHeaders().getFirst("X-Amz-Target");
            Answer a =
                target == null
                    ? forward.get()
                    : behaviour.answer(target, JSON.readTree(body), forward);
            reply(ex, a);
          } catch (RuntimeException e) {
            reply(ex, Answer.json(599, "{}"));
          }
        });
    server.start();
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  private Answer forward(URI upstream, HttpExchange ex, byte[] body) {
    HttpRequest.Builder r =
        HttpRequest.newBuilder(upstream.resolve(ex.getRequestURI().toString()))
            .method(ex.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
    ex.getRequestHeaders()
        .forEach(
            (name, values) -> {
              if (!NOT_FORWARDED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                values.forEach(v -> r.header(name, v));
              }
            });
    try {
      HttpResponse<String> response =
          http.send(r.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      Map<String, String> headers = new ConcurrentHashMap<>();
      response
          .headers()
          .map()
          .forEach(
              (name, values) -> {
                if (!NOT_FORWARDED.contains(name.toLowerCase(java.util.Locale.ROOT))
                    && !name.startsWith(":")) {
                  headers.put(name, values.get(0));
                }
              });
      return new Answer(response.statusCode(), headers, response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void reply(HttpExchange ex, Answer a) throws IOException {
    byte[] b = a.body().getBytes(StandardCharsets.UTF_8);
    a.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
    ex.sendResponseHeaders(a.status(), b.length == 0 ? -1 : b.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(b);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }

  // --- behaviours ---

  /** Answers a second report on a token with 200, as LocalStack and moto do. */
  static Behaviour acceptsSecondReports() {
    Set<String> reported = ConcurrentHashMap.newKeySet();
    return (target, request, forward) -> {
      if (!target.endsWith(".SendTaskFailure") && !target.endsWith(".RespondActivityTaskFailed")) {
        return forward.get();
      }
      String token = request.path("taskToken").asText();
      if (reported.contains(token)) {
        return Answer.json(200, "{}");
      }
      Answer a = forward.get();
      if (a.status() == 200) {
        reported.add(token);
      }
      return a;
    };
  }

  /** Answers DescribeExecution with RUNNING the first {@code times} times for each execution. */
  static Behaviour routesLate(int times) {
    Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
    return (target, request, forward) -> {
      Answer a = forward.get();
      if (!target.equals("AWSStepFunctions.DescribeExecution") || a.status() != 200) {
        return a;
      }
      String arn = request.path("executionArn").asText();
      if (seen.computeIfAbsent(arn, k -> new AtomicInteger()).incrementAndGet() > times) {
        return a;
      }
      try {
        ObjectNode o = (ObjectNode) JSON.readTree(a.body());
        o.put("status", "RUNNING");
        o.remove(List.of("output", "stopDate", "outputDetails"));
        return new Answer(a.status(), a.headers(), o.toString());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    };
  }

  /** Serves Step Functions only: every SWF call is answered as an unknown operation. */
  static Behaviour servesSfnOnly() {
    return (target, request, forward) ->
        target.startsWith("SimpleWorkflowService.")
            ? Answer.json(
                400,
                "{\"__type\":\"com.amazon.coral.service#UnknownOperationException\","
                    + "\"message\":\"\"}")
            : forward.get();
  }
}
