package io.github.proxyauth.relay.internal;

import io.github.proxyauth.ProxyAuthException;
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
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The in-process relay: one loopback listener, the routing of each request through the user's
 * {@link ProxySelector} (upstream proxies in order, or DIRECT), a pool of connections per next
 * hop, its threads, the secret and the recent authentication failures. Thread-safe. Holds no reference to the client that uses it, so
 * a {@link java.lang.ref.Cleaner} on that client can close it.
 */
public final class Relay implements AutoCloseable {
  static final System.Logger LOG = System.getLogger("io.github.proxyauth.relay");
  /** The request header that carries the secret. */
  public static final String TOKEN_HEADER = "Proxy-Relay-Token";
  private static final int MAX_FAILURES = 256;

  private final RelayConfig config;
  private final byte[] token;
  private final String tokenText;
  private final ThreadPoolExecutor executor;
  private final Map<String, UpstreamPool> pools = new ConcurrentHashMap<>();
  private @Nullable Listener listener;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final ConnectionLimit limit;
  private final RateLimitedLog warnings = new RateLimitedLog();
  private final PendingConnections pending = new PendingConnections(warnings);
  private final Map<String, ProxyAuthException> failures = new LinkedHashMap<>();
  private final Map<String, IOException> connectFailures = new ConcurrentHashMap<>();
  private final AtomicLong failureIds = new AtomicLong();
  private final AtomicLong threadIds = new AtomicLong();
  private volatile boolean closed;
  private volatile boolean closeWhenIdle;

  private Relay(RelayConfig config) {
    this.config = config;
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    this.tokenText = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    this.token = tokenText.getBytes(StandardCharsets.US_ASCII);
    this.limit = new ConnectionLimit(config.maxConnections());
    // Two threads per tunnel plus one accept thread per listener; the limit bounds the rest.
    this.executor = new ThreadPoolExecutor(0, 2 * config.maxConnections() + 64, 30,
        TimeUnit.SECONDS, new SynchronousQueue<>(), task -> {
          Thread t = new Thread(task, "proxyauth-relay-" + threadIds.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }

  /** Returns a running relay; listeners open when its selector first names an upstream proxy. */
  public static Relay start(RelayConfig config) {
    return new Relay(config);
  }

  public RelayConfig config() {
    return config;
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

  /** Returns the loopback address of the relay's listener, opening it on first use. */
  synchronized InetSocketAddress listenerAddress() {
    if (listener == null) {
      if (closed) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
      }
      try {
        listener = Listener.open(this);
      } catch (IOException e) {
        throw new UncheckedIOException("Could not open a relay listener on 127.0.0.1", e);
      }
    }
    return listener.address();
  }

  /** Returns whether {@code address} is this relay's listener. */
  synchronized boolean isListener(InetSocketAddress address) {
    return listener != null && listener.address().equals(address);
  }

  /**
   * Returns the next hops for {@code uri} in the order to try them: the HTTP proxies the user's
   * selector names (over TLS for an {@code HttpsProxy}), and the origin itself where it says DIRECT (SOCKS counts as DIRECT, as in the
   * JDK client). Never empty.
   */
  List<UpstreamProxy> route(URI uri, String host, int port) {
    List<Proxy> chosen = config.upstream().select(uri);
    List<UpstreamProxy> hops = new ArrayList<>();
    for (Proxy proxy : chosen == null ? List.<Proxy>of() : chosen) {
      UpstreamProxy hop = proxy.type() == Proxy.Type.HTTP
          && proxy.address() instanceof InetSocketAddress ? UpstreamProxy.of(proxy)
          : UpstreamProxy.direct(host, port);
      if (!hops.contains(hop)) {
        hops.add(hop);
      }
    }
    return hops.isEmpty() ? List.of(UpstreamProxy.direct(host, port)) : hops;
  }

  /** Tells the user's selector that {@code hop}, a proxy, could not be reached for {@code uri}. */
  void connectFailed(URI uri, UpstreamProxy hop, IOException failure) {
    if (!hop.direct()) {
      try {
        config.upstream().connectFailed(uri, hop.address(), failure);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "the upstream ProxySelector's connectFailed threw "
            + e.getClass().getName() + "; ignored");
      }
    }
  }

  /** Returns the pool of idle connections to {@code hop}. */
  UpstreamPool pool(UpstreamProxy hop) {
    return pools.computeIfAbsent(hop.key(), k -> new UpstreamPool(config.poolIdleMillis()));
  }

  /** Closes pooled connections idle for longer than allowed. */
  void purgePools() {
    pools.values().forEach(UpstreamPool::purge);
  }

  /** Returns whether {@code presented} is the secret, compared in constant time. */
  boolean admits(Optional<String> presented) {
    if (!config.requireSecret()) {
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
    for (Proxy proxy : config.upstream().select(uri)) {
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

  /** Runs {@code task} on a relay thread; false when the relay is closed or at its limit. */
  boolean execute(Runnable task) {
    try {
      executor.execute(task);
      return true;
    } catch (RejectedExecutionException e) {
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

  /** Stops accepting connections; open ones finish their current exchange. */
  public synchronized void stopAccepting() {
    if (listener != null) {
      listener.close();
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

  /** Called when a client connection ends. */
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
