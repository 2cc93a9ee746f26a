package dev.taskbridge.emulator.internal;

import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * The parts of an HTTP/1.x request head that the emulator uses, parsed straight from the bytes.
 * Every other header is checked for shape and skipped without building a string.
 */
final class RequestHead {

  /** A request the server refuses before it reaches a handler; answered, then the line closed. */
  static final class BadRequest extends Exception {
    private static final long serialVersionUID = 1L;

    final int status;

    BadRequest(int status, String message) {
      super(message, null, false, false);
      this.status = status;
    }
  }

  final String method;
  final String target;
  final boolean http10;
  final long contentLength;
  final boolean chunked;
  final @Nullable String amzTarget;
  final boolean connectionClose;
  final boolean connectionKeepAlive;
  final boolean expectContinue;

  private RequestHead(
      String method,
      String target,
      boolean http10,
      long contentLength,
      boolean chunked,
      @Nullable String amzTarget,
      boolean connectionClose,
      boolean connectionKeepAlive,
      boolean expectContinue) {
    this.method = method;
    this.target = target;
    this.http10 = http10;
    this.contentLength = contentLength;
    this.chunked = chunked;
    this.amzTarget = amzTarget;
    this.connectionClose = connectionClose;
    this.connectionKeepAlive = connectionKeepAlive;
    this.expectContinue = expectContinue;
  }

  /** Whether the connection stays open after the answer to this request. */
  boolean keepAlive() {
    return http10 ? connectionKeepAlive && !connectionClose : !connectionClose;
  }

