package io.github.proxyauth.relay;

import io.github.proxyauth.ProxyAuthenticator;
import io.github.proxyauth.discovery.HttpsProxy;
import io.github.proxyauth.relay.internal.ClientAccess;
import io.github.proxyauth.relay.internal.Relay;
import io.github.proxyauth.relay.internal.RelayAccess;
import io.github.proxyauth.relay.internal.RelayConfig;
import io.github.proxyauth.relay.internal.RelayOptions;
import java.net.ProxySelector;
import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * Returns, once built, an in-process proxy on 127.0.0.1 that authenticates to the real (upstream)
 * proxies with a {@link ProxyAuthenticator}: every scheme, on connections it owns, so that JDK
 * clients which only speak to an unauthenticated proxy get through. The java.net.http adapter
 * ({@code ProxyAuthHttpClient}) uses one; use this class directly for other clients such as
 * {@code HttpURLConnection}.
 *
 * <p>Install {@link #proxySelector()} in the client. It maps each HTTP proxy that the upstream
 * selector chooses to a loopback port of this relay (one per upstream proxy); DIRECT stays DIRECT.
 * For a CONNECT the relay authenticates the tunnel on its own upstream connection, answers
 * {@code 200} and pipes bytes; a plain {@code http://} request is forwarded over a small pool of
 * authenticated upstream connections.
 *
 * <p><b>The secret.</b> Any local process can connect to a loopback port, so by default the relay
 * serves only requests that carry {@link #secret()} in the {@value #SECRET_HEADER} header
 * (checked in constant time, then removed along with any {@code Proxy-Authorization}; neither
 * reaches the upstream proxy or the origin). Others get {@code 403} and a logged warning.
 * {@code HttpURLConnection} sends request headers on plain requests
 * ({@code connection.setRequestProperty(SECRET_HEADER, relay.secret())}) but not on the
 * {@code CONNECT} it sends for {@code https://} URLs; for such clients build the relay with
 * {@link Builder#allowWithoutSecret()}, which lets every local user's processes use your proxy
 * credentials: do not do that on a shared machine.
 *
 * <p><b>HTTPS proxies.</b> An upstream proxy that the selector returns as an
 * {@link HttpsProxy} ({@code ProxyDiscovery} does for {@code https://} proxy URLs and PAC
 * {@code HTTPS} entries when built with {@code tlsProxies(true)}) is spoken to over TLS: server
 * name indication and host name verification for the proxy's host, trust from
 * {@link Builder#proxyTls(SSLContext)} (default: the JDK's default trust store), the handshake
 * within the 10 s connect step; then the usual requests, CONNECT and authentication inside it, so
 * a tunnel to an https origin is TLS inside TLS. Its client sees an ordinary loopback HTTP proxy.
 * A TLS failure (an untrusted certificate, one for another name, a plain proxy on that port) is a
 * {@code 502} naming the proxy and the cause, and that proxy counts as unreachable: the route's
 * next proxy, if any, is tried. Connections to an https proxy are pooled apart from plain ones.
 *
 * <p>When authentication fails the relay answers {@code 407} without any {@code Basic} challenge
 * (which would wake the client's {@code java.net.Authenticator}), with the diagnosis in a
 * {@code Proxy-Auth-Diagnosis} header and the body; {@code 502} when the upstream proxy cannot be
 * reached. Thread-safe. {@link #close()} stops the listeners, closes every connection and ends the
 * relay's threads (daemon threads named {@code proxyauth-relay-<n>}).
 */
public final class ProxyRelay implements AutoCloseable {
  /** The request header in which clients present {@link #secret()}. */
  public static final String SECRET_HEADER = Relay.TOKEN_HEADER;

  private final Relay relay;

  private ProxyRelay(Relay relay) {
    this.relay = relay;
  }

  /** Returns a builder for a relay that authenticates with {@code authenticator}. */
  public static Builder builder(ProxyAuthenticator authenticator) {
    return new Builder(Objects.requireNonNull(authenticator, "authenticator"));
  }

  /**
   * Returns the selector to install in a client: the upstream selector's HTTP proxies mapped to
   * this relay's loopback listeners (opened on first use). Never returns an empty list.
   */
  public ProxySelector proxySelector() {
    return relay.selector();
  }

  /**
   * Returns the relay's secret (256 random bits, base64url), to send in {@value #SECRET_HEADER}.
   * Treat it like a password: it lets a local process use your proxy credentials.
   */
  public String secret() {
    return relay.token();
  }

  /** Returns whether {@link #close()} was called. */
  public boolean isClosed() {
    return relay.isClosed();
  }

  /** Closes the listeners and every connection, and waits (at most 5 s) for the relay threads. */
  @Override
  public void close() {
    relay.close();
  }

  /** Returns a description without the secret. */
  @Override
  public String toString() {
    return "ProxyRelay[upstream=" + relay.config().upstream() + ", secret="
        + (relay.config().requireSecret() ? "required" : "not required") + "]";
  }

  static {
    RelayAccess.install(r -> r.relay);
  }

  /**
   * Configures a {@link ProxyRelay}. Defaults: the upstream selector is
   * {@link ProxySelector#getDefault()} (DIRECT when there is none), the secret is required, idle
   * tunnels and waits for a response end after 5 minutes, a CONNECT handshake with the upstream
   * proxy ends after 30 seconds, and at most 256 client connections are served at once. Not
   * thread-safe.
   */
  public static final class Builder {
    private final ProxyAuthenticator authenticator;
    private ProxySelector upstream = RelayOptions.defaultSelector();
    private boolean requireSecret = true;
    private final RelayOptions options = new RelayOptions(256, RelayConfig.PROXY_TLS_REMEDY);

    private Builder(ProxyAuthenticator authenticator) {
      this.authenticator = authenticator;
    }

    /** Returns this builder choosing upstream proxies with {@code upstream}. */
    public Builder upstream(ProxySelector upstream) {
      this.upstream = Objects.requireNonNull(upstream, "upstream");
      return this;
    }

    /**
     * Returns this builder serving clients that do not present the secret, such as
     * {@code HttpURLConnection} for {@code https://} URLs. Insecure on a multi-user machine: every
     * local process can then use the proxy credentials.
     */
    public Builder allowWithoutSecret() {
      this.requireSecret = false;
      return this;
    }

    /** Returns this builder closing tunnels silent in both directions for {@code timeout}. */
    public Builder idleTimeout(Duration timeout) {
      options.idleTimeout(timeout);
      return this;
    }

    /**
     * Returns this builder ending a CONNECT handshake with the upstream proxy (every 407 round and
     * the final answer) after {@code timeout}, with a {@code PROXY_TIMEOUT} diagnosis. Whatever
     * the timeouts, a response head must complete within 10 s of its first byte, and a 407 page
     * is read for at most 5 s and 64 KiB before the connection is closed instead.
     */
    public Builder handshakeTimeout(Duration timeout) {
      options.handshakeTimeout(timeout);
      return this;
    }

    /**
     * Returns this builder speaking TLS to {@link HttpsProxy https proxies} with {@code context}:
     * its trust managers decide which proxy certificates are trusted (for example a context
     * initialised with a trust store holding the company's CA), its key managers which client
     * certificate, if any, is offered. Host name verification stays on whatever the context.
     * Default: {@link SSLContext#getDefault()}, the JDK's default trust store.
     */
    public Builder proxyTls(SSLContext context) {
      options.proxyTls(context);
      return this;
    }

    /**
     * Returns this builder naming {@code remedy} in the diagnosis of an https proxy whose
     * certificate is not trusted, where it tells how to give the relay the proxy's CA: the words
     * of this relay's users, for example a command-line option ({@code "--proxy-ca FILE"}).
     * Default: {@code "ProxyRelay.Builder.proxyTls"}.
     */
    public Builder proxyTlsRemedy(String remedy) {
      options.proxyTlsRemedy(remedy);
      return this;
    }

    /** Returns this builder serving at most {@code max} client connections at once (503 after). */
    public Builder maxConnections(int max) {
      options.maxConnections(max);
      return this;
    }

    /**
     * Returns a running relay.
     *
     * @throws IllegalArgumentException when a timeout is not positive or the connection limit is
     *     below 1
     */
    public ProxyRelay build() {
      return new ProxyRelay(Relay.start(options.config(authenticator, upstream, requireSecret,
          ClientAccess.loopbackOnly())));
    }
  }
}
