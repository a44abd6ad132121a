package io.github.proxyauth.preflight;

import io.github.proxyauth.AuthEvent;
import io.github.proxyauth.Diagnosis;
import io.github.proxyauth.ProxyAuthException;
import io.github.proxyauth.ProxyAuthenticator;
import io.github.proxyauth.internal.http.ProxyTlsSocket;
import io.github.proxyauth.internal.http.SocketHandshake;
import io.github.proxyauth.preflight.PreflightReport.Outcome;
import io.github.proxyauth.preflight.PreflightReport.Status;
import io.github.proxyauth.preflight.PreflightReport.Step;
import io.github.proxyauth.spi.AuthRequest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.jspecify.annotations.Nullable;

/**
 * The check of one proxy of a route: reach it, authenticate once, and turn what the engine
 * reported into steps whose timings do not overlap. Not thread-safe: one run per instance.
 */
final class ProxyCheck {
  /** What one proxy's check found. */
  record Result(String proxy, Outcome outcome, Optional<String> scheme, List<Step> steps) {}

  /** An engine event and when it arrived. */
  private record Timed(AuthEvent event, long nanos) {}

  private final ProxyAuthenticator authenticator;
  private final URI target;
  private final InetSocketAddress proxy;
  private final Optional<SSLContext> tls;
  private final String prefix;
  private final Duration timeout;
  private final List<Step> steps = new ArrayList<>();
  private final List<Timed> events = new CopyOnWriteArrayList<>();

  /** {@code tls} is present for an https proxy: TLS to it, trusting what the context trusts. */
  ProxyCheck(ProxyAuthenticator authenticator, URI target, InetSocketAddress proxy,
      Optional<SSLContext> tls, String prefix, Duration timeout) {
    this.authenticator = authenticator;
    this.target = target;
    this.proxy = proxy;
    this.tls = tls;
    this.prefix = prefix;
    this.timeout = timeout;
  }

  Result run() {
    return reach() ? authenticate() : result(Outcome.PROXY_UNREACHABLE, Optional.empty());
  }

  private boolean reach() {
    long start = System.nanoTime();
    String where = authority(proxy);
    try (Socket socket = new Socket()) {
      int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
      socket.connect(new InetSocketAddress(proxy.getHostString(), proxy.getPort()), millis);
      add("connect", Status.OK, start, "TCP connection to " + where + " established", null);
      socket.setSoTimeout(millis);
      return tls.isEmpty() || handshake(socket, where);
    } catch (UnknownHostException e) {
      add("connect", Status.FAIL, start, "cannot resolve proxy host " + proxy.getHostString()
          + " (" + where + ")", "check DNS: the proxy's name does not resolve on this machine"
          + " (resolver settings, a VPN's split DNS, a typo in the proxy name)");
    } catch (IOException e) {
      add("connect", Status.FAIL, start, "cannot reach proxy " + where + ": " + e.getMessage(),
          "check the proxy host and port, and that this machine may connect to it (firewall,"
          + " VPN)");
    }
    return false;
  }

  /** Adds the TLS step of an https proxy and returns whether the handshake succeeded. */
  private boolean handshake(Socket socket, String where) {
    long start = System.nanoTime();
    try {
      SSLSocket tlsSocket = ProxyTlsSocket.open(tls.orElseThrow(), socket,
          proxy.getHostString(), proxy.getPort());
      add("tls", Status.OK, start, tlsSocket.getSession().getProtocol() + " with the https proxy "
          + where + ", its certificate trusted for " + proxy.getHostString(), null);
      return true;
    } catch (IOException e) {
      add("tls", Status.FAIL, start, "TLS handshake with the https proxy " + where + " failed: "
          + e.getMessage(), "check that the proxy speaks TLS on this port, with a certificate"
          + " for " + proxy.getHostString() + " from a CA you trust (proxyauth --proxy-ca FILE;"
          + " Preflight.withProxyTls)");
      return false;
    }
  }

