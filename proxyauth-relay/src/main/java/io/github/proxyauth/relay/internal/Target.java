package io.github.proxyauth.relay.internal;

import io.github.proxyauth.internal.http.Excerpt;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Where a client's request goes: the URI the route is chosen for ({@code https://host:port/} for
 * a {@code CONNECT host:port}, the absolute {@code http://} URL of a forwarded request) and its
 * origin host and port.
 */
record Target(URI uri, String host, int port) {

  /** Returns the target of {@code CONNECT host:port} (IPv6 hosts in brackets). */
  static Target connect(String authority) throws HttpFailure {
    Tunnel.Authority a = Tunnel.Authority.parse(authority);
    String host = a.host().contains(":") ? "[" + a.host() + "]" : a.host();
    try {
      return new Target(new URI("https://" + host + ":" + a.port() + "/"), a.host(), a.port());
    } catch (URISyntaxException e) {
      throw HttpFailure.badRequest("Expected a CONNECT target host:port, got '"
          + Excerpt.of(authority, 200) + "'");
    }
  }

  /** Returns the target of a forwarded request with an absolute {@code http://} target. */
  static Target forward(String target) throws HttpFailure {
    try {
      URI uri = new URI(target);
      if (uri.getScheme() != null && uri.getScheme().toLowerCase(Locale.ROOT).equals("http")
          && uri.getHost() != null) {
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
          host = host.substring(1, host.length() - 1);
        }
        return new Target(uri, host, uri.getPort() < 0 ? 80 : uri.getPort());
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    throw HttpFailure.badRequest("Expected an absolute http:// request-target (this is a proxy),"
        + " got '" + Excerpt.of(target, 200) + "'");
  }

  /** Returns the origin-form request-target ({@code /path?query}) for a DIRECT request. */
  String originForm() {
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
  }
}
