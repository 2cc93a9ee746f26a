package dev.taskbridge.emulator.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds the open connections. Past the limit, the connection whose request head has been arriving
 * longest is closed to make room: clients that trickle a head (slow-loris) or connect and send
 * nothing make way for a client that sends a whole request at once. If no connection is arriving at
 * a head (every one is idle between requests or waiting for an answer), the new connection is
 * closed at once.
 */
// Netty reports a failed write or close through the pipeline (exceptionCaught, closeFuture).
@SuppressWarnings("FutureReturnValueIgnored")
@ChannelHandler.Sharable
final class ConnectionLimit extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionLimit.class);

  private final int max;
  private final Map<Channel, ConnectionDeadlines> open = new ConcurrentHashMap<>();
  private final AtomicInteger count = new AtomicInteger();
  private final AtomicLong shed = new AtomicLong();

  ConnectionLimit(int max) {
    this.max = max;
  }

  /** Connections open now. */
  int open() {
    return count.get();
  }

  /** Connections closed so far to keep within the limit (evicted or refused). */
  long shed() {
    return shed.get();
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    Channel ch = ctx.channel();
    ConnectionDeadlines mine = ch.pipeline().get(ConnectionDeadlines.class);
    if (count.incrementAndGet() > max) {
      Channel victim = oldestArrivingHead(ch);
      shed.incrementAndGet();
      if (victim == null) {
        count.decrementAndGet();
        if (shed.get() % 1000 == 1) {
          LOG.warn("connection limit {} reached: refusing new connections", max);
        }
        ctx.close();
        return;
      }
      if (shed.get() % 1000 == 1) {
        LOG.warn("connection limit {} reached: closing connections slow to send a head", max);
      }
      victim.close();
    }
    if (mine != null) {
      open.put(ch, mine);
    }
    ch.closeFuture()
        .addListener(
            f -> {
              if (open.remove(ch) != null || mine == null) {
                count.decrementAndGet();
              }
            });
    super.channelActive(ctx);
  }

  private @Nullable Channel oldestArrivingHead(Channel self) {
    Channel best = null;
    long bestStart = 0;
    for (Map.Entry<Channel, ConnectionDeadlines> e : open.entrySet()) {
      long start = e.getValue().headStartedAt();
      if (e.getKey() != self && start != 0 && (best == null || start - bestStart < 0)) {
        best = e.getKey();
        bestStart = start;
      }
    }
    if (best != null) {
      open.remove(best);
      count.decrementAndGet();
    }
    return best;
  }
}