  private Result authenticate() {
    ProxyAuthenticator recording = authenticator.newBuilder().preemptive(false)
        .addListener(e -> events.add(new Timed(e, System.nanoTime()))).build();
    long start = System.nanoTime();
    try {
      SocketHandshake.Outcome outcome = SocketHandshake.run(recording, request(), timeout, tls);
      outcome.socket().close();
      return finished(outcome, start);
    } catch (ProxyAuthException e) {
      return failed(e, start);
    } catch (IOException e) {
      long from = challengeSteps(start);
      add("authenticate", Status.FAIL, from, "the proxy broke the exchange: " + e.getMessage(),
          "retry; if it persists, the proxy or a device in between is misbehaving");
      return result(Outcome.PROXY_UNREACHABLE, chosen());
    }
  }

  private AuthRequest request() {
    int port = target.getPort() != -1 ? target.getPort() : https() ? 443 : 80;
    return https()
        ? AuthRequest.connect(proxy.getHostString(), proxy.getPort(), target.getHost(), port)
        : AuthRequest.forward(proxy.getHostString(), proxy.getPort(), "GET", target);
  }

  private Result finished(SocketHandshake.Outcome outcome, long start) {
    long from = challengeSteps(start);
    int status = outcome.status().code();
    Optional<String> scheme = outcome.exchange().scheme();
    String detail = "proxy answered " + status + " " + outcome.status().reason() + " after "
        + outcome.requests() + " request(s) on " + outcome.connections() + " connection(s)"
        + scheme.map(s -> ", authenticated with " + s).orElse(", no authentication needed");
    boolean passed = https() ? status / 100 == 2 : status != 403 && status / 100 != 5;
    add("authenticate", Status.OK, from, detail, null);
    if (!passed) {
      add("tunnel", Status.FAIL, System.nanoTime(), "the proxy did not get through to "
          + target.getHost() + ": it answered " + status + " " + outcome.status().reason(),
          status == 403 ? "the proxy's access rules refuse this destination: ask its"
              + " administrators, or check the URL" : "the proxy cannot reach the origin:"
              + " check the URL's host and port, and that the proxy may reach them");
    }
    jvmCheck();
    return result(passed ? Outcome.OK : Outcome.TUNNEL_FAILED, scheme);
  }

  private boolean https() {
    return "https".equalsIgnoreCase(target.getScheme());
  }

  private Result failed(ProxyAuthException e, long start) {
    long from = challengeSteps(start);
    Optional<Diagnosis> d = e.diagnosis();
    add("authenticate", Status.FAIL, from, d.map(Diagnosis::detail).orElse(e.getMessage()),
        d.map(Diagnosis::fix).orElse("see the detail"));
    jvmCheck();
    Optional<String> scheme = d.flatMap(Diagnosis::chosen).or(this::chosen);
    return result(d.map(ProxyCheck::outcomeOf).orElse(Outcome.AUTHENTICATION_FAILED), scheme);
  }

  private static Outcome outcomeOf(Diagnosis d) {
    return switch (d.reason()) {
      case NO_USABLE_SCHEME, DOWNGRADE_REFUSED, MALFORMED_CHALLENGE -> Outcome.NO_USABLE_SCHEME;
      case PROXY_TIMEOUT -> Outcome.PROXY_UNREACHABLE;
      default -> Outcome.AUTHENTICATION_FAILED;
    };
  }

  /**
   * Turns the recorded events into the challenge and scheme steps; returns when the challenge
   * ended (the first 407 arrived), where the authenticate step starts.
   */
  private long challengeSteps(long start) {
    Optional<Timed> challenged = first(AuthEvent.Type.CHALLENGED);
    long end = challenged.map(Timed::nanos).orElse(start);
    steps.add(new Step(prefix + "challenge", Status.OK, Duration.ofNanos(end - start),
        challenged.map(t -> "proxy answered 407; " + t.event().detail())
            .orElse("proxy did not ask for authentication"), Optional.empty()));
    for (Timed timed : events) {
      schemeStep(timed.event());
    }
    return end;
  }

