package io.github.proxyauth.internal.discovery;

import io.github.proxyauth.AuthScope;
import io.github.proxyauth.CredentialProvider;
import io.github.proxyauth.Credentials;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Credentials that came with configured proxies (URL userinfo, {@code http.proxyUser}): each is
 * answered only for a scope of the proxy it was configured with. The sources are read again on
 * every call, so a changed environment or property is seen after the engine invalidates.
 */
public final class DiscoveredCredentials implements CredentialProvider {
  private final List<Supplier<List<ProxyUrl>>> sources;

  /** Returns a provider over {@code sources}, asked in order. */
  public DiscoveredCredentials(List<Supplier<List<ProxyUrl>>> sources) {
    this.sources = List.copyOf(sources);
  }

  @Override
  public Optional<Credentials> credentialsFor(AuthScope scope) {
    for (Supplier<List<ProxyUrl>> source : sources) {
      for (ProxyUrl url : source.get()) {
        if (url.credentials().isPresent() && url.isProxy(scope.host(), scope.port())) {
          return url.credentials();
        }
      }
    }
    return Optional.empty();
  }

  /** Returns the proxies of an environment for http and https targets (all_proxy included). */
  public static List<ProxyUrl> of(EnvironmentSettings environment) {
    return both(environment.proxyFor("https"), environment.proxyFor("http"));
  }

  /** Returns the proxies of the system properties for https and http targets. */
  public static List<ProxyUrl> of(SystemPropertySettings properties) {
    return both(properties.proxyFor("https"), properties.proxyFor("http"));
  }

  private static List<ProxyUrl> both(Optional<ProxyUrl> first, Optional<ProxyUrl> second) {
    return java.util.stream.Stream.of(first, second).flatMap(Optional::stream).toList();
  }

  @Override
  public String toString() {
    return "DiscoveredCredentials[" + sources.size() + " sources]";
  }
}
