package io.github.proxyauth.preflight;

import io.github.proxyauth.AuthEvent;
import io.github.proxyauth.Diagnosis;
import io.github.proxyauth.ProxyAuthException;
import io.github.proxyauth.ProxyAuthenticator;
import io.github.proxyauth.discovery.ProxyDiscovery;
import io.github.proxyauth.internal.http.SocketHandshake;
import io.github.proxyauth.preflight.PreflightReport.Outcome;
import io.github.proxyauth.preflight.PreflightReport.Status;
import io.github.proxyauth.preflight.PreflightReport.Step;
import io.github.proxyauth.spi.AuthRequest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

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
 * <p>The check authenticates once (a CONNECT for https, a {@code GET} probe for http); it never
 * reaches the origin beyond the proxy's tunnel. Immutable and thread-safe.
 */
public final class Preflight {
  private final ProxyAuthenticator authenticator;
  private final ProxySelector selector;
  private final Function<URI, Optional<String>> explainer;
  private final Duration timeout;

  private Preflight(ProxyAuthenticator authenticator, ProxySelector selector,
      Function<URI, Optional<String>> explainer, Duration timeout) {
    this.authenticator = authenticator;
    this.selector = selector;
    this.explainer = explainer;
    this.timeout = timeout;
  }

  /**
   * Returns a preflight that routes with {@code selector}. A {@link ProxyDiscovery} selector also
   * explains why it chose the proxy.
   */
  public static Preflight of(ProxyAuthenticator authenticator, ProxySelector selector) {
    Objects.requireNonNull(authenticator, "authenticator");
    Objects.requireNonNull(selector, "selector");
    Function<URI, Optional<String>> explainer = selector instanceof ProxyDiscovery discovery
        ? uri -> Optional.of(discovery.explain(uri).explanation())
        : uri -> Optional.empty();
    return new Preflight(authenticator, selector, explainer, Duration.ofSeconds(10));
  }

