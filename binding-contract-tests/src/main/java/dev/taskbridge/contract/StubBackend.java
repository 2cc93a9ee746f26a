package dev.taskbridge.contract;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A scripted AWS JSON 1.0 backend on 127.0.0.1 for unit tests: answers each request with the next
 * queued {@link Reply} (200 {@code {}} when the queue is empty) and records what it was sent.
 *
 * <p>Plain sockets rather than {@code HttpServer}, so a reply can drop the connection without a
 * response: the case where the backend may have applied a request whose answer was lost.
 */
public final class StubBackend implements AutoCloseable {

  /** One scripted answer. */
  public record Reply(
      int status,
      Map<String, String> headers,
      String body,
      boolean drop,
      @Nullable CountDownLatch hold) {

    /** HTTP 200 with body {@code {}}. */
    public static Reply ok() {
      return new Reply(200, Map.of(), "{}", false, null);
    }

    /** An AWS JSON error: {@code {"__type": type, "message": message}} with {@code status}. */
    public static Reply error(int status, String type, String message) {
      return new Reply(
          status,
          Map.of(),
          "{\"__type\":\"" + escape(type) + "\",\"message\":\"" + escape(message) + "\"}",
          false,
          null);
    }

    /** An error with extra JSON members, e.g. {@code "kmsKeyState":"DISABLED"}. */
    public static Reply error(int status, String type, String message, String extraMembers) {
      return new Reply(
          status,
          Map.of(),
          "{\"__type\":\""
              + escape(type)
              + "\",\"message\":\""
              + escape(message)
              + "\","
              + extraMembers
              + "}",
          false,
          null);
    }

    /** Reads the request, then closes the connection without answering. */
    public static Reply dropConnection() {
      return new Reply(0, Map.of(), "", true, null);
    }

    /** This reply, sent only once {@code latch} is released. */
    public Reply heldUntil(CountDownLatch latch) {
      return new Reply(status, headers, body, drop, latch);
    }

    static String escape(String s) {
      StringBuilder sb = new StringBuilder(s.length());
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        switch (c) {
          case '"' -> sb.append("\\\"");
          case '\\' -> sb.append("\\\\");
          default -> {
            if (c < 0x20) {
              sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
              sb.append(c);
            }
          }
        }
      }
      return sb.toString();
    }
  }

  /** One request as the backend saw it. */
  public record Request(String target, Map<String, String> headers, String body) {}

  private final ServerSocket server;
  private final ExecutorService threads = Executors.newCachedThreadPool(StubBackend::daemon);
  private final ConcurrentLinkedDeque<Reply> script = new ConcurrentLinkedDeque<>();
  private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
  private final List<Socket> sockets = Collections.synchronizedList(new ArrayList<>());

  private StubBackend() throws IOException {
    server = new ServerSocket();
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    threads.execute(this::acceptLoop);
  }

  /** Starts a stub on a free loopback port. */
  public static StubBackend start() {
    try {
      return new StubBackend();
    } catch (IOException e) {
      throw new IllegalStateException("cannot bind a loopback port", e);
    }
  }

  private static Thread daemon(Runnable r) {
    Thread t = new Thread(r, "stub-backend");
    t.setDaemon(true);
    return t;
  }

  /** The endpoint to give an SDK client's {@code endpointOverride}. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getLocalPort());
  }

  /**
   * A loopback endpoint that refuses every connection, for as long as this JVM runs.
   *
   * <p>A port bound and released at once is free again: another test's server may listen on it, or
   * a client's own connection may take it as its local port and connect to itself (TCP
   * self-connect), and the "refused" call then hangs until its timeout. This port stays bound by a
   * socket that never listens, so nothing can take it and every connection to it is reset.
   */
  public static URI refusingEndpoint() {
    return URI.create("http://127.0.0.1:" + Refusing.SOCKET.getLocalPort());
  }

  private static final class Refusing {
    static final Socket SOCKET = reserve();

    private static Socket reserve() {
      try {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return s;
      } catch (IOException e) {
        throw new IllegalStateException("cannot bind a loopback port", e);
      }
    }
  }

  /** Queues replies, answered in order. */
  public StubBackend enqueue(Reply... replies) {
    Collections.addAll(script, replies);
    return this;
  }

  /** Queues {@code reply} {@code times} times. */
  public StubBackend enqueue(int times, Reply reply) {
    for (int i = 0; i < times; i++) {
      script.add(reply);
    }
    return this;
  }

  /** Every request seen so far, in order. */
  public List<Request> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  /** The only request seen; fails if there was not exactly one. */
  public Request onlyRequest() {
    List<Request> all = requests();
    if (all.size() != 1) {
      throw new AssertionError("expected exactly one request, saw " + all.size());
    }
    return all.get(0);
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    synchronized (sockets) {
      for (Socket s : sockets) {
        try {
          s.close();
        } catch (IOException ignored) {
          // closing anyway
        }
      }
    }
    threads.shutdownNow();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        sockets.add(s);
        threads.execute(() -> serve(s));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      InputStream in = new BufferedInputStream(socket.getInputStream());
      OutputStream out = socket.getOutputStream();
      while (true) {
        Request request = read(in);
        if (request == null) {
          return;
        }
        requests.add(request);
        Reply reply = script.poll();
        if (reply == null) {
          reply = Reply.ok();
        }
        if (reply.hold() != null && !reply.hold().await(30, TimeUnit.SECONDS)) {
          return;
        }
        if (reply.drop()) {
          socket.setSoLinger(true, 0); // reset, as a crashed or cut-off backend would
          return;
        }
        write(out, reply);
      }
    } catch (IOException e) {
      // client went away
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void write(OutputStream out, Reply reply) throws IOException {
    byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
    StringBuilder head =
        new StringBuilder()
            .append("HTTP/1.1 ")
            .append(reply.status())
            .append(' ')
            .append(reply.status() == 200 ? "OK" : "Error")
            .append("\r\nContent-Type: application/x-amz-json-1.0\r\nx-amzn-RequestId: ")
            .append(UUID.randomUUID())
            .append("\r\nContent-Length: ")
            .append(body.length)
            .append("\r\n");
    reply.headers().forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
    head.append("\r\n");
    out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    out.write(body);
    out.flush();
  }

  private static @Nullable Request read(InputStream in) throws IOException {
    String requestLine = line(in);
    if (requestLine == null || requestLine.isEmpty()) {
      return null;
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
      int colon = h.indexOf(':');
      if (colon > 0) {
        headers.put(
            h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
      }
    }
    byte[] body;
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      while (true) {
        String size = line(in);
        int n = size == null ? 0 : Integer.parseInt(chunkSize(size), 16);
        if (n == 0) {
          line(in);
          break;
        }
        buf.write(in.readNBytes(n));
        line(in);
      }
      body = buf.toByteArray();
    } else {
      String length = headers.get("content-length");
      body = in.readNBytes(length == null ? 0 : Integer.parseInt(length));
    }
    String target = headers.getOrDefault("x-amz-target", "");
    return new Request(target, headers, new String(body, StandardCharsets.UTF_8));
  }

  private static String chunkSize(String line) {
    int semicolon = line.indexOf(';');
    return (semicolon < 0 ? line : line.substring(0, semicolon)).trim();
  }

  private static @Nullable String line(InputStream in) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream(64);
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\n') {
        byte[] b = buf.toByteArray();
        int len = b.length > 0 && b[b.length - 1] == '\r' ? b.length - 1 : b.length;
        return new String(b, 0, len, StandardCharsets.ISO_8859_1);
      }
      buf.write(c);
    }
    return buf.size() == 0 ? null : buf.toString(StandardCharsets.ISO_8859_1);
  }
}
