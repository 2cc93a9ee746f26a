package dev.taskbridge.emulator.internal;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** A plain socket to an emulator, to send exactly the bytes a test needs and read answers. */
final class RawConnection implements AutoCloseable {

  /** One answer as read off the wire; header names in lower case. */
  record Answer(int status, Map<String, String> headers, String body) {
    String header(String name) {
      return headers.getOrDefault(name.toLowerCase(Locale.ROOT), "");
    }
  }

  private final Socket socket;
  private final InputStream in;

  RawConnection(URI endpoint) throws IOException {
    socket = new Socket(endpoint.getHost(), endpoint.getPort());
    socket.setTcpNoDelay(true);
    socket.setSoTimeout(10_000);
    in = socket.getInputStream();
  }

  static String post(String target, String body) {
    return "POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: "
        + target
        + "\r\nContent-Type: application/x-amz-json-1.0\r\nContent-Length: "
        + body.getBytes(StandardCharsets.UTF_8).length
        + "\r\n\r\n"
        + body;
  }

  /**
   * {@code lead} (the request line and any header lines, each ending in CRLF), then the
   * X-Amz-Target and Content-Length lines and {@code body}.
   */
  static String request(String lead, String target, String body) {
    return lead
        + "X-Amz-Target: "
        + target
        + "\r\nContent-Length: "
        + body.getBytes(StandardCharsets.UTF_8).length
        + "\r\n\r\n"
        + body;
  }

  RawConnection send(String text) throws IOException {
    socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
    socket.getOutputStream().flush();
    return this;
  }

  /** Reads one answer (status line, headers, a body of Content-Length bytes). */
  Answer read() throws IOException {
    Answer head = readHeadOnly();
    int length = Integer.parseInt(head.headers().getOrDefault("content-length", "0"));
    byte[] body = in.readNBytes(length);
    if (body.length < length) {
      throw new EOFException("connection closed in the body");
    }
    return new Answer(head.status(), head.headers(), new String(body, StandardCharsets.UTF_8));
  }

  /** Reads the status line and headers of one answer, and not its body. */
  Answer readHeadOnly() throws IOException {
    String status = line();
    if (!status.startsWith("HTTP/1.1 ")) {
      throw new IOException("not a status line: " + status);
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (String h = line(); !h.isEmpty(); h = line()) {
      int colon = h.indexOf(':');
      headers.put(
          h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
    }
    return new Answer(Integer.parseInt(status.substring(9, 12)), headers, "");
  }

  /**
   * Whether the server has closed this connection, waiting up to {@code millis} for it: true on end
   * of stream or a reset, false if the connection is still open when the time is up.
   */
  boolean closedWithin(int millis) throws IOException {
    socket.setSoTimeout(millis);
    try {
      return in.read() < 0;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (SocketException e) {
      return true; // reset
    } finally {
      socket.setSoTimeout(10_000);
    }
  }

  /** The next answer if one starts within {@code millis}, else null (still open, or closed). */
  @org.jspecify.annotations.Nullable
  Answer answerWithin(int millis) throws IOException {
    socket.setSoTimeout(millis);
    try {
      return read();
    } catch (SocketTimeoutException | EOFException | SocketException e) {
      return null;
    } finally {
      socket.setSoTimeout(10_000);
    }
  }

  private String line() throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    while (true) {
      int c = in.read();
      if (c < 0) {
        throw new EOFException("connection closed");
      }
      if (c == '\n') {
        String s = b.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
      }
      b.write(c);
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
