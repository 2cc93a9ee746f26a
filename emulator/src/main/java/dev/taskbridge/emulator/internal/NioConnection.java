package dev.taskbridge.emulator.internal;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP/1.1 connection of {@link NioHttpServer}, confined to its loop's thread: reads a request
 * head and body, hands the request to the handler, writes the answer, then reads the next. At most
 * one request is outstanding: while the handler has it, nothing more is read (bytes already read
 * wait in the buffer), so answers go out in request order.
 */
final class NioConnection {
  private static final int HEAD = 0;
  private static final int BODY = 1;
  private static final int CHUNK_SIZE = 2;
  private static final int CHUNK_DATA = 3;
  private static final int CHUNK_END = 4;
  private static final int TRAILERS = 5;
  private static final int DRAIN = 6;
  private static final int BUSY = 7;
  private static final int LINGER = 8;
  private static final int CLOSED = 9;

  private static final int INITIAL_BUFFER = 4096;
  private static final int MAX_CHUNK_LINE = 4096;

  /**
   * The most bytes one read or write moves: the JDK copies heap buffers through a temporary direct
   * buffer of the requested size and keeps it per thread, so a 4 MiB body must not ask for 4 MiB.
   */
  private static final int MAX_IO = 256 * 1024;

  private static final byte[] CONTINUE =
      "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  private final NioLoop loop;
  private final SocketChannel channel;
  private final NioHttpServer.Limits limits;
  private final NioHttpServer.Handler handler;
  private @Nullable SelectionKey key;

  /** Bytes read and not yet consumed: {@code buf[0, len)}. */
  private byte[] buf = new byte[INITIAL_BUFFER];

  private ByteBuffer bufView = ByteBuffer.wrap(buf);
  private int len;

  /** Where the search for the end of the head resumes. */
  private int scan;

  private int state = HEAD;
  private @Nullable RequestHead head;
  private byte[] body = Reply.EMPTY;
  private int bodyLen;
  private long remaining;
  private long rawBodyBytes;
  private boolean overLimit;
  private long lingered;

  private @Nullable ByteBuffer out;
  private boolean outIsAnswer;
  private boolean closeAfterWrite;
  private @Nullable Exchange current;

  /** Loop time of the last progress (bytes in or out, or an answer written). */
  private long lastProgress;

  private int interest = -1;
  private boolean advancing;

  NioConnection(
      NioLoop loop,
      SocketChannel channel,
      NioHttpServer.Limits limits,
      NioHttpServer.Handler handler) {
    this.loop = loop;
    this.channel = channel;
    this.limits = limits;
    this.handler = handler;
    this.lastProgress = loop.now();
  }

  void attach(SelectionKey key) {
    this.key = key;
    interest = key.interestOps();
  }

  boolean isClosed() {
    return state == CLOSED;
  }

  boolean hasPendingOutput() {
    return out != null;
  }

  // ------------------------------------------------------------------ events (loop thread)

  void onReadable() {
    if (state == BUSY || state == CLOSED) {
      updateInterest();
      return;
    }
    int n;
    try {
      if (state == DRAIN || state == LINGER) {
        ByteBuffer scratch = loop.scratch();
        scratch.clear();
        if (state == DRAIN && scratch.remaining() > remaining) {
          scratch.limit((int) remaining);
        }
        n = channel.read(scratch);
        if (n > 0) {
          discarded(n);
        }
      } else if (state == BODY && len == 0) {
        n = channel.read(ByteBuffer.wrap(body, bodyLen, Math.min(MAX_IO, body.length - bodyLen)));
        if (n > 0) {
          bodyLen += n;
        }
      } else {
        int before = state;
        ensureSpace();
        if (state != before) {
          updateInterest(); // refused: the head did not fit
          return;
        }
        bufView.limit(buf.length).position(len);
        n = channel.read(bufView);
        if (n > 0) {
          len += n;
        }
      }
    } catch (IOException e) {
      close();
      return;
    }
    if (n < 0) {
      // the peer closed: between requests that is the normal end; mid-request it is abandoned
      close();
      return;
    }
    if (n > 0) {
      lastProgress = loop.now();
      advance();
    }
  }

  void onWritable() {
    flush();
    updateInterest();
  }

