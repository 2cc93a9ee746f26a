package dev.taskbridge.emulator.internal;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import org.jspecify.annotations.Nullable;

/**
 * Admits requests into the aggregator, between the HTTP codec and it: refuses what is not HTTP/1.x
 * as we take it (400 malformed, 431 head too large, 501 another transfer coding, 505 another
 * version) and bodies over the limit (413, announced or as they arrive), and takes every body byte
 * from the shared {@link BodyBudget} as it is received (503 past it). A refused request's body is
 * read and thrown away (up to a bound) before the connection closes, so that the client sees the
 * answer rather than a reset.
 */
// Netty reports a failed write or close through the pipeline (exceptionCaught, closeFuture).
@SuppressWarnings("FutureReturnValueIgnored")
final class RequestGate extends ChannelInboundHandlerAdapter {

  /** Refusal answers, built by the service (they carry its error bodies). */
  interface Refusals {
    /** Answers {@code ex} with {@code status} and a reason safe to show; then closes. */
    void refuse(HttpExchange ex, int status, String reason);
  }

  /** How much of a refused body is read and thrown away before the connection closes. */
  static final long DRAIN_LIMIT = 64L * 1024 * 1024;

  private final int maxBody;
  private final BodyBudget budget;
  private final ConnectionDeadlines deadlines;
  private final Refusals refusals;

  /** Body bytes of the request now arriving taken from the budget (handed on with the request). */
  private long taken;

  private @Nullable HttpRequest head;
  private long bodyBytes;
  private boolean refusing;
  private boolean draining;
  private long drained;

  RequestGate(int maxBody, BodyBudget budget, ConnectionDeadlines deadlines, Refusals refusals) {
    this.maxBody = maxBody;
    this.budget = budget;
    this.deadlines = deadlines;
    this.refusals = refusals;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    if (refusing) {
      if (draining && msg instanceof HttpContent c) {
        drained += c.content().readableBytes();
        if (msg instanceof LastHttpContent || drained > DRAIN_LIMIT) {
          draining = false;
          ctx.close();
        }
      }
      ReferenceCountUtil.release(msg);
      return;
    }
    if (msg instanceof HttpRequest req) {
      deadlines.headArrived();
      head = req;
      bodyBytes = 0;
      if (!admit(ctx, req)) {
        ReferenceCountUtil.release(msg);
        return;
      }
    }
    if (msg instanceof HttpContent c) {
      int n = c.content().readableBytes();
      bodyBytes += n;
      if (bodyBytes > maxBody) {
        ReferenceCountUtil.release(msg);
        refuse(ctx, 413, "Request entity of more than " + maxBody + " bytes", !isLast(msg));
        return;
      }
      if (!budget.tryTake(n)) {
        ReferenceCountUtil.release(msg);
        refuse(ctx, 503, "Too many request bytes are buffered; try again", false);
        return;
      }
      taken += n;
      if (msg instanceof LastHttpContent) {
        taken = 0;
        deadlines.requestArrived();
      }
    }
    ctx.fireChannelRead(msg);
  }

  private static boolean isLast(Object msg) {
    return msg instanceof LastHttpContent;
  }

  /** Whether {@code req} may go on; if not, it has been refused. */
  private boolean admit(ChannelHandlerContext ctx, HttpRequest req) {
    DecoderResult r = req.decoderResult();
    if (r.isFailure()) {
      if (r.cause() instanceof TooLongFrameException) {
        refuse(ctx, 431, "Request head too large", false);
      } else {
        refuse(ctx, 400, "Malformed HTTP request", false);
      }
      return false;
    }
    HttpVersion v = req.protocolVersion();
    if (!v.equals(HttpVersion.HTTP_1_1) && !v.equals(HttpVersion.HTTP_1_0)) {
      refuse(ctx, 505, "HTTP version not supported: " + v.text(), false);
      return false;
    }
    String te = req.headers().get(HttpHeaderNames.TRANSFER_ENCODING);
    if (te != null && !te.trim().equalsIgnoreCase("chunked")) {
      refuse(ctx, 501, "Transfer coding not implemented", false);
      return false;
    }
    long announced = HttpUtil.getContentLength(req, -1L);
    if (announced > maxBody) {
      // a client waiting for 100 Continue sends no body: answer and close at once
      refuse(
          ctx,
          413,
          "Request entity of more than " + maxBody + " bytes",
          !HttpUtil.is100ContinueExpected(req));
      return false;
    }
    return true;
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    budget.giveBack(taken);
    taken = 0;
    super.channelInactive(ctx);
  }

  /**
   * Answers the request now arriving with {@code status} and closes the connection: at once, or, if
   * {@code drain}, once the rest of its body has been read and thrown away.
   */
  private void refuse(ChannelHandlerContext ctx, int status, String reason, boolean drain) {
    refusing = true;
    draining = drain;
    budget.giveBack(taken);
    taken = 0;
    HttpRequest req = head;
    if (req == null) {
      ctx.close();
      return;
    }
    HttpExchange.Sink sink =
        new HttpExchange.Sink() {
          @Override
          public void complete(
              HttpExchange ex, @Nullable FullHttpResponse response, boolean close) {
            if (response == null) {
              ctx.close();
              return;
            }
            if (draining) {
              ctx.writeAndFlush(response);
            } else {
              ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            }
          }

          @Override
          public void execute(Runnable task) {
            ctx.executor().execute(task);
          }
        };
    refusals.refuse(new HttpExchange(req, Reply.EMPTY, sink), status, reason);
  }
}
