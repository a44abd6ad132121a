package io.github.proxyauth.internal.discovery;

import java.net.URI;
import java.util.Locale;

/**
 * The scheme, host and port of a target URI, lower-cased; IPv6 hosts keep their brackets. Works
 * for host names with {@code _}, for which {@link URI#getHost()} gives null.
 *
 * @param scheme the scheme, lower-cased
 * @param host the host, lower-cased
 * @param port the port as given, or the scheme's default (443 for https and wss, 80 for http, ws
 *     and others)
 * @param explicitPort true when the URI named the port
 */
public record UriHost(String scheme, String host, int port, boolean explicitPort) {

  /**
   * Returns the parts of {@code uri}.
   *
   * @throws IllegalArgumentException when it has no scheme or host; never echoes the URI, which
   *     may hold userinfo
   */
  public static UriHost of(URI uri) {
    String scheme = uri.getScheme();
    String host = uri.getHost();
    int port = uri.getPort();
    if (host == null && uri.getRawAuthority() != null) {
      String authority = uri.getRawAuthority().substring(uri.getRawAuthority().lastIndexOf('@') + 1);
      int colon = authority.lastIndexOf(':');
      boolean hasPort = colon > authority.lastIndexOf(']')
          && authority.substring(colon + 1).matches("\\d{1,5}");
      host = hasPort ? authority.substring(0, colon) : authority;
      port = hasPort ? Integer.parseInt(authority.substring(colon + 1)) : -1;
    }
    if (scheme == null || host == null || host.isEmpty()) {
      throw new IllegalArgumentException("expected an absolute URI with a scheme and a host, such as"
          + " https://example.com/, but saw " + (scheme == null ? "no scheme" : "no host"));
    }
    scheme = scheme.toLowerCase(Locale.ROOT);
    int defaultPort = scheme.equals("https") || scheme.equals("wss") ? 443 : 80;
    return new UriHost(scheme, host.toLowerCase(Locale.ROOT), port >= 0 ? port : defaultPort, port >= 0);
  }

  /** Returns true when the port is the scheme's default. */
  public boolean defaultPort() {
    return port == (scheme.equals("https") || scheme.equals("wss") ? 443 : 80);
  }

  /** Returns {@code scheme://host:port}. */
  public String display() {
    return scheme + "://" + host + ":" + port;
  }
}
