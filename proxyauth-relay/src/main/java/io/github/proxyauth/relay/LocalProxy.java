package io.github.proxyauth.relay;

import io.github.proxyauth.ProxyAuthenticator;
import io.github.proxyauth.relay.internal.ClientAccess;
import io.github.proxyauth.relay.internal.Relay;
import io.github.proxyauth.relay.internal.RelayConfig;
import io.github.proxyauth.relay.internal.RelayOptions;
import io.github.proxyauth.relay.internal.RelayStats;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;

/**
 * A local HTTP proxy for every tool on the machine (curl, git, Maven, any JDK client) that
 * authenticates to the real (upstream) proxies with a {@link ProxyAuthenticator}: every scheme,
 * on connections it owns, routed per request by a {@link ProxySelector} (a
 * {@code ProxyDiscovery} with PAC failover, or any other), then pipes bytes. The engine of
 * {@code proxyauth serve}. Clients point their proxy setting at {@link #address()}
 * ({@code https_proxy=http://127.0.0.1:3128}); plain {@code http://} forwarding and
 * {@code CONNECT} are served, with HTTP/1.1 keep-alive on both sides.
 *
 * <p><b>Who may use it.</b> Every process that can reach the port uses your proxy credentials,
 * so by default only loopback clients are served and {@link Builder#build()} refuses to listen on
 * any other address unless {@link Builder#allow(String)} names the clients (gateway mode).
 * Connections from other addresses are closed at accept, with a rate-limited WARNING. On a shared
 * machine add a local credential ({@link Builder#localCredentials(String, char[])}): requests
 * without it get {@code 407} with {@code Proxy-Authenticate: Basic realm="proxyauth serve"}. It is
 * compared in constant time and never forwarded, like every client {@code Proxy-Authorization}.
 * Unlike {@link ProxyRelay} there is no secret header.
 *
 * <p><b>Answers of its own.</b> {@code 407} without a Basic challenge and with a
 * {@code Proxy-Auth-Diagnosis} header when upstream authentication fails, {@code 502} when no
 * upstream could be reached (after the route's failover), {@code 504} when the next hop is
 * silent for the idle timeout, {@code 400} for a malformed request (never forwarded),
 * {@code 503} beyond {@link Builder#maxConnections(int)}.
 *
 * <p><b>Observing it.</b> Each request (forwarded or tunnel, whatever its outcome) produces one
 * {@link AccessLogEntry}, never holding a secret; {@link #stats()} returns the counters for
 * metrics. Engine-side counts (407s seen, handshakes, back-offs) come from an
 * {@code AuthListener} on the {@code ProxyAuthenticator}.
 *
 * <p><b>Threads.</b> On JDK 21+ each client connection runs on a virtual thread (a tunnel on two);
 * on JDK 17-20 on daemon platform threads, at most {@code 3 * maxConnections + 1} of them
 * (two per tunnel, one per connection still sending its first head, the accept loop), named
 * {@code proxyauth-relay-<n>}. An idle tunnel costs about 90 KiB of heap and 4 descriptors.
 * Thread-safe.
 */
public final class LocalProxy implements AutoCloseable {
  /** The default listen port (on 127.0.0.1). */
  public static final int DEFAULT_PORT = 3128;

  private final Relay relay;
  private final InetSocketAddress address;

  private LocalProxy(Relay relay) {
    this.relay = relay;
    this.address = relay.listenerAddress();
  }

  /** Returns a builder for a local proxy that authenticates upstream with {@code authenticator}. */
  public static Builder builder(ProxyAuthenticator authenticator) {
    return new Builder(Settings.builder(authenticator));
  }

  /** Returns a builder starting from {@code settings} (authenticator, upstream, access). */
  public static Builder builder(Settings settings) {
    return new Builder(settings.newBuilder());
  }

