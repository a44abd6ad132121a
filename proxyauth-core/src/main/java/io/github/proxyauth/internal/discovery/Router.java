package io.github.proxyauth.internal.discovery;

import io.github.proxyauth.ProxyAuthException;
import io.github.proxyauth.discovery.HttpsProxy;
import io.github.proxyauth.discovery.PacScript;
import io.github.proxyauth.discovery.Route;
import io.github.proxyauth.discovery.Route.Source;
import io.github.proxyauth.internal.pac.PacResult;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Decides routes: the first source that configures a proxy for the target's scheme decides,
 * including a decision to go direct because its exemption list matched. Order: explicit, system
 * properties, environment, PAC. Immutable; thread-safe.
 */
public final class Router {
  private final Optional<ProxyUrl> explicit;
  private final Optional<NoProxy> explicitNoProxy;
  private final Optional<SystemPropertySettings> properties;
  private final Optional<EnvironmentSettings> environment;
  private final Optional<PacScript> pac;
  private final boolean pacFailureGoesDirect;
  private final boolean tlsProxies;

  /**
   * Returns a router over the given sources; absent ones are skipped. {@code tlsProxies} makes
   * PAC {@code HTTPS} entries usable (the sources parse their own https URLs).
   */
  public Router(Optional<ProxyUrl> explicit, Optional<NoProxy> explicitNoProxy,
      Optional<SystemPropertySettings> properties, Optional<EnvironmentSettings> environment,
      Optional<PacScript> pac, boolean pacFailureGoesDirect, boolean tlsProxies) {
    this.tlsProxies = tlsProxies;
    this.explicit = explicit;
    this.explicitNoProxy = explicitNoProxy;
    this.properties = properties;
    this.environment = environment;
    this.pac = pac;
    this.pacFailureGoesDirect = pacFailureGoesDirect;
  }

  /**
   * Returns the route for {@code uri}, before fail-over reordering.
   *
   * @throws IllegalArgumentException when {@code uri} has no scheme or host, or a source read now
   *     is malformed
   */
  public Route route(URI uri) {
    Target t = Target.of(uri);
    if (t.kind().isEmpty()) {
      return new Route(t.uri(), List.of(Proxy.NO_PROXY), Source.NONE, t.display()
          + " goes DIRECT because proxy discovery covers only http, https, ws and wss URIs");
    }
    String kind = t.kind().get();
    return fromExplicit(t)
        .or(() -> properties.flatMap(p -> fromProperties(t, kind, p)))
        .or(() -> environment.flatMap(e -> fromEnvironment(t, kind, e)))
        .or(() -> pac.map(p -> fromPac(t, p)))
        .orElseGet(() -> none(t, kind));
  }

  private Optional<Route> fromExplicit(Target t) {
    return explicit.map(url -> {
      Optional<String> entry = explicitNoProxy.flatMap(n -> n.match(t.host(), t.port()));
      return entry.isPresent()
          ? direct(t, Source.EXPLICIT, "the explicit no-proxy entry '" + entry.get() + "' matches")
          : via(t, url, Source.EXPLICIT, "an explicit proxy is configured"
              + explicitNoProxy.map(n -> " and no explicit no-proxy entry matched").orElse(""));
    });
  }

  private static Optional<Route> fromProperties(Target t, String kind, SystemPropertySettings p) {
    return p.proxyFor(kind).map(url -> {
      String property = url.origin();
      NonProxyHosts exempt = p.nonProxyHosts();
      Optional<String> pattern = exempt.match(t.host());
      return pattern.isPresent()
          ? direct(t, Source.SYSTEM_PROPERTIES, "http.nonProxyHosts pattern '" + pattern.get()
              + "' matches (" + property + " is set)")
          : via(t, url, Source.SYSTEM_PROPERTIES, property + " is set and http.nonProxyHosts ('"
              + exempt + "') did not match");
    });
  }

  private static Optional<Route> fromEnvironment(Target t, String kind, EnvironmentSettings e) {
    String httpoxy = kind.equals("http") && e.ignoresUpperCaseHttpProxy()
        ? " (HTTP_PROXY is ignored, as curl does, because CGI requests can set it: httpoxy)" : "";
    return e.proxyFor(kind).map(url -> {
      Optional<NoProxy> noProxy = e.noProxy();
      Optional<String> entry = noProxy.flatMap(n -> n.match(t.host(), t.port()));
      if (entry.isPresent()) {
        return direct(t, Source.ENVIRONMENT, noProxy.get().origin() + " entry '" + entry.get()
            + "' matches (" + url.origin() + " is set)" + httpoxy);
      }
      String none = noProxy.map(n -> " and no " + n.origin() + " entry matched (" + n + ")")
          .orElse(" and NO_PROXY is not set");
      return via(t, url, Source.ENVIRONMENT, url.origin() + " is set" + none + httpoxy);
    });
  }