  /** Applies the read, idle and write timeouts; called by the loop's periodic sweep. */
  void checkTimeouts(long now) {
    long quiet = now - lastProgress;
    if (state == CLOSED) {
      return;
    }
    if (out != null) {
      if (quiet > limits.readTimeoutNanos) {
        close(); // the client stopped reading its answer
      }
      return;
    }
    switch (state) {
      case BUSY:
        return; // the handler has the request: long polls and injected delays wait there
      case LINGER:
        if (quiet > limits.lingerNanos) {
          close();
        }
        return;
      case HEAD:
        if (quiet > (len == 0 ? limits.idleTimeoutNanos : limits.readTimeoutNanos)) {
          close();
        }
        return;
      default:
        if (quiet > limits.readTimeoutNanos) {
          close(); // stalled in the middle of a request
        }
    }
  }

  // ------------------------------------------------------------------ answers (any thread)

  void respond(Exchange ex, byte[] bytes, boolean close) {
    if (loop.inLoop()) {
      write(ex, bytes, close);
    } else {
      loop.execute(() -> write(ex, bytes, close));
    }
  }

  void execute(Runnable task) {
    loop.execute(task);
  }

  void drop(Exchange ex) {
    if (loop.inLoop()) {
      dropNow(ex);
    } else {
      loop.execute(() -> dropNow(ex));
    }
  }

  private void write(Exchange ex, byte[] bytes, boolean close) {
    if (current != ex || state == CLOSED) {
      return; // answered already, or the connection is gone
    }
    current = null;
    ByteBuffer pending = out;
    if (pending != null && pending.hasRemaining()) {
      // an interim 100 Continue is still going out: the answer follows it
      ByteBuffer both = ByteBuffer.allocate(pending.remaining() + bytes.length);
      both.put(pending).put(bytes).flip();
      out = both;
    } else {
      out = ByteBuffer.wrap(bytes);
    }
    outIsAnswer = true;
    closeAfterWrite = close;
    flush();
    updateInterest();
  }

  private void dropNow(Exchange ex) {
    if (current == ex) {
      close();
    }
  }

  // ------------------------------------------------------------------ reading requests

  private void advance() {
    if (advancing) {
      return; // an answer written inside the handler; the outer loop carries on
    }
    advancing = true;
    try {
      while (step()) {
        // keep going while a step made progress
      }
    } finally {
      advancing = false;
    }
    updateInterest();
  }

  /** One parsing step; true if another step may make progress. */
  private boolean step() {
    switch (state) {
      case HEAD:
        return readHead();
      case BODY:
        {
          int n = (int) Math.min(len, (long) body.length - bodyLen);
          System.arraycopy(buf, 0, body, bodyLen, n);
          consume(n);
          bodyLen += n;
          if (bodyLen < body.length) {
            return false;
          }
          dispatch(body);
          return true;
        }
      case DRAIN:
        {
          int n = (int) Math.min(len, remaining);
          consume(n);
          discarded(n);
          return state != DRAIN;
        }
      case CHUNK_SIZE:
        return readChunkSize();
      case CHUNK_DATA:
        {
          if (len == 0) {
            return false;
          }
          int n = (int) Math.min(len, remaining);
          if (!overLimit) {
            if ((long) bodyLen + n > limits.maxBodyBytes) {
              overLimit = true;
              body = Reply.EMPTY;
              bodyLen = 0;
            } else {
              if (bodyLen + n > body.length) {
                body = Arrays.copyOf(body, Math.max(body.length * 2, bodyLen + n));
              }
              System.arraycopy(buf, 0, body, bodyLen, n);
              bodyLen += n;
            }
          }
          consume(n);
          remaining -= n;
          rawBodyBytes += n;
          if (overLimit && rawBodyBytes > limits.drainLimit) {
            refuse(413, "");
            return false;
          }
          if (remaining == 0) {
            state = CHUNK_END;
          }
          return true;
        }
      case CHUNK_END:
        if (len == 0) {
          return false;
        }
        if (buf[0] == '\n') {
          consume(1);
        } else if (buf[0] == '\r' && len >= 2 && buf[1] == '\n') {
          consume(2);
        } else if (buf[0] == '\r' && len == 1) {
          return false;
        } else {
          refuse(400, "Malformed chunked body");
          return false;
        }
        state = CHUNK_SIZE;
        return true;
      case TRAILERS:
        return readTrailer();
      default:
        // BUSY, LINGER, CLOSED: nothing to parse
        return false;
    }
  }