  /**
   * Returns {@code cidr} normalised (stripped, lower case) when {@link Builder#allow(String)}
   * accepts it: an IP address or CIDR range such as {@code "10.0.0.0/8"}, {@code "192.168.1.7"},
   * {@code "fd00::/8"}. For checking configuration early, without an authenticator.
   *
   * @throws IllegalArgumentException when it is neither, saying what was expected and seen
   */
  public static String checkAllowed(String cidr) {
    return ClientAccess.checkRange(Objects.requireNonNull(cidr, "cidr"));
  }

  /** Returns the bound address: the real port when built with port 0. */
  public InetSocketAddress address() {
    return address;
  }

  /** Returns the live counters and gauges, for {@code /metrics}. Cheap. */
  public Stats stats() {
    RelayStats s = relay.stats();
    return new Stats(s.requests(), relay.clientConnections(), relay.pooledConnections(),
        s.responsesByStatus(), s.refusedConnections(), s.bytesToClients(), s.bytesFromClients(),
        relay.threads());
  }

  /** Returns whether the proxy runs its connections on virtual threads (JDK 21+). */
  public boolean virtualThreads() {
    return relay.virtualThreads();
  }

  /**
   * Applies {@code settings} (authenticator, upstream selector, allow list, local credential) to
   * requests that start from now on, on connections old and new; requests in flight, open tunnels
   * included, finish on the old ones, and the old authenticator's pooled upstream connections are
   * closed. The listen address cannot change.
   *
   * @throws IllegalArgumentException when the proxy listens on a non-loopback address and
   *     {@code settings} allows no client range
   */
  public void reconfigure(Settings settings) {
    Objects.requireNonNull(settings, "settings");
    checkBind(address, settings);
    RelayConfig now = relay.config();
    relay.reconfigure(now.reconfigured(settings.authenticator(), settings.upstream(),
        settings.access()));
  }

  /**
   * Stops accepting connections, closes idle keep-alive client connections at once, waits up to
   * {@code timeout} for the requests in flight (open tunnels included) to end, then closes
   * everything. Returns true when they all ended in time; otherwise the rest were closed.
   */
  public boolean drain(Duration timeout) {
    return relay.drain(Objects.requireNonNull(timeout, "timeout"));
  }

  /** Returns whether {@link #close()} or {@link #drain(Duration)} ended this proxy. */
  public boolean isClosed() {
    return relay.isClosed();
  }

  /** Closes the listener and every connection at once, and waits (at most 5 s) for its threads. */
  @Override
  public void close() {
    relay.close();
  }

  /** Returns the address, upstream and access rules; never a credential. */
  @Override
  public String toString() {
    RelayConfig config = relay.config();
    return "LocalProxy[" + address + ", upstream=" + config.upstream() + ", "
        + config.access() + "]";
  }

  private static void checkBind(InetSocketAddress address, Settings settings) {
    if (address.isUnresolved()) {
      throw new IllegalArgumentException("Expected a listen address with an IP, got the"
          + " unresolved " + address.getHostString() + ":" + address.getPort());
    }
    InetAddress ip = address.getAddress();
    if (!ip.isLoopbackAddress() && settings.allow().isEmpty()) {
      throw new IllegalArgumentException("Refusing to listen on " + ip.getHostAddress() + ":"
          + address.getPort() + ": it is not a loopback address, so other machines could use"
          + " your proxy credentials through it. Listen on 127.0.0.1, or name the clients that"
          + " may connect with allow(\"10.0.0.0/8\") (proxyauth serve --allow CIDR).");
    }
  }

  /**
   * Live counters and gauges of a {@link LocalProxy}, for Prometheus.
   *
   * @param requests requests ended (forwarded ones and tunnels), a counter
   * @param connectionsOpen client connections open now, a gauge
   * @param pooledUpstreamConnections idle authenticated upstream connections pooled now, a gauge
   * @param responsesByStatus ended requests by the status sent to the client ({@code 0}: none
   *     was), counters, in status order
   * @param refusedConnections client connections closed at accept (address not allowed), a
   *     counter
   * @param bytesToClients bytes sent to clients by ended requests, a counter
   * @param bytesFromClients bytes received from clients by ended requests, a counter
   * @param threads relay threads (virtual or platform) running now, a gauge
   */
  public record Stats(long requests, long connectionsOpen, long pooledUpstreamConnections,
      Map<Integer, Long> responsesByStatus, long refusedConnections, long bytesToClients,
      long bytesFromClients, long threads) {

    /** Copies the map. */
    public Stats {
      responsesByStatus = Map.copyOf(responsesByStatus);
    }
  }

