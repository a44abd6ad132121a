package io.github.proxyauth.discovery;

import io.github.proxyauth.ProxyAuthException;
import io.github.proxyauth.internal.discovery.IpAddresses;
import io.github.proxyauth.internal.discovery.UriHost;
import io.github.proxyauth.internal.pac.PacCache;
import io.github.proxyauth.internal.pac.PacEngine;
import io.github.proxyauth.internal.pac.PacFunctions;
import io.github.proxyauth.internal.pac.PacLoader;
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
 * <p>The script sees {@code scheme://host[:port]/} only (no user, path or query, as browsers do
 * for https) and the host without brackets. Results, and failures, are cached per scheme, host
 * and port (default 1024 entries for 5 minutes). Evaluations are serialised; instances are
 * thread-safe.
 */
public final class PacScript {
  private final String name;
  private final PacEngine engine;
  private final PacCache cache;

  private PacScript(String name, PacEngine engine, PacCache cache) {
    this.name = name;
    this.engine = engine;
    this.cache = cache;
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
    return cache.get(key, () -> engine.findProxyForUrl(url, plainHost));
  }

  @Override
  public String toString() {
    return "PacScript[" + name + "]";
  }

  /** Configures a {@link PacScript}. Not thread-safe. */
  public static final class Builder {
    private String name = "";
    private @Nullable Loader loader;
    private Duration timeout = Duration.ofSeconds(1);
    private Duration loadTimeout = Duration.ofSeconds(10);
    private Clock clock = Clock.systemDefaultZone();
    private Function<String, List<InetAddress>> resolver = PacFunctions::systemResolve;
    private Supplier<InetAddress> localAddress = PacFunctions::systemLocalAddress;
    private int cacheEntries = 1024;
    private Duration cacheTtl = Duration.ofMinutes(5);

    private interface Loader {
      String load() throws ProxyAuthException;
    }

    private Builder() {}

    /** Returns this builder with the script text {@code script}, called {@code name} in messages. */
    public Builder source(String name, String script) {
      Objects.requireNonNull(script, "script");
      this.name = Objects.requireNonNull(name, "name");
      this.loader = () -> script;
      return this;
    }

    /** Returns this builder reading the script from {@code file} (at most 1 MiB) when built. */
    public Builder file(Path file) {
      Objects.requireNonNull(file, "file");
      this.name = "file " + file;
      this.loader = () -> PacLoader.load(file);
      return this;
    }

    /**
     * Returns this builder loading the script once from {@code url} ({@code file:}, {@code http:}
     * or {@code https:}, direct, at most 1 MiB, 10 s timeout) when built.
     */
    public Builder url(URI url) {
      Objects.requireNonNull(url, "url");
      this.name = PacLoader.display(url);
      this.loader = () -> PacLoader.load(url, loadTimeout);
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

    /** Returns this builder with the clock for {@code weekdayRange}, {@code dateRange}, {@code timeRange} and the cache. */
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
      if (loader == null) {
        throw new IllegalStateException("no PAC source: call source(), file() or url() first");
      }
      PacFunctions functions = new PacFunctions(resolver, localAddress, clock);
      PacEngine engine = PacEngine.rhino(loader.load(), name, functions, timeout);
      return new PacScript(name, engine, new PacCache(cacheEntries, cacheTtl, clock));
    }
  }
}
