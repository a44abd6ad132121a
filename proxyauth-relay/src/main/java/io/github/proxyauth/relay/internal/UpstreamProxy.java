package io.github.proxyauth.relay.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.util.Locale;

/**
 * One next hop of a route: an upstream proxy as the user's selector named it, or, for DIRECT, the
 * origin server itself.
 *
 * @param host the host as configured (not resolved)
 * @param port the port
 * @param direct true for the origin of a DIRECT route, false for a proxy
 */
record UpstreamProxy(String host, int port, boolean direct) {
  private static final int CONNECT_TIMEOUT_MILLIS = 10_000;

  static UpstreamProxy of(InetSocketAddress address) {
    return new UpstreamProxy(address.getHostString().toLowerCase(Locale.ROOT), address.getPort(),
        false);
  }

  /** Returns the hop for a DIRECT route to {@code host:port}. */
  static UpstreamProxy direct(String host, int port) {
    return new UpstreamProxy(host.toLowerCase(Locale.ROOT), port, true);
  }

  String key() {
    return (direct ? "direct " : "") + host + ":" + port;
  }

  /** Returns how messages name this hop: "the proxy h:p" or "the origin h:p (DIRECT)". */
  String describe() {
    return direct ? "the origin " + host + ":" + port + " (DIRECT)" : "the proxy " + key();
  }

  /** Returns {@link #describe()} to start a sentence: "The proxy h:p", "The origin h:p ...". */
  String subject() {
    String d = describe();
    return Character.toUpperCase(d.charAt(0)) + d.substring(1);
  }

  /** Returns the address to report to the user's selector when this proxy failed. */
  InetSocketAddress address() {
    return InetSocketAddress.createUnresolved(host, port);
  }

  /** Returns a new connection; resolves the host again each time (DNS may rotate). */
  Upstream open(Relay relay) throws HttpFailure {
    Socket socket;
    try {
      socket = SocketChannel.open().socket(); // a channel, so that the pool can poll it cheaply
    } catch (IOException e) {
      throw new HttpFailure(502, "Could not create a socket for " + describe() + ": " + e, e);
    }
    try {
      relay.track(socket);
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
      socket.setSoTimeout(relay.config().idleMillis());
      relay.connected(key());
      return new Upstream(relay, socket);
    } catch (IOException e) {
      relay.forget(socket);
      HttpFailure failure = HttpFailure.unreachable("Could not connect to " + describe() + ": "
          + e, e);
      relay.recordConnectFailure(key(), failure);
      throw failure;
    }
  }
}
