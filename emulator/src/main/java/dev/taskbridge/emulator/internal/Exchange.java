package dev.taskbridge.emulator.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * One request read by {@link NioHttpServer} and its answer. The answer may be given from any
 * thread, once: {@link #send} or {@link #drop}. Until then the connection reads nothing more, so a
 * pipelined next request waits for this answer.
 */
final class Exchange {
  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
          .withZone(ZoneOffset.UTC);

  /** The formatted Date header of one second, shared by every thread. */
  private static final class DateLine {
    final long second;
    final byte[] bytes;

    DateLine(long second) {
      this.second = second;
      this.bytes =
          ("Date: " + HTTP_DATE.format(Instant.ofEpochSecond(second)) + "\r\n")
              .getBytes(StandardCharsets.US_ASCII);
    }
  }

  private static volatile DateLine date = new DateLine(System.currentTimeMillis() / 1000);

  final String method;
  final @Nullable String path;
  final @Nullable String amzTarget;
  final byte[] body;
  private final NioConnection connection;
  private final boolean keepAlive;
  private final boolean http10;
  private final boolean head;

  Exchange(
      NioConnection connection,
      String method,
      @Nullable String path,
      @Nullable String amzTarget,
      byte[] body,
      boolean keepAlive,
      boolean http10) {
    this.connection = connection;
    this.method = method;
    this.path = path;
    this.amzTarget = amzTarget;
    this.body = body;
    this.keepAlive = keepAlive;
    this.http10 = http10;
    this.head = method.equals("HEAD");
  }

  /**
   * Answers with {@code status}, the given header name/value pairs (besides Date, Content-Length
   * and Connection, which are added here) and {@code body}, all in one write; then closes the
   * connection if {@code close} or if the request asked for that.
   */
  void send(int status, String[] headers, byte[] body, boolean close) {
    boolean closing = close || !keepAlive;
    connection.respond(this, encode(status, headers, body, closing, http10 && !closing), closing);
  }

  /** Runs {@code task} on the thread that owns this exchange's connection. */
  void execute(Runnable task) {
    connection.execute(task);
  }

  /** Closes the connection without an answer. */
  void drop() {
    connection.drop(this);
  }

  private byte[] encode(
      int status, String[] headers, byte[] body, boolean closing, boolean sayKeepAlive) {
    Ascii out = new Ascii(256);
    out.append("HTTP/1.1 ").append(Integer.toString(status)).append(' ').append(reason(status));
    out.crlf();
    out.append(dateLine());
    for (int i = 0; i + 1 < headers.length; i += 2) {
      out.append(headers[i]).append(": ").append(headers[i + 1]).crlf();
    }
    out.append("Content-Length: ").append(Integer.toString(body.length)).crlf();
    if (closing) {
      out.append("Connection: close").crlf();
    } else if (sayKeepAlive) {
      out.append("Connection: keep-alive").crlf();
    }
    out.crlf();
    return out.toBytes(head ? Reply.EMPTY : body);
  }

  private static byte[] dateLine() {
    DateLine d = date;
    long now = System.currentTimeMillis() / 1000;
    if (d.second != now) {
      d = new DateLine(now);
      date = d;
    }
    return d.bytes;
  }

  static String reason(int status) {
    switch (status) {
      case 100:
        return "Continue";
      case 200:
        return "OK";
      case 400:
        return "Bad Request";
      case 403:
        return "Forbidden";
      case 404:
        return "Not Found";
      case 405:
        return "Method Not Allowed";
      case 408:
        return "Request Timeout";
      case 409:
        return "Conflict";
      case 413:
        return "Request Entity Too Large";
      case 429:
        return "Too Many Requests";
      case 431:
        return "Request Header Fields Too Large";
      case 500:
        return "Internal Server Error";
      case 501:
        return "Not Implemented";
      case 502:
        return "Bad Gateway";
      case 503:
        return "Service Unavailable";
      case 504:
        return "Gateway Timeout";
      case 505:
        return "HTTP Version Not Supported";
      default:
        return "";
    }
  }

  /** A growable byte array for ASCII header text and the body. */
  private static final class Ascii {
    private byte[] buf;
    private int len;

    Ascii(int capacity) {
      buf = new byte[capacity];
    }

    Ascii append(String s) {
      int n = s.length();
      ensure(n);
      for (int i = 0; i < n; i++) {
        char c = s.charAt(i);
        // header values are ours or the client's ISO-8859-1 bytes; never let CR/LF split a line
        buf[len++] = c < 0x100 && c != '\r' && c != '\n' ? (byte) c : (byte) '?';
      }
      return this;
    }

    Ascii append(char c) {
      ensure(1);
      buf[len++] = (byte) c;
      return this;
    }

    Ascii append(byte[] b) {
      ensure(b.length);
      System.arraycopy(b, 0, buf, len, b.length);
      len += b.length;
      return this;
    }

    Ascii crlf() {
      ensure(2);
      buf[len++] = '\r';
      buf[len++] = '\n';
      return this;
    }

    private void ensure(int n) {
      if (len + n > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
      }
    }

    /** The text so far followed by {@code tail}, in a new array of exactly that size. */
    byte[] toBytes(byte[] tail) {
      byte[] out = Arrays.copyOf(buf, len + tail.length);
      System.arraycopy(tail, 0, out, len, tail.length);
      return out;
    }
  }
}
