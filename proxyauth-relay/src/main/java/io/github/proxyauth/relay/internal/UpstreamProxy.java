package io.github.proxyauth.relay.internal;

import io.github.proxyauth.discovery.HttpsProxy;
import io.github.proxyauth.internal.http.ProxyTlsSocket;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;
import java.util.Locale;
import javax.net.ssl.SSLSocket;

/**
 * One next hop of a route: an upstream proxy as the user's selector named it (spoken to over TLS
 * when it is an {@link HttpsProxy}), or, for DIRECT, the origin server itself.
 *
 * @param host the host as configured (not resolved)
 * @param port the port
 * @param direct true for the origin of a DIRECT route, false for a proxy
 * @param tls true for an https proxy: TLS to the proxy, then HTTP and CONNECT inside it
 */
record UpstreamProxy(String host, int port, boolean direct, boolean tls) {
  /** The connect step's bound: the TCP connection and, to an https proxy, the TLS handshake. */
  static final int CONNECT_TIMEOUT_MILLIS = 10_000;

  /** Returns the hop for {@code proxy}, an HTTP proxy with an {@link InetSocketAddress}. */
  static UpstreamProxy of(Proxy proxy) {
    InetSocketAddress address = (InetSocketAddress) proxy.address();
    return new UpstreamProxy(address.getHostString().toLowerCase(Locale.ROOT), address.getPort(),
        false, proxy instanceof HttpsProxy);
  }

  /** Returns the hop for a DIRECT route to {@code host:port}. */
  static UpstreamProxy direct(String host, int port) {
    return new UpstreamProxy(host.toLowerCase(Locale.ROOT), port, true, false);
  }

  /** Returns the key of this hop's pool and failures: TLS and plain hops never share one. */
  String key() {
    return (direct ? "direct " : tls ? "https " : "") + host + ":" + port;
  }

  /** Returns "the proxy h:p", "the https proxy h:p" or "the origin h:p (DIRECT)". */
  String describe() {
    return direct ? "the origin " + host + ":" + port + " (DIRECT)"
        : (tls ? "the https proxy " : "the proxy ") + host + ":" + port;
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

  /**
   * Returns a new connection for forwarded requests, which may be pooled, over TLS to an https
   * proxy; resolves the host again each time (DNS may rotate). Connecting and the TLS handshake
   * end together {@link #CONNECT_TIMEOUT_MILLIS} after the start.
   */
  Upstream open(Relay relay) throws HttpFailure {
    return open(relay, true);
  }

  /**
   * Returns a new connection for one CONNECT tunnel, never pooled, as {@link #open(Relay)} does.
   * A plain socket rather than a channel's: each timed read on a channel's socket switches the
   * descriptor to non-blocking and back (four {@code fcntl} calls per read, the whole tunnel
   * long), while a plain socket stays non-blocking and polls. Only the pool needs the channel, to
   * see an idle connection's end without waiting.
   */
  Upstream openTunnel(Relay relay) throws HttpFailure {
    return open(relay, false);
  }

  private Upstream open(Relay relay, boolean pooled) throws HttpFailure {
    long deadline = System.nanoTime() + CONNECT_TIMEOUT_MILLIS * 1_000_000L;
    Socket socket;
    try {
      socket = pooled ? SocketChannel.open().socket() : new Socket(); // the pool polls a channel
    } catch (IOException e) {
      throw new HttpFailure(502, "Could not create a socket for " + describe() + ": " + e, e);
    }
    try {
      relay.track(socket);
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
    } catch (IOException e) {
      throw failed(relay, socket, HttpFailure.unreachable("Could not connect to " + describe()
          + ": " + e, e));
    }
    try {
      Socket io = tls ? handshake(relay.config(), socket, deadline) : socket;
      io.setSoTimeout(relay.config().idleMillis());
      relay.connected(key());
      return new Upstream(relay, io, socket);
    } catch (HttpFailure e) {
      throw failed(relay, socket, e);
    } catch (IOException e) {
      throw failed(relay, socket, HttpFailure.unreachable("Could not set up the connection to "
          + describe() + ": " + e, e));
    }
  }

  /**
   * Returns the TLS socket to this https proxy over {@code socket}, handshake done by
   * {@code deadline}, the relay's TLS context deciding which certificates are trusted.
   *
   * @throws HttpFailure an unreachable-hop 502 naming the proxy and the TLS cause
   */
  private SSLSocket handshake(RelayConfig config, Socket socket, long deadline)
      throws HttpFailure {
    try {
      return ProxyTlsSocket.open(config.proxyTlsContext(), socket, host, port, deadline);
    } catch (SocketTimeoutException e) {
      throw tlsFailed("it did not complete within " + CONNECT_TIMEOUT_MILLIS / 1000
          + " s of connecting", e);
    } catch (IOException e) {
      throw tlsFailed(ProxyTlsSocket.why(e, host, config.proxyTlsRemedy()), e);
    }
  }

  private HttpFailure tlsFailed(String why, IOException e) {
    return HttpFailure.unreachable("TLS handshake with " + describe() + " failed: " + why + " ("
        + e + ")", e);
  }

  private HttpFailure failed(Relay relay, Socket socket, HttpFailure failure) {
    relay.forget(socket);
    relay.recordConnectFailure(key(), failure);
    return failure;
  }
}
