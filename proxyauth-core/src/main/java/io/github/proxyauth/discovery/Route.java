package io.github.proxyauth.discovery;

import java.net.Proxy;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Returned by {@link ProxyDiscovery#explain(URI)}: where requests to one target go, which
 * configuration decided it, and a sentence saying why, for people ("https://x.example:443 goes via
 * proxy p:3128 because HTTPS_PROXY is set and no NO_PROXY entry matched"). Neither the target nor
 * the explanation ever contains userinfo or passwords.
 *
 * @param target the target reduced to {@code scheme://host:port}
 * @param proxies the proxies to try in order, {@link Proxy#NO_PROXY} for a direct connection (so
 *     {@code [DIRECT]} means "no proxy"); empty only when a failed PAC script was configured to fail
 *     closed, and then {@link ProxyDiscovery#select(URI)} throws
 * @param source which configuration decided
 * @param explanation one sentence for people
 * @param failure why the source that decided failed (a PAC script that threw, timed out, could
 *     not be loaded or returned nothing usable); empty when it worked. A failed route still has
 *     the proxies the failure policy chose ({@code DIRECT} by default)
 */
public record Route(URI target, List<Proxy> proxies, Source source, String explanation,
    Optional<String> failure) {

  public Route {
    Objects.requireNonNull(target, "target");
    proxies = List.copyOf(proxies);
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(explanation, "explanation");
    Objects.requireNonNull(failure, "failure");
  }

  /** Returns a route whose source worked (no {@link #failure()}). */
  public Route(URI target, List<Proxy> proxies, Source source, String explanation) {
    this(target, proxies, source, explanation, Optional.empty());
  }

  /** The configuration that decided a route, in precedence order. */
  public enum Source {
    /** {@link ProxyDiscovery.Builder#proxy(String)}. */
    EXPLICIT,
    /** {@code http.proxyHost}, {@code https.proxyHost} and {@code http.nonProxyHosts}. */
    SYSTEM_PROPERTIES,
    /** {@code http_proxy}, {@code HTTPS_PROXY}, {@code ALL_PROXY}, {@code NO_PROXY} and kin. */
    ENVIRONMENT,
    /** A {@link PacScript}. */
    PAC,
    /** Nothing configured a proxy for the target (or its scheme is not proxied). */
    NONE
  }

  /** Returns true when the first choice is a direct connection. */
  public boolean direct() {
    return !proxies.isEmpty() && proxies.get(0).type() == Proxy.Type.DIRECT;
  }

  /** Returns true when the source that decided failed; see {@link #failure()}. */
  public boolean failed() {
    return failure.isPresent();
  }

  /** Returns the explanation. */
  @Override
  public String toString() {
    return explanation;
  }
}
