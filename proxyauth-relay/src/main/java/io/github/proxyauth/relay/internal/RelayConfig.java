package io.github.proxyauth.relay.internal;

import io.github.proxyauth.ProxyAuthenticator;
import java.io.IOException;
import java.net.ProxySelector;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * What one relay does. The authenticator, the upstream selector and the client access are the
 * part a reconfiguration replaces ({@link #reconfigured}); the rest stays for the relay's life.
 *
 * @param authenticator the engine that answers the upstream proxies' challenges
 * @param upstream chooses the upstream proxy for each URI
 * @param requireSecret whether clients must present the relay's secret
 * @param idleTimeout how long a tunnel or a wait for a response may stay silent
 * @param maxConnections how many client connections may be open at once
 * @param handshakeTimeout how long a CONNECT handshake with the upstream proxy may take in all
 * @param access which client addresses may connect and the local credential, if any
 * @param proxyTls the TLS context for https proxies; empty: the JDK's default
 * @param proxyTlsRemedy where this relay's users give it an https proxy's CA, in their words (a
 *     builder method, a command-line option), named when a proxy's certificate is not trusted
 */
public record RelayConfig(ProxyAuthenticator authenticator, ProxySelector upstream,
    boolean requireSecret, Duration idleTimeout, int maxConnections,
    Duration handshakeTimeout, ClientAccess access, Optional<SSLContext> proxyTls,
    String proxyTlsRemedy) {
  /** The default {@link #handshakeTimeout}. */
  public static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(30);
  /** The default {@link #proxyTlsRemedy}, for library users. */
  public static final String PROXY_TLS_REMEDY = "ProxyRelay.Builder.proxyTls";

  /** Returns a configuration naming {@link #PROXY_TLS_REMEDY} for an untrusted proxy. */
  public RelayConfig(ProxyAuthenticator authenticator, ProxySelector upstream,
      boolean requireSecret, Duration idleTimeout, int maxConnections,
      Duration handshakeTimeout, ClientAccess access, Optional<SSLContext> proxyTls) {
    this(authenticator, upstream, requireSecret, idleTimeout, maxConnections, handshakeTimeout,
        access, proxyTls, PROXY_TLS_REMEDY);
  }

  /** Returns a configuration with the default handshake timeout, for loopback clients. */
  public RelayConfig(ProxyAuthenticator authenticator, ProxySelector upstream,
      boolean requireSecret, Duration idleTimeout, int maxConnections) {
    this(authenticator, upstream, requireSecret, idleTimeout, maxConnections, HANDSHAKE_TIMEOUT);
  }

  /**
   * Returns a configuration for loopback clients without a local credential, with the JDK's
   * default TLS context for https proxies.
   */
  public RelayConfig(ProxyAuthenticator authenticator, ProxySelector upstream,
      boolean requireSecret, Duration idleTimeout, int maxConnections,
      Duration handshakeTimeout) {
    this(authenticator, upstream, requireSecret, idleTimeout, maxConnections,
        handshakeTimeout, ClientAccess.loopbackOnly(), Optional.empty());
  }

  public RelayConfig {
    if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
      throw new IllegalArgumentException("Expected a positive handshakeTimeout, got "
          + handshakeTimeout);
    }
    Objects.requireNonNull(authenticator, "authenticator");
    Objects.requireNonNull(upstream, "upstream");
    Objects.requireNonNull(access, "access");
    Objects.requireNonNull(proxyTls, "proxyTls");
    Objects.requireNonNull(proxyTlsRemedy, "proxyTlsRemedy");
    if (idleTimeout.isNegative() || idleTimeout.isZero()) {
      throw new IllegalArgumentException("Expected a positive idleTimeout, got " + idleTimeout);
    }
    if (maxConnections < 1) {
      throw new IllegalArgumentException("Expected maxConnections >= 1, got " + maxConnections);
    }
  }

  /** Returns this configuration with the reconfigurable part replaced. */
  public RelayConfig reconfigured(ProxyAuthenticator authenticator, ProxySelector upstream,
      ClientAccess access) {
    return new RelayConfig(authenticator, upstream, requireSecret, idleTimeout, maxConnections,
        handshakeTimeout, access, proxyTls, proxyTlsRemedy);
  }

  /** Returns the TLS context for https proxies: {@link #proxyTls}, else the JDK's default. */
  SSLContext proxyTlsContext() throws IOException {
    if (proxyTls.isPresent()) {
      return proxyTls.get();
    }
    try {
      return SSLContext.getDefault();
    } catch (NoSuchAlgorithmException e) {
      throw new IOException("the JDK has no default TLS context", e);
    }
  }

  int idleMillis() {
    return (int) Math.min(Integer.MAX_VALUE, idleTimeout.toMillis());
  }

  /** Idle time of a client connection between two requests. */
  int clientIdleMillis() {
    return Math.min(60_000, idleMillis());
  }

  /** Idle time of an authenticated upstream connection in the pool. */
  long poolIdleMillis() {
    return Math.min(30_000, idleMillis());
  }
}
