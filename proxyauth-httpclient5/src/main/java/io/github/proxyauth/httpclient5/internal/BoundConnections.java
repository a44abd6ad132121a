package io.github.proxyauth.httpclient5.internal;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The connections of one client to a proxy that a connection-bound scheme (NTLM, Negotiate where
 * the proxy keeps the connection authenticated, as Squid does) authenticated for forwarded
 * requests: later requests on them go without a header, while the first request on any other
 * connection authenticates ahead. A connection is HttpClient's own object for it (the classic
 * client's pooled connection, the async client's endpoint details, one per connection), held
 * weakly: it leaves when HttpClient drops the connection. Thread-safe.
 */
final class BoundConnections {
  private final Map<Object, Boolean> connections =
      Collections.synchronizedMap(new WeakHashMap<>());

  /** Records the success of an answer sent on {@code connection}. */
  void succeeded(Object connection, boolean connectionBound) {
    if (connectionBound) {
      connections.put(connection, Boolean.TRUE);
    } else {
      connections.remove(connection);
    }
  }

  /** Records a 407 on {@code connection}: it is not (or no longer) authenticated. */
  void challenged(Object connection) {
    connections.remove(connection);
  }

  boolean contains(Object connection) {
    return connections.containsKey(connection);
  }
}
