package dev.taskbridge.emulator.internal;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * One request and its answer. The answer may be given from any thread, once: {@link #send} or
 * {@link #drop}. Until then the connection answers nothing else, so a pipelined next request waits.
 */
final class HttpExchange {
  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
          .withZone(ZoneOffset.UTC);

  /**
   * Headers of an answer: the names are the emulator's own constants, so they are not checked again
   * on every answer; values, which may echo a request, still are.
   */
  private static final HttpHeadersFactory ANSWER_HEADERS =
      DefaultHttpHeadersFactory.headersFactory().withNameValidation(false);

  /** The formatted Date header of one second, shared by every thread. */
  private record DateValue(long second, String text) {}

  private static volatile DateValue date = new DateValue(0, "");

  /** Where the answer goes. */
  interface Sink {
    /** Writes {@code response} (null: none, close the connection), then closes if {@code close}. */
    void complete(HttpExchange ex, @Nullable FullHttpResponse response, boolean close);

    /** Runs {@code task} off the event loop, where engine work runs. */
    void execute(Runnable task);
  }

  final String method;
  final String path;
  final @Nullable String amzTarget;
  final @Nullable String host;
  final @Nullable String origin;
  final @Nullable String contentType;
  final byte[] body;
  private final boolean keepAlive;
  private final boolean http10;
  private final Sink sink;
  private final AtomicBoolean done = new AtomicBoolean();

  HttpExchange(HttpRequest req, byte[] body, Sink sink) {
    HttpHeaders h = req.headers();
    this.method = req.method().name();
    String uri = req.uri();
    int q = uri.indexOf('?');
    this.path = q >= 0 ? uri.substring(0, q) : uri;
    this.amzTarget = h.get("X-Amz-Target");
    this.host = h.get(HttpHeaderNames.HOST);
    this.origin = h.get(HttpHeaderNames.ORIGIN);
    this.contentType = h.get(HttpHeaderNames.CONTENT_TYPE);
    this.body = body;
    this.keepAlive = HttpUtil.isKeepAlive(req);
    this.http10 = req.protocolVersion().equals(HttpVersion.HTTP_1_0);
    this.sink = sink;
  }

  /**
   * Answers with {@code status}, the given header name/value pairs (besides Date, Content-Length
   * and Connection, which are added here) and {@code body}; then closes the connection if {@code
   * close} or if the request asked for that.
   */
  void send(int status, String[] headers, byte[] body, boolean close) {
    if (!done.compareAndSet(false, true)) {
      return;
    }
    boolean closing = close || !keepAlive;
    FullHttpResponse r =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            HttpResponseStatus.valueOf(status),
            Unpooled.wrappedBuffer(body),
            ANSWER_HEADERS.newHeaders(),
            EmptyHttpHeaders.INSTANCE); // an answer of known length has no trailers
    HttpHeaders out = r.headers();
    for (int i = 0; i + 1 < headers.length; i += 2) {
      out.add(headers[i], headers[i + 1]);
    }
    out.set(HttpHeaderNames.DATE, dateValue());
    out.setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
    if (closing) {
      out.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    } else if (http10) {
      out.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
    }
    sink.complete(this, r, closing);
  }

  /** Closes the connection without an answer. */
  void drop() {
    if (done.compareAndSet(false, true)) {
      sink.complete(this, null, true);
    }
  }

  /** Runs {@code task} where engine work runs (off the event loop). */
  void execute(Runnable task) {
    sink.execute(task);
  }

  private static String dateValue() {
    DateValue d = date;
    long now = System.currentTimeMillis() / 1000;
    if (d.second != now) {
      d = new DateValue(now, HTTP_DATE.format(Instant.ofEpochSecond(now)));
      date = d;
    }
    return d.text;
  }
}
