package io.github.proxyauth.discovery;

import io.github.proxyauth.CredentialProvider;
import io.github.proxyauth.ProxyAuthException;
import io.github.proxyauth.internal.discovery.DiscoveredCredentials;
import io.github.proxyauth.internal.discovery.EnvironmentSettings;
import io.github.proxyauth.internal.discovery.Failover;
import io.github.proxyauth.internal.discovery.NoProxy;
import io.github.proxyauth.internal.discovery.ProxyUrl;
import io.github.proxyauth.internal.discovery.Router;
import io.github.proxyauth.internal.discovery.SystemPropertySettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Returns the proxies for a URI the way users already configure them, as a {@link ProxySelector}
 * for OkHttp, {@code java.net.http} and {@code HttpURLConnection}, and explains each choice with
 * {@link #explain(URI)}.
 *
 * <p><b>Precedence.</b> The first source that configures a proxy for the target's scheme decides,
 * including a decision to go direct because its own exemption list matched:
 * <ol>
 *   <li>explicit configuration ({@link Builder#proxy(String)}, {@link Builder#noProxy(String)}):
 *       the program's own choice;
 *   <li>system properties ({@code https.proxyHost}/{@code https.proxyPort} default 443,
 *       {@code http.proxyHost}/{@code http.proxyPort} default 80, {@code http.nonProxyHosts} with
 *       the JDK's syntax and defaults): set for this JVM, so more specific than the environment
 *       it inherited;
 *   <li>environment ({@code https_proxy}, {@code HTTPS_PROXY}, {@code http_proxy},
 *       {@code all_proxy}, {@code ALL_PROXY}, {@code no_proxy}, {@code NO_PROXY}) with curl's
 *       precedence: lower case wins, an empty value is unset, and upper-case {@code HTTP_PROXY}
 *       is ignored because a CGI request's {@code Proxy:} header can set it ("httpoxy");
 *       {@code https} targets never fall back to {@code http_proxy};
 *   <li>a {@link PacScript}, the network's own rules, used when nothing more specific applies.
 * </ol>
 * Nothing configured means DIRECT.
 *
 * <p><b>NO_PROXY</b> (and {@link Builder#noProxy(String)}) follows curl, case-insensitively:
 * comma-separated entries; a name matches itself and its subdomains on a dot boundary, with or
 * without a leading dot ({@code .example.com} matches {@code example.com}; Go differs), trailing
 * dots ignored; {@code *} matches everything; IPv4 and IPv6 literals (brackets optional) and CIDR
 * ranges ({@code 10.0.0.0/8}, {@code fd00::/8}) match IP-literal hosts only, names are never
 * resolved; loopback is not implicit. Extensions where curl is silent or never matches:
 * {@code host:port} and {@code [v6]:port} match that port only (as in Go), {@code *.example.com}
 * means {@code .example.com} (as in Go), {@code *} may be one entry among several, and IPv6 compares
 * as addresses. Entries that cannot mean anything ({@code 10.*}, a bad CIDR, spaces inside an
 * entry) are refused with an {@link IllegalArgumentException}. Only {@code http}, {@code https}, {@code ws} and
 * {@code wss} URIs are routed ({@code ws} like http); others, such as the {@code socket:} URIs
 * that {@link java.net.Socket} asks about, go direct.
 *
 * <p><b>Proxy URLs</b> are {@code [http://][user[:password]@]host[:port][/]}: scheme-less means
 * http, the default port is 80 (URL semantics; curl assumes 1080), userinfo is percent-decoded
 * into credentials, IPv6 hosts go in brackets. {@code https://} proxies (TLS to the proxy) and
 * {@code socks4://}, {@code socks5://} and the like are refused with an
 * {@link IllegalArgumentException}: this library authenticates HTTP proxies, and
 * {@code java.net.http} would silently ignore a SOCKS proxy.
 *
 * <p><b>PAC results</b> are parsed strictly: {@code DIRECT}, {@code PROXY host:port} and
 * {@code HTTP host:port} are used in order; well-formed {@code HTTPS} and {@code SOCKS} entries
 * are skipped and named in the explanation.
 *
 * <p><b>HTTPS proxies</b> (TLS to the proxy) are for consumers that can speak TLS to a proxy:
 * {@code ProxyRelay}, {@code ProxyAuthHttpClient} and {@code ProxyAuthHttpClient5}. Built with
 * {@link Builder#tlsProxies(boolean) tlsProxies(true)}, this discovery accepts
 * {@code https://host[:port]} proxy URLs (explicit and in the {@code *_proxy} variables; default
 * port 443) and uses PAC {@code HTTPS host:port} entries, returning each as an {@link HttpsProxy}
 * ({@link Proxy.Type#HTTP} with a subclass as the mark) and saying "via https proxy" in the
 * explanation. Without it they are refused and skipped as above, so OkHttp, {@code java.net.http}
 * and {@code HttpURLConnection}, which would speak to such a proxy in clear, never get one. The
 * JDK's {@code https.proxyHost} property names a plain proxy (for https targets), never a TLS one. A script that fails, times out, returns a malformed
 * result or only unsupported entries goes DIRECT by default (as browsers do), or, with
 * {@link Builder#pacFailureGoesDirect(boolean) pacFailureGoesDirect(false)}, makes
 * {@link #select(URI)} throw. {@link #select(URI)} returns the whole fail-over list;
 * {@link #connectFailed(URI, SocketAddress, IOException)} moves a failing proxy to the end of
 * later lists for a penalty period (default 5 minutes).
 *
 * <p>Sources are read through injected lookups on each call, so changed system properties are
 * seen. Immutable apart from the fail-over memory; thread-safe.
 */
public final class ProxyDiscovery extends ProxySelector {
  private final Builder config;
  private final Router router;
  private final Failover failover;

  private ProxyDiscovery(Builder config) {
    this.config = config.copy();
    this.router = new Router(config.explicit, config.explicitNoProxy,
        config.properties.map(SystemPropertySettings::new),
        config.environment.map(e -> new EnvironmentSettings(e, config.tlsProxies)), config.pac,
        config.pacFailureGoesDirect, config.tlsProxies);
    this.failover = new Failover(config.clock, config.failoverPenalty);
  }

  /**
   * Returns discovery from this JVM's system properties and environment ({@link System#getProperty},
   * {@link System#getenv}), without PAC.
   *
   * @throws IllegalArgumentException when a proxy variable or property is malformed
   */
  public static ProxyDiscovery fromSystem() {
    return builder().systemProperties(System::getProperty).environment(System::getenv).build();
  }

  /** Returns a builder with no sources configured (everything goes direct). */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a builder with this discovery's configuration, for a modified copy. */
  public Builder newBuilder() {
    return config.copy();
  }

  /**
   * Returns the proxies to try for {@code uri} in order: {@link Proxy#NO_PROXY} for direct,
   * proxies that recently failed to connect moved last.
   *
   * @throws IllegalArgumentException when {@code uri} is null or has no scheme or host, or a
   *     source changed to a malformed value
   * @throws UncheckedIOException wrapping a {@link ProxyAuthException} when a PAC script failed and
   *     PAC failures are configured to fail closed
   */
  @Override
  public List<Proxy> select(@Nullable URI uri) {
    if (uri == null) {
      throw new IllegalArgumentException("uri is null");
    }
    Route route = router.route(uri);
    if (route.proxies().isEmpty()) {
      throw new UncheckedIOException(new ProxyAuthException(route.explanation()));
    }
    return failover.order(route.proxies());
  }

  /** Moves the proxy at {@code sa} to the end of later lists for the penalty period. */
  @Override
  public void connectFailed(@Nullable URI uri, @Nullable SocketAddress sa, @Nullable IOException ioe) {
    if (uri == null || sa == null || ioe == null) {
      throw new IllegalArgumentException("uri, sa and ioe must not be null");
    }
    failover.failed(sa);
  }

  /**
   * Returns the route for {@code uri} with the sentence that explains it; never contains userinfo
   * or passwords.
   *
   * @throws IllegalArgumentException when {@code uri} has no scheme or host, or a source is
   *     malformed
   */
  public Route explain(URI uri) {
    Route route = router.route(Objects.requireNonNull(uri, "uri"));
    List<Proxy> ordered = failover.order(route.proxies());
    String note = failover.note(route.proxies());
    return new Route(route.target(), ordered, route.source(), route.explanation() + note,
        route.failure());
  }

  /**
   * Returns the credentials that came with the configured proxies, each answered only for its own
   * proxy: userinfo of the explicit proxy URL, {@code https.proxyUser}/{@code https.proxyPassword}
   * and the {@code http.} forms, userinfo of the proxy variables, in that order. Sources are read
   * again on every call.
   */
  public CredentialProvider credentials() {
    List<Supplier<List<ProxyUrl>>> sources = new ArrayList<>();
    config.explicit.ifPresent(url -> sources.add(() -> List.of(url)));
    config.properties.map(SystemPropertySettings::new)
        .ifPresent(p -> sources.add(() -> DiscoveredCredentials.of(p)));
    config.environment.map(e -> new EnvironmentSettings(e, config.tlsProxies))
        .ifPresent(e -> sources.add(() -> DiscoveredCredentials.of(e)));
    return new DiscoveredCredentials(sources);
  }

  @Override
  public String toString() {
    return "ProxyDiscovery[explicit=" + config.explicit.map(ProxyUrl::authority).orElse("none")
        + ", systemProperties=" + config.properties.isPresent()
        + ", environment=" + config.environment.isPresent()
        + ", pac=" + config.pac.map(PacScript::name).orElse("none")
        + (config.tlsProxies ? ", tlsProxies" : "") + "]";
  }

  /** Configures a {@link ProxyDiscovery}. Not thread-safe. */
  public static final class Builder {
    private static final String EXPLICIT = "proxy URL configured in code";
    private Optional<ProxyUrl> explicit = Optional.empty();
    private Optional<NoProxy> explicitNoProxy = Optional.empty();
    private Optional<Function<String, @Nullable String>> properties = Optional.empty();
    private Optional<Function<String, @Nullable String>> environment = Optional.empty();
    private Optional<PacScript> pac = Optional.empty();
    private boolean pacFailureGoesDirect = true;
    private boolean tlsProxies;
    private Duration failoverPenalty = Duration.ofMinutes(5);
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * Returns this builder with an explicit proxy for every http and https target, which wins over
     * all other sources; its userinfo becomes credentials with the source "proxy URL configured in code".
     *
     * @throws IllegalArgumentException when {@code proxyUrl} is malformed or neither http nor
     *     https ({@link #build()} refuses https without {@link #tlsProxies(boolean)})
     */
    public Builder proxy(String proxyUrl) {
      this.explicit = Optional.of(ProxyUrl.parse(Objects.requireNonNull(proxyUrl, "proxyUrl"),
          EXPLICIT, true));
      return this;
    }

    /**
     * Returns this builder exempting hosts from the explicit proxy, in {@code NO_PROXY} syntax.
     *
     * @throws IllegalArgumentException when the list is malformed
     */
    public Builder noProxy(String noProxy) {
      this.explicitNoProxy = Optional.of(NoProxy.parse(Objects.requireNonNull(noProxy, "noProxy"),
          "explicit no-proxy"));
      return this;
    }

    /** Returns this builder reading JDK proxy properties through {@code lookup} (null: unset). */
    public Builder systemProperties(Function<String, @Nullable String> lookup) {
      this.properties = Optional.of(Objects.requireNonNull(lookup, "lookup"));
      return this;
    }

    /** Returns this builder reading {@code *_proxy} variables through {@code lookup} (null: unset). */
    public Builder environment(Function<String, @Nullable String> lookup) {
      this.environment = Optional.of(Objects.requireNonNull(lookup, "lookup"));
      return this;
    }

    /** Returns this builder consulting {@code script} when no other source applies. */
    public Builder pac(PacScript script) {
      this.pac = Optional.of(Objects.requireNonNull(script, "script"));
      return this;
    }

    /**
     * Returns this builder with the PAC failure policy: true (default) goes direct when the script
     * fails or its result is unusable; false makes {@link ProxyDiscovery#select(URI)} throw.
     */
    public Builder pacFailureGoesDirect(boolean goDirect) {
      this.pacFailureGoesDirect = goDirect;
      return this;
    }

    /**
     * Returns this builder accepting https proxies (TLS to the proxy) when {@code tls}: an
     * {@code https://} explicit proxy or {@code *_proxy} variable, and PAC {@code HTTPS host:port}
     * entries, returned as {@link HttpsProxy}. Only for a consumer that speaks TLS to proxies
     * ({@code ProxyRelay}, {@code ProxyAuthHttpClient}, {@code ProxyAuthHttpClient5}'s
     * {@code configure} with a selector): any other client would send to them in
     * clear. Default false: https proxy URLs are refused and PAC {@code HTTPS} entries skipped.
     */
    public Builder tlsProxies(boolean tls) {
      this.tlsProxies = tls;
      return this;
    }

    /** Returns this builder demoting a proxy that failed to connect for {@code penalty}. */
    public Builder failoverPenalty(Duration penalty) {
      if (penalty.isNegative()) {
        throw new IllegalArgumentException("expected a non-negative penalty but saw " + penalty);
      }
      this.failoverPenalty = penalty;
      return this;
    }

    /** Returns this builder with the clock for fail-over penalties. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Returns the discovery, after checking every configured property and variable once.
     *
     * @throws IllegalArgumentException saying which setting is malformed and how
     */
    public ProxyDiscovery build() {
      if (!tlsProxies && explicit.map(ProxyUrl::tls).orElse(false)) {
        throw ProxyUrl.tlsRefused(EXPLICIT);
      }
      properties.map(SystemPropertySettings::new).ifPresent(SystemPropertySettings::validate);
      environment.map(e -> new EnvironmentSettings(e, tlsProxies))
          .ifPresent(EnvironmentSettings::validate);
      return new ProxyDiscovery(this);
    }

    private Builder copy() {
      Builder copy = new Builder();
      copy.explicit = explicit;
      copy.explicitNoProxy = explicitNoProxy;
      copy.properties = properties;
      copy.environment = environment;
      copy.pac = pac;
      copy.pacFailureGoesDirect = pacFailureGoesDirect;
      copy.tlsProxies = tlsProxies;
      copy.failoverPenalty = failoverPenalty;
      copy.clock = clock;
      return copy;
    }
  }
}
