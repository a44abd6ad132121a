package io.github.proxyauth;

import io.github.proxyauth.discovery.ProxyDiscovery;
import io.github.proxyauth.internal.discovery.CredentialFile;
import io.github.proxyauth.internal.discovery.DiscoveredCredentials;
import io.github.proxyauth.internal.discovery.EnvironmentSettings;
import io.github.proxyauth.internal.discovery.SystemPropertySettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

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

  /**
   * Returns the credentials in the userinfo of the proxy variables ({@code https_proxy},
   * {@code HTTPS_PROXY}, {@code http_proxy}, {@code all_proxy}, {@code ALL_PROXY}, with curl's
   * precedence, as {@link ProxyDiscovery} reads them), each answered only for a scope of its own
   * proxy, with the variable's name as source. The variables are read through {@code environment}
   * on every call. Empty when no variable carries userinfo.
   *
   * @throws IllegalArgumentException when a variable is malformed (checked now, and on each call)
   */
  static CredentialProvider fromEnvironment(Function<String, @Nullable String> environment) {
    EnvironmentSettings settings = new EnvironmentSettings(Objects.requireNonNull(environment, "environment"));
    settings.validate();
    return new DiscoveredCredentials(List.of(() -> DiscoveredCredentials.of(settings)));
  }

  /**
   * Returns {@code https.proxyUser}/{@code https.proxyPassword} for the proxy of
   * {@code https.proxyHost}/{@code https.proxyPort} (default 443) and the {@code http.} forms for
   * {@code http.proxyHost}/{@code http.proxyPort} (default 80), with the source "system property
   * https.proxyUser" and so on; a user without a host is never answered (credentials go only to
   * the proxy they are configured for). A missing password is empty. Read through
   * {@code properties} on every call.
   *
   * @throws IllegalArgumentException when a host or port property is malformed
   */
  static CredentialProvider fromSystemProperties(Function<String, @Nullable String> properties) {
    SystemPropertySettings settings =
        new SystemPropertySettings(Objects.requireNonNull(properties, "properties"));
    settings.validate();
    return new DiscoveredCredentials(List.of(() -> DiscoveredCredentials.of(settings)));
  }

  /**
   * Returns the credentials of a credentials file, reporting a group- or world-readable file as a
   * warning through {@link System.Logger} (see {@link #fromFile(Path, boolean, Consumer)}).
   *
   * @throws ProxyAuthException when the file is missing, unreadable or malformed
   */
  static CredentialProvider fromFile(Path file) throws ProxyAuthException {
    System.Logger logger = System.getLogger(CredentialProvider.class.getName());
    return fromFile(file, false, message -> logger.log(System.Logger.Level.WARNING, message));
  }

  /**
   * Returns the credentials of a credentials file. The format, one proxy per line:
   * <pre>
   * # comment; blank lines are ignored
   * proxy.corp.example:3128  CORP\alice  s3cret
   * [fd00::1]:8080           bob         pass%20with%20spaces
   * proxy.other.example      carol       p%25ss     (no port: every port of the host)
   * </pre>
   * Fields are separated by spaces or tabs; user and password are percent-decoded (UTF-8). The
   * first line for the proxy wins; each answer names its source as {@code "file PATH:line N"}.
   *
   * <p>The file is read now, then again when its modification time, size or identity changes and
   * on the first call after {@link #invalidate} (so a rotated password is picked up after the
   * proxy rejected the old one). A re-read that fails keeps the entries read before and reports a
   * warning; a deleted file answers nothing. On POSIX file systems a file readable by group or
   * others is reported to {@code warnings}, or, when {@code strict}, refused. Warnings never
   * contain a password.
   *
   * @throws ProxyAuthException when the file is missing, unreadable, malformed (the message names
   *     the line, never the password), or readable by others while {@code strict}
   */
  static CredentialProvider fromFile(Path file, boolean strict, Consumer<String> warnings)
      throws ProxyAuthException {
    return CredentialFile.open(Objects.requireNonNull(file, "file"), strict,
        Objects.requireNonNull(warnings, "warnings"));
  }
}
