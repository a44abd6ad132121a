package io.github.proxyauth.spi;

import io.github.proxyauth.AuthScope;
import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * The facts of one request that a proxy challenged: which proxy, whether it is a CONNECT tunnel or
 * a forwarded request, and the method and request-target as sent (Digest hashes both).
 *
 * @param proxyHost the proxy host as configured (not resolved), lower-cased
 * @param proxyPort the proxy port
 * @param method the request method as sent, for example {@code CONNECT} or {@code GET}
 * @param target the request-target as sent: {@code host:port} for CONNECT (RFC 9110 §9.3.6), the
 *     absolute URI for a forwarded request
 */
public record AuthRequest(String proxyHost, int proxyPort, String method, String target) {

  public AuthRequest {
    Objects.requireNonNull(proxyHost, "proxyHost");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(target, "target");
    if (proxyPort < 1 || proxyPort > 65535) {
      throw new IllegalArgumentException("proxyPort out of range 1..65535: " + proxyPort);
    }
    if (proxyHost.isEmpty() || method.isEmpty() || target.isEmpty()) {
      throw new IllegalArgumentException("proxyHost, method and target must not be empty");
    }
    proxyHost = proxyHost.toLowerCase(Locale.ROOT);
  }

  /** Returns the facts of a {@code CONNECT host:port} through the proxy. */
  public static AuthRequest connect(String proxyHost, int proxyPort, String host, int port) {
    String authority = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    return new AuthRequest(proxyHost, proxyPort, "CONNECT", authority + ":" + port);
  }

  /** Returns the facts of a request forwarded through the proxy in absolute form. */
  public static AuthRequest forward(String proxyHost, int proxyPort, String method, URI uri) {
    if (!uri.isAbsolute()) {
      throw new IllegalArgumentException("a forwarded request needs an absolute URI: " + uri);
    }
    return new AuthRequest(proxyHost, proxyPort, method, uri.toASCIIString());
  }

  /** Returns true for a CONNECT tunnel. */
  public boolean tunnel() {
    return method.equals("CONNECT");
  }

  /** Returns {@code proxyHost:proxyPort}. */
  public String proxy() {
    return AuthScope.of(proxyHost, proxyPort, "any").proxy();
  }
}
