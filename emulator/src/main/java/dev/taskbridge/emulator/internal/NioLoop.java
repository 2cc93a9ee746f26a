package dev.taskbridge.emulator.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * One selector thread of {@link NioHttpServer}: owns its connections (all their state is touched on
 * this thread only), runs tasks other threads hand it (answers completed elsewhere, delayed
 * requests), and closes connections whose timeouts expired. The first loop also accepts.
 */
final class NioLoop implements Executor {
  /** How long {@link #stop} waits for answers already on their way out. */
  private static final long STOP_GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

  /** How long accepting pauses after it failed (e.g. out of file descriptors). */
  private static final long ACCEPT_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private final NioHttpServer server;
  private final Selector selector;
  private final Thread thread;
  private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();

  /** Set while the loop is awake (or a wake-up is on its way): no need to wake it again. */
  private final AtomicBoolean awake = new AtomicBoolean(true);

  private final Set<NioConnection> connections = new HashSet<>();
  private final ByteBuffer scratch = ByteBuffer.allocate(64 * 1024);
  private final long sweepNanos;
  private @Nullable SelectionKey acceptKey;
  private volatile boolean stopping;
  private long now = System.nanoTime();
  private long nextSweep;
  private long acceptPausedUntil;

  NioLoop(NioHttpServer server, String name, long sweepNanos) throws IOException {
    this.server = server;
    this.selector = Selector.open();
    this.sweepNanos = sweepNanos;
    this.nextSweep = now + sweepNanos;
    this.thread = new Thread(this::run, name);
    thread.setDaemon(true);
  }

  /** Makes this loop accept connections on {@code channel}; before {@link #start}. */
  void acceptOn(ServerSocketChannel channel) throws ClosedChannelException {
    acceptKey = channel.register(selector, SelectionKey.OP_ACCEPT);
  }

  void start() {
    thread.start();
  }

  /** Releases the selector of a loop that was never started. */
  void discard() {
    try {
      selector.close();
    } catch (IOException e) {
      // nothing else holds it
    }
  }

  long now() {
    return now;
  }

  ByteBuffer scratch() {
    return scratch;
  }

  boolean inLoop() {
    return Thread.currentThread() == thread;
  }

  @Override
  public void execute(Runnable task) {
    if (stopping && !thread.isAlive()) {
      throw new RejectedExecutionException("emulator loop stopped");
    }
    tasks.add(task);
    if (!inLoop() && awake.compareAndSet(false, true)) {
      selector.wakeup();
    }
  }

  /** Stops accepting and closes every connection once answers already written have gone out. */
  void stop() {
    stopping = true;
    selector.wakeup();
  }

  /** Waits up to {@code millis} for the thread to end; false if it did not. */
  boolean await(long millis) throws InterruptedException {
    if (inLoop()) {
      return false;
    }
    thread.join(millis);
    return !thread.isAlive();
  }

  /** Takes over a newly accepted connection; on this loop's thread. */
  void register(SocketChannel channel) {
    if (stopping) {
      closeQuietly(channel);
      return;
    }
    NioConnection c = new NioConnection(this, channel, server.limits(), server.handler());
    try {
      c.attach(channel.register(selector, SelectionKey.OP_READ, c));
    } catch (IOException | RuntimeException e) {
      closeQuietly(channel);
      return;
    }
    connections.add(c);
  }

  void closed(NioConnection c) {
    connections.remove(c);
  }

  private void run() {
    long graceEnd = 0;
    boolean stopSeen = false;
    while (true) {
      try {
        // only stop() ends a loop; a stray interrupt would make every select return at once
        boolean ignored = Thread.interrupted();
        awake.set(false);
        if (!tasks.isEmpty() || stopping) {
          selector.selectNow(this::onKey);
        } else {
          long wait = Math.max(1, TimeUnit.NANOSECONDS.toMillis(nextSweep - System.nanoTime()));
          selector.select(this::onKey, wait);
        }
        awake.set(true);
        now = System.nanoTime();
        runTasks();
        if (now - nextSweep >= 0) {
          sweep();
        }
        if (stopping) {
          if (!stopSeen) {
            stopSeen = true;
            graceEnd = now + STOP_GRACE_NANOS;
            stopAccepting();
            runTasks();
            for (NioConnection c : snapshot()) {
              if (!c.hasPendingOutput()) {
                c.close();
              }
            }
          }
          if (connections.isEmpty() || now - graceEnd >= 0) {
            break;
          }
          if (tasks.isEmpty()) {
            // answers still going out: wait for the sockets, not in a busy loop
            selector.select(this::onKey, 10);
          }
        }
      } catch (IOException | RuntimeException e) {
        // a broken selector or a bug in one event must not end the loop; pause, then go on
        pause();
      }
    }
    for (NioConnection c : snapshot()) {
      c.close();
    }
    runTasks(); // late answers find their connections closed and are dropped
    try {
      selector.close();
    } catch (IOException e) {
      // the thread ends either way
    }
  }

  private void runTasks() {
    Runnable r;
    while ((r = tasks.poll()) != null) {
      try {
        r.run();
      } catch (RuntimeException e) {
        // one failed task must not hold up the others
      }
    }
  }

  private void onKey(SelectionKey key) {
    Object a = key.attachment();
    if (a instanceof NioConnection) {
      NioConnection c = (NioConnection) a;
      try {
        int ready = key.readyOps();
        if ((ready & SelectionKey.OP_WRITE) != 0) {
          c.onWritable();
        }
        if ((ready & SelectionKey.OP_READ) != 0 && key.isValid()) {
          c.onReadable();
        }
      } catch (RuntimeException e) {
        c.close();
      }
    } else if (key.isValid() && key.isAcceptable()) {
      accept((ServerSocketChannel) key.channel());
    }
  }

  private void accept(ServerSocketChannel channel) {
    for (int i = 0; i < 64; i++) {
      SocketChannel c;
      try {
        c = channel.accept();
      } catch (IOException e) {
        // e.g. too many open files: stop asking for a moment instead of spinning on it
        SelectionKey k = acceptKey;
        if (k != null && k.isValid()) {
          k.interestOps(0);
          acceptPausedUntil = now + ACCEPT_PAUSE_NANOS;
        }
        return;
      }
      if (c == null) {
        return;
      }
      server.assign(c);
    }
  }

  private void sweep() {
    nextSweep = now + sweepNanos;
    for (NioConnection c : snapshot()) {
      c.checkTimeouts(now);
    }
    SelectionKey k = acceptKey;
    if (k != null && k.isValid() && k.interestOps() == 0 && now - acceptPausedUntil >= 0) {
      k.interestOps(SelectionKey.OP_ACCEPT);
    }
  }

  private void stopAccepting() {
    SelectionKey k = acceptKey;
    if (k != null) {
      k.cancel();
      try {
        k.channel().close();
      } catch (IOException e) {
        // the selector's close releases it in the end
      }
    }
  }

  private List<NioConnection> snapshot() {
    return new ArrayList<>(connections);
  }

  private static void pause() {
    try {
      Thread.sleep(10);
    } catch (InterruptedException e) {
      // only stop() ends a loop; an interrupt would make every select return at once
    }
  }

  static void closeQuietly(SocketChannel c) {
    try {
      c.close();
    } catch (IOException e) {
      // nothing to do
    }
  }
}
