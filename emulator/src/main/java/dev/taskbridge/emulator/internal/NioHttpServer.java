package dev.taskbridge.emulator.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small HTTP/1.1 server on NIO selectors, just enough for AWS JSON 1.0 clients: keep-alive (and
 * HTTP/1.0 and {@code Connection: close}), bodies by {@code Content-Length} or chunked, {@code
 * Expect: 100-continue}, bounded heads and bodies, and read and idle timeouts so that stalled or
 * abandoned connections are closed. Answers may be given from any thread and later than the
 * handler's return. Each of {@code loops} threads runs a selector with its share of the
 * connections; the first one also accepts. Handlers run on the loop threads and must not block.
 */
final class NioHttpServer implements AutoCloseable {

  /** What the server does with requests. Called on a loop thread; must not block. */
  interface Handler {
    /** A complete request; answer it with {@link Exchange#send} or {@link Exchange#drop}. */
    void handle(Exchange ex);

    /**
     * A request the server refuses ({@code status} 400, 413, 431, 501 or 505, with a reason safe to
     * show); answer it with {@link Exchange#send}. The connection closes after the answer.
     */
    void refuse(Exchange ex, int status, String reason);
  }

  /** Size limits and timeouts; timeouts in nanoseconds. */
  static final class Limits {
    final int maxHeadBytes;
    final int maxBodyBytes;
    final long drainLimit;
    final long readTimeoutNanos;
    final long idleTimeoutNanos;
    final long lingerNanos;

    Limits(
        int maxHeadBytes,
        int maxBodyBytes,
        long drainLimit,
        long readTimeoutMillis,
        long idleTimeoutMillis) {
      this.maxHeadBytes = maxHeadBytes;
      this.maxBodyBytes = maxBodyBytes;
      this.drainLimit = drainLimit;
      this.readTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(readTimeoutMillis);
      this.idleTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(idleTimeoutMillis);
      this.lingerNanos = Math.min(readTimeoutNanos, TimeUnit.SECONDS.toNanos(2));
    }
  }

  private final Limits limits;
  private final Handler handler;
  private final ServerSocketChannel channel;
  private final NioLoop[] loops;
  private final InetSocketAddress address;
  private int nextLoop;
  private final AtomicInteger nextCompleter = new AtomicInteger();

  NioHttpServer(
      InetSocketAddress bind,
      int backlog,
      int loopCount,
      String threadPrefix,
      Limits limits,
      Handler handler)
      throws IOException {
    if (loopCount < 1) {
      throw new IllegalArgumentException("loopCount must be positive: " + loopCount);
    }
    this.limits = limits;
    this.handler = handler;
    long shortest = Math.min(limits.readTimeoutNanos, limits.idleTimeoutNanos);
    long sweep =
        Math.max(
            TimeUnit.MILLISECONDS.toNanos(10), Math.min(TimeUnit.SECONDS.toNanos(1), shortest / 4));
    this.loops = new NioLoop[loopCount];
    ServerSocketChannel ch = ServerSocketChannel.open();
    try {
      ch.bind(bind, backlog);
      ch.configureBlocking(false);
      for (int i = 0; i < loopCount; i++) {
        loops[i] = new NioLoop(this, threadPrefix + (i + 1), sweep);
      }
      loops[0].acceptOn(ch);
    } catch (IOException | RuntimeException e) {
      for (NioLoop l : loops) {
        if (l != null) {
          l.discard();
        }
      }
      ch.close();
      throw e;
    }
    this.channel = ch;
    this.address = (InetSocketAddress) ch.getLocalAddress();
    for (NioLoop l : loops) {
      l.start();
    }
  }

  InetSocketAddress address() {
    return address;
  }

  Limits limits() {
    return limits;
  }

  Handler handler() {
    return handler;
  }

  /**
   * An executor that runs tasks on the loops in turn: for work that must not run on the caller's
   * thread (a timer, or code holding a lock), and need not run on a particular connection's loop.
   */
  Executor loops() {
    return r -> loops[Math.floorMod(nextCompleter.getAndIncrement(), loops.length)].execute(r);
  }

  /** Hands a newly accepted connection to a loop; on the accepting loop's thread. */
  void assign(SocketChannel c) {
    try {
      c.configureBlocking(false);
      c.setOption(StandardSocketOptions.TCP_NODELAY, true);
    } catch (IOException e) {
      NioLoop.closeQuietly(c);
      return;
    }
    NioLoop target = loops[nextLoop];
    nextLoop = (nextLoop + 1) % loops.length;
    if (target.inLoop()) {
      target.register(c);
    } else {
      try {
        target.execute(() -> target.register(c));
      } catch (RuntimeException e) {
        NioLoop.closeQuietly(c);
      }
    }
  }

  /**
   * Stops accepting, lets answers already handed over go out (briefly), closes every connection and
   * waits (briefly) for the loop threads to end.
   */
  @Override
  public void close() {
    for (NioLoop l : loops) {
      l.stop();
    }
    boolean interrupted = false;
    for (NioLoop l : loops) {
      try {
        l.await(2_000);
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    try {
      // closed by the accepting loop already; again in case that loop could not run
      channel.close();
    } catch (IOException e) {
      // the port is released when the process ends at the latest
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
