package io.github.proxyauth.relay.internal;

import io.github.proxyauth.ProxyAuthenticator;
import java.net.ProxySelector;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * The tuning that {@code ProxyRelay.Builder} and {@code LocalProxy.Builder} share, with the one
 * set of defaults: idle tunnels and waits for a response end after {@link #IDLE_TIMEOUT}, a
 * CONNECT handshake upstream after {@link RelayConfig#HANDSHAKE_TIMEOUT}, the JDK's default TLS
 * context for https proxies; the connection limit is the caller's. Values are checked by
 * {@link RelayConfig} when {@link #config built}. Not thread-safe (a builder's part).
 */
public final class RelayOptions {
  /** The default idle timeout of tunnels and of waits for a response. */
  public static final Duration IDLE_TIMEOUT = Duration.ofMinutes(5);

  private Duration idleTimeout = IDLE_TIMEOUT;
  private Duration handshakeTimeout = RelayConfig.HANDSHAKE_TIMEOUT;
  private Optional<SSLContext> proxyTls = Optional.empty();
  private String proxyTlsRemedy;
  private int maxConnections;

  /**
   * Returns options serving at most {@code maxConnections} client connections by default and
   * naming {@code proxyTlsRemedy} (the builder's own method) when an https proxy is not trusted.
   */
  public RelayOptions(int maxConnections, String proxyTlsRemedy) {
    this.maxConnections = maxConnections;
    this.proxyTlsRemedy = proxyTlsRemedy;
  }

  public void idleTimeout(Duration timeout) {
    this.idleTimeout = Objects.requireNonNull(timeout, "timeout");
  }

  public void handshakeTimeout(Duration timeout) {
    this.handshakeTimeout = Objects.requireNonNull(timeout, "timeout");
  }

  public void proxyTls(SSLContext context) {
    this.proxyTls = Optional.of(Objects.requireNonNull(context, "context"));
  }

  public void proxyTlsRemedy(String remedy) {
    this.proxyTlsRemedy = Objects.requireNonNull(remedy, "remedy");
  }

  public void maxConnections(int max) {
    this.maxConnections = max;
  }

  /**
   * Returns the configuration of a relay with these options.
   *
   * @throws IllegalArgumentException when a timeout is not positive or the connection limit is
   *     below 1
   */
  public RelayConfig config(ProxyAuthenticator authenticator, ProxySelector upstream,
      boolean requireSecret, ClientAccess access) {
    return new RelayConfig(authenticator, upstream, requireSecret, idleTimeout, maxConnections,
        handshakeTimeout, access, proxyTls, proxyTlsRemedy);
  }

  /** Returns {@link ProxySelector#getDefault()}, or DIRECT when there is none. */
  public static ProxySelector defaultSelector() {
    ProxySelector selector = ProxySelector.getDefault();
    return selector != null ? selector : ProxySelector.of(null);
  }
}
