package dev.taskbridge.emulator.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands whole requests of one connection to the service, one at a time and in order (a pipelined
 * request waits for the answer before it), and writes the answers. The service is called on the
 * event loop, as the request arrives, and answers there when it can (no thread hand-off, which on a
 * small machine costs more than the work); it moves what may take long (the control plane, task
 * handlers, injected delays, long polls) to the engine executor itself. The next request is taken
 * as soon as the answer is written, or, if the client is slow to read it, once the connection is
 * writable again, so one connection's unread answers stay within the channel's write buffer.
 * Reading pauses while more than a few requests wait. Anything thrown is logged by type and ends
 * only the connection.
 */
// Netty reports a failed write or close through the pipeline (exceptionCaught, closeFuture).
@SuppressWarnings("FutureReturnValueIgnored")
final class ServiceHandler extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(ServiceHandler.class);

  /** Pipelined requests held before reading pauses. */
  private static final int MAX_QUEUED = 16;

  /** What runs the requests. */
  interface Service {
    /**
     * Answers {@code ex}. Called on the event loop: it must not block, and runs what may take long
     * through {@link HttpExchange#execute} (the engine executor).
     */
    void handle(HttpExchange ex);
  }

  private final Service service;
  private final Executor engine;
  private final BodyBudget budget;
  private final ConnectionDeadlines deadlines;
  private final ArrayDeque<Pending> queue = new ArrayDeque<>();
  private @Nullable ChannelHandlerContext ctx;

  /** A request has been handed to the service and its answer is not yet written. */
  private boolean busy;

  /** An answer is written but the channel is not writable: the next request waits for it. */
  private boolean awaitingWritable;

  /** {@link #next} is on the stack (a request answered at once must not recurse into it). */
  private boolean taking;

  private boolean closed;

  /** A request read and not yet answered, with the budget bytes its body holds. */
  private record Pending(HttpExchange ex, int bytes) {}

  ServiceHandler(
      Service service, Executor engine, BodyBudget budget, ConnectionDeadlines deadlines) {
    this.service = service;
    this.engine = engine;
    this.budget = budget;
    this.deadlines = deadlines;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof FullHttpRequest req)) {
      ReferenceCountUtil.release(msg);
      return;
    }
    byte[] body;
    int bytes;
    try {
      ByteBuf content = req.content();
      bytes = content.readableBytes();
      body = ByteBufUtil.getBytes(content);
    } finally {
      req.release();
    }
    HttpExchange ex = new HttpExchange(req, body, new Sink());
    queue.add(new Pending(ex, bytes));
    if (queue.size() > MAX_QUEUED) {
      ctx.channel().config().setAutoRead(false);
    }
    next();
  }

  /** Hands the queued requests to the service, one at a time, while their answers come at once. */
  private void next() {
    if (taking) {
      return; // the loop below on the stack takes the next request
    }
    taking = true;
    try {
      while (!busy && !awaitingWritable && !closed) {
        Pending p = queue.peek();
        if (p == null) {
          deadlines.idle();
          return;
        }
        busy = true;
        ChannelHandlerContext c = ctx;
        if (c != null && queue.size() <= MAX_QUEUED && !c.channel().config().isAutoRead()) {
          c.channel().config().setAutoRead(true);
        }
        run(p.ex);
      }
    } finally {
      taking = false;
    }
  }

  private void run(HttpExchange ex) {
    try {
      service.handle(ex);
    } catch (RuntimeException | Error e) {
      LOG.error("request handling failed: {}", e.getClass().getName());
      ex.drop();
    }
  }

  /** Called on the event loop once {@code ex} is answered (or dropped). */
  private void finished(HttpExchange ex, @Nullable FullHttpResponse response, boolean close) {
    ChannelHandlerContext c = ctx;
    Pending p = queue.peek();
    if (p == null || p.ex != ex || c == null || closed) {
      ReferenceCountUtil.release(response);
      return;
    }
    queue.poll();
    budget.giveBack(p.bytes);
    if (response == null) {
      closed = true;
      c.close();
      return;
    }
    if (close) {
      closed = true;
      c.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
      return;
    }
    // A failed write is reported to exceptionCaught, which closes the connection.
    c.writeAndFlush(response, c.voidPromise());
    busy = false;
    if (!c.channel().isWritable()) {
      awaitingWritable = true; // the client is not reading: take no more until it does
      return;
    }
    next();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
    if (awaitingWritable && ctx.channel().isWritable()) {
      awaitingWritable = false;
      next();
    }
    super.channelWritabilityChanged(ctx);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    closed = true;
    for (Pending p : queue) {
      budget.giveBack(p.bytes);
    }
    queue.clear();
    super.channelInactive(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof IOException) {
      LOG.debug("connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
    } else {
      // the type only: a message may quote request bytes
      LOG.warn("connection {} closed after {}", ctx.channel().remoteAddress(), cause.getClass());
    }
    ctx.close();
  }

  /** Routes an exchange's answer to this connection's event loop. */
  private final class Sink implements HttpExchange.Sink {
    @Override
    public void complete(HttpExchange ex, @Nullable FullHttpResponse response, boolean close) {
      ChannelHandlerContext c = ctx;
      if (c == null) {
        ReferenceCountUtil.release(response);
        return;
      }
      if (c.executor().inEventLoop()) {
        finished(ex, response, close);
      } else {
        try {
          c.executor().execute(() -> finished(ex, response, close));
        } catch (RuntimeException e) {
          ReferenceCountUtil.release(response);
        }
      }
    }

    @Override
    public void execute(Runnable task) {
      engine.execute(task);
    }
  }
}