  private Route fromPac(Target t, PacScript script) {
    String before = "no explicit, system property or environment proxy applies and ";
    String result;
    PacResult parsed;
    try {
      result = script.findProxyForUrl(t.uri());
      parsed = PacResult.parse(result, tlsProxies);
    } catch (ProxyAuthException | IllegalArgumentException e) {
      return pacFailed(t, script, before, e.getMessage());
    }
    if (parsed.proxies().isEmpty()) {
      return pacFailed(t, script, before, "PAC script " + script.name() + " returned only unsupported"
          + " entries: '" + result + "'");
    }
    String skipped = parsed.skipped().isEmpty() ? ""
        : " (skipped unsupported: " + String.join(", ", parsed.skipped()) + ")";
    return new Route(t.uri(), parsed.proxies(), Source.PAC, t.display() + " goes "
        + describe(parsed.proxies()) + " because " + before + "PAC script " + script.name()
        + " returned '" + result + "'" + skipped);
  }

  private Route pacFailed(Target t, PacScript script, String before, String why) {
    String failure = before + "the PAC script failed: " + why;
    return pacFailureGoesDirect
        ? new Route(t.uri(), List.of(Proxy.NO_PROXY), Source.PAC, t.display()
            + " goes DIRECT because " + failure + " (PAC failures go direct, as in browsers)",
            Optional.of(why))
        : new Route(t.uri(), List.of(), Source.PAC, t.display() + " has no route because "
            + failure + " (PAC failures are configured to fail closed)", Optional.of(why));
  }

  private Route none(Target t, String kind) {
    String checked = "explicit proxy" + (properties.isPresent() ? ", system property " + kind + ".proxyHost" : "")
        + (environment.isPresent() ? ", environment " + EnvironmentSettings.consulted(kind) : "")
        + (pac.isPresent() ? "" : ", no PAC script");
    String httpoxy = kind.equals("http") && environment.map(EnvironmentSettings::ignoresUpperCaseHttpProxy).orElse(false)
        ? "; HTTP_PROXY is ignored, as curl does, because CGI requests can set it (httpoxy)" : "";
    return direct(t, Source.NONE, "no proxy is configured for " + kind + " (checked: " + checked + ")"
        + httpoxy);
  }

  private static Route direct(Target t, Source source, String because) {
    return new Route(t.uri(), List.of(Proxy.NO_PROXY), source, t.display() + " goes DIRECT because " + because);
  }

  private static Route via(Target t, ProxyUrl url, Source source, String because) {
    Proxy proxy = url.tls() ? HttpsProxy.of(url.host(), url.port())
        : new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(url.host(), url.port()));
    return new Route(t.uri(), List.of(proxy), source, t.display() + " goes via " + kind(proxy)
        + url.authority() + " because " + because);
  }

  /** Returns "via proxy a:1, then via https proxy b:443, then DIRECT" for a proxy list. */
  public static String describe(List<Proxy> proxies) {
    return proxies.stream()
        .map(p -> p.type() == Proxy.Type.DIRECT ? "DIRECT"
            : "via " + kind(p) + Failover.authority((InetSocketAddress) p.address()))
        .collect(Collectors.joining(", then "));
  }

  /** Returns "https proxy " for an {@link HttpsProxy}, else "proxy ". */
  static String kind(Proxy proxy) {
    return proxy instanceof HttpsProxy ? "https proxy " : "proxy ";
  }

  /** The target reduced to what routing needs; never userinfo, path or query. */
  record Target(URI uri, String display, String host, int port, Optional<String> kind) {
    static Target of(URI uri) {
      UriHost parts = UriHost.of(uri);
      Optional<String> kind = switch (parts.scheme()) {
        case "http", "ws" -> Optional.of("http");
        case "https", "wss" -> Optional.of("https");
        default -> Optional.empty();
      };
      return new Target(URI.create(parts.display()), parts.display(), parts.host(), parts.port(), kind);
    }
  }
}
