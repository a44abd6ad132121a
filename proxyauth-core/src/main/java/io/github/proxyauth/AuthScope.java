package io.github.proxyauth;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Where credentials may be used: one proxy (host and port), one scheme and, when the proxy names
 * one, one realm. Credential providers receive a scope and answer for it only; the engine never
 * sends credentials obtained for one scope to another proxy.
 *
 * @param host the proxy host as configured, lower-cased
 * @param port the proxy port
 * @param scheme the auth-scheme, lower-cased ({@code basic}, {@code digest}, {@code ntlm},
 *     {@code negotiate})
 * @param realm the realm the proxy named; empty for schemes without realms
 */
public record AuthScope(String host, int port, String scheme, Optional<String> realm) {

  public AuthScope {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(scheme, "scheme");
    Objects.requireNonNull(realm, "realm");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port out of range 1..65535: " + port);
    }
    host = host.toLowerCase(Locale.ROOT);
    scheme = scheme.toLowerCase(Locale.ROOT);
  }

  /** Returns the scope for a proxy and scheme without a realm. */
  public static AuthScope of(String host, int port, String scheme) {
    return new AuthScope(host, port, scheme, Optional.empty());
  }

  /** Returns {@code host:port}, the way diagnostics name the proxy. */
  public String proxy() {
    return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
  }
}
