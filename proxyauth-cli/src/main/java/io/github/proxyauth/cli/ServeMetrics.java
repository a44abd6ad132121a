package io.github.proxyauth.cli;

import io.github.proxyauth.AuthEvent;
import io.github.proxyauth.AuthListener;
import io.github.proxyauth.Diagnosis;
import io.github.proxyauth.relay.AccessLogEntry;
import io.github.proxyauth.relay.LocalProxy;
import java.util.Locale;

/**
 * The {@code /metrics} counters of one {@code serve} process: requests from the access log
 * entries, engine steps from the {@link AuthListener} added to every engine (so the counts
 * survive a reload, which builds a new engine), gauges from {@link LocalProxy#stats()}. Labels
 * hold statuses, reasons, schemes and {@code host:port} of proxies; never a secret. Thread-safe.
 */
final class ServeMetrics implements AuthListener {
  private static final String P = "proxyauth_serve_";
  private final Prometheus.Counters requests = new Prometheus.Counters();
  private final Prometheus.Counters failures = new Prometheus.Counters();
  private final Prometheus.Counters bytes = new Prometheus.Counters();
  private final Prometheus.Counters challenges = new Prometheus.Counters();
  private final Prometheus.Counters handshakes = new Prometheus.Counters();
  private final Prometheus.Counters rejections = new Prometheus.Counters();
  private final Prometheus.Counters authFailures = new Prometheus.Counters();
  private final Prometheus.Counters loopsStopped = new Prometheus.Counters();
  private final Prometheus.Counters backoffs = new Prometheus.Counters();
  private final Prometheus.Counters reloads = new Prometheus.Counters();
  private final Prometheus.Histogram duration = new Prometheus.Histogram(
      0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60);

  ServeMetrics() {
    loopsStopped.add("", 0);
    for (String direction : new String[] {"to_client", "from_client"}) {
      bytes.add(Prometheus.labels("direction", direction), 0);
    }
  }

  /** Counts one finished request or tunnel. */
  void record(AccessLogEntry entry) {
    requests.increment(Prometheus.labels("status", Integer.toString(entry.status())));
    entry.failure().ifPresent(f -> failures.increment(Prometheus.labels("reason", f)));
    bytes.add(Prometheus.labels("direction", "to_client"), entry.bytesToClient());
    bytes.add(Prometheus.labels("direction", "from_client"), entry.bytesFromClient());
    duration.observe(Prometheus.labels("kind", entry.method().equals("CONNECT") ? "tunnel"
        : "request"), entry.millis() / 1000.0);
  }

  /** Counts one reload ({@code ok} or {@code failed}). */
  void reloaded(boolean ok) {
    reloads.increment(Prometheus.labels("result", ok ? "ok" : "failed"));
  }

  @Override
  public void onEvent(AuthEvent event) {
    String proxy = Prometheus.labels("proxy", event.proxy());
    String scheme = Prometheus.labels("proxy", event.proxy(), "scheme",
        event.scheme().orElse("none"));
    switch (event.type()) {
      case CHALLENGED -> challenges.increment(proxy);
      case SUCCEEDED -> handshakes.increment(scheme);
      case REJECTED -> rejections.increment(scheme);
      case BACKED_OFF -> backoffs.increment(scheme);
      case GAVE_UP -> gaveUp(event);
      default -> { }
    }
  }

  private void gaveUp(AuthEvent event) {
    Diagnosis.Reason reason = event.reason().orElse(Diagnosis.Reason.PROTOCOL_ERROR);
    authFailures.increment(Prometheus.labels("reason", reason.name().toLowerCase(Locale.ROOT)));
    if (reason == Diagnosis.Reason.TOO_MANY_ATTEMPTS) {
      loopsStopped.increment("");
    }
  }

  /** Returns the exposition text, with the gauges of {@code stats}. */
  String text(LocalProxy.Stats stats) {
    Prometheus out = new Prometheus()
        .counter(P + "requests_total", "Requests and tunnels answered, by status", requests)
        .counter(P + "request_failures_total", "Requests that failed, by reason", failures)
        .counter(P + "bytes_total", "Bytes relayed, by direction", bytes)
        .counter(P + "proxy_challenges_total", "407 answers from upstream proxies", challenges)
        .counter(P + "handshakes_total", "Authentications the upstream proxy accepted",
            handshakes)
        .counter(P + "rejections_total", "Credentials the upstream proxy rejected", rejections)
        .counter(P + "auth_failures_total", "Exchanges the engine gave up, by reason",
            authFailures)
        .counter(P + "loops_stopped_total", "Exchanges stopped by the attempt cap (a 407 loop)",
            loopsStopped)
        .counter(P + "backoffs_total", "Lockout pauses after repeated rejections", backoffs)
        .counter(P + "reloads_total", "Configuration reloads, by result", reloads);
    out.family(P + "open_connections", "gauge", "Client connections open now")
        .sample(P + "open_connections", "", stats.connectionsOpen());
    out.family(P + "refused_connections_total", "counter",
        "Client connections closed at accept (address not allowed)")
        .sample(P + "refused_connections_total", "", stats.refusedConnections());
    out.family(P + "threads", "gauge", "Relay threads running now")
        .sample(P + "threads", "", stats.threads());
    out.family(P + "upstream_pool_connections", "gauge",
        "Authenticated upstream connections idle in the pool")
        .sample(P + "upstream_pool_connections", "", stats.pooledUpstreamConnections());
    duration.write(out, P + "request_duration_seconds",
        "Time from request to the end of the answer (tunnels: their lifetime), by kind");
    return out.text();
  }
}