  private boolean readHead() {
    int skip = 0;
    while (skip < len && (buf[skip] == '\r' || buf[skip] == '\n')) {
      skip++; // RFC 9112 2.2: ignore empty lines before a request line
    }
    if (skip > 0) {
      consume(skip);
      scan = 0;
    }
    if (len == 0) {
      return false;
    }
    int end = RequestHead.findEnd(buf, scan, len);
    if (end < 0) {
      scan = Math.max(0, len - 3);
      if (len >= limits.maxHeadBytes) {
        refuse(431, "Request header fields too large");
      }
      return false;
    }
    scan = 0;
    if (end > limits.maxHeadBytes) {
      refuse(431, "Request header fields too large");
      return false;
    }
    RequestHead h;
    try {
      h = RequestHead.parse(buf, 0, end);
    } catch (RequestHead.BadRequest e) {
      refuse(e.status, String.valueOf(e.getMessage()));
      return false;
    }
    consume(end);
    head = h;
    bodyLen = 0;
    overLimit = false;
    rawBodyBytes = 0;
    if (h.chunked) {
      body = new byte[Math.min(1024, limits.maxBodyBytes)];
      state = CHUNK_SIZE;
      maybeContinue(h);
      return true;
    }
    if (h.contentLength <= 0) {
      dispatch(Reply.EMPTY);
      return true;
    }
    if (h.contentLength > limits.maxBodyBytes) {
      if (h.expectContinue && len == 0) {
        refuse(413, ""); // the client waits for our word before it sends the body
        return false;
      }
      // read (a bounded part of) what was sent, so the client is listening when we refuse
      state = DRAIN;
      remaining = Math.min(h.contentLength, limits.drainLimit);
      return true;
    }
    body = new byte[(int) h.contentLength];
    state = BODY;
    maybeContinue(h);
    return true;
  }

  private void maybeContinue(RequestHead h) {
    if (h.expectContinue && !h.http10 && len == 0 && out == null) {
      out = ByteBuffer.wrap(CONTINUE);
      outIsAnswer = false;
      flush();
    }
  }

  private boolean readChunkSize() {
    int lf = indexOfLf(0);
    if (lf < 0) {
      if (len > MAX_CHUNK_LINE) {
        refuse(400, "Malformed chunked body");
      }
      return false;
    }
    long size = 0;
    int digits = 0;
    int i = 0;
    for (; i < lf; i++) {
      int d = Character.digit(buf[i], 16);
      if (d < 0) {
        break;
      }
      if (++digits > 15) {
        refuse(400, "Chunk size too large");
        return false;
      }
      size = size * 16 + d;
    }
    byte next = i < lf ? buf[i] : (byte) '\n';
    if (digits == 0 || (next != ';' && next != '\r' && next != '\n' && next != ' ')) {
      refuse(400, "Malformed chunked body");
      return false;
    }
    consume(lf + 1);
    if (size == 0) {
      state = TRAILERS;
      remaining = 0;
    } else {
      remaining = size;
      state = CHUNK_DATA;
    }
    return true;
  }

  private boolean readTrailer() {
    int lf = indexOfLf(0);
    if (lf < 0) {
      if (len >= limits.maxHeadBytes) {
        refuse(431, "Request trailer fields too large");
      }
      return false;
    }
    boolean blank = lf == 0 || (lf == 1 && buf[0] == '\r');
    consume(lf + 1);
    if (!blank) {
      remaining += lf + 1;
      if (remaining > limits.maxHeadBytes) {
        refuse(431, "Request trailer fields too large");
        return false;
      }
      return true; // trailer fields are not used
    }
    if (overLimit) {
      refuse(413, "");
      return false;
    }
    dispatch(bodyLen == body.length ? body : Arrays.copyOf(body, bodyLen));
    return true;
  }

