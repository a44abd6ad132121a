package io.github.proxyauth.preflight;

import io.github.proxyauth.AuthScope;
import io.github.proxyauth.ProxyAuthException;
import io.github.proxyauth.ProxyAuthenticator;
import io.github.proxyauth.internal.http.SocketHandshake;
import io.github.proxyauth.spi.AuthRequest;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.Objects;

/**
 * Opens authenticated CONNECT tunnels through an HTTP proxy, for code that speaks its own protocol
 * over a socket (TLS, SSH, a database wire protocol): every scheme the {@link ProxyAuthenticator}
 * supports, NTLM included, with the handshake on the tunnel's own connection.
 *
 * <pre>{@code
 * ProxyTunnel tunnel = ProxyTunnel.of(authenticator, "proxy.corp", 3128);
 * try (Socket socket = tunnel.connect("db.example.com", 5432)) { ... }
 * }</pre>
 *
 * <p>Immutable and thread-safe; each {@link #connect} opens a new connection.
 */
public final class ProxyTunnel {
  private final ProxyAuthenticator authenticator;
  private final String proxyHost;
  private final int proxyPort;
  private final Duration timeout;

  private ProxyTunnel(ProxyAuthenticator authenticator, String proxyHost, int proxyPort,
      Duration timeout) {
    this.authenticator = authenticator;
    this.proxyHost = proxyHost;
    this.proxyPort = proxyPort;
    this.timeout = timeout;
  }

  /** Returns a tunnel factory for the proxy {@code host:port} with a 30 second timeout. */
  public static ProxyTunnel of(ProxyAuthenticator authenticator, String proxyHost, int proxyPort) {
    Objects.requireNonNull(authenticator, "authenticator");
    AuthScope.of(proxyHost, proxyPort, "any"); // validates host and port
    return new ProxyTunnel(authenticator, proxyHost, proxyPort, Duration.ofSeconds(30));
  }

  /** Returns a copy that bounds connecting and each read of the handshake by {@code timeout}. */
  public ProxyTunnel withTimeout(Duration timeout) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
    return new ProxyTunnel(authenticator, proxyHost, proxyPort, timeout);
  }

  /**
   * Returns a socket connected through the proxy to {@code host:port}, ready for the caller's
   * protocol (no read timeout set).
   *
   * @throws ProxyAuthException when authentication fails, with the engine's diagnosis
   * @throws IOException when the proxy is unreachable or refuses the tunnel (the message names
   *     the status it sent)
   */
  public Socket connect(String host, int port) throws IOException {
    AuthRequest request = AuthRequest.connect(proxyHost, proxyPort, host, port);
    SocketHandshake.Outcome outcome = SocketHandshake.run(authenticator, request, timeout);
    int status = outcome.status().code();
    if (status < 200 || status > 299) {
      outcome.socket().close();
      throw new IOException("proxy " + request.proxy() + " refused CONNECT " + request.target()
          + ": " + status + " " + outcome.status().reason());
    }
    outcome.socket().setSoTimeout(0);
    return outcome.socket();
  }

  @Override
  public String toString() {
    return "ProxyTunnel[" + AuthScope.of(proxyHost, proxyPort, "any").proxy() + "]";
  }
}