  /**
   * The index just past the blank line that ends a head in {@code b[from, to)}, or -1 if there is
   * none yet. Accepts CRLF and bare LF line ends; {@code from} may be a resume point, as long as it
   * is at most three bytes past the start of an unseen terminator.
   */
  static int findEnd(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != '\n') {
        continue;
      }
      if (i + 1 < to && b[i + 1] == '\n') {
        return i + 2;
      }
      if (i + 2 < to && b[i + 1] == '\r' && b[i + 2] == '\n') {
        return i + 3;
      }
    }
    return -1;
  }

  /** Parses the head in {@code b[start, end)}, which ends with its blank line. */
  static RequestHead parse(byte[] b, int start, int end) throws BadRequest {
    int lineEnd = lineEnd(b, start, end);
    int contentEnd = trimCr(b, start, lineEnd);
    // request-line = method SP request-target SP HTTP-version
    int sp1 = indexOf(b, start, contentEnd, (byte) ' ');
    if (sp1 <= start) {
      throw new BadRequest(400, "Malformed request line");
    }
    int sp2 = indexOf(b, sp1 + 1, contentEnd, (byte) ' ');
    if (sp2 <= sp1 + 1) {
      throw new BadRequest(400, "Malformed request line");
    }
    for (int i = start; i < sp1; i++) {
      if (!isTchar(b[i])) {
        throw new BadRequest(400, "Malformed request method");
      }
    }
    for (int i = sp1 + 1; i < sp2; i++) {
      if (b[i] <= ' ' || b[i] >= 0x7F) {
        throw new BadRequest(400, "Malformed request target");
      }
    }
    boolean http10;
    if (equalsAscii(b, sp2 + 1, contentEnd, "HTTP/1.1")) {
      http10 = false;
    } else if (equalsAscii(b, sp2 + 1, contentEnd, "HTTP/1.0")) {
      http10 = true;
    } else if (contentEnd - sp2 - 1 == 8 && startsWithAscii(b, sp2 + 1, "HTTP/")) {
      throw new BadRequest(505, "HTTP version not supported");
    } else {
      throw new BadRequest(400, "Malformed request line");
    }
    String method = method(b, start, sp1);
    String target =
        sp2 - sp1 == 2 && b[sp1 + 1] == '/'
            ? "/"
            : new String(b, sp1 + 1, sp2 - sp1 - 1, StandardCharsets.US_ASCII);

    long contentLength = -1;
    boolean chunked = false;
    boolean transferEncoding = false;
    String amzTarget = null;
    boolean close = false;
    boolean keepAlive = false;
    boolean expectContinue = false;
    int pos = lineEnd + 1;
    while (pos < end) {
      lineEnd = lineEnd(b, pos, end);
      contentEnd = trimCr(b, pos, lineEnd);
      if (contentEnd == pos) {
        break; // the blank line
      }
      if (b[pos] == ' ' || b[pos] == '\t') {
        throw new BadRequest(400, "Obsolete header line folding");
      }
      int colon = indexOf(b, pos, contentEnd, (byte) ':');
      if (colon <= pos) {
        throw new BadRequest(400, "Malformed header line");
      }
      for (int i = pos; i < colon; i++) {
        if (!isTchar(b[i])) {
          throw new BadRequest(400, "Malformed header name");
        }
      }
      int vs = colon + 1;
      int ve = contentEnd;
      while (vs < ve && (b[vs] == ' ' || b[vs] == '\t')) {
        vs++;
      }
      while (ve > vs && (b[ve - 1] == ' ' || b[ve - 1] == '\t')) {
        ve--;
      }
      for (int i = vs; i < ve; i++) {
        if (b[i] == 0 || b[i] == '\r') {
          throw new BadRequest(400, "Malformed header value");
        }
      }
      switch (colon - pos) {
        case 14:
          if (nameIs(b, pos, "content-length")) {
            long n = parseLength(b, vs, ve);
            if (contentLength >= 0 && contentLength != n) {
              throw new BadRequest(400, "Conflicting Content-Length headers");
            }
            contentLength = n;
          }
          break;
        case 17:
          if (nameIs(b, pos, "transfer-encoding")) {
            if (transferEncoding || !equalsAsciiIgnoreCase(b, vs, ve, "chunked")) {
              throw new BadRequest(501, "Only the chunked Transfer-Encoding is supported");
            }
            transferEncoding = true;
            chunked = true;
          }
          break;
        case 12:
          if (amzTarget == null && nameIs(b, pos, "x-amz-target")) {
            amzTarget = new String(b, vs, ve - vs, StandardCharsets.ISO_8859_1);
          }
          break;
        case 10:
          if (nameIs(b, pos, "connection")) {
            int t = vs;
            while (t < ve) {
              int comma = indexOf(b, t, ve, (byte) ',');
              int te = comma < 0 ? ve : comma;
              int ts = t;
              while (ts < te && (b[ts] == ' ' || b[ts] == '\t')) {
                ts++;
              }
              int tz = te;
              while (tz > ts && (b[tz - 1] == ' ' || b[tz - 1] == '\t')) {
                tz--;
              }
              if (equalsAsciiIgnoreCase(b, ts, tz, "close")) {
                close = true;
              } else if (equalsAsciiIgnoreCase(b, ts, tz, "keep-alive")) {
                keepAlive = true;
              }
              t = te + 1;
            }
          }
          break;
        case 6:
          if (nameIs(b, pos, "expect") && equalsAsciiIgnoreCase(b, vs, ve, "100-continue")) {
            expectContinue = true;
          }
          break;
        default:
          break;
      }
      pos = lineEnd + 1;
    }
    if (chunked && contentLength >= 0) {
      // RFC 9112 6.3: a request with both is a smuggling risk; refuse it
      throw new BadRequest(400, "Both Content-Length and Transfer-Encoding");
    }
    return new RequestHead(
        method,
        target,
        http10,
        contentLength,
        chunked,
        amzTarget,
        close,
        keepAlive,
        expectContinue);
  }

  private static String method(byte[] b, int from, int to) {
    if (equalsAscii(b, from, to, "POST")) {
      return "POST";
    }
    if (equalsAscii(b, from, to, "GET")) {
      return "GET";
    }
    return new String(b, from, to - from, StandardCharsets.US_ASCII);
  }

  /** Content-Length digits; a value too large for a long reads as {@link Long#MAX_VALUE}. */
  private static long parseLength(byte[] b, int from, int to) throws BadRequest {
    if (from == to) {
      throw new BadRequest(400, "Malformed Content-Length");
    }
    long n = 0;
    for (int i = from; i < to; i++) {
      int d = b[i] - '0';
      if (d < 0 || d > 9) {
        throw new BadRequest(400, "Malformed Content-Length");
      }
      n = n > (Long.MAX_VALUE - d) / 10 ? Long.MAX_VALUE : n * 10 + d;
    }
    return n;
  }

  /** The index of the LF that ends the line starting at {@code from}, or {@code to} if none. */
  private static int lineEnd(byte[] b, int from, int to) {
    int i = indexOf(b, from, to, (byte) '\n');
    return i < 0 ? to : i;
  }

  private static int trimCr(byte[] b, int from, int lineEnd) {
    return lineEnd > from && b[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
  }

  private static int indexOf(byte[] b, int from, int to, byte c) {
    for (int i = from; i < to; i++) {
      if (b[i] == c) {
        return i;
      }
    }
    return -1;
  }

  /** Whether the header name at {@code from} equals {@code lower} (lower case) ignoring case. */
  private static boolean nameIs(byte[] b, int from, String lower) {
    for (int i = 0; i < lower.length(); i++) {
      int c = b[from + i];
      if (c >= 'A' && c <= 'Z') {
        c += 'a' - 'A';
      }
      if (c != lower.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static boolean equalsAsciiIgnoreCase(byte[] b, int from, int to, String lower) {
    return to - from == lower.length() && nameIs(b, from, lower);
  }

  private static boolean equalsAscii(byte[] b, int from, int to, String s) {
    return to - from == s.length() && startsWithAscii(b, from, s);
  }

  private static boolean startsWithAscii(byte[] b, int from, String s) {
    for (int i = 0; i < s.length(); i++) {
      if (b[from + i] != s.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** RFC 9110 tchar: the characters of a token (methods, header names). */
  private static boolean isTchar(byte c) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
      return true;
    }
    switch (c) {
      case '!':
      case '#':
      case '$':
      case '%':
      case '&':
      case '\'':
      case '*':
      case '+':
      case '-':
      case '.':
      case '^':
      case '_':
      case '`':
      case '|':
      case '~':
        return true;
      default:
        return false;
    }
  }
}
