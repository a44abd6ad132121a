package io.github.proxyauth.httpclient5.internal;

import io.github.proxyauth.ProxyAuthenticator;
import io.github.proxyauth.spi.AuthExchange;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Which proxies the engine authenticated with before, and whether with a connection-bound scheme:
 * HttpClient asks its auth cache before every request, and only a proxy found here gets a scheme
 * that answers preemptively (so HttpClient never asks for an answer that the engine cannot give);
 * for a connection-bound one, forwarded requests are answered ahead where the connection is
 * known ({@link Handshake#onWire}).
 * One per engine, as the engine's auth cache is: every client sharing an engine benefits.
 * Thread-safe.
 */
final class PreemptiveHints {
  private static final Map<ProxyAuthenticator, PreemptiveHints> BY_ENGINE =
      Collections.synchronizedMap(new WeakHashMap<>());

  private final ConcurrentMap<String, Boolean> connectionBound = new ConcurrentHashMap<>();

  /** Returns the hints of {@code engine}, kept as long as the engine is reachable. */
  static PreemptiveHints of(ProxyAuthenticator engine) {
    return BY_ENGINE.computeIfAbsent(engine, e -> new PreemptiveHints());
  }

  void succeeded(AuthExchange exchange) {
    if (exchange.scheme().isPresent()) {
      connectionBound.put(exchange.request().proxy(), exchange.connectionBound());
    }
  }

  void forget(String proxy) {
    connectionBound.remove(proxy);
  }

  /** Returns whether the last success with {@code proxy} was connection-bound; empty if none. */
  Optional<Boolean> connectionBound(String proxy) {
    return Optional.ofNullable(connectionBound.get(proxy));
  }
}