  private int indexOfLf(int from) {
    for (int i = from; i < len; i++) {
      if (buf[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  /** Counts bytes of a refused or closing request thrown away. */
  private void discarded(int n) {
    if (state == DRAIN) {
      remaining -= n;
      if (remaining <= 0) {
        refuse(413, "");
      }
    } else if (state == LINGER) {
      lingered += n;
      if (lingered > limits.drainLimit) {
        close();
      }
    }
  }

  private void consume(int n) {
    if (n == 0) {
      return;
    }
    len -= n;
    if (len > 0) {
      System.arraycopy(buf, n, buf, 0, len);
    }
  }

  /** Makes room to read into {@code buf}; refuses the request if its head is too large. */
  private void ensureSpace() {
    if (len < buf.length) {
      return;
    }
    if (buf.length >= limits.maxHeadBytes + 4) {
      // only a head or trailer still being parsed can fill the buffer
      refuse(431, "Request header fields too large");
      return;
    }
    buf = Arrays.copyOf(buf, Math.min(buf.length * 2, limits.maxHeadBytes + 4));
    bufView = ByteBuffer.wrap(buf);
  }

  private void dispatch(byte[] requestBody) {
    RequestHead h = head;
    if (h == null) {
      throw new IllegalStateException("no request head");
    }
    String path;
    try {
      path = path(h.target);
    } catch (URISyntaxException e) {
      refuse(400, "Malformed request target");
      return;
    }
    body = Reply.EMPTY;
    bodyLen = 0;
    head = null;
    state = BUSY;
    Exchange ex =
        new Exchange(this, h.method, path, h.amzTarget, requestBody, h.keepAlive(), h.http10);
    current = ex;
    try {
      handler.handle(ex);
    } catch (RuntimeException | Error e) {
      // never let a bug kill the loop or leak the connection
      close();
    }
  }

  private static @Nullable String path(String target) throws URISyntaxException {
    if (target.equals("/")) {
      return target;
    }
    return new URI(target).getPath();
  }

  /** Answers a request the server will not process, then closes the connection. */
  private void refuse(int status, String reason) {
    RequestHead h = head;
    head = null;
    body = Reply.EMPTY;
    bodyLen = 0;
    state = BUSY;
    Exchange ex =
        new Exchange(
            this, h == null ? "" : h.method, null, null, Reply.EMPTY, false, h != null && h.http10);
    current = ex;
    try {
      handler.refuse(ex, status, reason);
    } catch (RuntimeException | Error e) {
      close();
    }
  }

  // ------------------------------------------------------------------ writing answers

  private void flush() {
    ByteBuffer o = out;
    if (o == null || state == CLOSED) {
      return;
    }
    try {
      int limit = o.limit();
      while (o.hasRemaining()) {
        o.limit(Math.min(limit, o.position() + MAX_IO));
        int n = channel.write(o);
        o.limit(limit);
        if (n == 0) {
          break;
        }
      }
    } catch (IOException e) {
      close();
      return;
    }
    lastProgress = loop.now();
    if (o.hasRemaining()) {
      return;
    }
    out = null;
    if (outIsAnswer) {
      outIsAnswer = false;
      answered();
    }
  }

  private void answered() {
    if (closeAfterWrite) {
      linger();
      return;
    }
    state = HEAD;
    advance(); // a pipelined request may be waiting in the buffer
  }

  /**
   * Half-closes, then reads and discards until the client closes (or a bound), so that bytes the
   * client sent after what we read do not make the kernel reset the connection before the client
   * has read our answer.
   */
  private void linger() {
    state = LINGER;
    len = 0;
    lingered = 0;
    try {
      channel.shutdownOutput();
    } catch (IOException e) {
      close();
      return;
    }
    updateInterest();
  }

  void close() {
    if (state == CLOSED) {
      return;
    }
    state = CLOSED;
    current = null;
    out = null;
    SelectionKey k = key;
    if (k != null) {
      k.cancel();
    }
    try {
      channel.close();
    } catch (IOException e) {
      // nothing left to do with a connection that cannot even be closed
    }
    loop.closed(this);
  }

  private void updateInterest() {
    SelectionKey k = key;
    if (state == CLOSED || k == null) {
      return;
    }
    int want;
    if (state == BUSY) {
      want = 0;
    } else {
      want = SelectionKey.OP_READ;
    }
    if (out != null) {
      want |= SelectionKey.OP_WRITE;
    }
    if (want != interest) {
      k.interestOps(want);
      interest = want;
    }
  }
}