  /**
   * What {@link LocalProxy#reconfigure(Settings)} can replace while the proxy runs: the
   * authenticator, the upstream selector, the allowed client ranges and the local credential.
   * Immutable; {@link #toString()} shows no password.
   */
  public static final class Settings {
    private final ProxyAuthenticator authenticator;
    private final ProxySelector upstream;
    private final ClientAccess access;

    private Settings(ProxyAuthenticator authenticator, ProxySelector upstream,
        ClientAccess access) {
      this.authenticator = authenticator;
      this.upstream = upstream;
      this.access = access;
    }

    /** Returns a builder for settings that authenticate upstream with {@code authenticator}. */
    public static Builder builder(ProxyAuthenticator authenticator) {
      return new Builder(Objects.requireNonNull(authenticator, "authenticator"));
    }

    /** Returns a builder with these settings, the local credential included. */
    public Builder newBuilder() {
      Builder b = new Builder(authenticator).upstream(upstream);
      b.access = access;
      return b;
    }

    public ProxyAuthenticator authenticator() {
      return authenticator;
    }

    public ProxySelector upstream() {
      return upstream;
    }

    /** Returns the allowed client ranges besides loopback, normalised. */
    public List<String> allow() {
      return access.allow();
    }

    /** Returns the local user, when a local credential is required. */
    public Optional<String> localUser() {
      return access.user();
    }

    ClientAccess access() {
      return access;
    }

    /** Returns the upstream selector and access rules; never the password. */
    @Override
    public String toString() {
      return "Settings[upstream=" + upstream + ", " + access + "]";
    }

    /**
     * Configures {@link Settings}. Defaults: the upstream selector is
     * {@link ProxySelector#getDefault()} (DIRECT when there is none), loopback clients only, no
     * local credential. Not thread-safe.
     */
    public static final class Builder {
      private final ProxyAuthenticator authenticator;
      private ProxySelector upstream = RelayOptions.defaultSelector();
      private ClientAccess access = ClientAccess.loopbackOnly();

      private Builder(ProxyAuthenticator authenticator) {
        this.authenticator = authenticator;
      }

      /**
       * Returns this builder choosing upstream proxies with {@code upstream}; a
       * {@code ProxyDiscovery} also gives the access log why each route was chosen.
       */
      public Builder upstream(ProxySelector upstream) {
        this.upstream = Objects.requireNonNull(upstream, "upstream");
        return this;
      }

      /**
       * Returns this builder also serving clients in {@code cidr}: an IP address or CIDR range
       * ({@code "10.0.0.0/8"}, {@code "192.168.1.7"}, {@code "::1/128"}). Repeatable. Loopback
       * is always allowed. Other machines in the range can then use your proxy credentials:
       * consider a local credential too.
       *
       * @throws IllegalArgumentException when {@code cidr} is not an IP address or range
       */
      public Builder allow(String cidr) {
        access = access.allowing(Objects.requireNonNull(cidr, "cidr"));
        return this;
      }

      /**
       * Returns this builder requiring every request to present {@code user} and
       * {@code password} as {@code Proxy-Authorization: Basic} (407 otherwise). The password is
       * copied; clear your array when done.
       *
       * @throws IllegalArgumentException when {@code user} is empty or contains {@code ':'}
       */
      public Builder localCredentials(String user, char[] password) {
        access = access.withCredential(Objects.requireNonNull(user, "user"),
            Objects.requireNonNull(password, "password"));
        return this;
      }

      /** Returns the settings. */
      public Settings build() {
        return new Settings(authenticator, upstream, access);
      }
    }
  }

