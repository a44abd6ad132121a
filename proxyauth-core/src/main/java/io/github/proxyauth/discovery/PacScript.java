package io.github.proxyauth.discovery;

import io.github.proxyauth.ProxyAuthException;
import io.github.proxyauth.internal.discovery.IpAddresses;
import io.github.proxyauth.internal.discovery.UriHost;
import io.github.proxyauth.internal.pac.LivePac;
import io.github.proxyauth.internal.pac.PacCache;
import io.github.proxyauth.internal.pac.PacEngine;
import io.github.proxyauth.internal.pac.PacFunctions;
import io.github.proxyauth.internal.pac.PacLoader;
import io.github.proxyauth.internal.pac.PacSource;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A proxy auto-config (PAC) script, whose {@code FindProxyForURL(url, host)} says which proxies a
 * URL goes through. Used by {@link ProxyDiscovery.Builder#pac(PacScript)}.
 *
 * <p>Scripts run in a sandbox on Mozilla Rhino, an optional dependency
 * ({@code org.mozilla:rhino}): interpreted mode, the safe standard objects only, every Java class
 * denied (no {@code java}, {@code Packages}, {@code importClass}, {@code importPackage}), no
 * {@code load}, {@code readFile} or any file or network access. The only host functions are the
 * standard PAC helpers: {@code isPlainHostName}, {@code dnsDomainIs}, {@code localHostOrDomainIs},
 * {@code isResolvable}, {@code isInNet}, {@code dnsResolve}, {@code myIpAddress},
 * {@code dnsDomainLevels}, {@code shExpMatch}, {@code weekdayRange}, {@code dateRange},
 * {@code timeRange} and {@code convertAddr}, using the injected resolver, local address and clock.
 * Each evaluation has a time limit (default 1 s); a script that exceeds it is stopped. DNS
 * lookups made by helpers block outside the limit's control, so the default resolver is the
 * JDK's, with the JDK's own timeouts.
 *
 * <p>Scripts from a file or URL are live: a change is picked up without a restart (see
 * {@link Builder#refreshInterval(Duration)} and {@link #refresh()}).
 *
 * <p>The script sees {@code scheme://host[:port]/} only (no user, path or query, as browsers do
 * for https) and the host without brackets. Results, and failures, are cached per scheme, host
 * and port (default 1024 entries for 5 minutes). Evaluations are serialised; instances are
 * thread-safe.
 */
public final class PacScript {
  private final String name;
  private final LivePac live;

  private PacScript(String name, LivePac live) {
    this.name = name;
    this.live = live;
  }

  /** Returns a builder; a script source ({@code source}, {@code file} or {@code url}) is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns where the script came from ("file /etc/proxy.pac", a URL without userinfo, a name). */
  public String name() {
    return name;
  }

  /**
   * Returns what {@code FindProxyForURL} returns for {@code uri}, for example
   * {@code "PROXY a:3128; DIRECT"}; {@link ProxyDiscovery} parses it.
   *
   * @throws ProxyAuthException when the script fails, exceeds its time limit or returns no string
   * @throws IllegalArgumentException when {@code uri} has no scheme or host
   */
  public String findProxyForUrl(URI uri) throws ProxyAuthException {
    UriHost target = UriHost.of(Objects.requireNonNull(uri, "uri"));
    String key = target.display() + "/";
    String url = target.defaultPort() ? target.scheme() + "://" + target.host() + "/" : key;
    String plainHost = IpAddresses.bare(target.host());
    return live.find(key, url, plainHost);
  }

  /**
   * Checks the script's file or URL now, whatever the refresh interval; returns true when the
   * script changed (a new version that does not compile makes every evaluation fail until it is
   * fixed). Inline scripts never change.
   *
   * @throws ProxyAuthException when the file or URL cannot be read; the last version stays in use
   */
  public boolean refresh() throws ProxyAuthException {
    return live.refresh();
  }

  @Override
  public String toString() {
    return "PacScript[" + name + "]";
  }

  /** Configures a {@link PacScript}. Not thread-safe. */
  public static final class Builder {
    private String name = "";
    private @Nullable Function<Duration, PacSource> source;
    private @Nullable Duration refreshInterval;
    private Duration defaultRefresh = Duration.ofSeconds(5);
    private Duration timeout = Duration.ofSeconds(1);
    private Duration loadTimeout = Duration.ofSeconds(10);
    private Clock clock = Clock.systemDefaultZone();
    private Function<String, List<InetAddress>> resolver = PacFunctions::systemResolve;
    private Supplier<InetAddress> localAddress = PacFunctions::systemLocalAddress;
    private int cacheEntries = 1024;
    private Duration cacheTtl = Duration.ofMinutes(5);

    private Builder() {}

    /** Returns this builder with the script text {@code script}, called {@code name} in messages. */
    public Builder source(String name, String script) {
      Objects.requireNonNull(script, "script");
      this.name = Objects.requireNonNull(name, "name");
      this.source = t -> PacSource.text(script);
      return this;
    }

    /**
     * Returns this builder reading the script from {@code file} (at most 1 MiB) when built, and
     * again when its modification time, size or identity changes (checked at most once per
     * {@link #refreshInterval(Duration) refresh interval}, default 5 s).
     */
    public Builder file(Path file) {
      Objects.requireNonNull(file, "file");
      this.name = "file " + file;
      this.source = t -> PacSource.file(file);
      this.defaultRefresh = Duration.ofSeconds(5);
      return this;
    }

    /**
     * Returns this builder loading the script from {@code url} ({@code file:}, {@code http:} or
     * {@code https:}, direct, at most 1 MiB, 10 s timeout) when built, and re-validating it with
     * a conditional GET ({@code If-None-Match} / {@code If-Modified-Since} from the server's
     * {@code ETag} / {@code Last-Modified}) at most once per
     * {@link #refreshInterval(Duration) refresh interval}, default 5 minutes.
     */
    public Builder url(URI url) {
      Objects.requireNonNull(url, "url");
      this.name = PacLoader.display(url);
      this.source = t -> PacSource.url(url, t);
      boolean http = url.getScheme() != null && url.getScheme().toLowerCase(java.util.Locale.ROOT)
          .startsWith("http");
      this.defaultRefresh = http ? Duration.ofMinutes(5) : Duration.ofSeconds(5);
      return this;
    }

    /**
     * Returns this builder checking the file or URL for changes at most once per
     * {@code interval}, on the evaluation that finds it due (zero: on every evaluation). A
     * change takes effect with a fresh result cache; a source that cannot be read keeps the
     * last version (logged once at WARNING).
     */
    public Builder refreshInterval(Duration interval) {
      if (interval.isNegative()) {
        throw new IllegalArgumentException("expected a non-negative interval but saw " + interval);
      }
      this.refreshInterval = interval;
      return this;
    }

    /** Returns this builder with a time limit per evaluation (default 1 s). */
    public Builder timeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("expected a positive timeout but saw " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /**
     * Returns this builder with the clock for {@code weekdayRange}, {@code dateRange},
     * {@code timeRange}, the cache and the refresh interval.
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Returns this builder resolving names with {@code resolver} (for {@code dnsResolve},
     * {@code isResolvable}, {@code isInNet}); an empty list means the name does not resolve.
     */
    public Builder resolver(Function<String, List<InetAddress>> resolver) {
      this.resolver = Objects.requireNonNull(resolver, "resolver");
      return this;
    }

    /** Returns this builder answering {@code myIpAddress()} with {@code localAddress}. */
    public Builder localAddress(Supplier<InetAddress> localAddress) {
      this.localAddress = Objects.requireNonNull(localAddress, "localAddress");
      return this;
    }

    /** Returns this builder caching at most {@code maxEntries} results (0: none) for {@code ttl}. */
    public Builder cache(int maxEntries, Duration ttl) {
      if (maxEntries < 0 || ttl.isNegative()) {
        throw new IllegalArgumentException("expected maxEntries >= 0 and a non-negative ttl but saw "
            + maxEntries + " and " + ttl);
      }
      this.cacheEntries = maxEntries;
      this.cacheTtl = ttl;
      return this;
    }

    /**
     * Returns the script, loaded, compiled and with its top level run.
     *
     * @throws ProxyAuthException when Rhino is missing, the script cannot be loaded, does not
     *     compile, fails or times out at top level, or defines no {@code FindProxyForURL}
     * @throws IllegalStateException when no source was given
     */
    public PacScript build() throws ProxyAuthException {
      if (source == null) {
        throw new IllegalStateException("no PAC source: call source(), file() or url() first");
      }
      PacFunctions functions = new PacFunctions(resolver, localAddress, clock);
      PacSource from = source.apply(loadTimeout);
      Duration interval = refreshInterval != null ? refreshInterval : defaultRefresh;
      LivePac live = new LivePac(name, from, text -> PacEngine.rhino(text, name, functions,
          timeout), () -> new PacCache(cacheEntries, cacheTtl, clock), clock, interval);
      return new PacScript(name, live);
    }
  }
}
