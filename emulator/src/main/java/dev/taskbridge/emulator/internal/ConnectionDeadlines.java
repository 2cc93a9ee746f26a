package dev.taskbridge.emulator.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deadlines of one connection, checked by a periodic task on its event loop: a request head
 * must arrive whole within {@link ServerLimits#headDeadlineMillis} of the connection opening or of
 * its first byte; a body may not pause longer than the read timeout; an answer the client does not
 * read (the channel stays unwritable) is bounded by the read timeout too; an idle keep-alive
 * connection by the idle timeout. A connection past any of them is closed without an answer. No
 * deadline runs while a request is being processed: a long poll waits as long as it must.
 *
 * <p>Sits before the HTTP codec, so it sees every byte read; {@link RequestGate} and {@link
 * ServiceHandler} tell it when a head and a whole request have arrived and when the connection went
 * idle.
 */
// Netty reports a failed write or close through the pipeline (exceptionCaught, closeFuture).
@SuppressWarnings("FutureReturnValueIgnored")
final class ConnectionDeadlines extends ChannelDuplexHandler {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionDeadlines.class);

  private final long headNanos;
  private final long readNanos;
  private final long idleNanos;
  private final long periodNanos;

  /** When the current, still incomplete request head began; 0 when none is arriving. */
  private volatile long headStart;

  private boolean bodyArriving;
  private long lastRead;
  private long idleSince;
  private long unwritableSince;
  private io.netty.util.concurrent.@Nullable ScheduledFuture<?> check;

  ConnectionDeadlines(ServerLimits limits) {
    this.headNanos = TimeUnit.MILLISECONDS.toNanos(limits.headDeadlineMillis());
    this.readNanos = TimeUnit.MILLISECONDS.toNanos(limits.readTimeoutMillis());
    this.idleNanos = TimeUnit.MILLISECONDS.toNanos(limits.idleTimeoutMillis());
    long shortest = Math.min(headNanos, Math.min(readNanos, idleNanos));
    this.periodNanos =
        Math.max(
            TimeUnit.MILLISECONDS.toNanos(10), Math.min(TimeUnit.SECONDS.toNanos(1), shortest / 4));
  }

  /**
   * When the request head now arriving began (System.nanoTime), or 0 if none is: the connection
   * limit closes the oldest of these first.
   */
  long headStartedAt() {
    return headStart;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    headStart = nonZero(System.nanoTime());
    check =
        ctx.executor()
            .scheduleAtFixedRate(() -> check(ctx), periodNanos, periodNanos, TimeUnit.NANOSECONDS);
    super.channelActive(ctx);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    io.netty.util.concurrent.ScheduledFuture<?> c = check;
    if (c != null) {
      c.cancel(false);
    }
    super.channelInactive(ctx);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    if (msg instanceof ByteBuf && ((ByteBuf) msg).isReadable()) {
      long now = System.nanoTime();
      lastRead = now;
      idleSince = 0;
      if (headStart == 0 && !bodyArriving) {
        headStart = nonZero(now);
      }
    }
    super.channelRead(ctx, msg);
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
    unwritableSince = ctx.channel().isWritable() ? 0 : nonZero(System.nanoTime());
    super.channelWritabilityChanged(ctx);
  }

  /** A whole request head arrived; its body (if any) follows. */
  void headArrived() {
    headStart = 0;
    bodyArriving = true;
    lastRead = System.nanoTime();
  }

  /** The whole request arrived: no deadline runs while it is processed. */
  void requestArrived() {
    bodyArriving = false;
  }

  /** Every request so far is answered: the connection is idle until its next byte. */
  void idle() {
    if (headStart == 0 && !bodyArriving) {
      idleSince = nonZero(System.nanoTime());
    }
  }

  private void check(ChannelHandlerContext ctx) {
    long now = System.nanoTime();
    String expired = null;
    long hs = headStart;
    if (hs != 0 && now - hs > headNanos) {
      expired = "request head deadline";
    } else if (bodyArriving && now - lastRead > readNanos) {
      expired = "read timeout";
    } else if (unwritableSince != 0 && now - unwritableSince > readNanos) {
      expired = "answer not read";
    } else if (idleSince != 0 && now - idleSince > idleNanos) {
      expired = "idle timeout";
    }
    if (expired != null) {
      LOG.debug("closing connection {}: {}", ctx.channel().remoteAddress(), expired);
      headStart = 0;
      ctx.close();
    }
  }

  private static long nonZero(long nanos) {
    return nanos == 0 ? 1 : nanos;
  }
}