  private void schemeStep(AuthEvent e) {
    String scheme = e.scheme().orElse("unknown");
    switch (e.type()) {
      case SCHEME_UNAVAILABLE, DOWNGRADE_REFUSED -> instant("scheme." + scheme, Status.WARN,
          scheme + " skipped: " + e.detail(), null);
      case MALFORMED_CHALLENGE -> instant("malformed", Status.WARN, e.detail(), null);
      case SCHEME_SELECTED -> instant("scheme." + scheme, Status.OK, "chose " + scheme + ": "
          + e.detail(), null);
      case CLEARTEXT_CREDENTIALS -> {
        if (tls.isEmpty()) { // TLS to an https proxy protects Basic on the way there
          instant("cleartext", Status.WARN, e.detail(),
              "prefer a proxy that offers Negotiate, NTLM or Digest");
        }
      }
      default -> { }
    }
  }

  /** The JDK disables Basic for tunnels by default: say so when it matters to the user. */
  private void jvmCheck() {
    String disabled = System.getProperty("jdk.http.auth.tunneling.disabledSchemes", "Basic");
    boolean basicOnly = first(AuthEvent.Type.CHALLENGED)
        .map(t -> t.event().detail().equals("offered: basic")).orElse(false);
    if (basicOnly && disabled.toLowerCase(Locale.ROOT).contains("basic")) {
      instant("jvm", Status.WARN, "Basic is disabled for HTTPS tunnels in this JVM"
          + " (jdk.http.auth.tunneling.disabledSchemes=" + disabled + ")", "proxyauth's"
          + " adapters are not affected; HttpURLConnection and a bare java.net.http client are:"
          + " route them through proxyauth-jdkhttp");
    }
  }

  private Optional<String> chosen() {
    return first(AuthEvent.Type.SCHEME_SELECTED).flatMap(t -> t.event().scheme());
  }

  private Optional<Timed> first(AuthEvent.Type type) {
    return events.stream().filter(t -> t.event().type() == type).findFirst();
  }

  /** Adds a step that takes no time of its own (a decision, a warning); names stay unique. */
  private void instant(String name, Status status, String detail, @Nullable String fix) {
    String unique = prefix + name;
    for (int n = 2; names().contains(unique); n++) {
      unique = prefix + name + "." + n;
    }
    steps.add(new Step(unique, status, Duration.ZERO, detail, Optional.ofNullable(fix)));
  }

  private List<String> names() {
    return steps.stream().map(Step::name).toList();
  }

  private void add(String name, Status status, long startNanos, String detail,
      @Nullable String fix) {
    steps.add(step(prefix + name, status, startNanos, detail, fix));
  }

  private Result result(Outcome outcome, Optional<String> scheme) {
    return new Result(authority(proxy), outcome, scheme, steps);
  }

  static Step step(String name, Status status, long startNanos, String detail,
      @Nullable String fix) {
    return new Step(name, status, Duration.ofNanos(System.nanoTime() - startNanos), detail,
        Optional.ofNullable(fix));
  }

  static String authority(InetSocketAddress address) {
    String host = address.getHostString();
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
  }

  /**
   * Returns the report over every proxy's result: the first proxy that works decides (clients
   * fail over to it), and the others' failures become warnings; when none works, the first
   * proxy's outcome decides.
   */
  static PreflightReport combine(URI target, List<Step> routeSteps, List<Result> results) {
    Optional<Result> working = results.stream().filter(r -> r.outcome() == Outcome.OK)
        .findFirst();
    Result decisive = working.orElse(results.get(0));
    List<Step> steps = new ArrayList<>(routeSteps);
    for (Result r : results) {
      boolean demote = working.isPresent() && r != decisive;
      for (Step s : r.steps()) {
        steps.add(demote && s.status() == Status.FAIL ? new Step(s.name(), Status.WARN, s.took(),
            s.detail(), Optional.of(s.fix().orElse("") + " (clients fail over to "
            + decisive.proxy() + ", which works)")) : s);
      }
    }
    return new PreflightReport(target, steps, decisive.outcome(), decisive.scheme());
  }
}
