package dev.taskbridge.benchmarks;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * A minimal HTTP/1.1 keep-alive client for AWS JSON 1.0 requests on loopback: one socket, one
 * request at a time, no signing. Costs the load generator microseconds per call, so the emulator is
 * what is measured.
 */
final class RawHttp implements Closeable {

  /** A response: status and body. */
  static final class Response {
    private final int status;
    private final byte[] body;

    Response(int status, byte[] body) {
      this.status = status;
      this.body = body;
    }

    int status() {
      return status;
    }

    byte[] body() {
      return body;
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private final Socket socket;
  private final OutputStream out;
  private final InputStream in;
  private final byte[] head;
  private final StringBuilder line = new StringBuilder(128);

  RawHttp(URI endpoint) throws IOException {
    socket = new Socket();
    socket.setTcpNoDelay(true);
    socket.connect(new InetSocketAddress(endpoint.getHost(), endpoint.getPort()));
    out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
    in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
    head =
        ("POST / HTTP/1.1\r\nHost: "
                + endpoint.getHost()
                + ":"
                + endpoint.getPort()
                + "\r\nContent-Type: application/x-amz-json-1.0\r\nX-Amz-Target: ")
            .getBytes(StandardCharsets.US_ASCII);
  }

  /** Sends {@code body} to operation {@code target} and reads the whole response. */
  Response post(String target, byte[] body) throws IOException {
    out.write(head);
    out.write(
        (target + "\r\nContent-Length: " + body.length + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.write(body);
    out.flush();
    String status = readLine();
    int code = Integer.parseInt(status.substring(9, 12));
    int length = 0;
    for (String h = readLine(); !h.isEmpty(); h = readLine()) {
      int colon = h.indexOf(':');
      if (colon > 0 && h.substring(0, colon).trim().equalsIgnoreCase("Content-Length")) {
        length = Integer.parseInt(h.substring(colon + 1).trim());
      }
    }
    byte[] bytes = in.readNBytes(length);
    if (bytes.length < length) {
      throw new EOFException("connection closed in the body");
    }
    return new Response(code, bytes);
  }

  private String readLine() throws IOException {
    line.setLength(0);
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("connection closed");
      }
      if (b == '\n') {
        int n = line.length();
        if (n > 0 && line.charAt(n - 1) == '\r') {
          line.setLength(n - 1);
        }
        return line.toString();
      }
      line.append((char) b);
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
