package io.github.proxyauth.relay.internal;

import io.github.proxyauth.ProxyAuthException;
import io.github.proxyauth.relay.AccessLogEntry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The in-process relay: one listener, the routing of each request through the user's
 * {@link ProxySelector} (upstream proxies in order, or DIRECT), a pool of connections per next
 * hop, its threads, the secret, the counters and the recent authentication failures. What applies
 * to new requests is one {@link Generation}, replaced whole by {@link #reconfigure}. Thread-safe.
 * Holds no reference to the client that uses it, so a {@link java.lang.ref.Cleaner} on that
 * client can close it.
 *
 * <p>Two shapes: {@link #start} for {@code ProxyRelay} (a loopback listener on a free port opened
 * on first use, the secret required, platform threads) and {@link #listen} for
 * {@code LocalProxy} (a given address bound at once, access by address and local credential, an
 * access log, virtual threads where the JDK has them).
 */
public final class Relay implements AutoCloseable {
  static final System.Logger LOG = System.getLogger("io.github.proxyauth.relay");
  /** The request header that carries the secret. */
  public static final String TOKEN_HEADER = "Proxy-Relay-Token";
  private static final int MAX_FAILURES = 256;

  private final AtomicReference<Generation> generation;
  private final byte[] token;
  private final String tokenText;
  private final ExecutorService executor;
  private final boolean virtualThreads;
  private final int maxTasks;
  private final AtomicInteger tasks = new AtomicInteger();
  private final InetSocketAddress bindAddress;
  private @Nullable Listener listener;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final Set<ClientSession> sessions = ConcurrentHashMap.newKeySet();
  private final ConnectionLimit limit;
  private final RateLimitedLog warnings = new RateLimitedLog();
  private final PendingConnections pending;
  private final RelayStats stats = new RelayStats();
  private final @Nullable Consumer<AccessLogEntry> accessLog;
  private final Map<String, ProxyAuthException> failures = new LinkedHashMap<>();
  private final Map<String, IOException> connectFailures = new ConcurrentHashMap<>();
  private final AtomicLong failureIds = new AtomicLong();
  private volatile boolean closed;
  private volatile boolean closeWhenIdle;
  private volatile boolean draining;

  private Relay(RelayConfig config, InetSocketAddress bindAddress,
      @Nullable Consumer<AccessLogEntry> accessLog, boolean preferVirtual) {
    this.generation = new AtomicReference<>(new Generation(config));
    this.bindAddress = bindAddress;
    this.accessLog = accessLog;
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    this.tokenText = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    this.token = tokenText.getBytes(StandardCharsets.US_ASCII);
    this.limit = new ConnectionLimit(config.maxConnections());
    this.pending = new PendingConnections(warnings, config.requireSecret()
        ? PendingConnections.MAX : Math.max(PendingConnections.MAX, config.maxConnections()));
    this.maxTasks = RelayThreads.cap(config.maxConnections(), pending.max());
    Optional<ExecutorService> virtual = preferVirtual ? RelayThreads.virtual() : Optional.empty();
    this.virtualThreads = virtual.isPresent();
    this.executor = virtual.orElseGet(() -> RelayThreads.platform(maxTasks));
  }

  /**
   * Returns a running relay for clients that present its secret (when the config requires it);
   * its loopback listener opens when its selector first names an upstream proxy.
   */
  public static Relay start(RelayConfig config) {
    return new Relay(config, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), null,
        false);
  }

  /**
   * Returns a relay listening on {@code address} now, serving the clients that
   * {@link RelayConfig#access()} admits and reporting each request to {@code accessLog}; on
   * virtual threads when the JDK has them.
   *
   * @throws IOException when the address cannot be bound
   */
  public static Relay listen(RelayConfig config, InetSocketAddress address,
      Consumer<AccessLogEntry> accessLog) throws IOException {
    Relay relay = new Relay(config, address, accessLog, true);
    try {
      relay.openListener();
    } catch (IOException | RuntimeException e) {
      relay.close();
      throw e;
    }
    return relay;
  }

  /** Returns the configuration that new requests are served with. */
  public RelayConfig config() {
    return generation.get().config();
  }

  /** Returns the generation that a request starting now is served with. */
  Generation generation() {
    return generation.get();
  }

  /**
   * Serves new requests with {@code config}'s authenticator, upstream selector and access (the
   * rest of it is ignored); requests in flight finish on the old ones, whose pooled upstream
   * connections close.
   */
  public void reconfigure(RelayConfig config) {
    RelayConfig now = config();
    Generation next = new Generation(now.reconfigured(config.authenticator(), config.upstream(),
        config.access()));
    Generation old = generation.getAndSet(next);
    old.close();
    if (closed) {
      next.close();
    }
  }

  /** Returns the secret clients present in {@link #TOKEN_HEADER}. */
  public String token() {
    return tokenText;
  }

  /** Returns the selector that sends requests for upstream proxies through this relay. */
  public ProxySelector selector() {
    return new RelaySelector(this);
  }

  public boolean isClosed() {
    return closed;
  }

  /** Returns whether the relay runs on virtual threads. */
  public boolean virtualThreads() {
    return virtualThreads;
  }

  /** Returns the relay's counters. */
  public RelayStats stats() {
    return stats;
  }

  /** Returns how many relay tasks (threads) run now: connections, tunnel pumps, the listener. */
  public int threads() {
    return tasks.get();
  }

  /** Returns how many idle authenticated upstream connections the current pools hold. */
  public int pooledConnections() {
    return generation.get().pooled();
  }

  /** Returns how many client connections are open, admitted or not yet. */
  public int clientConnections() {
    return sessions.size();
  }

  /** Returns the address of the relay's listener, opening it (on loopback) on first use. */
  public synchronized InetSocketAddress listenerAddress() {
    if (listener == null) {
      if (closed) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
      }
      try {
        openListener();
      } catch (IOException e) {
        throw new UncheckedIOException("Could not open a relay listener on " + bindAddress, e);
      }
    }
    return listener.address();
  }

  private synchronized void openListener() throws IOException {
    listener = Listener.open(this, bindAddress);
  }

  /** Returns whether {@code address} is this relay's listener. */
  synchronized boolean isListener(InetSocketAddress address) {
    return listener != null && listener.address().equals(address);
  }

  /** Closes pooled connections idle for longer than allowed. */
  void purgePools() {
    generation.get().purge();
  }

  /** Returns whether {@code presented} is the secret, compared in constant time. */
  boolean admits(Optional<String> presented) {
    if (!config().requireSecret()) {
      return true;
    }
    return presented.isPresent()
        && MessageDigest.isEqual(presented.get().getBytes(StandardCharsets.ISO_8859_1), token);
  }

  /** Returns the id under which {@code failure} can be looked up by the wrapping client. */
  String recordFailure(ProxyAuthException failure) {
    String id = Long.toString(failureIds.incrementAndGet());
    synchronized (failures) {
      failures.put(id, failure);
      if (failures.size() > MAX_FAILURES) {
        failures.remove(failures.keySet().iterator().next());
      }
    }
    return id;
  }

  /** Returns the failure recorded under {@code id}, if it is still kept. */
  public Optional<ProxyAuthException> failure(String id) {
    synchronized (failures) {
      return Optional.ofNullable(failures.get(id));
    }
  }

  void recordConnectFailure(String upstream, IOException failure) {
    connectFailures.put(upstream, failure);
  }

  void connected(String upstream) {
    connectFailures.remove(upstream);
  }

  /**
   * Returns why the relay last failed to connect to the upstream proxy that {@code uri} goes
   * through (its cause is the socket's exception), if that proxy has not been reached since.
   */
  public Optional<IOException> connectFailure(URI uri) {
    for (Proxy proxy : config().upstream().select(uri)) {
      if (proxy.type() == Proxy.Type.HTTP && proxy.address() instanceof InetSocketAddress) {
        IOException failure = connectFailures.get(UpstreamProxy.of(proxy).key());
        if (failure != null) {
          return Optional.of(failure);
        }
      }
    }
    return Optional.empty();
  }

  /** The name of the response header that carries the relay's own error message. */
  public static String errorHeader() {
    return Replies.ERROR_HEADER;
  }

  /** The name of the response header that carries a failure id. */
  public static String failureHeader() {
    return Replies.FAILURE_HEADER;
  }

  ConnectionLimit limit() {
    return limit;
  }

  /** Returns the client connections that have not presented the secret yet. */
  PendingConnections pending() {
    return pending;
  }

  /** Returns the relay's rate-limited WARNING log, for what hostile clients can provoke. */
  RateLimitedLog warnings() {
    return warnings;
  }

  /** Counts the request and hands its entry to the access log, which cannot break the relay. */
  void logged(RequestLog request, long fromClient, long toClient) {
    AccessLogEntry entry = request.entry(fromClient, toClient);
    stats.record(entry);
    Consumer<AccessLogEntry> sink = accessLog;
    if (sink != null) {
      try {
        sink.accept(entry);
      } catch (RuntimeException | LinkageError | AssertionError e) {
        warnings.warn("the access log sink threw " + e.getClass().getName()
            + "; its entries are dropped");
      }
    }
  }

  /**
   * Runs {@code task} on a relay thread; false when the relay is closed or runs
   * {@link RelayThreads#cap} tasks already.
   */
  boolean execute(Runnable task) {
    if (tasks.incrementAndGet() > maxTasks) {
      tasks.decrementAndGet();
      return false;
    }
    try {
      executor.execute(() -> {
        try {
          task.run();
        } finally {
          tasks.decrementAndGet();
        }
      });
      return true;
    } catch (RejectedExecutionException e) {
      tasks.decrementAndGet();
      return false;
    }
  }

  /** Returns {@link #execute} as an executor that rejects when the relay cannot run a task. */
  Executor executor() {
    return task -> {
      if (!execute(task)) {
        throw new RejectedExecutionException("the relay is closed or has no thread left");
      }
    };
  }

  void track(Socket socket) throws IOException {
    sockets.add(socket);
    if (closed) {
      forget(socket);
      throw new IOException("the relay is closed");
    }
  }

  void forget(Socket socket) {
    sockets.remove(socket);
    try {
      socket.close();
    } catch (IOException e) {
      // Closing is all we want.
    }
  }

  /** Returns how many client and upstream sockets are open (tracked for {@link #close()}). */
  int openSockets() {
    return sockets.size();
  }

  void sessionStarted(ClientSession session) {
    sessions.add(session);
  }

  void sessionEnded(ClientSession session) {
    sessions.remove(session);
    if (draining) {
      synchronized (sessions) {
        sessions.notifyAll();
      }
    }
  }

  /** Returns whether {@link #drain} began: sessions end after their current request. */
  boolean draining() {
    return draining;
  }

  /** Stops accepting connections; open ones finish their current exchange. */
  public synchronized void stopAccepting() {
    if (listener != null) {
      listener.close();
    }
  }

  /**
   * Stops accepting, closes idle client connections at once, waits up to {@code timeout} for the
   * requests in flight (tunnels included) to end, then closes the relay. Returns whether they all
   * ended in time.
   */
  public boolean drain(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    draining = true;
    stopAccepting();
    sessions.forEach(ClientSession::closeIfIdle);
    boolean done = awaitNoSessions(deadline);
    close();
    return done;
  }

  private boolean awaitNoSessions(long deadline) {
    synchronized (sessions) {
      while (!sessions.isEmpty()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        try {
          sessions.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 100)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
      return true;
    }
  }

  /** Returns whether no client connection is open. */
  public boolean idle() {
    return limit.inUse() == 0;
  }

  /**
   * Stops accepting connections and closes the relay once no client connection is open: now, or
   * when the last one ends. For a wrapping client that became unreachable while a request it
   * started may still be running.
   */
  public void closeWhenIdle() {
    closeWhenIdle = true;
    stopAccepting();
    closeIfIdle();
  }

  /** Called when a client connection that held a slot ends. */
  void connectionEnded() {
    limit.release();
    if (closeWhenIdle) {
      closeIfIdle();
    }
  }

  private void closeIfIdle() {
    if (idle() && !closed) {
      // Not on this thread: close() waits for the relay threads, this one among them.
      Thread closer = new Thread(this::close, "proxyauth-relay-closer");
      closer.setDaemon(true);
      closer.start();
    }
  }

  /** Closes every listener and connection and waits (at most 5 s) for the relay threads. */
  @Override
  public void close() {
    synchronized (this) { // the cleaner's closer thread and an explicit close() may race
      if (closed) {
        return;
      }
      closed = true;
    }
    stopAccepting();
    sockets.forEach(this::forget);
    generation.get().close();
    executor.shutdownNow();
    try {
      if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
        LOG.log(System.Logger.Level.WARNING, "proxyauth relay threads did not stop within 5 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
