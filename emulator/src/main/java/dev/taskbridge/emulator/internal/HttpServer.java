package dev.taskbridge.emulator.internal;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The emulator's HTTP/1.1 server on Netty. Each connection's pipeline, one concern per handler: the
 * connection limit, the deadlines, {@link HttpServerCodec} (request line and header block each at
 * most {@link ServerLimits#maxHeadBytes}), the {@link RequestGate} (protocol refusals, the body
 * limit, the shared body budget), {@link HttpObjectAggregator} with the body limit, and the {@link
 * ServiceHandler}. Requests are served on the event loop that read them (the AWS operations are
 * microseconds of work); what may take long runs on a separate engine executor, which long polls
 * and injected delays do not hold.
 */
// Netty reports a failed write or close through the pipeline (exceptionCaught, closeFuture).
@SuppressWarnings("FutureReturnValueIgnored")
final class HttpServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);

  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private final ExecutorService engine;
  private final Channel channel;
  private final ConnectionLimit connections;
  private final BodyBudget budget;

  HttpServer(
      InetSocketAddress bind,
      int threads,
      int maxBodyBytes,
      ServerLimits limits,
      ServiceHandler.Service service,
      RequestGate.Refusals refusals)
      throws IOException {
    this.connections = new ConnectionLimit(limits.maxConnections());
    this.budget = new BodyBudget(limits.maxBufferedBytes());
    this.boss = loops(1, "taskbridge-emulator-accept");
    this.workers = loops(threads, "taskbridge-emulator-io");
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            threads,
            threads,
            0,
            TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(),
            new DefaultThreadFactory("taskbridge-emulator-engine", true));
    pool.prestartAllCoreThreads(); // started with the server, not by the first long request
    this.engine = pool;
    ServerBootstrap b =
        new ServerBootstrap()
            .group(boss, workers)
            .channel(serverChannel())
            .option(ChannelOption.SO_BACKLOG, 4096)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ConnectionDeadlines deadlines = new ConnectionDeadlines(limits);
                    ChannelPipeline p = ch.pipeline();
                    p.addLast("limit", connections);
                    p.addLast("deadlines", deadlines);
                    p.addLast(
                        "codec",
                        new HttpServerCodec(
                            limits.maxHeadBytes(), limits.maxHeadBytes(), 64 * 1024));
                    p.addLast("gate", new RequestGate(maxBodyBytes, budget, deadlines, refusals));
                    p.addLast("aggregator", new HttpObjectAggregator(maxBodyBytes));
                    p.addLast("service", new ServiceHandler(service, engine, budget, deadlines));
                  }
                });
    try {
      this.channel = b.bind(bind).sync().channel();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      shutdown();
      throw new IOException("interrupted while binding " + bind, e);
    } catch (RuntimeException e) {
      shutdown();
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw e;
    }
  }

  InetSocketAddress address() {
    return (InetSocketAddress) channel.localAddress();
  }

  /** Where request work that may take long runs: off the event loops. */
  ExecutorService engine() {
    return engine;
  }

  /** Connections open now. */
  int openConnections() {
    return connections.open();
  }

  /** Request body bytes held now, all connections together. */
  long bufferedBytes() {
    return budget.held();
  }

  /**
   * Stops accepting, lets answers already handed over go out (briefly), closes every connection and
   * waits (briefly) for the threads to end.
   */
  @Override
  public void close() {
    channel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    engine.shutdown();
    try {
      if (!engine.awaitTermination(2, TimeUnit.SECONDS)) {
        engine.shutdownNow();
      }
    } catch (InterruptedException e) {
      engine.shutdownNow();
      Thread.currentThread().interrupt();
    }
    shutdown();
  }

  private void shutdown() {
    engine.shutdownNow();
    boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    if (!workers
        .shutdownGracefully(50, 2_000, TimeUnit.MILLISECONDS)
        .awaitUninterruptibly(3, TimeUnit.SECONDS)) {
      LOG.warn("event loops did not end within 3 s");
    }
  }

  /** Whether the server runs on Linux's epoll transport (else on the JDK's NIO selector). */
  static boolean nativeTransport() {
    return Epoll.isAvailable();
  }

  private static EventLoopGroup loops(int threads, String name) {
    DefaultThreadFactory factory = new DefaultThreadFactory(name, true);
    return nativeTransport()
        ? new EpollEventLoopGroup(threads, factory)
        : new NioEventLoopGroup(threads, factory);
  }

  private static Class<? extends ServerChannel> serverChannel() {
    return nativeTransport() ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
  }
}