  /**
   * Configures a {@link LocalProxy}. Defaults: listen on 127.0.0.1:3128, the upstream selector is
   * {@link ProxySelector#getDefault()} (DIRECT when there is none), loopback clients only, no
   * local credential, no access log, at most 1024 client connections, idle tunnels and waits for
   * a response end after 5 minutes, a CONNECT handshake upstream ends after 30 seconds. Not
   * thread-safe.
   */
  public static final class Builder {
    private final Settings.Builder settings;
    private InetSocketAddress listen = new InetSocketAddress(InetAddress.getLoopbackAddress(),
        DEFAULT_PORT);
    private Consumer<AccessLogEntry> accessLog = entry -> { };
    private final RelayOptions options = new RelayOptions(1024, "LocalProxy.Builder.proxyTls");

    private Builder(Settings.Builder settings) {
      this.settings = settings;
    }

    /** Returns this builder listening on {@code address}; port 0 picks a free port. */
    public Builder listen(InetSocketAddress address) {
      this.listen = Objects.requireNonNull(address, "address");
      return this;
    }

    /** See {@link Settings.Builder#upstream(ProxySelector)}. */
    public Builder upstream(ProxySelector selector) {
      settings.upstream(selector);
      return this;
    }

    /** See {@link Settings.Builder#allow(String)}. */
    public Builder allow(String cidr) {
      settings.allow(cidr);
      return this;
    }

    /** See {@link Settings.Builder#localCredentials(String, char[])}. */
    public Builder localCredentials(String user, char[] password) {
      settings.localCredentials(user, password);
      return this;
    }

    /**
     * Returns this builder handing one {@link AccessLogEntry} per request to {@code sink}, on
     * the thread that served it, once it ended: keep it quick (queue the entry). An exception it
     * throws drops the entry and is logged (rate-limited); it cannot break the proxy.
     */
    public Builder accessLog(Consumer<AccessLogEntry> sink) {
      this.accessLog = Objects.requireNonNull(sink, "sink");
      return this;
    }

    /** Returns this builder serving at most {@code max} client connections at once (503 after). */
    public Builder maxConnections(int max) {
      options.maxConnections(max);
      return this;
    }

    /** Returns this builder closing tunnels silent in both directions for {@code timeout}. */
    public Builder idleTimeout(Duration timeout) {
      options.idleTimeout(timeout);
      return this;
    }

    /** Returns this builder ending a CONNECT handshake upstream after {@code timeout}. */
    public Builder handshakeTimeout(Duration timeout) {
      options.handshakeTimeout(timeout);
      return this;
    }

    /**
     * Returns this builder speaking TLS to https proxies ({@code HttpsProxy} hops) with
     * {@code context}, as {@link ProxyRelay.Builder#proxyTls(SSLContext)} does. Default: the
     * JDK's default trust store.
     */
    public Builder proxyTls(SSLContext context) {
      options.proxyTls(context);
      return this;
    }

    /**
     * Returns this builder naming {@code remedy} in the diagnosis of an https proxy whose
     * certificate is not trusted, where it tells how to give the relay the proxy's CA: the words
     * of this relay's users, for example a command-line option ({@code "--proxy-ca FILE"}).
     * Default: {@code "LocalProxy.Builder.proxyTls"}.
     */
    public Builder proxyTlsRemedy(String remedy) {
      options.proxyTlsRemedy(remedy);
      return this;
    }

    /**
     * Binds the address and returns the running proxy.
     *
     * @throws IllegalArgumentException when the address is not loopback and no
     *     {@link #allow(String)} was given, a timeout is not positive or the connection limit is
     *     below 1
     * @throws IOException when the address cannot be bound (in use, not local)
     */
    public LocalProxy build() throws IOException {
      Settings s = settings.build();
      checkBind(listen, s);
      return new LocalProxy(Relay.listen(options.config(s.authenticator(), s.upstream(), false,
          s.access()), listen, accessLog));
    }
  }
}
