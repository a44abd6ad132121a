package io.github.proxyauth.preflight;

import io.github.proxyauth.ProxyAuthenticator;
import io.github.proxyauth.discovery.HttpsProxy;
import io.github.proxyauth.discovery.ProxyDiscovery;
import io.github.proxyauth.discovery.Route;
import io.github.proxyauth.preflight.PreflightReport.Outcome;
import io.github.proxyauth.preflight.PreflightReport.Status;
import io.github.proxyauth.preflight.PreflightReport.Step;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.URI;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import javax.net.ssl.SSLContext;

/**
 * A start-up self-test of the route to one URL: which proxy it goes through and why, whether the
 * proxy is reachable, what it asks for, which scheme the credentials at hand can answer with, and
 * one authenticated request. Fails fast with text a person can act on.
 *
 * <pre>{@code
 * PreflightReport report = Preflight.of(authenticator, selector).check(URI.create("https://api.example.com"));
 * if (!report.ok()) throw new IllegalStateException(report.toString());
 * }</pre>
 *
 * <p>The check authenticates once with every proxy of the route's fail-over list (a CONNECT for
 * https, a {@code GET} probe for http); it never reaches the origin beyond the proxy's tunnel.
 * The route works when one of them works; the others' failures are then warnings. A route that
 * no configuration decided ({@link Route.Source#NONE}) and a PAC script that failed are
 * failures, not a pass. Immutable and thread-safe.
 */
public final class Preflight {
  private final ProxyAuthenticator authenticator;
  private final ProxySelector selector;
  private final Function<URI, Optional<Route>> explainer;
  private final Duration timeout;
  private final Optional<SSLContext> proxyTls;

  private Preflight(ProxyAuthenticator authenticator, ProxySelector selector,
      Function<URI, Optional<Route>> explainer, Duration timeout, Optional<SSLContext> proxyTls) {
    this.authenticator = authenticator;
    this.selector = selector;
    this.explainer = explainer;
    this.timeout = timeout;
    this.proxyTls = proxyTls;
  }

  /**
   * Returns a preflight that routes with {@code selector}. A {@link ProxyDiscovery} selector also
   * explains why it chose the proxy.
   */
  public static Preflight of(ProxyAuthenticator authenticator, ProxySelector selector) {
    Objects.requireNonNull(authenticator, "authenticator");
    Objects.requireNonNull(selector, "selector");
    Function<URI, Optional<Route>> explainer = selector instanceof ProxyDiscovery discovery
        ? uri -> Optional.of(discovery.explain(uri))
        : uri -> Optional.empty();
    return new Preflight(authenticator, selector, explainer, Duration.ofSeconds(10),
        Optional.empty());
  }

  /** Returns a copy that bounds each network step by {@code timeout} (default 10 seconds). */
  public Preflight withTimeout(Duration timeout) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
    return new Preflight(authenticator, selector, explainer, timeout, proxyTls);
  }

  /**
   * Returns a copy that speaks TLS to https proxies ({@link HttpsProxy}, from a discovery with
   * {@code tlsProxies(true)}) trusting what {@code context} trusts; by default the JDK's default
   * context. The report then has a {@code tls} step after {@code connect}, and the handshake
   * runs inside TLS, as {@code ProxyRelay} would speak to the proxy.
   */
  public Preflight withProxyTls(SSLContext context) {
    return new Preflight(authenticator, selector, explainer, timeout,
        Optional.of(Objects.requireNonNull(context, "context")));
  }

  /** Returns the report for {@code target}, an absolute http or https URL. Never throws for network failures. */
  public PreflightReport check(URI target) {
    if (!target.isAbsolute() || target.getHost() == null) {
      throw new IllegalArgumentException("expected an absolute http(s) URL but got " + target);
    }
    List<Step> steps = new ArrayList<>();
    Routed routed = route(target, steps, System.nanoTime());
    if (routed.proxies().isEmpty()) {
      return new PreflightReport(target, steps, routed.outcome(), Optional.empty());
    }
    List<ProxyCheck.Result> results = new ArrayList<>();
    for (int i = 0; i < routed.proxies().size(); i++) {
      String prefix = routed.proxies().size() == 1 ? "" : "proxy" + (i + 1) + ".";
      Proxy proxy = routed.proxies().get(i);
      results.add(new ProxyCheck(authenticator, target, (InetSocketAddress) proxy.address(),
          tls(proxy), prefix,
          timeout).run());
    }
    return ProxyCheck.combine(target, steps, results);
  }

  /** The route step's verdict: the proxies to check, or the outcome when there are none. */
  private record Routed(Outcome outcome, List<Proxy> proxies) {}

  /** Returns the TLS context for an https proxy, empty for a plain one. */
  private Optional<SSLContext> tls(Proxy proxy) {
    if (!(proxy instanceof HttpsProxy)) {
      return Optional.empty();
    }
    try {
      return Optional.of(proxyTls.isPresent() ? proxyTls.get() : SSLContext.getDefault());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no default TLS context: " + e, e);
    }
  }

  /** Adds the route step and returns its verdict. */
  private Routed route(URI target, List<Step> steps, long start) {
    List<Proxy> proxies;
    Optional<Route> route;
    try {
      route = explainer.apply(target);
      proxies = route.isPresent() ? route.get().proxies() : selector.select(target);
    } catch (RuntimeException e) {
      steps.add(ProxyCheck.step("route", Status.FAIL, start, "proxy selection failed: "
          + e.getMessage(), "check the proxy configuration (environment, system properties,"
          + " PAC)"));
      return new Routed(Outcome.CONFIGURATION_ERROR, List.of());
    }
    String why = route.map(Route::explanation)
        .orElse("chosen by " + selector.getClass().getName());
    List<Proxy> http = proxies.stream().filter(p -> p.type() == Proxy.Type.HTTP
        && p.address() instanceof InetSocketAddress).toList();
    if (route.map(Route::failed).orElse(false)) {
      steps.add(ProxyCheck.step("route", Status.FAIL, start, why, "fix the PAC script or the"
          + " place it is loaded from; until then clients follow the PAC failure policy"
          + " (DIRECT by default)"));
      return new Routed(Outcome.CONFIGURATION_ERROR, List.of());
    }
    if (http.isEmpty() && route.map(r -> r.source() == Route.Source.NONE).orElse(false)) {
      steps.add(ProxyCheck.step("route", Status.FAIL, start, why, "configure the proxy:"
          + " https_proxy/http_proxy, the https.proxyHost/http.proxyHost properties, or a PAC"
          + " script"));
      return new Routed(Outcome.NO_PROXY_CONFIGURED, List.of());
    }
    steps.add(ProxyCheck.step("route", Status.OK, start, (http.isEmpty()
        ? "DIRECT, no proxy to check" : "via " + String.join(", then ",
        http.stream().map(p -> (p instanceof HttpsProxy ? "https://" : "")
            + ProxyCheck.authority((InetSocketAddress) p.address())).toList())) + " (" + why
        + ")", null));
    return new Routed(Outcome.OK, http);
  }
}
