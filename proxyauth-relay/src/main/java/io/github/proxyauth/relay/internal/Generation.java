package io.github.proxyauth.relay.internal;

import io.github.proxyauth.ProxyAuthenticator;
import io.github.proxyauth.discovery.ProxyDiscovery;
import io.github.proxyauth.discovery.Route;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What requests that start now are served with: the relay's configuration and, per next hop, the
 * pool of upstream connections its authenticator authenticated. A reconfiguration replaces the
 * whole generation: a request holds the one it started with until it ends, and the old
 * generation's pools close (connections handed back to them later are closed too). Thread-safe.
 */
final class Generation {
  private final RelayConfig config;
  /** Keyed by the hop itself: equal hops have equal {@link UpstreamProxy#key()}s. */
  private final Map<UpstreamProxy, UpstreamPool> pools = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /**
   * The next hops of one request and why: {@code why} is the {@link ProxyDiscovery}'s source and
   * explanation when the selector is one (never a secret), else {@code "selector"}.
   */
  record Routing(List<UpstreamProxy> hops, String why) {}

  Generation(RelayConfig config) {
    this.config = config;
  }

  RelayConfig config() {
    return config;
  }

  ProxyAuthenticator authenticator() {
    return config.authenticator();
  }

  ClientAccess access() {
    return config.access();
  }

  /**
   * Returns the next hops for {@code uri} in the order to try them: the HTTP proxies the user's
   * selector names (over TLS for an {@code HttpsProxy}), and the origin itself where it says DIRECT (SOCKS counts as DIRECT, as in the
   * JDK client). Never empty.
   *
   * @throws HttpFailure (502) when the selector fails, for example a PAC script configured to
   *     fail closed
   */
  Routing route(URI uri, String host, int port) throws HttpFailure {
    List<Proxy> chosen;
    String why;
    try {
      if (config.upstream() instanceof ProxyDiscovery discovery) {
        Route route = discovery.explain(uri); // the same ordered list select() returns
        if (route.proxies().isEmpty()) {
          throw HttpFailure.badGateway("No route for " + route.target() + ": "
              + route.explanation());
        }
        chosen = route.proxies();
        why = route.source().name() + ": " + route.explanation();
      } else {
        chosen = config.upstream().select(uri);
        why = "selector";
      }
    } catch (RuntimeException e) { // UncheckedIOException: a PAC script failed closed
      throw HttpFailure.badGateway("The upstream ProxySelector failed for " + uri.getScheme()
          + "://" + uri.getRawAuthority() + ": " + e.getMessage());
    }
    List<UpstreamProxy> hops = new ArrayList<>();
    for (Proxy proxy : chosen == null ? List.<Proxy>of() : chosen) {
      UpstreamProxy hop = proxy.type() == Proxy.Type.HTTP
          && proxy.address() instanceof InetSocketAddress ? UpstreamProxy.of(proxy)
          : UpstreamProxy.direct(host, port);
      if (!hops.contains(hop)) {
        hops.add(hop);
      }
    }
    return new Routing(hops.isEmpty() ? List.of(UpstreamProxy.direct(host, port)) : hops, why);
  }

  /** Tells the user's selector that {@code hop}, a proxy, could not be reached for {@code uri}. */
  void connectFailed(URI uri, UpstreamProxy hop, IOException failure) {
    if (!hop.direct()) {
      try {
        config.upstream().connectFailed(uri, hop.address(), failure);
      } catch (RuntimeException e) {
        Relay.LOG.log(System.Logger.Level.WARNING, "the upstream ProxySelector's connectFailed"
            + " threw " + e.getClass().getName() + "; ignored");
      }
    }
  }

  /** Returns the pool of idle connections to {@code hop}; closed once this generation is. */
  UpstreamPool pool(UpstreamProxy hop) {
    UpstreamPool pool = pools.get(hop); // no string building per request
    if (pool == null) {
      pool = pools.computeIfAbsent(hop, k -> new UpstreamPool(config.poolIdleMillis()));
    }
    if (closed) {
      pool.close(); // raced with close(): nothing may stay pooled
    }
    return pool;
  }

  /** Closes pooled connections idle for longer than allowed. */
  void purge() {
    pools.values().forEach(UpstreamPool::purge);
  }

  /** Returns how many idle authenticated connections the pools hold. */
  int pooled() {
    int n = 0;
    for (UpstreamPool pool : pools.values()) {
      n += pool.size();
    }
    return n;
  }

  /** Closes every pool: idle connections now, connections handed back later on return. */
  void close() {
    closed = true;
    pools.values().forEach(UpstreamPool::close);
  }
}
