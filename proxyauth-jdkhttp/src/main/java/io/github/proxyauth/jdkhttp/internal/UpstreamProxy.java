package io.github.proxyauth.jdkhttp.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.util.Locale;

/**
 * One upstream proxy as the user's selector named it.
 *
 * @param host the host as configured (not resolved)
 * @param port the port
 */
record UpstreamProxy(String host, int port) {
  private static final int CONNECT_TIMEOUT_MILLIS = 10_000;

  static UpstreamProxy of(InetSocketAddress address) {
    return new UpstreamProxy(address.getHostString().toLowerCase(Locale.ROOT), address.getPort());
  }

  String key() {
    return host + ":" + port;
  }

  /** Returns a new connection; resolves the host again each time (DNS may rotate). */
  Upstream open(Relay relay) throws HttpFailure {
    Socket socket;
    try {
      socket = SocketChannel.open().socket(); // a channel, so that the pool can poll it cheaply
    } catch (IOException e) {
      throw new HttpFailure(502, "Could not create a socket for the proxy " + key() + ": " + e, e);
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
      HttpFailure failure = new HttpFailure(502, "Could not connect to the proxy " + key() + ": "
          + e, e);
      relay.connectFailed(key(), failure);
      throw failure;
    }
  }
}
