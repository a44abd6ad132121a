package io.github.proxyauth.cli;

import io.github.proxyauth.discovery.ProxyDiscovery;
import io.github.proxyauth.discovery.Route;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** Checks target URLs and explains their routes. */
final class Urls {
  private Urls() {}

  /** Returns {@code text} as an absolute http or https URL. */
  static URI parse(String text, String command) throws UsageException {
    try {
      URI uri = new URI(text);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    throw new UsageException(command + ": expected an http:// or https:// URL with a host but"
        + " saw '" + redacted(text) + "'", command);
  }

  /**
   * Returns {@code text}, an argument that may be a URL, without anything between {@code //} and
   * its last {@code @}: a userinfo password may itself hold '@' or '/' when typed unencoded.
   */
  static String redacted(String text) {
    return text.replaceAll("//.*@", "//");
  }

  /** Returns {@code uri} without userinfo, for output. */
  static String display(URI uri) {
    if (uri.getRawUserInfo() == null) {
      return uri.toString();
    }
    return uri.toString().replace(uri.getRawUserInfo() + "@", "");
  }

  /** Returns the route of {@code uri}, or a configuration error when a source is malformed. */
  static Route route(ProxyDiscovery discovery, URI uri) throws ConfigException {
    try {
      return discovery.explain(uri);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage());
    }
  }
}