  /** Returns a copy that bounds each network step by {@code timeout} (default 10 seconds). */
  public Preflight withTimeout(Duration timeout) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
    return new Preflight(authenticator, selector, explainer, timeout);
  }

  /** Returns the report for {@code target}, an absolute http or https URL. Never throws for network failures. */
  public PreflightReport check(URI target) {
    if (!target.isAbsolute() || target.getHost() == null) {
      throw new IllegalArgumentException("expected an absolute http(s) URL but got " + target);
    }
    return new Run(target).execute();
  }

  /** One check: collects steps as it goes. */
  private final class Run {
    final URI target;
    final List<Step> steps = new ArrayList<>();
    final List<AuthEvent> events = new ArrayList<>();

    Run(URI target) {
      this.target = target;
    }

    PreflightReport execute() {
      Optional<InetSocketAddress> proxy = route();
      if (proxy.isEmpty()) {
        return report(steps.get(0).status() == Status.FAIL ? Outcome.CONFIGURATION_ERROR
            : Outcome.OK, Optional.empty());
      }
      if (!reach(proxy.get())) {
        return report(Outcome.PROXY_UNREACHABLE, Optional.empty());
      }
      return authenticate(proxy.get());
    }

    Optional<InetSocketAddress> route() {
      long start = System.nanoTime();
      List<Proxy> proxies;
      try {
        proxies = selector.select(target);
      } catch (RuntimeException e) {
        add("route", Status.FAIL, start, "proxy selection failed: " + e.getMessage(),
            "check the proxy configuration (environment, system properties, PAC)");
        return Optional.empty();
      }
      String why = explainer.apply(target).orElse("chosen by " + selector.getClass().getName());
      Optional<InetSocketAddress> http = proxies.stream().filter(p -> p.type() == Proxy.Type.HTTP)
          .map(p -> (InetSocketAddress) p.address()).findFirst();
      add("route", Status.OK, start, http.map(a -> "via proxy " + a.getHostString() + ":"
          + a.getPort()).orElse("DIRECT, no proxy to check") + " (" + why + ")", null);
      return http;
    }

    boolean reach(InetSocketAddress proxy) {
      long start = System.nanoTime();
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(proxy.getHostString(), proxy.getPort()),
            (int) timeout.toMillis());
        add("connect", Status.OK, start, "TCP connection to " + proxy.getHostString() + ":"
            + proxy.getPort() + " established", null);
        return true;
      } catch (IOException e) {
        add("connect", Status.FAIL, start, "cannot reach proxy " + proxy.getHostString() + ":"
            + proxy.getPort() + ": " + e.getMessage(), "check the proxy host and port, and that"
            + " this machine may connect to it (firewall, VPN)");
        return false;
      }
    }

    PreflightReport authenticate(InetSocketAddress proxy) {
      ProxyAuthenticator recording = authenticator.newBuilder().preemptive(false)
          .addListener(events::add).build();
      AuthRequest request = request(proxy);
      long start = System.nanoTime();
      try {
        SocketHandshake.Outcome outcome = SocketHandshake.run(recording, request, timeout);
        outcome.socket().close();
        return finished(outcome, start);
      } catch (ProxyAuthException e) {
        return failed(e, start);
      } catch (IOException e) {
        add("authenticate", Status.FAIL, start, "the proxy broke the exchange: " + e.getMessage(),
            "retry; if it persists, the proxy or a device in between is misbehaving");
        return report(Outcome.PROXY_UNREACHABLE, Optional.empty());
      }
    }

    AuthRequest request(InetSocketAddress proxy) {
      int port = target.getPort() != -1 ? target.getPort() : https() ? 443 : 80;
      return https()
          ? AuthRequest.connect(proxy.getHostString(), proxy.getPort(), target.getHost(), port)
          : AuthRequest.forward(proxy.getHostString(), proxy.getPort(), "GET", target);
    }

    PreflightReport finished(SocketHandshake.Outcome outcome, long start) {
      challengeSteps(start);
      int status = outcome.status().code();
      Optional<String> scheme = outcome.exchange().scheme();
      // Through a tunnel only 2xx means success; a forwarded probe passed if the origin answered.
      boolean passed = status / 100 == 2 || !https();
      String detail = "proxy answered " + status + " " + outcome.status().reason() + " after "
          + outcome.requests() + " request(s) on " + outcome.connections() + " connection(s)"
          + scheme.map(s -> ", authenticated with " + s).orElse(", no authentication needed");
      add("authenticate", passed ? Status.OK : Status.FAIL, start, detail, passed ? null
          : "the proxy refused the tunnel after authentication: check its access rules");
      jvmCheck();
      return report(passed ? Outcome.OK : Outcome.AUTHENTICATION_FAILED, scheme);
    }

    boolean https() {
      return "https".equalsIgnoreCase(target.getScheme());
    }

    PreflightReport failed(ProxyAuthException e, long start) {
      challengeSteps(start);
      Diagnosis d = e.diagnosis().orElse(null);
      String fix = d != null ? d.fix() : "see the detail";
      add("authenticate", Status.FAIL, start, d != null ? d.detail() : e.getMessage(), fix);
      jvmCheck();
      return report(outcomeOf(d), Optional.empty());
    }

    Outcome outcomeOf(Diagnosis d) {
      if (d == null) {
        return Outcome.AUTHENTICATION_FAILED;
      }
      return switch (d.reason()) {
        case NO_USABLE_SCHEME, DOWNGRADE_REFUSED, MALFORMED_CHALLENGE -> Outcome.NO_USABLE_SCHEME;
        case PROXY_TIMEOUT -> Outcome.PROXY_UNREACHABLE;
        default -> Outcome.AUTHENTICATION_FAILED;
      };
    }

    /** Turns the recorded events into the challenge and scheme steps. */
    void challengeSteps(long start) {
      Optional<AuthEvent> challenged = first(AuthEvent.Type.CHALLENGED);
      add("challenge", Status.OK, start, challenged.map(e -> "proxy answered 407; "
          + e.detail()).orElse("proxy did not ask for authentication"), null);
      for (AuthEvent e : events) {
        switch (e.type()) {
          case SCHEME_UNAVAILABLE, DOWNGRADE_REFUSED, MALFORMED_CHALLENGE -> add("scheme",
              Status.WARN, start, e.scheme().orElse("?") + " skipped: " + e.detail(), null);
          case SCHEME_SELECTED -> add("scheme", Status.OK, start, "chose "
              + e.scheme().orElse("?") + ": " + e.detail(), null);
          case CLEARTEXT_CREDENTIALS -> add("scheme", Status.WARN, start, e.detail(),
              "prefer a proxy that offers Negotiate, NTLM or Digest");
          default -> { }
        }
      }
    }

    /** The JDK disables Basic for tunnels by default: say so when it matters to the user. */
    void jvmCheck() {
      String disabled = System.getProperty("jdk.http.auth.tunneling.disabledSchemes", "Basic");
      boolean basicOnly = first(AuthEvent.Type.CHALLENGED).map(e -> e.detail().equals(
          "offered: basic")).orElse(false);
      if (basicOnly && disabled.toLowerCase(java.util.Locale.ROOT).contains("basic")) {
        add("jvm", Status.WARN, System.nanoTime(), "Basic is disabled for HTTPS tunnels in this"
            + " JVM (jdk.http.auth.tunneling.disabledSchemes=" + disabled + ")", "proxyauth's"
            + " adapters are not affected; HttpURLConnection and a bare java.net.http client are:"
            + " route them through proxyauth-jdkhttp");
      }
    }

    Optional<AuthEvent> first(AuthEvent.Type type) {
      return events.stream().filter(e -> e.type() == type).findFirst();
    }

    void add(String name, Status status, long startNanos, String detail, String fix) {
      steps.add(new Step(name, status, Duration.ofNanos(System.nanoTime() - startNanos), detail,
          Optional.ofNullable(fix)));
    }

    PreflightReport report(Outcome outcome, Optional<String> scheme) {
      return new PreflightReport(target, steps, outcome, scheme);
    }
  }
}
