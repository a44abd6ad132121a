package io.github.proxyauth.cli;

import io.github.proxyauth.ProxyAuthException;
import io.github.proxyauth.discovery.PacScript;
import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code --pac FILE|URL}, else the {@code PROXYAUTH_PAC} variable: the PAC script consulted when
 * no explicit, system property or environment proxy applies. A file is re-read when it changes,
 * checked every 5 s, a URL re-validated (ETag / Last-Modified) every 5 minutes (PacScript
 * defaults), or as often as {@code --pac-refresh} says.
 */
final class Pac {
  static final String VARIABLE = "PROXYAUTH_PAC";

  private Pac() {}

  static Optional<PacScript> from(CommandLine line, Env env) throws ConfigException {
    Optional<String> option = line.value("--pac");
    String where = option.isPresent() ? "--pac" : VARIABLE;
    Optional<String> value = option.or(() -> Optional.ofNullable(env.getenv(VARIABLE))
        .filter(v -> !v.isBlank()));
    if (value.isEmpty()) {
      return Optional.empty();
    }
    try {
      PacScript.Builder builder = builder(value.get());
      line.pacRefresh().ifPresent(builder::refreshInterval);
      return Optional.of(builder.build());
    } catch (ProxyAuthException | IllegalArgumentException e) {
      throw new ConfigException(where + " " + Urls.redacted(value.get()) + ": " + e.getMessage());
    }
  }

  private static PacScript.Builder builder(String value) {
    String lower = value.toLowerCase(Locale.ROOT);
    boolean url = lower.startsWith("http://") || lower.startsWith("https://")
        || lower.startsWith("file:");
    return url ? PacScript.builder().url(URI.create(value))
        : PacScript.builder().file(Path.of(value));
  }
}
