package io.github.proxyauth.okhttp.internal;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import okhttp3.Connection;

/**
 * The proxy connections of plain {@code http://} requests that a connection-bound scheme (NTLM)
 * authenticated: the proxy lets later requests on them through without a header, so the
 * interceptor sends none (a preemptive Type 1 there would cost two extra legs per request).
 * Weak keys: a connection leaves the set when OkHttp drops it. Thread-safe.
 */
final class AuthenticatedConnections {
  private final Map<Connection, Boolean> connections =
      Collections.synchronizedMap(new WeakHashMap<>());

  void succeeded(Connection connection, boolean connectionBound) {
    if (connectionBound) {
      connections.put(connection, Boolean.TRUE);
    } else {
      connections.remove(connection);
    }
  }

  boolean contains(Connection connection) {
    return connections.containsKey(connection);
  }

  void challenged(Connection connection) {
    connections.remove(connection);
  }
}
