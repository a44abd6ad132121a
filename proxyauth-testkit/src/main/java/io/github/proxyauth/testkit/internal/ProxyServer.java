package io.github.proxyauth.testkit.internal;

import io.github.proxyauth.testkit.Fault;
import io.github.proxyauth.testkit.RecordedConnection;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The proxy's sockets and threads: one accept loop, one thread per client connection (plus one
 * per open tunnel), all daemon threads named {@code testproxy-<port>-<n>}. {@link #close()} closes
 * every socket and joins every thread.
 */
public final class ProxyServer implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(ProxyServer.class.getName());

  private final ProxyConfig config;
  private final ServerSocket serverSocket;
  private final Queue<Thread> started = new ConcurrentLinkedQueue<>();
  private final ExecutorService executor;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final AtomicLong connectionIds = new AtomicLong();
  private final AtomicReference<Set<Fault>> faults;
  private final Recorder recorder = new Recorder();
  private final AuthGate gate;
  private volatile boolean closed;

  private ProxyServer(ProxyConfig config, ServerSocket serverSocket) {
    this.config = config;
    this.serverSocket = serverSocket;
    this.faults = new AtomicReference<>(config.faults());
    this.gate = new AuthGate(config.schemes());
    AtomicInteger threads = new AtomicInteger();
    String prefix = "testproxy-" + serverSocket.getLocalPort() + "-";
    this.executor = Executors.newCachedThreadPool(task -> {
      Thread thread = new Thread(task, prefix + threads.getAndIncrement());
      thread.setDaemon(true);
      started.removeIf(t -> !t.isAlive());
      started.add(thread);
      return thread;
    });
  }

  /** Returns a running server bound to 127.0.0.1 on a free port. */
  public static ProxyServer start(ProxyConfig config) throws IOException {
    ServerSocket socket = new ServerSocket();
    socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    ProxyServer server = new ProxyServer(config, socket);
    server.executor.execute(server::acceptLoop);
    return server;
  }

  public InetSocketAddress address() {
    return (InetSocketAddress) serverSocket.getLocalSocketAddress();
  }

  public Recorder recorder() {
    return recorder;
  }

  public Set<Fault> faults() {
    return faults.get();
  }

  public void faults(Set<Fault> next) {
    faults.set(Set.copyOf(next));
  }

  AuthGate gate() {
    return gate;
  }

  int timeoutMillis() {
    return (int) Math.min(Integer.MAX_VALUE, config.timeout().toMillis());
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket socket = serverSocket.accept();
        track(socket);
        long id = connectionIds.getAndIncrement();
        boolean refuse = faults().contains(Fault.REFUSE_CONNECTIONS);
        recorder.connection(new RecordedConnection(id, socket.getPort(), refuse));
        if (refuse) {
          forget(socket);
        } else {
          execute(new ConnectionHandler(this, socket, new ServerConnection(id)));
        }
      } catch (IOException | RejectedExecutionException e) {
        if (!closed) {
          LOG.log(System.Logger.Level.WARNING, "TestProxy accept failed", e);
        }
      }
    }
  }

  /** Runs {@code task} on a proxy thread; throws RejectedExecutionException once closed. */
  void execute(Runnable task) {
    executor.execute(task);
  }

  /** Returns a connected socket to the origin, closed with the proxy. */
  Socket connect(String host, int port) throws IOException {
    Socket socket = track(new Socket());
    try {
      socket.connect(new InetSocketAddress(host, port), timeoutMillis());
      return socket;
    } catch (IOException e) {
      forget(socket);
      throw e;
    }
  }

  Socket track(Socket socket) throws IOException {
    sockets.add(socket);
    if (closed) {
      forget(socket);
      throw new IOException("TestProxy is closed");
    }
    socket.setSoTimeout(timeoutMillis());
    socket.setTcpNoDelay(true); // heads and bodies are separate writes: no Nagle stalls
    return socket;
  }

  void forget(Socket socket) {
    sockets.remove(socket);
    try {
      socket.close();
    } catch (IOException e) {
      // Closing is all we want; nothing to do if it fails.
    }
  }

  /** Waits the configured delay before a response head (the slow-reply fault). */
  void delayReply() throws InterruptedIOException {
    if (!config.replyDelay().isZero()) {
      try {
        Thread.sleep(config.replyDelay().toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("TestProxy closed during a reply delay");
      }
    }
  }

  /** Closes every socket and joins every proxy thread (bounded: 10 seconds). */
  @Override
  public void close() {
    closed = true;
    try {
      serverSocket.close();
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "TestProxy could not close its server socket", e);
    }
    sockets.forEach(this::forget);
    executor.shutdownNow();
    try {
      if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
        LOG.log(System.Logger.Level.WARNING, "TestProxy threads did not stop within 10 s");
      }
      // A terminated pool's last workers can still be exiting; close() promises they are gone.
      for (Thread thread : started) {
        thread.join(1_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
