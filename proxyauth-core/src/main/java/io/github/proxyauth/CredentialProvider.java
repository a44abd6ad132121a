package io.github.proxyauth;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Returns the password credentials to use for a proxy scope. Implementations must be thread-safe;
 * the engine caches what they return per scope and asks again only after the proxy rejected the
 * cached credentials (rotation), with one call for all concurrent requests (single flight).
 *
 * <p>Providers that read a changing source (a file, the environment) should read it on each call:
 * the engine's cache already keeps them from being called per request.
 */
@FunctionalInterface
public interface CredentialProvider {

  /** A provider that never has credentials. */
  CredentialProvider NONE = scope -> Optional.empty();

  /** Returns credentials for {@code scope}, or empty when this provider has none for it. */
  Optional<Credentials> credentialsFor(AuthScope scope);

  /**
   * Called once when the proxy rejected {@code rejected} for {@code scope}, before the engine asks
   * for fresh credentials. Providers with their own caches drop them here. Does nothing by default.
   */
  default void invalidate(AuthScope scope, Credentials rejected) {}

  /** Returns a provider that answers every scope with {@code credentials}. */
  static CredentialProvider of(Credentials credentials) {
    Objects.requireNonNull(credentials, "credentials");
    return scope -> Optional.of(credentials);
  }

  /** Returns a provider that answers only scopes of the proxy {@code host:port}. */
  static CredentialProvider forProxy(String host, int port, Credentials credentials) {
    AuthScope proxy = AuthScope.of(host, port, "basic");
    Objects.requireNonNull(credentials, "credentials");
    return scope -> scope.host().equals(proxy.host()) && scope.port() == port
        ? Optional.of(credentials) : Optional.empty();
  }

  /** Returns a provider that asks each of {@code providers} in order and answers with the first hit. */
  static CredentialProvider firstOf(CredentialProvider... providers) {
    List<CredentialProvider> chain = List.of(providers);
    return new CredentialProvider() {
      @Override
      public Optional<Credentials> credentialsFor(AuthScope scope) {
        for (CredentialProvider provider : chain) {
          Optional<Credentials> found = provider.credentialsFor(scope);
          if (found.isPresent()) {
            return found;
          }
        }
        return Optional.empty();
      }

      @Override
      public void invalidate(AuthScope scope, Credentials rejected) {
        chain.forEach(provider -> provider.invalidate(scope, rejected));
      }
    };
  }
}
